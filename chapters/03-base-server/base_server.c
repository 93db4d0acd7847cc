/* base_server.c — BaseServer: the loop and its hooks. Python's BaseServer,
 * method by method (Lib/socketserver.py, class BaseServer). */
#include "base_server.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "selector.h"

static int
base_init(ss_server *self, const char *server_address, bool bind_and_activate)
{
	SS_TRACE("BaseServer", "__init__");
	(void)bind_and_activate;
	snprintf(self->server_address, sizeof self->server_address, "%s",
	         server_address ? server_address : "");
	self->timeout = SS_NO_TIMEOUT;
	self->shutdown.requested = false;
	self->shutdown.serving = false;
	return 0;
}

static int
base_server_activate(ss_server *self)
{
	SS_TRACE("BaseServer", "server_activate");
	(void)self;
	return 0;
}

static bool
shutdown_was_requested(ss_server *self)
{
	pthread_mutex_lock(&self->shutdown.lock);
	bool requested = self->shutdown.requested;
	pthread_mutex_unlock(&self->shutdown.lock);
	return requested;
}

/*@region handle-request-noblock */
/* One request, known to be waiting: get it, verify it, process it. Python's
 * _handle_request_noblock — private there, so not a class method here.
 * Returns SS_SYSTEM_EXIT when the handler asked the server to stop (Python's
 * SystemExit: no handle_error, the request shut down, the exception raised
 * on), else 0. */
static int
handle_request_noblock(ss_server *self)
{
	SS_TRACE("BaseServer", "_handle_request_noblock");
	ss_request request = {.fd = -1};
	ss_address client_address;

	memset(&client_address, 0, sizeof client_address);
	/* A failed get_request (EMFILE, ECONNABORTED, ...) is dropped silently,
	 * as Python drops its OSError: the loop goes on. */
	if (self->cls->get_request(self, &request, &client_address) == -1) /*@ -> self.get_request */
		return 0;
	if (self->cls->verify_request(self, &request, &client_address)) { /*@ -> self.verify_request */
		/*@ -> self.process_request [if verified] */
		int processed = self->cls->process_request(self, &request, &client_address);
		if (processed == -1) {
			self->cls->handle_error(self, &request, &client_address); /*@ -> self.handle_error [if it failed] */
			self->cls->shutdown_request(self, &request); /*@ -> self.shutdown_request [if it failed] */
		} else if (processed == SS_SYSTEM_EXIT) {
			self->cls->shutdown_request(self, &request); /*@ -> self.shutdown_request [if SystemExit] */
			errno = ECANCELED;
			return SS_SYSTEM_EXIT;
		}
	} else {
		self->cls->shutdown_request(self, &request); /*@ -> self.shutdown_request [if not verified] */
	}
	return 0;
}
/*@end handle-request-noblock */

/* Watch the server's fileno for reading, in a new selector (as Python makes
 * a new one for each serve_forever and handle_request). */
static ss_selector *
open_selector(ss_server *self)
{
	ss_selector *selector = ss_selector_new(ss_default_selector);
	int fd = self->cls->fileno(self); /*@ -> self.fileno */

	if (selector == NULL || fd == -1 ||
	    ss_selector_register(selector, fd, SS_EVENT_READ, NULL) == -1) {
		int saved_errno = errno;
		ss_selector_free(selector);
		errno = saved_errno;
		return NULL;
	}
	return selector;
}

