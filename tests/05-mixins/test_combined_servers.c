/* test_combined_servers.c — the mix-ins composed: resolution order, whose
 * methods win, attributes that do not shadow each other (ForkingTCPServer's
 * timeout is 300, ThreadingTCPServer's stays None, both keep TCPServer's
 * request_queue_size), a mix-in over a program's own subclass, and all
 * twelve classes echoing over IPv4, IPv6 and Unix sockets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "mixin_test.h"
#include "class.h" /* ss_server_class_resolve: internal, not installed */

static const ss_server_class *const all_twelve[] = {
	&ss_tcp_server, &ss_udp_server, &ss_unix_stream_server, &ss_unix_datagram_server,
	&ss_threading_tcp_server, &ss_threading_udp_server, &ss_threading_unix_stream_server,
	&ss_threading_unix_datagram_server, &ss_forking_tcp_server, &ss_forking_udp_server,
	&ss_forking_unix_stream_server, &ss_forking_unix_datagram_server,
};

static void
mixin_methods_win_the_rest_is_the_base(void **state)
{
	(void)state;
	ss_server_class methods;

	ss_server_class_resolve(&ss_threading_tcp_server, &methods);
	assert_ptr_equal(methods.process_request, ss_threading_mixin.process_request);
	assert_ptr_equal(methods.server_close, ss_threading_mixin.server_close);
	assert_ptr_equal(methods.init, ss_threading_mixin.init);
	assert_ptr_equal(methods.get_request, ss_tcp_server.get_request);
	assert_ptr_equal(methods.service_actions, ss_base_server.service_actions);
	assert_int_equal(methods.instance_size, sizeof(ss_socket_server));

	ss_server_class_resolve(&ss_forking_udp_server, &methods);
	assert_ptr_equal(methods.process_request, ss_forking_mixin.process_request);
	assert_ptr_equal(methods.service_actions, ss_forking_mixin.service_actions);
	assert_ptr_equal(methods.handle_timeout, ss_forking_mixin.handle_timeout);
	assert_ptr_equal(methods.get_request, ss_udp_server.get_request);
	assert_ptr_equal(methods.shutdown_request, ss_udp_server.shutdown_request);
}

/* super(ThreadingMixIn, self) is TCPServer: the mix-in's server_close
 * closes the socket through it. */
static void
super_of_the_mixin_is_the_base(void **state)
{
	(void)state;
	ss_server *server = ss_server_new(&ss_threading_tcp_server, "127.0.0.1:0", &echo_handler, NULL);
	ss_server_class next;

	assert_non_null(server);
	ss_server_super(server, &ss_threading_mixin, &next);
	assert_ptr_equal(next.server_close, ss_tcp_server.server_close);
	assert_ptr_equal(next.process_request, ss_base_server.process_request);
	ss_server_free(server);
}

