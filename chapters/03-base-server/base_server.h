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
 * made, ss_server_class_resolve() fills the instance's own method table:
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

typedef struct ss_server ss_server;
typedef struct ss_server_class ss_server_class;
typedef struct ss_handler ss_handler;
typedef struct ss_handler_class ss_handler_class;
typedef struct ss_state_block ss_state_block;

/* A request, as the server hands it from get_request to the handler.
 * Python's request is any object; ours carries what the servers of this
 * library need: a connection (stream servers), or a packet and the socket to
 * answer on (datagram servers). A BaseServer subclass may use data. */
typedef struct ss_request {
	int fd;             /* the connection; for datagrams the server's socket; -1: none */
	void *packet;       /* datagram servers: the bytes received (the request owns them) */
	size_t packet_size;
	void *data;         /* free for a BaseServer subclass to use */
} ss_request;

/* ---- the server class ------------------------------------------------- */

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

	/* __init__: set attribute defaults, acquire resources. bind_and_activate
	 * is TCPServer's constructor argument, passed through; BaseServer ignores it.
	 * On failure it releases what it acquired and returns -1. */
	int (*init)(ss_server *self, const char *server_address, bool bind_and_activate);

	int (*server_activate)(ss_server *self);
	int (*serve_forever)(ss_server *self, double poll_interval);
	void (*shutdown)(ss_server *self);
	void (*service_actions)(ss_server *self);
	int (*handle_request)(ss_server *self);
	void (*handle_timeout)(ss_server *self);
	bool (*verify_request)(ss_server *self, ss_request *request, const ss_address *client_address);
	int (*process_request)(ss_server *self, ss_request *request, const ss_address *client_address);
	void (*server_close)(ss_server *self);
	int (*finish_request)(ss_server *self, ss_request *request, const ss_address *client_address);
	void (*shutdown_request)(ss_server *self, ss_request *request);
	void (*close_request)(ss_server *self, ss_request *request);
	void (*handle_error)(ss_server *self, ss_request *request, const ss_address *client_address);

	/* Not BaseServer's in Python, but called by it: a subclass defines them. */
	int (*fileno)(ss_server *self);
	int (*get_request)(ss_server *self, ss_request *request, ss_address *client_address);

	/* Not BaseServer's in Python, nor called by it: TCPServer's (chapter 4),
	 * called by its __init__, and a method because a subclass may extend it
	 * — http.server's HTTPServer does, to note its host name and port. Its
	 * slot is here because one struct type serves the whole class tree;
	 * BaseServer's only fails (ENOTSUP), as its fileno does. */
	int (*server_bind)(ss_server *self);
};
/*@end server-class */

/* Every method slot of ss_server_class above, in order: X(slot) for each.
 * class.c resolves the slots by walking this list, so it cannot miss one,
 * and the tests check every class resolves them all. A new method goes into
 * the struct and into this list; class.c fails to build if they differ. */
#define SS_SERVER_METHODS(X)                                                                 \
	X(init) X(server_activate) X(serve_forever) X(shutdown) X(service_actions)             \
	X(handle_request) X(handle_timeout) X(verify_request) X(process_request)               \
	X(server_close) X(finish_request) X(shutdown_request) X(close_request) X(handle_error)  \
	X(fileno) X(get_request) X(server_bind)

/* The shutdown handshake between serve_forever and shutdown(): Python's
 * __shutdown_request flag and __is_shut_down event, under one lock. */
typedef struct ss_shutdown_state {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	bool requested;    /* shutdown() was called; serve_forever will stop */
	bool serving;      /* serve_forever is running... */
	pthread_t serving_thread; /* ...on this thread */
} ss_shutdown_state;

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

	ss_shutdown_state shutdown;
	bool closed;                   /* server_close has run */

	/* Chapter 5: blocks of state that classes attach to the instance (a
	 * mix-in's attributes, its threads or children), and the references
	 * that keep the instance alive — see "State a class keeps" below. */
	ss_state_block *states;
	atomic_int references;
};
/*@end server-instance */

/* BaseServer itself: every method defined. */
extern const ss_server_class ss_base_server;

/* Make a server of class cls for server_address, whose requests are handled
 * by handler_class; user reaches every handler. NULL with errno and ss_error()
 * on failure. ss_server_new_inactive is Python's bind_and_activate=False. */
ss_server *ss_server_new(const ss_server_class *cls, const char *server_address,
                         const ss_handler_class *handler_class, void *user);
ss_server *ss_server_new_inactive(const ss_server_class *cls, const char *server_address,
                                  const ss_handler_class *handler_class, void *user);

/* server_close() if not done yet, then give up the program's reference:
 * the memory goes with the last one (see ss_server_release below). */
void ss_server_free(ss_server *server);

/* The public face: each calls the method of the server's class. */
int ss_serve_forever(ss_server *server, double poll_interval);
void ss_shutdown(ss_server *server);
int ss_handle_request(ss_server *server);
void ss_server_close(ss_server *server);
int ss_fileno(ss_server *server);

/* The method resolution, in C (see the top of this file). */
void ss_server_class_resolve(const ss_server_class *cls, ss_server_class *methods);
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
 *
 * ss_server_attach_state: a zeroed block of size bytes, owned by owner;
 * release(block), if not NULL, runs just before the instance's memory is
 * freed, then the block is freed. NULL with ENOMEM (and a message).
 * ss_server_state: owner's block, or NULL. */
void *ss_server_attach_state(ss_server *server, const ss_server_class *owner, size_t size,
                             void (*release)(void *block));
void *ss_server_state(const ss_server *server, const ss_server_class *owner);

/* References. ss_server_new gives the program one; a thread that keeps
 * using the server (a mix-in's handler thread) takes its own. ss_server_free
 * gives up the program's: the memory goes when the last one is released —
 * so a handler still running after ss_server_free never touches freed
 * memory. */
void ss_server_retain(ss_server *server);
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

struct ss_handler_class {
	const char *name;
	const ss_handler_class *base;  /* NULL: BaseRequestHandler */
	size_t instance_size;          /* 0: as base */
	/* Attribute defaults, as for servers: one whole struct of the type of
	 * the layer that introduces them (chapter 6: rbufsize, timeout...);
	 * the first class along the bases that gives one wins. NULL: as base. */
	const void *attributes;
	int (*setup)(ss_handler *self);
	int (*handle)(ss_handler *self);
	int (*finish)(ss_handler *self);
};

/* The method slots of ss_handler_class, as SS_SERVER_METHODS. */
#define SS_HANDLER_METHODS(X) X(setup) X(handle) X(finish)

struct ss_handler {
	const ss_handler_class *cls;   /* the resolved table, &methods (as ss_server's cls) */
	ss_handler_class methods;      /* resolved, as for servers */
	ss_request *request;
	ss_address client_address;
	ss_server *server;
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

void ss_handler_class_resolve(const ss_handler_class *cls, ss_handler_class *methods);

#endif
