/* request_handlers.h — chapter 6: StreamRequestHandler and
 * DatagramRequestHandler, and the two files they give handle(): rfile to
 * read the request from, wfile to write the reply to.
 *
 *   BaseRequestHandler              setup, handle, finish (chapter 3)
 *   ├── StreamRequestHandler        setup: rfile/wfile over the connection;
 *   │                               finish: flush wfile, close both
 *   └── DatagramRequestHandler      setup: rfile over the packet, wfile in memory;
 *                                   finish: send what wfile collected, one datagram
 *
 * A handler subclasses one of them and defines handle:
 *
 *     static int upper_handle(ss_handler *self) {
 *             ss_stream_handler *h = ss_stream_handler_of(self);
 *             char line[1024];
 *             ssize_t n;
 *             while ((n = ss_rfile_readline(&h->rfile, line, sizeof line)) > 0)
 *                     if (ss_wfile_write(&h->wfile, upper(line, n), n) == -1) return -1;
 *             return n == 0 ? 0 : -1;         (0: the client closed; -1: an error)
 *     }
 *     static const ss_handler_class upper = {.name = "UpperHandler",
 *             .base = &ss_stream_request_handler, .handle = upper_handle};
 *
 * rfile and wfile are plain structs and their functions plain functions —
 * Python's file objects, without the class machinery.
 *
 * ---- rfile: the buffered reader -------------------------------------------
 *
 * The invariant: a reader holds at most `capacity` bytes, however much the
 * client sends — the unread bytes are buffer[start..end), and
 * 0 <= start <= end <= capacity, with capacity fixed at setup. A line is
 * copied out to the caller's buffer as it arrives, so a line may be longer
 * than the reader's buffer; it may not be longer than the caller's buffer or
 * max_line (see ss_rfile_readline). ss_rfile_next_line, which hands a line
 * over in the reader's own memory, adds at most one line buffer of
 * max_line + 1 bytes: still bounded, whatever the client sends.
 *
 * Python's rfile.readline() has no limit: a client that sends gigabytes
 * without a newline grows the server's memory by gigabytes. Ours has a
 * finite default cap, max_line; a longer line is an error (EMSGSIZE), never
 * a cut line passed on as if it were whole.
 *
 * Timeouts: with a timeout (not SS_NO_TIMEOUT), each call of readline, read,
 * read_to_eof or write must finish within it, however many recv/send calls
 * it takes — per call, not per recv as in Python: a client trickling one
 * byte a second would reset a per-recv timer forever. A call that runs out
 * fails with ETIMEDOUT, "timed out", as Python's TimeoutError.
 *
 * Every wait is chapter 1's ss_wait_fd (SIGINT/SIGTERM unblocked only inside
 * ppoll): a stop request ends it with EINTR; any other EINTR is retried.
 *
 * Errors: -1 with errno and ss_error(), as everywhere in the library.
 */
#ifndef SS_REQUEST_HANDLERS_H
#define SS_REQUEST_HANDLERS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "base_server.h"

/*@classes 06-classes "Chapter 6: the servers and the request handlers" */

/* Python's io.DEFAULT_BUFFER_SIZE: rbufsize -1 means this. */
#define SS_DEFAULT_BUFFER_SIZE 8192

/* The default cap on a line (with its newline): 64 KiB. */
#define SS_DEFAULT_MAX_LINE 65536

/* The largest reply DatagramRequestHandler collects: a UDP datagram's
 * largest payload over IPv4. */
#define SS_DEFAULT_MAX_REPLY 65507

/* ---- rfile --------------------------------------------------------------- */

/* Python's rfile: a buffered reader over a connection or a packet. Its
 * fields are the reader's state: read them, change only timeout and max_line. */
typedef struct ss_rfile {
	int fd;              /* the connection; -1: a reader over memory (a packet) */
	char *buffer;        /* capacity bytes; unread: buffer[start..end) */
	size_t capacity;     /* the buffer's size, fixed at open: the most the reader holds */
	size_t start, end;   /* the unread bytes' bounds in buffer */
	bool owns_buffer;    /* false for a packet: the request owns it */
	bool eof;            /* recv said 0: no more bytes will come */
	double timeout;      /* seconds per call, or SS_NO_TIMEOUT */
	size_t max_line;     /* readline's cap (with the newline) */
	char *line;          /* next_line's, for a line across receives; or NULL */
	size_t line_capacity; /* line's size in bytes (0: not made yet) */
} ss_rfile;

