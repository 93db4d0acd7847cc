/* base_server.h — chapter 3: BaseServer and BaseRequestHandler, and the
 * class model every later chapter extends.
 *
 * BaseServer knows nothing about sockets, exactly as in Python: it is the
 * loop (serve_forever, handle_request) and the hooks the loop calls. A
 * subclass says where requests come from (fileno, get_request) and what to
 * do with them.
 *
 * ---- Classes in plain C -------------------------------------------------
 *
 * A class is a const struct: its name, its base class, and the methods it
 * defines itself. A NULL method means "not defined here: inherited".
 *
 *     const ss_server_class ss_tcp_server = {
 *             .name = "TCPServer",
 *             .base = &ss_base_server,
 *             .instance_size = sizeof(ss_socket_server),
 *             .init = tcp_server_init,
 *             .get_request = tcp_get_request,
 *             ...
 *     };
 *
 * An instance embeds its base instance as its first member, so a pointer to
 * it is also a pointer to its base:
 *
 *     typedef struct { ss_server base; int socket; ... } ss_socket_server;
 *
 * C has no method resolution order, so we build one. When an instance is
 * made, ss_server_class_resolve() (class.h: internal, not installed) fills
 * the instance's own method table:
 * each method from the first class along the resolution order that defines
 * it — the class, its mix-in if it has one (chapter 5), then its base, and
 * so on up to BaseServer, which defines them all. After that a call is one
 * pointer load, written out wherever it happens:
 *
 *     self->cls->get_request(self, &request, &client_address);
 *
 * A method that extends its base's asks for the next class's method:
 * ss_server_super(self, &ss_tcp_server, &next) fills next with the methods
 * found after TCPServer in self's resolution order — Python's
 * super(TCPServer, self).
 *
 * Attribute defaults: a class's attributes come as one whole struct
 * (.attributes), never field by field — in a designated initializer a
 * missing field is 0, and 0 cannot mean both "inherited" and "zero". The
 * class's init copies the struct into the instance, where the program may
 * change it. BaseServer's one attribute, timeout, is set by its init
 * (None); a class that wants another sets it in its own init.
 *
 * Errors: -1 (or NULL) with errno and a message in ss_error(), as in chapter
 * 1. A handler fails by returning -1; that reaches handle_error, and the
 * server goes on serving. A handler may also return SS_SYSTEM_EXIT (below).
 */
#ifndef SS_BASE_SERVER_H
#define SS_BASE_SERVER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "net.h"
#include "trace.h"

/* Python's None for a timeout: no limit. */
#define SS_NO_TIMEOUT (-1.0)

/* A handler's second kind of failure, Python's SystemExit (a BaseException,
 * not an Exception): returned by setup, handle or finish, it skips
 * handle_error, the request is still shut down, and the synchronous
 * serve_forever and handle_request stop and return SS_SYSTEM_EXIT with errno
 * ECANCELED (ss_error() keeps the handler's message). Under chapter 5's
 * threads or child processes only that thread or child ends, as in Python. */
#define SS_SYSTEM_EXIT (-2)

typedef struct ss_server ss_server;             /* a server instance (below) */
typedef struct ss_server_class ss_server_class; /* a server class (below) */
typedef struct ss_handler ss_handler;           /* a request handler instance (below) */
typedef struct ss_handler_class ss_handler_class; /* a request handler class (below) */
/* Internal: a block of state a class attached to an instance (opaque). */
typedef struct ss__state_block ss__state_block;

/* A request, as the server hands it from get_request to the handler.
 * Python's request is any object; ours carries what the servers of this
 * library need: a connection (stream servers), or a packet and the socket to
 * answer on (datagram servers). A BaseServer subclass may use data. */
typedef struct ss_request {
	int fd;             /* the connection; for datagrams the server's socket; -1: none */
	void *packet;       /* datagram servers: the bytes received (the request owns them) */
	size_t packet_size; /* how many bytes packet holds */
	void *data;         /* free for a BaseServer subclass to use */
} ss_request;

/* ---- the server class ------------------------------------------------- */

