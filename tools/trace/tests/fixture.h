/*
 * Test helpers, header only (every tests/test_*.c is its own binary):
 * text assertions, a trace log read from a string, scratch directories
 * (mkdtemp) for the command-line tests, and a diagram fixture.
 */
#ifndef TRACE_TESTS_FIXTURE_H
#define TRACE_TESTS_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "trace_log.h"

static inline void
assert_contains(const char *haystack, const char *needle)
{
	if (strstr(haystack, needle) == NULL)
		fail_msg("expected \"%s\" in:\n%s", needle, haystack);
}

static inline void
assert_lacks(const char *haystack, const char *needle)
{
	if (strstr(haystack, needle) != NULL)
		fail_msg("did not expect \"%s\" in:\n%s", needle, haystack);
}

/* Adds the trace lines of text, as if read from the file source. */
static inline void
read_trace_text(struct arena *arena, struct trace_log *log, const char *text, const char *source)
{
	FILE *input = fmemopen((void *)text, strlen(text), "r");
	assert_non_null(input);
	trace_log_read(arena, log, input, source);
	fclose(input);
}

/* A diagram as tools/diagram writes it: ThreadingTCPServer serving an EchoHandler. */
static const char threading_dot[] =
	"digraph \"threading\" {\n"
	"  graph [label=\"Threading\", labelloc=t, fontname=\"Helvetica\", rankdir=TB];\n"
	"  node [fontname=\"Helvetica\", fontsize=11];\n"
	"  edge [fontname=\"Helvetica\", fontsize=10];\n"
	"  \"BaseServer.serve_forever\" [shape=box, label=\"BaseServer\\nserve_forever\"];\n"
	"  \"BaseServer._handle_request_noblock\" [shape=box, label=\"BaseServer\\n_handle_request_noblock\"];\n"
	"  \"TCPServer.get_request\" [shape=box, label=\"TCPServer\\nget_request\"];\n"
	"  \"accept\" [shape=plaintext, fontcolor=gray30];\n"
	"  \"ThreadingMixIn.process_request\" [shape=box, label=\"ThreadingMixIn\\nprocess_request\"];\n"
	"  \"ThreadingMixIn.process_request_thread\" [shape=box, label=\"ThreadingMixIn\\nprocess_request_thread\"];\n"
	"  \"BaseServer.finish_request\" [shape=box, label=\"BaseServer\\nfinish_request\"];\n"
	"  \"new_handler\" [shape=box, style=rounded];\n"
	"  \"EchoHandler.handle\" [shape=box, label=\"EchoHandler\\nhandle\"];\n"
	"  \"BaseServer.serve_forever\" -> \"BaseServer._handle_request_noblock\" [label=\"if ready\"];\n"
	"  \"BaseServer._handle_request_noblock\" -> \"TCPServer.get_request\";\n"
	"  \"TCPServer.get_request\" -> \"accept\";\n"
	"  \"BaseServer._handle_request_noblock\" -> \"ThreadingMixIn.process_request\";\n"
	"  \"ThreadingMixIn.process_request\" -> \"ThreadingMixIn.process_request_thread\" "
	"[style=dashed, label=\"new thread\"];\n"
	"  \"ThreadingMixIn.process_request_thread\" -> \"BaseServer.finish_request\";\n"
	"  \"BaseServer.finish_request\" -> \"new_handler\";\n"
	"  \"new_handler\" -> \"EchoHandler.handle\";\n"
	"}\n";

/* What a ThreadingTCPServer prints serving two clients, with its other output;
 * the library indents each method by its depth. */
static const char threading_trace[] =
	"listening on 127.0.0.1:40000\n"
	"ss-trace pid=100 tid=1 depth=0 BaseServer.serve_forever\n"
	"ss-trace pid=100 tid=1 depth=1   BaseServer._handle_request_noblock\n"
	"ss-trace pid=100 tid=1 depth=2     TCPServer.get_request\n"
	"client 127.0.0.1:5555 connected\n"
	"ss-trace pid=100 tid=1 depth=2     ThreadingMixIn.process_request\n"
	"ss-trace pid=100 tid=2 depth=0 ThreadingMixIn.process_request_thread\n"
	"ss-trace pid=100 tid=1 depth=1   BaseServer._handle_request_noblock\n"
	"ss-trace pid=100 tid=2 depth=1   BaseServer.finish_request\n"
	"ss-trace pid=100 tid=1 depth=2     TCPServer.get_request\n"
	"ss-trace pid=100 tid=2 depth=2     EchoHandler.handle\n"
	"ss-trace pid=100 tid=1 depth=2     ThreadingMixIn.process_request\n"
	"ss-trace pid=100 tid=3 depth=0 ThreadingMixIn.process_request_thread\n";

/* text without the first line that contains needle (free it). */
static inline char *
without_line(const char *text, const char *needle)
{
	const char *found = strstr(text, needle);
	assert_non_null(found);
	const char *start = found, *end = strchr(found, '\n') + 1;
	while (start > text && start[-1] != '\n')
		start--;
	size_t length = strlen(text) - (size_t)(end - start);
	char *result = malloc(length + 1);
	assert_non_null(result);
	memcpy(result, text, (size_t)(start - text));
	strcpy(result + (start - text), end);
	return result;
}

/* --- scratch directories --- */

static inline char *
scratch_create(void)
{
	char *root = strdup("/tmp/trace-test-XXXXXX");
	assert_non_null(root);
	assert_non_null(mkdtemp(root));
	return root;
}

/* Writes root/name and returns its path (free it). */
static inline char *
scratch_write(const char *root, const char *name, const char *contents)
{
	size_t size = strlen(root) + strlen(name) + 2;
	char *path = malloc(size);
	assert_non_null(path);
	snprintf(path, size, "%s/%s", root, name);
	FILE *file = fopen(path, "w");
	assert_non_null(file);
	fputs(contents, file);
	assert_int_equal(fclose(file), 0);
	return path;
}

static inline void
scratch_destroy(char *root)
{
	DIR *dir = opendir(root);
	assert_non_null(dir);
	struct dirent *entry;
	while ((entry = readdir(dir)) != NULL) {
		if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
			continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", root, entry->d_name);
		unlink(path);
	}
	closedir(dir);
	rmdir(root);
	free(root);
}

#endif
