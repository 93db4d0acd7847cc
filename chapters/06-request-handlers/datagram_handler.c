/* datagram_handler.c — DatagramRequestHandler: rfile reads the packet, wfile
 * collects the reply, finish sends it in one datagram. Python's class
 * (Lib/socketserver.py, class DatagramRequestHandler). */
#include "request_handlers.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

const ss_datagram_handler_attributes ss_datagram_handler_defaults = {
	.max_reply = SS_DEFAULT_MAX_REPLY,
	.max_line = SS_DEFAULT_MAX_LINE,
};

/*@region datagram-setup */
static int
datagram_setup(ss_handler *self)
{
	SS_TRACE("DatagramRequestHandler", "setup");
	ss_datagram_handler *h = ss_datagram_handler_of(self);

	h->attributes = *(const ss_datagram_handler_attributes *)self->cls->attributes;
	/* self.packet, self.socket = self.request */
	h->socket = self->request->fd;
	/* self.rfile = BytesIO(self.packet); self.wfile = BytesIO() */
	ss_rfile_open_memory(&h->rfile, self->request->packet, self->request->packet_size);
	h->rfile.max_line = h->attributes.max_line;
	ss_wfile_open_memory(&h->wfile, h->attributes.max_reply);
	return 0;
}
/*@end datagram-setup */

/* An unbound AF_UNIX client sends from no address at all: recvfrom gives
 * only the family, or nothing. Python's sendto then raises TypeError. */
static bool
can_be_answered(const ss_address *client)
{
	if (client->length == 0)
		return false;
	if (ss_address_family(client) == AF_UNIX)
		return client->length > offsetof(struct sockaddr_un, sun_path);
	return true;
}

/*@region datagram-finish */
/* Python: self.socket.sendto(self.wfile.getvalue(), self.client_address),
 * always — an empty datagram when handle wrote nothing, a partial reply when
 * handle failed half-way. We keep that: a client waiting in recvfrom gets an
 * answer either way, and an empty one means "nothing to say". */
static int
datagram_finish(ss_handler *self)
{
	SS_TRACE("DatagramRequestHandler", "finish");
	ss_datagram_handler *h = ss_datagram_handler_of(self);
	const ss_address *to = &self->client_address;
	int status = 0;

	if (!can_be_answered(to)) {
		ss_set_error("cannot answer: the client's socket has no address (an unbound Unix "
		             "datagram socket)");
		errno = EDESTADDRREQ;
		status = -1;
	} else {
		ssize_t sent;
		do
			sent = sendto(h->socket, h->wfile.buffer, h->wfile.used, MSG_NOSIGNAL,
			              (const struct sockaddr *)&to->storage, to->length);
		while (sent == -1 && ss_retry_interrupted(errno));
		if (sent == -1) {
			char address[SS_ADDRESS_TEXT_MAX];
			int saved_errno = errno;
			ss_set_error("cannot send the reply to %s: %s",
			             ss_address_format(to, address, sizeof address), strerror(saved_errno));
			errno = saved_errno;
			status = -1;
		}
	}
	ss_wfile_close(&h->wfile);
	ss_rfile_close(&h->rfile);
	return status;
}
/*@end datagram-finish */

/*@region datagram-class */
const ss_handler_class ss_datagram_request_handler = {
	.name = "DatagramRequestHandler",
	.base = &ss_base_request_handler,
	.instance_size = sizeof(ss_datagram_handler),
	.attributes = &ss_datagram_handler_defaults,
	.setup = datagram_setup,
	.finish = datagram_finish,
};
/*@end datagram-class */