/*@region serve-forever */
static int
base_serve_forever(ss_server *self, double poll_interval)
{
	SS_TRACE("BaseServer", "serve_forever");
	ss_selector_ready ready[1];
	ss_selector *selector;
	int status = 0;

	pthread_mutex_lock(&self->shutdown.lock);
	self->shutdown.serving = true; /* Python: __is_shut_down.clear() */
	self->shutdown.serving_thread = pthread_self();
	pthread_mutex_unlock(&self->shutdown.lock);

	selector = open_selector(self);
	if (selector == NULL)
		status = -1;
	while (selector != NULL && !shutdown_was_requested(self)) {
		if (ss_stop_requested()) { /* SIGINT/SIGTERM, perhaps caught by another thread */
			errno = EINTR;
			status = -1;
			break;
		}
		/*@ -> ss_selector_select [wait up to poll_interval] */
		int ready_count = ss_selector_select(selector, poll_interval, ready, 1);
		if (ready_count == -1) { /* EINTR after SIGINT/SIGTERM, or an error */
			status = -1;
			break;
		}
		/* Checked again: a shutdown() during select must not let one more
		 * request in (bpo-35017). */
		if (shutdown_was_requested(self))
			break;
		if (ready_count > 0 && handle_request_noblock(self) == SS_SYSTEM_EXIT) { /*@ -> handle_request_noblock [if ready] */
			status = SS_SYSTEM_EXIT; /* Python: the SystemExit leaves serve_forever */
			break;
		}
		self->cls->service_actions(self); /*@ -> self.service_actions [every loop] */
	}
	int saved_errno = errno;
	ss_selector_free(selector);

	/* Python's finally: reset the flag (so the server can serve again) and
	 * set __is_shut_down, which releases shutdown(). */
	pthread_mutex_lock(&self->shutdown.lock);
	self->shutdown.requested = false;
	self->shutdown.serving = false;
	pthread_cond_broadcast(&self->shutdown.changed);
	pthread_mutex_unlock(&self->shutdown.lock);
	errno = saved_errno;
	return status;
}
/*@end serve-forever */

/*@region shutdown */
/* Python's shutdown() sets the flag and waits for serve_forever to finish.
 * Python deadlocks in two cases, where we do better:
 *  - called on the thread running serve_forever (from a handler of a
 *    synchronous server): waiting would never end, so we only set the flag;
 *    serve_forever stops once the current request is done.
 *  - called when serve_forever is not running: nothing to wait for; the flag
 *    stays set, so a serve_forever that starts later returns at once, before
 *    its first pass — Python's "a shutdown() before serve_forever() still
 *    takes effect". */
static void
base_shutdown(ss_server *self)
{
	SS_TRACE("BaseServer", "shutdown");
	pthread_mutex_lock(&self->shutdown.lock);
	self->shutdown.requested = true;
	if (self->shutdown.serving && !pthread_equal(self->shutdown.serving_thread, pthread_self())) {
		while (self->shutdown.serving)
			pthread_cond_wait(&self->shutdown.changed, &self->shutdown.lock);
	}
	pthread_mutex_unlock(&self->shutdown.lock);
}
/*@end shutdown */

static void
base_service_actions(ss_server *self)
{
	SS_TRACE("BaseServer", "service_actions");
	(void)self;
}

/*@region handle-request */
/* One request, waiting for it up to self->timeout (Python's handle_request;
 * its socket timeout has no counterpart here: our sockets are blocking). */
static int
base_handle_request(ss_server *self)
{
	SS_TRACE("BaseServer", "handle_request");
	double timeout = self->timeout;
	double deadline = ss_monotonic_seconds() + timeout;
	ss_selector_ready ready[1];
	ss_selector *selector = open_selector(self);
	int status = 0;

	while (selector != NULL) {
		int ready_count = ss_selector_select(selector, timeout, ready, 1);
		if (ready_count == -1) {
			status = -1;
			break;
		}
		if (ready_count > 0) {
			status = handle_request_noblock(self); /*@ -> handle_request_noblock [if ready] */
			break;
		}
		if (timeout >= 0) { /* woke up without a request: time left? */
			timeout = deadline - ss_monotonic_seconds();
			if (timeout < 0) {
				self->cls->handle_timeout(self); /*@ -> self.handle_timeout [deadline passed] */
				break;
			}
		}
	}
	if (selector == NULL)
		status = -1;
	ss_selector_free(selector);
	return status;
}
/*@end handle-request */

static void
base_handle_timeout(ss_server *self)
{
	SS_TRACE("BaseServer", "handle_timeout");
	(void)self;
}

