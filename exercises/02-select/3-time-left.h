/* 3-time-left.h — exercise 3 of chapter 2: EINTR, and the time that is left. */
#ifndef EXERCISE_3_TIME_LEFT_H
#define EXERCISE_3_TIME_LEFT_H

/* Wait with poll(2) until fd is readable, or until timeout seconds have
 * passed (negative: no limit). A signal interrupts poll with EINTR: then
 * wait again — for the time that is left, measured on CLOCK_MONOTONIC: not
 * the whole timeout again, and never returning before the time is up.
 * Returns 1 (readable), 0 (time-out), or -1 with errno for other errors. */
int exercise_wait_readable(int fd, double timeout);

#endif