static void
attributes_compose(void **state)
{
	(void)state;
	ss_server *forking = ss_server_new(&ss_forking_tcp_server, "127.0.0.1:0", &echo_handler, NULL);
	ss_server *threading = ss_server_new(&ss_threading_tcp_server, "127.0.0.1:0", &echo_handler, NULL);
	ss_server *plain = ss_server_new(&ss_tcp_server, "127.0.0.1:0", &echo_handler, NULL);

	assert_non_null(forking);
	assert_non_null(threading);
	assert_non_null(plain);
	/* Python: ForkingTCPServer.timeout == 300, ThreadingTCPServer.timeout is None */
	assert_true(ss_timeout(forking) == 300);
	assert_true(ss_timeout(threading) == SS_NO_TIMEOUT);
	assert_true(ss_timeout(plain) == SS_NO_TIMEOUT);
	/* each mix-in's own */
	assert_int_equal(ss_max_children(forking), 40);
	assert_true(ss_block_on_close(forking));
	assert_false(ss_daemon_threads(threading));
	assert_true(ss_block_on_close(threading));
	assert_null(ss_forking_attributes_of(threading));
	assert_null(ss_threading_attributes_of(forking));
	/* and TCPServer's, untouched under both */
	assert_int_equal(ss_socket_server_of(forking)->attributes.request_queue_size, 5);
	assert_int_equal(ss_socket_server_of(threading)->attributes.request_queue_size, 5);
	assert_int_equal(ss_socket_server_of(forking)->attributes.socket_type, SOCK_STREAM);

	/* setters: only where the attribute exists */
	assert_int_equal(ss_set_daemon_threads(threading, true), 0);
	assert_true(ss_daemon_threads(threading));
	assert_int_equal(ss_set_daemon_threads(forking, true), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(ss_set_max_children(threading, 3), -1);
	assert_int_equal(ss_set_max_children(forking, 0), -1);
	assert_int_equal(ss_set_max_children(forking, 3), 0);
	assert_int_equal(ss_max_children(forking), 3);
	assert_int_equal(ss_set_block_on_close(plain, false), -1);
	assert_int_equal(ss_set_block_on_close(forking, false), 0);
	assert_false(ss_block_on_close(forking));
	ss_set_timeout(threading, 2.5);
	assert_true(ss_timeout(threading) == 2.5);
	assert_int_equal(ss_threading_live_threads(plain), 0);
	assert_int_equal(ss_forking_active_children(plain), 0);

	ss_server_free(forking);
	ss_server_free(threading);
	ss_server_free(plain);
}

/* ---- a program's own composition ---------------------------------------- */

/* class ReusingServer(TCPServer): allow_reuse_address = True */
static const ss_tcp_attributes reusing_defaults = {
	.address_family = AF_INET, .socket_type = SOCK_STREAM, .request_queue_size = 17,
	.allow_reuse_address = true, .allow_reuse_port = false, .max_packet_size = 8192,
};
static const ss_server_class reusing_server = {
	.name = "ReusingServer", .base = &ss_tcp_server, .attributes = &reusing_defaults,
};

/* class DaemonThreadingMixIn(ThreadingMixIn): daemon_threads = True */
static const ss_threading_attributes daemon_defaults = {.daemon_threads = true, .block_on_close = false};
static const ss_server_class daemon_threading_mixin = {
	.name = "DaemonThreadingMixIn", .base = &ss_threading_mixin, .attributes = &daemon_defaults,
};

/* class MyServer(DaemonThreadingMixIn, ReusingServer): pass */
static const ss_server_class my_server = {
	.name = "MyServer", .base = &reusing_server, .mixin = &daemon_threading_mixin,
};

static void
a_mixin_over_a_programs_own_subclass(void **state)
{
	(void)state;
	ss_server *server = ss_server_new(&my_server, "127.0.0.1:0", &echo_handler, NULL);

	assert_non_null(server);
	/* both kinds of attribute, each from its own class */
	assert_int_equal(ss_socket_server_of(server)->attributes.request_queue_size, 17);
	assert_true(ss_socket_server_of(server)->attributes.allow_reuse_address);
	assert_true(ss_daemon_threads(server));
	assert_false(ss_block_on_close(server));
	assert_ptr_equal(server->cls->process_request, ss_threading_mixin.process_request);

	background serving;
	serve_in_background(&serving, server);
	int client = support_connect(server->server_address);
	assert_true(client >= 0);
	assert_int_equal(echo_once(client, false, "mine", 4), 0);
	close(client);
	stop_background(&serving);
	ss_server_free(server);
}

/* ThreadingMixIn over a BaseServer subclass: no socket at all. Its requests
 * come from a pipe, one byte each. */
typedef struct pipe_server {
	ss_server base;
	int pipe[2];
} pipe_server;

static int
pipe_fileno(ss_server *self)
{
	return ((pipe_server *)self)->pipe[0];
}

static int
pipe_get_request(ss_server *self, ss_request *request, ss_address *client_address)
{
	char byte;

	(void)client_address;
	if (read(((pipe_server *)self)->pipe[0], &byte, 1) != 1)
		return -1;
	request->fd = -1;
	request->data = NULL;
	return 0;
}

static int pipe_inits;

static int
pipe_init(ss_server *self, const char *address, bool bind_and_activate)
{
	extern const ss_server_class pipe_server_class;
	ss_server_class super;

	ss_server_super(self, &pipe_server_class, &super);
	if (super.init(self, address, bind_and_activate) == -1)
		return -1;
	pipe_inits++;
	return socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ((pipe_server *)self)->pipe);
}

