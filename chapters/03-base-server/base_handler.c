/* base_handler.c — BaseRequestHandler: setup, handle, finish. */
#include "base_server.h"

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

/*@region handler-run */
int
ss_handler_run(const ss_handler_class *cls, ss_request *request,
               const ss_address *client_address, ss_server *server)
{
	SS_TRACE("BaseRequestHandler", "__init__");
	ss_handler_class methods;
	ss_handler *self;
	int status = 0;
	char first_error[256];

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
	if (self->cls->setup(self) == -1) { /*@ -> self.setup */
		name_the_failure(self, "setup");
		free(self); /* Python: setup is outside the try, so no finish */
		return -1;
	}
	if (self->cls->handle(self) == -1) { /*@ -> self.handle */
		name_the_failure(self, "handle");
		status = -1;
	}
	/* finish runs whether or not handle failed (Python's try/finally); the
	 * first failure is the one reported. */
	snprintf(first_error, sizeof first_error, "%s", ss_error());
	if (self->cls->finish(self) == -1 && status == 0) { /*@ -> self.finish [always] */
		name_the_failure(self, "finish");
		status = -1;
	} else if (status == -1) {
		ss_set_error("%s", first_error);
	}
	free(self);
	return status;
}
/*@end handler-run */
