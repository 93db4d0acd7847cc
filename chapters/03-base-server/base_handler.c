/* base_handler.c — BaseRequestHandler: setup, handle, finish. */
#include "base_server.h"
#include "class.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
base_setup(ss_handler *self)
{
	SS_TRACE("BaseRequestHandler", "setup");
	(void)self;
	return 0;
}

static int
base_handle(ss_handler *self)
{
	SS_TRACE("BaseRequestHandler", "handle");
	(void)self;
	return 0;
}

static int
base_finish(ss_handler *self)
{
	SS_TRACE("BaseRequestHandler", "finish");
	(void)self;
	return 0;
}

const ss_handler_class ss_base_request_handler = {
	.name = "BaseRequestHandler",
	.base = NULL,
	.instance_size = sizeof(ss_handler),
	.setup = base_setup,
	.handle = base_handle,
	.finish = base_finish,
};

/* A method failed: make sure ss_error() says which one, even if the method
 * said nothing itself. */
static void
name_the_failure(const ss_handler *self, const char *method)
{
	int saved_errno = errno;

	if (ss_error()[0] == '\0')
		ss_set_error("%s.%s failed%s%s", self->cls->name, method, saved_errno ? ": " : "",
		             saved_errno ? strerror(saved_errno) : "");
	errno = saved_errno;
}

/* What a method's answer means: 0 done, -1 failed (Python's Exception),
 * SS_SYSTEM_EXIT (Python's SystemExit). Any other value counts as done, as
 * it did before SS_SYSTEM_EXIT existed. */
static int
failure_of(int answer)
{
	return answer == -1 || answer == SS_SYSTEM_EXIT ? answer : 0;
}

/*@region handler-run */
int
ss_handler_run(const ss_handler_class *cls, ss_request *request,
               const ss_address *client_address, ss_server *server)
{
	SS_TRACE("BaseRequestHandler", "__init__");
	ss_handler_class methods;
	ss_handler *self;
	int status, finished;
	char handle_message[256];

	ss_handler_class_resolve(cls, &methods);
	self = calloc(1, methods.instance_size);
	if (self == NULL) {
		ss_set_error("cannot make a %s: out of memory", cls->name);
		return -1;
	}
	self->methods = methods;
	self->cls = &self->methods;
	self->request = request;
	self->client_address = *client_address;
	self->server = server;
	self->user = server ? server->user : NULL;

	ss_set_error("%s", "");
	errno = 0;
	status = failure_of(self->cls->setup(self)); /*@ -> self.setup */
	if (status != 0) {
		name_the_failure(self, "setup");
		free(self); /* Python: setup is outside the try, so no finish */
		return status;
	}
	status = failure_of(self->cls->handle(self)); /*@ -> self.handle */
	if (status != 0)
		name_the_failure(self, "handle");
	snprintf(handle_message, sizeof handle_message, "%s", ss_error());
	ss_set_error("%s", "");
	/* finish runs whether or not handle failed (Python's try/finally). */
	finished = failure_of(self->cls->finish(self)); /*@ -> self.finish [always] */
	if (finished != 0) {
		name_the_failure(self, "finish");
		/* Both failed: Python raises finish's exception, with handle's
		 * chained to it; we return finish's kind and name both. */
		if (status != 0) {
			char finish_error[256];
			snprintf(finish_error, sizeof finish_error, "%s", ss_error());
			ss_set_error("%s; then, in finish: %s", handle_message, finish_error);
		}
		status = finished;
	} else {
		ss_set_error("%s", handle_message);
	}
	free(self);
	return status;
}
/*@end handler-run */