static void
pipe_server_close(ss_server *self)
{
	close(((pipe_server *)self)->pipe[0]);
	close(((pipe_server *)self)->pipe[1]);
}

const ss_server_class pipe_server_class = {
	.name = "PipeServer", .base = &ss_base_server, .instance_size = sizeof(pipe_server),
	.init = pipe_init, .fileno = pipe_fileno, .get_request = pipe_get_request,
	.server_close = pipe_server_close,
};
static const ss_server_class threading_pipe_server = {
	.name = "ThreadingPipeServer", .base = &pipe_server_class, .mixin = &ss_threading_mixin,
};

static pthread_mutex_t handled_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_t handled_on;
static int handled;

static int
note_thread_handle(ss_handler *self)
{
	(void)self;
	pthread_mutex_lock(&handled_lock);
	handled_on = pthread_self();
	handled++;
	pthread_mutex_unlock(&handled_lock);
	return 0;
}

static const ss_handler_class note_thread = {
	.name = "NoteThread", .base = &ss_base_request_handler, .handle = note_thread_handle,
};

static void
a_mixin_over_a_base_server_subclass(void **state)
{
	(void)state;
	pipe_inits = 0;
	handled = 0;
	ss_server *server = ss_server_new(&threading_pipe_server, NULL, &note_thread, NULL);
	assert_non_null(server);
	assert_int_equal(pipe_inits, 1); /* the mix-in's init ran the base's */
	assert_int_equal(write(((pipe_server *)server)->pipe[1], "x", 1), 1);
	assert_int_equal(ss_handle_request(server), 0);
	ss_server_close(server); /* joins the handler's thread */
	assert_int_equal(handled, 1);
	assert_false(pthread_equal(handled_on, pthread_self()));
	ss_server_free(server);
}

/* ---- all twelve, over every family ------------------------------------- */

static void
echo_with(const ss_server_class *cls, const char *address, const char *dir)
{
	bool datagram = is_datagram_class(cls);
	ss_server *server = ss_server_new(cls, address, datagram ? &datagram_echo_handler : &echo_handler, NULL);

	if (server == NULL)
		fail_msg("%s on %s: %s", cls->name, address, ss_error());
	background serving;
	serve_in_background(&serving, server);
	for (int i = 0; i < 2; i++) {
		int client = client_of(server, dir, i);
		assert_true(client >= 0);
		char message[64];
		int length = snprintf(message, sizeof message, "%s says %d", cls->name, i);
		if (echo_once(client, datagram, message, (size_t)length) != 0)
			fail_msg("%s on %s: no echo", cls->name, address);
		finish_client(client);
		remove_client_path(dir, i);
	}
	stop_background(&serving);
	assert_int_equal(serving.status, 0);
	ss_server_free(server);
}

static void
all_twelve_classes_echo(void **state)
{
	(void)state;
	const char *dir = support_temp_dir();
	char path[300];

	ss_reserve_fd_init();
	int fds = support_fd_count();
	int threads = thread_count();
	for (size_t i = 0; i < sizeof all_twelve / sizeof all_twelve[0]; i++) {
		const ss_server_class *cls = all_twelve[i];
		if (is_unix_class(cls)) {
			snprintf(path, sizeof path, "%s/server-%zu.sock", dir, i);
			echo_with(cls, path, dir);
			unlink(path);
		} else {
			echo_with(cls, "127.0.0.1:0", dir);
			echo_with(cls, "[::1]:0", dir);
		}
	}
	support_remove_temp_dir(dir);
	assert_int_equal(support_fd_count(), fds);
	WAIT_UNTIL(thread_count() == threads); /* detached threads end just after their reply */
	assert_int_equal(zombie_count(), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mixin_methods_win_the_rest_is_the_base),
		cmocka_unit_test(super_of_the_mixin_is_the_base),
		cmocka_unit_test(attributes_compose),
		cmocka_unit_test(a_mixin_over_a_programs_own_subclass),
		cmocka_unit_test(a_mixin_over_a_base_server_subclass),
		cmocka_unit_test(all_twelve_classes_echo),
	};
	warm_up_threads();
	support_watchdog(60);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