/* A reader over connection fd with a buffer of capacity bytes (at least 1:
 * 1 is Python's rbufsize 0, one recv per byte). -1 with ENOMEM. */
int ss_rfile_open(ss_rfile *rfile, int fd, size_t capacity, double timeout);

/* A reader over size bytes of memory that stay the caller's; EOF after them. */
void ss_rfile_open_memory(ss_rfile *rfile, const void *data, size_t size);

/* Release the buffer (never the fd). Safe to call twice. */
void ss_rfile_close(ss_rfile *rfile);

/* Python's rfile.readline(): one line with its '\n' (or the bytes left before
 * EOF, a partial last line, as Python returns it) into line, NUL-terminated
 * for convenience; returns its length, 0 at EOF. A line longer than
 * min(rfile->max_line, size - 1) fails with EMSGSIZE and "line too long";
 * its first bytes have then been consumed: end the conversation. */
ssize_t ss_rfile_readline(ss_rfile *rfile, char *line, size_t size);

/* Python's rfile.readline(limit): the same, but at most limit bytes (limit
 * < size), a partial line when the limit comes first — as Python. limit < 0:
 * as ss_rfile_readline. */
ssize_t ss_rfile_readline_limit(ss_rfile *rfile, char *line, size_t size, ssize_t limit);

/* Python's `for line in self.rfile`: the next line, as ss_rfile_readline
 * gives it but not copied — *line points at it in the reader's own memory,
 * valid until the next call on rfile, and it is not NUL-terminated. A line
 * that has arrived whole is handed over where it lies in the buffer; one
 * that spans receives is gathered in a line buffer of the reader's
 * (max_line + 1 bytes, made the first time one needs it). Returns its
 * length, 0 at EOF, -1 as readline (EMSGSIZE past max_line). */
ssize_t ss_rfile_next_line(ss_rfile *rfile, const char **line);

/* Python's rfile.read(n): n bytes, fewer only at EOF; returns how many. */
ssize_t ss_rfile_read(ss_rfile *rfile, void *data, size_t n);

/* Python's rfile.read(): everything up to EOF into data; returns its length.
 * More than size bytes before EOF fails with EMSGSIZE (Python: no limit). */
ssize_t ss_rfile_read_to_eof(ss_rfile *rfile, void *data, size_t size);

/* ---- wfile --------------------------------------------------------------- */

/* How a wfile writes (ss_wfile_open, ss_wfile_open_memory choose it). */
typedef enum ss_wfile_kind {
	SS_WFILE_UNBUFFERED, /* Python's _SocketWriter: each write is a whole sendall */
	SS_WFILE_BUFFERED,   /* makefile('wb', wbufsize): sent when full and at flush */
	SS_WFILE_MEMORY,     /* DatagramRequestHandler's: collected, never sent by wfile */
} ss_wfile_kind;

/* Python's wfile: a writer to a connection, or into memory. Its fields are
 * the writer's state: read them, change only timeout. */
typedef struct ss_wfile {
	ss_wfile_kind kind;  /* unbuffered, buffered or memory */
	int fd;              /* the connection; -1 for memory */
	char *buffer;        /* BUFFERED and MEMORY: used of capacity bytes */
	size_t capacity, used; /* the buffer's size, and how much of it holds data */
	size_t max_size;     /* MEMORY: the buffer grows up to this */
	double timeout;      /* seconds per call, or SS_NO_TIMEOUT */
	bool closed;         /* ss_wfile_close has run: writes fail */
} ss_wfile;

/* wbufsize 0: unbuffered; > 0: buffered with that many bytes. -1 with ENOMEM. */
int ss_wfile_open(ss_wfile *wfile, int fd, size_t wbufsize, double timeout);

/* A writer into memory, at most max_size bytes (DatagramRequestHandler). */
void ss_wfile_open_memory(ss_wfile *wfile, size_t max_size);

