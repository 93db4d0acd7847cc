/* class.h — chapter 3's method resolution, internal: compiled into the
 * library, not installed (lib/socketserver.h says so). A program never
 * resolves a class: ss_server_new does it, and ss_server_super
 * (base_server.h) is all an override needs. The tests include it to check
 * that every class resolves every slot.
 */
#ifndef SS_CLASS_H
#define SS_CLASS_H

#include "base_server.h"

/* Every method slot of ss_server_class, in order: X(slot) for each.
 * class.c resolves the slots by walking this list, so it cannot miss one,
 * and the tests check every class resolves them all. A new method goes into
 * the struct and into this list; class.c fails to build if they differ. */
#define SS_SERVER_METHODS(X)                                                                 \
	X(init) X(server_activate) X(serve_forever) X(shutdown) X(service_actions)             \
	X(handle_request) X(handle_timeout) X(verify_request) X(process_request)               \
	X(server_close) X(finish_request) X(shutdown_request) X(close_request) X(handle_error)  \
	X(fileno) X(get_request) X(server_bind)

/* The method slots of ss_handler_class, as SS_SERVER_METHODS. */
#define SS_HANDLER_METHODS(X) X(setup) X(handle) X(finish)

/* Fill methods with cls's resolved table: each slot from the first class
 * along the resolution order that defines it (the top of base_server.h). */
void ss_server_class_resolve(const ss_server_class *cls, ss_server_class *methods);

/* The same for a handler class: each slot from the first class along its bases. */
void ss_handler_class_resolve(const ss_handler_class *cls, ss_handler_class *methods);

#endif
