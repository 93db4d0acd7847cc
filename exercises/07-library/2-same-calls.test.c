/* 2-same-calls.test.c — your GreetingHandler, proven against Python's.
 *
 * The C side: one client served on a TCPServer with your handler, as
 * 2-same-calls.py does on CPython's module, with SS_TRACE=1 and this
 * process's stderr (where trace lines go) sent to a file for the while.
 * First what the client heard: "welcome", its line in upper case, "bye".
 * Then the calls: the Python side is run with python3, and
 * `tools/trace compare` must find the two call sequences equal, call for
 * call — with no documented difference: on a TCPServer there is none. The
 * calls are checked even when the client heard everything: a handler can
 * answer right and still not be Python's (the hint says how).
 *
 * Without a python3 the comparison cannot run, and that part is skipped
 * with a message saying so. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "2-same-calls.h"
#include "support.h"

#define PYTHON_SIDE "exercises/07-library/2-same-calls.py"
#define COMPARE_TOOL "tools/trace compare"

static char work[256];

/* ---- the C side of the scenario ------------------------------------------ */

struct client {
	const char *address;
	char heard[256]; /* everything the server sent, until it closed */
	size_t size;
	int error;       /* 0, or what went wrong, as an errno-like code */
};

/* Say one line, then listen until the server closes (each wait bounded). */
static void *
talk(void *argument)
{
	struct client *client = argument;
	int fd = support_connect(client->address);

	if (fd == -1 || support_send_all(fd, "hi\n", 3) == -1) {
		client->error = 1;
	} else {
		while (client->size < sizeof client->heard - 1) {
			if (support_wait_readable(fd, SUPPORT_WAIT_MS) != 1) {
				client->error = 2; /* silence: the server neither spoke nor closed */
				break;
			}
			ssize_t got = read(fd, client->heard + client->size,
			                   sizeof client->heard - 1 - client->size);
			if (got <= 0)
				break; /* closed (or reset): the conversation is over */
			client->size += (size_t)got;
		}
	}
	client->heard[client->size] = '\0';
	if (fd != -1)
		close(fd);
	return NULL;
}

/* The scenario of 2-same-calls.py's main(), with the trace in trace_path. */
static void
run_c_side(const char *trace_path, struct client *client)
{
	int saved_stderr = dup(STDERR_FILENO);
	int trace = open(trace_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	pthread_t talking;

	assert_true(saved_stderr >= 0 && trace >= 0);
	fflush(stderr);
	dup2(trace, STDERR_FILENO); /* SS_TRACE=1 writes each call to fd 2 */
	close(trace);

	ss_server *server = ss_server_new(&ss_tcp_server, "127.0.0.1:0", &greeting_handler, NULL);
	if (server != NULL) {
		client->address = server->server_address;
		if (pthread_create(&talking, NULL, talk, client) == 0) {
			ss_handle_request(server);
			pthread_join(talking, NULL);
		}
		ss_server_free(server); /* server_close, as the Python side's */
	}

	fflush(stderr);
	dup2(saved_stderr, STDERR_FILENO);
	close(saved_stderr);
	if (server == NULL)
		fail_msg("cannot make a TCPServer on 127.0.0.1:0: %s", ss_error());
}

/* text with its newlines written \n, for a message on one line (static). */
static const char *
escaped(const char *text)
{
	static char shown[600];
	size_t n = 0;

	for (; *text != '\0' && n + 3 < sizeof shown; text++) {
		if (*text == '\n') {
			shown[n++] = '\\';
			shown[n++] = 'n';
		} else {
			shown[n++] = *text;
		}
	}
	shown[n] = '\0';
	return shown;
}

/* ---- the comparison ---------------------------------------------------- */

static int
shell(const char *command)
{
	fflush(NULL);
	return system(command);
}

/* Say each difference the compare tool marked, in words, then the whole
 * report side by side; returns how many it marked. The words come first:
 * make exercises shows the first lines of a failure. */
static int
explain_differences(const char *report_path)
{
	FILE *report = fopen(report_path, "r");
	char line[1024];
	int differences = 0;

	print_message("your GreetingHandler does not make Python's calls. Each method starts "
	              "with SS_TRACE(\"GreetingHandler\", \"method\") and calls its base where "
	              "Python calls super():\n");
	if (report == NULL)
		return 0;
	while (fgets(line, sizeof line, report) != NULL) {
		char *notes = strstr(line, "<- undocumented: ");
		if (notes == NULL)
			continue;
		notes += strlen("<- undocumented: ");
		for (char *note = strtok(notes, ", \n"); note != NULL; note = strtok(NULL, ", \n")) {
			differences++;
			if (note[0] == '+')
				print_message("  your C calls %s where Python does not\n", note + 1);
			else
				print_message("  Python calls %s where your C does not\n", note + 1);
		}
	}
	rewind(report);
	print_message("the two call sequences side by side (C left, Python right; ! marks a "
	              "difference):\n");
	while (fgets(line, sizeof line, report) != NULL)
		print_message("  %s", line);
	fclose(report);
	return differences;
}

static void
greets_answers_and_says_bye_with_pythons_calls(void **state)
{
	(void)state;
	char c_trace[512], python_trace[512], report[512], command[2048];
	struct client client = {0};

	snprintf(c_trace, sizeof c_trace, "%s/c.trace", work);
	snprintf(python_trace, sizeof python_trace, "%s/python.trace", work);
	snprintf(report, sizeof report, "%s/report", work);

	run_c_side(c_trace, &client);
	if (client.error == 1)
		fail_msg("the client could not connect and send \"hi\"");
	if (client.error == 2)
		fail_msg("the client sent \"hi\\n\" and then waited %d s with the connection still "
		         "open, having heard \"%s\": does a method of yours wait for something?",
		         SUPPORT_WAIT_MS / 1000, escaped(client.heard));
	if (strcmp(client.heard, "welcome\nHI\nbye\n") != 0) {
		const char *why = strncmp(client.heard, "welcome\n", 8) != 0 ? "no \"welcome\" first: setup greets"
		                  : strstr(client.heard, "bye\n") == NULL    ? "no \"bye\" at the end: finish says it, while wfile is open"
		                                                             : "not those three lines";
		fail_msg("the client sent \"hi\\n\" and heard \"%s\", not \"welcome\\nHI\\nbye\\n\" — %s",
		         escaped(client.heard), why);
	}

	if (shell("python3 -c 'import socketserver' 2>/dev/null") != 0) {
		print_message("no python3 with socketserver here: the calls cannot be compared with "
		              "Python's\n");
		skip();
	}
	snprintf(command, sizeof command, "python3 %s 2>%s", PYTHON_SIDE, python_trace);
	if (shell(command) != 0)
		fail_msg("the Python side (%s) failed: run it from the repository's top directory "
		         "to see why", PYTHON_SIDE);
	snprintf(command, sizeof command, "%s --scenario 2-same-calls %s %s >%s 2>&1",
	         COMPARE_TOOL, c_trace, python_trace, report);
	if (shell(command) != 0) {
		int differences = explain_differences(report);
		fail_msg("%d difference(s) from Python's calls: the comparison above shows where",
		         differences);
	}
}

static int
setup(void **state)
{
	(void)state;
	snprintf(work, sizeof work, "%s", support_temp_dir());
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	support_remove_temp_dir(work);
	return 0;
}

int
main(void)
{
	/* Before the first trace point asks: tracing is read once per process. */
	setenv("SS_TRACE", "1", 1);
	support_watchdog(60); /* a safety net only: every wait above has its own limit */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(greets_answers_and_says_bye_with_pythons_calls),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