/* A server class: a const table of its name, base, attribute defaults and
 * the methods it defines itself (NULL: inherited). Each slot's comment is
 * its contract, as Python's docstring; "may be overridden" means a class
 * may set the slot, and an override that extends calls ss_server_super's. */
/*@region server-class */
struct ss_server_class {
	const char *name;              /* the Python class name: traces, errors */
	const ss_server_class *base;   /* the class it derives from; NULL: BaseServer */
	const ss_server_class *mixin;  /* a mix-in in front of base (chapter 5); usually NULL */
	size_t instance_size;          /* sizeof the instance struct; 0: as base */
	/* Defaults of the attributes a subclass introduces, as one struct of that
	 * subclass's own type (chapter 4: request_queue_size, allow_reuse_address,
	 * ...); the first class in the resolution order that gives one of that
	 * kind wins (ss_server_class_attributes, below: a mix-in's are of another
	 * kind), and its init copies it into the instance. NULL: as base. */
	const void *attributes;

	/* Constructor, called by ss_server_new; 0 or -1. May be extended, do not override.
	 * Python's __init__: set attribute defaults, acquire resources (on failure,
	 * release what it acquired). bind_and_activate is TCPServer's constructor
	 * argument, passed through; BaseServer ignores it. */
	int (*init)(ss_server *self, const char *server_address, bool bind_and_activate);

	/* Called by constructor to activate the server (TCP: listen). May be overridden. */
	int (*server_activate)(ss_server *self);
	/* Handle requests until shutdown, polling every poll_interval; 0, -1, SS_SYSTEM_EXIT. */
	int (*serve_forever)(ss_server *self, double poll_interval);
	/* Stop the serve_forever loop; block until it has finished (unless called from it). */
	void (*shutdown)(ss_server *self);
	/* Called by serve_forever on each pass. May be overridden (ForkingMixIn reaps). */
	void (*service_actions)(ss_server *self);
	/* Handle one request, waiting up to self->timeout; 0, -1 or SS_SYSTEM_EXIT. */
	int (*handle_request)(ss_server *self);
	/* Called if no new request arrives within timeout. Overridden by ForkingMixIn. */
	void (*handle_timeout)(ss_server *self);
	/* Verify the request: true to proceed with it, false to drop it. May be overridden. */
	bool (*verify_request)(ss_server *self, ss_request *request, const ss_address *client_address);
	/* Call finish_request, shutdown_request; 0, -1, SS_SYSTEM_EXIT. Overridden by mix-ins. */
	int (*process_request)(ss_server *self, ss_request *request, const ss_address *client_address);
	/* Called to clean up the server (TCP: close its socket). May be overridden. */
	void (*server_close)(ss_server *self);
	/* Finish one request by running the handler class on it; 0, -1 or SS_SYSTEM_EXIT. */
	int (*finish_request)(ss_server *self, ss_request *request, const ss_address *client_address);
	/* Called to shut down and close one request (TCP: shutdown, then close_request). */
	void (*shutdown_request)(ss_server *self, ss_request *request);
	/* Called to clean up one request (TCP: close its fd). May be overridden. */
	void (*close_request)(ss_server *self, ss_request *request);
	/* Handle an error gracefully: print ss_error() and go on. May be overridden. */
	void (*handle_error)(ss_server *self, ss_request *request, const ss_address *client_address);

	/* Not BaseServer's in Python, but called by it: a subclass defines them. */
	/* Return the fd the loop waits on (TCP: the socket); BaseServer's fails, ENOTSUP. */
	int (*fileno)(ss_server *self);
	/* Get the request and client address (TCP: accept); 0 or -1. May be overridden. */
	int (*get_request)(ss_server *self, ss_request *request, ss_address *client_address);

	/* Called by constructor to bind the socket; 0 or -1. May be overridden.
	 * Not BaseServer's in Python, nor called by it: TCPServer's (chapter 4),
	 * called by its __init__, and a method because a subclass may extend it
	 * — http.server's HTTPServer does, to note its host name and port. Its
	 * slot is here because one struct type serves the whole class tree;
	 * BaseServer's only fails (ENOTSUP), as its fileno does. */
	int (*server_bind)(ss_server *self);
};
/*@end server-class */

