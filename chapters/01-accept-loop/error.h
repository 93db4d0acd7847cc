/* error.h — the readable half of an error.
 *
 * Every function of the library reports failure the POSIX way: it returns -1
 * (or NULL) and sets errno. errno alone says "Address already in use" but not
 * which address; so the failing function also leaves a message that names what
 * it was doing, e.g. "cannot bind 127.0.0.1:8080: Address already in use".
 * Like dlerror(), the message is per thread and is replaced by the next error.
 */
#ifndef SS_ERROR_H
#define SS_ERROR_H

/* The message of the last error reported in this thread ("" if none). */
const char *ss_error(void);

/* Record a message (printf-style) for this thread. errno is left unchanged,
 * so a caller can write: ss_set_error("cannot bind %s: %s", a, strerror(errno)). */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
void ss_set_error(const char *format, ...);

#endif