/* Python's wfile.write(b): all size bytes are sent (unbuffered), or taken
 * (buffered, memory), or it fails; returns size. Partial sends are resumed,
 * EINTR retried, a slow reader waited for; a client that has gone gives
 * EPIPE or ECONNRESET, never SIGPIPE. Memory: beyond max_size, EMSGSIZE. */
ssize_t ss_wfile_write(ss_wfile *wfile, const void *data, size_t size);

/* Send what a buffered wfile holds (nothing to do for the others). */
int ss_wfile_flush(ss_wfile *wfile);

/* Release the buffer (never the fd): closed. Does not flush. Safe twice. */
void ss_wfile_close(ss_wfile *wfile);

/* ---- StreamRequestHandler ---------------------------------------------- */

/*@region stream-attributes */
/* Python's class attributes of StreamRequestHandler, plus our max_line. */
typedef struct ss_stream_handler_attributes {
	int rbufsize;       /* -1: SS_DEFAULT_BUFFER_SIZE; 0: unbuffered; n: n bytes */
	int wbufsize;       /* 0: unbuffered (Python's _SocketWriter); n: buffered */
	double timeout;     /* seconds for each rfile/wfile call; SS_NO_TIMEOUT: None */
	bool disable_nagle_algorithm; /* TCP_NODELAY (TCP only: see setup) */
	size_t max_line;    /* ours: readline's cap (Python has none) */
} ss_stream_handler_attributes;
/*@end stream-attributes */

/* An instance of StreamRequestHandler or of a subclass. */
typedef struct ss_stream_handler {
	ss_handler base;     /* first: an ss_stream_handler * is an ss_handler * */
	int connection;      /* Python's self.connection: the request's fd */
	ss_rfile rfile;      /* Python's self.rfile: read the request from it */
	ss_wfile wfile;      /* Python's self.wfile: write the reply to it */
	ss_stream_handler_attributes attributes; /* this instance's copy */
} ss_stream_handler;

/* StreamRequestHandler: setup opens rfile and wfile over the connection;
 * finish flushes wfile and closes both. Subclass it and define handle. A
 * subclass whose own setup fails after calling this one's closes rfile and
 * wfile itself (ss_rfile_close, ss_wfile_close): as in Python, a failed
 * setup is not followed by finish. */
extern const ss_handler_class ss_stream_request_handler;
/* Its defaults: rbufsize -1, wbufsize 0, no timeout, Nagle on, max_line 64 KiB. */
extern const ss_stream_handler_attributes ss_stream_handler_defaults;

/* The instance behind handler, for its rfile, wfile and attributes. */
static inline ss_stream_handler *
ss_stream_handler_of(ss_handler *handler)
{
	return (ss_stream_handler *)handler;
}

/* ---- DatagramRequestHandler -------------------------------------------- */

/* DatagramRequestHandler's attributes (ours: Python has none). */
typedef struct ss_datagram_handler_attributes {
	size_t max_reply;   /* the most wfile collects: SS_DEFAULT_MAX_REPLY */
	size_t max_line;    /* rfile's readline cap */
} ss_datagram_handler_attributes;

/* An instance of DatagramRequestHandler or of a subclass. */
typedef struct ss_datagram_handler {
	ss_handler base;     /* first: an ss_datagram_handler * is an ss_handler * */
	int socket;          /* Python's self.socket: the server's, to answer on */
	ss_rfile rfile;      /* over the packet */
	ss_wfile wfile;      /* the reply, collected */
	ss_datagram_handler_attributes attributes; /* this instance's copy */
} ss_datagram_handler;

/* DatagramRequestHandler: setup opens rfile over the packet and wfile in
 * memory; finish sends what wfile holds as one datagram. Define handle. */
extern const ss_handler_class ss_datagram_request_handler;
/* Its defaults: max_reply SS_DEFAULT_MAX_REPLY, max_line SS_DEFAULT_MAX_LINE. */
extern const ss_datagram_handler_attributes ss_datagram_handler_defaults;

/* The instance behind handler, for its rfile, wfile and attributes. */
static inline ss_datagram_handler *
ss_datagram_handler_of(ss_handler *handler)
{
	return (ss_datagram_handler *)handler;
}

#endif