static bool
base_verify_request(ss_server *self, ss_request *request, const ss_address *client_address)
{
	SS_TRACE("BaseServer", "verify_request");
	(void)self, (void)request, (void)client_address;
	return true;
}

/*@region process-request */
/* The synchronous version: handle it here and now. The mix-ins of chapter 5
 * replace this method with one that hands the request to a thread or a
 * child process. If finish_request fails (-1 or SS_SYSTEM_EXIT),
 * shutdown_request is left to the caller, after handle_error — as in
 * Python, where the exception skips it. */
static int
base_process_request(ss_server *self, ss_request *request, const ss_address *client_address)
{
	SS_TRACE("BaseServer", "process_request");
	int finished = self->cls->finish_request(self, request, client_address); /*@ -> self.finish_request */
	if (finished == -1 || finished == SS_SYSTEM_EXIT) /* -1 or SystemExit: the caller's */
		return finished;
	self->cls->shutdown_request(self, request); /*@ -> self.shutdown_request */
	return 0;
}
/*@end process-request */

static void
base_server_close(ss_server *self)
{
	SS_TRACE("BaseServer", "server_close");
	(void)self;
}

static int
base_finish_request(ss_server *self, ss_request *request, const ss_address *client_address)
{
	SS_TRACE("BaseServer", "finish_request");
	/* Python: self.RequestHandlerClass(request, client_address, self) */
	return ss_handler_run(self->handler_class, request, client_address, self);
}

static void
base_shutdown_request(ss_server *self, ss_request *request)
{
	SS_TRACE("BaseServer", "shutdown_request");
	self->cls->close_request(self, request); /*@ -> self.close_request */
}

static void
base_close_request(ss_server *self, ss_request *request)
{
	SS_TRACE("BaseServer", "close_request");
	(void)self, (void)request;
}

/*@region handle-error */
/* Python prints the traceback; we print the message the failure left. */
static void
base_handle_error(ss_server *self, ss_request *request, const ss_address *client_address)
{
	SS_TRACE("BaseServer", "handle_error");
	char address[SS_ADDRESS_TEXT_MAX];

	(void)self, (void)request;
	fprintf(stderr,
	        "----------------------------------------\n"
	        "Exception occurred during processing of request from %s\n"
	        "%s\n"
	        "----------------------------------------\n",
	        ss_address_format(client_address, address, sizeof address),
	        ss_error()[0] ? ss_error() : "(no message)");
}
/*@end handle-error */

static int
base_fileno(ss_server *self)
{
	SS_TRACE("BaseServer", "fileno");
	ss_set_error("%s has no fileno: a BaseServer subclass must define one", self->type->name);
	errno = ENOTSUP;
	return -1;
}

static int
base_get_request(ss_server *self, ss_request *request, ss_address *client_address)
{
	SS_TRACE("BaseServer", "get_request");
	(void)request, (void)client_address;
	ss_set_error("%s has no get_request: a BaseServer subclass must define one",
	             self->type->name);
	errno = ENOTSUP;
	return -1;
}

static int
base_server_bind(ss_server *self)
{
	SS_TRACE("BaseServer", "server_bind");
	ss_set_error("%s has no server_bind: BaseServer binds nothing, TCPServer does",
	             self->type->name);
	errno = ENOTSUP;
	return -1;
}

/*@region base-server-class */
const ss_server_class ss_base_server = {
	.name = "BaseServer",
	.base = NULL,
	.instance_size = sizeof(ss_server),
	.init = base_init,
	.server_activate = base_server_activate,
	.serve_forever = base_serve_forever,
	.shutdown = base_shutdown,
	.service_actions = base_service_actions,
	.handle_request = base_handle_request,
	.handle_timeout = base_handle_timeout,
	.verify_request = base_verify_request,
	.process_request = base_process_request,
	.server_close = base_server_close,
	.finish_request = base_finish_request,
	.shutdown_request = base_shutdown_request,
	.close_request = base_close_request,
	.handle_error = base_handle_error,
	.fileno = base_fileno,
	.get_request = base_get_request,
	.server_bind = base_server_bind,
};
/*@end base-server-class */