/* Internal: serve_forever and shutdown()'s handshake, Python's
 * __shutdown_request flag and __is_shut_down event under one lock; a program
 * never touches it (call ss_shutdown). */
typedef struct ss__shutdown_state {
	pthread_mutex_t lock;     /* guards the fields below */
	pthread_cond_t changed;   /* broadcast when serve_forever stops */
	bool requested;           /* shutdown() was called; serve_forever will stop */
	bool serving;             /* serve_forever is running... */
	pthread_t serving_thread; /* ...on this thread */
} ss__shutdown_state;

/* A server instance: what every server's instance struct starts with.
 * Fields marked internal are the library's; a program reads the others. */
/*@region server-instance */
struct ss_server {
	/* What a call goes through, self->cls->method(self, ...): this
	 * instance's resolved method table, every slot filled, the inherited
	 * ones too. It points at `methods` below — not at the class: so
	 * `self->cls == &ss_tcp_server` is never true; to ask which class an
	 * instance is, compare self->type. (The name is DESIGN.md's dispatch,
	 * written the same way in every chapter.) */
	const ss_server_class *cls;
	ss_server_class methods;        /* this instance's resolved method table */
	const ss_server_class *type;    /* the class it was made from: Python's type(self) */

	char server_address[SS_ADDRESS_TEXT_MAX]; /* as given; a socket server updates it */
	const ss_handler_class *handler_class;    /* RequestHandlerClass */
	void *user;                    /* the caller's pointer, passed to every handler */
	double timeout;                /* handle_request's limit in seconds; SS_NO_TIMEOUT: None */

	ss__shutdown_state shutdown;   /* internal: serve_forever's stop handshake */
	bool closed;                   /* server_close has run */

	/* Chapter 5: blocks of state that classes attach to the instance (a
	 * mix-in's attributes, its threads or children), and the references
	 * that keep the instance alive — see "State a class keeps" below.
	 * Internal: a class reaches its block with ss_server_state. */
	ss__state_block *states;
	atomic_int references;         /* internal: ss_server_retain/release's count */
};
/*@end server-instance */

/* BaseServer itself: every method defined. */
extern const ss_server_class ss_base_server;

/* Make a server of class cls for server_address, whose requests are handled
 * by handler_class; user reaches every handler. NULL with errno and ss_error()
 * on failure. */
ss_server *ss_server_new(const ss_server_class *cls, const char *server_address,
                         const ss_handler_class *handler_class, void *user);
/* ss_server_new with Python's bind_and_activate=False: call ss_server_bind
 * and ss_server_activate (tcp_server.h) yourself, after changing attributes. */
ss_server *ss_server_new_inactive(const ss_server_class *cls, const char *server_address,
                                  const ss_handler_class *handler_class, void *user);

/* server_close() if not done yet, then give up the program's reference:
 * the memory goes with the last one (see ss_server_release below). NULL: nothing. */
void ss_server_free(ss_server *server);

/* The public face: each calls the method of the server's class. */
/* server.serve_forever(poll_interval): see the serve_forever slot above. */
int ss_serve_forever(ss_server *server, double poll_interval);
/* server.shutdown(): from another thread, or a handler; see the shutdown slot. */
void ss_shutdown(ss_server *server);
/* server.handle_request(): one request, or a timeout; see the slot. */
int ss_handle_request(ss_server *server);
/* server.server_close(): release the server's resources; ss_server_free does it too. */
void ss_server_close(ss_server *server);
/* server.fileno(): the fd a program's own loop may wait on; -1 with errno. */
int ss_fileno(ss_server *server);

/* Python's super(after, self): fill next with the methods found after class
 * `after` in self's resolution order, for an override that extends its base's. */
void ss_server_super(const ss_server *self, const ss_server_class *after, ss_server_class *next);

