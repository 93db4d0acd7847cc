#include "render.h"

#include <errno.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dot_hash.h"
#include "files.h"

const char *
svg_with_hash(struct arena *arena, const char *svg, const char *dot_text, size_t dot_length)
{
	char comment[64];
	dot_hash_comment(fnv1a64(dot_text, dot_length), comment, sizeof comment);
	const char *newline = strchr(svg, '\n');
	if (newline == NULL)
		return arena_printf(arena, "%s\n%s\n", svg, comment);
	/* after the first line: the XML declaration must stay first */
	return arena_printf(arena, "%.*s%s\n%s", (int)(newline + 1 - svg), svg, comment, newline + 1);
}

/* Reads everything from fd, retrying interrupted reads; NULL on an error. */
static char *
read_all(struct arena *arena, int fd)
{
	struct text_buffer text = {0};
	char chunk[8192];
	for (;;) {
		ssize_t got = read(fd, chunk, sizeof chunk);
		if (got == 0)
			return arena_strdup(arena, text_get(&text));
		if (got > 0)
			text_append_n(arena, &text, chunk, (size_t)got);
		else if (errno != EINTR)
			return NULL;
	}
}

/* What `dot -Tsvg dot_path` prints, or NULL after reporting why not. dot's
 * own messages go to our stderr. */
static char *
run_graphviz(struct arena *arena, const char *dot_path, FILE *err)
{
	int output[2];
	if (pipe(output) != 0) {
		fprintf(err, "diagram render: pipe: %s\n", strerror(errno));
		return NULL;
	}
	fflush(NULL); /* or the child could write our buffered output again */
	pid_t child = fork();
	if (child == -1) {
		fprintf(err, "diagram render: fork: %s\n", strerror(errno));
		close(output[0]);
		close(output[1]);
		return NULL;
	}
	if (child == 0) {
		dup2(output[1], STDOUT_FILENO);
		close(output[0]);
		close(output[1]);
		execlp("dot", "dot", "-Tsvg", dot_path, (char *)NULL);
		_exit(127);
	}
	close(output[1]);
	char *svg = read_all(arena, output[0]);
	close(output[0]);
	int status;
	while (waitpid(child, &status, 0) == -1)
		if (errno != EINTR)
			return NULL;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		fprintf(err, "diagram render: cannot run dot: is graphviz installed and on PATH?\n");
		return NULL;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || svg == NULL) {
		fprintf(err, "diagram render: dot -Tsvg %s failed\n", dot_path);
		return NULL;
	}
	return svg;
}

static bool
svg_is_fresh(struct arena *arena, const char *svg_path, const char *dot_text, size_t dot_length)
{
	size_t length;
	const char *svg = file_read(arena, svg_path, &length);
	uint64_t hash;
	return svg != NULL && svg_dot_hash(svg, &hash) && hash == fnv1a64(dot_text, dot_length);
}

int
render_dot_file(struct arena *arena, const char *dot_path, bool force, FILE *out, FILE *err)
{
	size_t length = strlen(dot_path), dot_length;
	if (length < 5 || strcmp(dot_path + length - 4, ".dot") != 0) {
		fprintf(err, "diagram render: %s: not a .dot file\n", dot_path);
		return -1;
	}
	const char *dot_text = file_read(arena, dot_path, &dot_length);
	if (dot_text == NULL) {
		fprintf(err, "diagram render: %s: %s\n", dot_path, strerror(errno));
		return -1;
	}
	const char *svg_path = arena_printf(arena, "%.*s.svg", (int)(length - 4), dot_path);
	if (!force && svg_is_fresh(arena, svg_path, dot_text, dot_length))
		return 0;
	const char *svg = run_graphviz(arena, dot_path, err);
	if (svg == NULL)
		return -1;
	const char *stamped = svg_with_hash(arena, svg, dot_text, dot_length);
	if (file_write(svg_path, stamped, strlen(stamped)) != 0) {
		fprintf(err, "diagram render: cannot write %s: %s\n", svg_path, strerror(errno));
		return -1;
	}
	fprintf(out, "rendered %s\n", svg_path);
	return 0;
}

int
command_render(const char *const *dot_paths, size_t count, bool force, FILE *out, FILE *err)
{
	struct arena arena;
	int status = 0;
	arena_init(&arena);
	for (size_t i = 0; i < count; i++)
		if (render_dot_file(&arena, dot_paths[i], force, out, err) != 0)
			status = 1;
	arena_release(&arena);
	return status;
}