/* ---- state a class keeps in the instance (chapter 5) ------------------
 *
 * A subclass keeps its state in its instance struct, which embeds its
 * base's. A mix-in cannot: it is composed over many bases (TCPServer,
 * UDPServer, a program's own class), so it cannot know where the instance
 * struct of the server under it ends. Instead its init attaches a block of
 * its own to the instance, and its methods find the block by the mix-in's
 * class — Python's `vars(self).setdefault('_threads', _Threads())`, with the
 * class as the key, so two classes' blocks never collide.
 */

/* Attach a zeroed block of size bytes, owned by owner, to server; release
 * (if not NULL) runs on the block just before the instance's memory is freed,
 * then the block is freed. Returns the block, or NULL with ENOMEM (and a message). */
void *ss_server_attach_state(ss_server *server, const ss_server_class *owner, size_t size,
                             void (*release)(void *block));
/* The block owner attached to server (ss_server_attach_state), or NULL. */
void *ss_server_state(const ss_server *server, const ss_server_class *owner);

/* References. ss_server_new gives the program one; a thread that keeps
 * using the server (a mix-in's handler thread) takes its own. ss_server_free
 * gives up the program's: the memory goes when the last one is released —
 * so a handler still running after ss_server_free never touches freed
 * memory. ss_server_retain: take one more reference (thread-safe). */
void ss_server_retain(ss_server *server);
/* Give up a reference (thread-safe); the last one frees the instance. */
void ss_server_release(ss_server *server);

/* The defaults of the attributes owner introduced, for an instance of
 * type: the .attributes of the first class in type's resolution order whose
 * attributes are owner's kind. A class's .attributes are of the kind of the
 * farthest class up its .base chain that gives any — UDPServer's are
 * TCPServer's kind, a subclass of ThreadingMixIn's are ThreadingMixIn's — so
 * a mix-in's attributes never shadow those of the server under it. NULL if
 * no class gives them. */
const void *ss_server_class_attributes(const ss_server_class *type, const ss_server_class *owner);

/* ---- the request handler class ---------------------------------------- */

/* A request handler class: as a server class, a const table whose NULL
 * methods are inherited; one instance per request, setup-handle-finish. */
struct ss_handler_class {
	const char *name;              /* the Python class name: traces, errors */
	const ss_handler_class *base;  /* NULL: BaseRequestHandler */
	size_t instance_size;          /* 0: as base */
	/* Attribute defaults, as for servers: one whole struct of the type of
	 * the layer that introduces them (chapter 6: rbufsize, timeout...);
	 * the first class along the bases that gives one wins. NULL: as base. */
	const void *attributes;
	/* Called before handle to initialise (stream: open rfile, wfile); 0, -1, SS_SYSTEM_EXIT. */
	int (*setup)(ss_handler *self);
	/* Do the request's work: 0, -1 or SS_SYSTEM_EXIT. Override it; the base does nothing. */
	int (*handle)(ss_handler *self);
	/* Called after handle, even if it failed, to clean up. May be overridden. */
	int (*finish)(ss_handler *self);
};

/* A request handler instance: what every handler's instance struct starts with. */
struct ss_handler {
	const ss_handler_class *cls;   /* the resolved table, &methods (as ss_server's cls) */
	ss_handler_class methods;      /* resolved, as for servers */
	ss_request *request;           /* Python's self.request */
	ss_address client_address;     /* Python's self.client_address */
	ss_server *server;             /* Python's self.server */
	void *user;                    /* the server's user pointer */
};

/* BaseRequestHandler: setup, handle and finish do nothing. */
extern const ss_handler_class ss_base_request_handler;

/* Python's BaseRequestHandler(request, client_address, server): make a
 * handler of class cls and run setup(), then handle(), then finish() — finish
 * even when handle failed, but not when setup did. Returns 0, or the failure:
 * -1 or SS_SYSTEM_EXIT. When handle and finish both fail, finish's kind wins
 * (Python: finish's exception is the one that propagates) and ss_error()
 * names both, handle's first (Python's chained traceback). */
int ss_handler_run(const ss_handler_class *cls, ss_request *request,
                   const ss_address *client_address, ss_server *server);

#endif
