/* loadgen — chapter 8's load generator: closed-loop line-echo clients on loopback.
 *
 *   loadgen --connect ADDRESS [--persistent[=N] | --short] [--connections N]
 *           [--payload BYTES] [--duration S] [--warmup S] [--threads T]
 *           [--server-pid PID]
 *
 * Each of N clients sends one line (BYTES bytes, the last one '\n'), waits
 * for the whole reply, checks it byte for byte against what it sent — an
 * echo server returns exactly the line — and only then sends the next: a
 * closed loop, so the rate measured is the rate the server sustains, not a
 * rate we impose. --persistent keeps a connection for N requests (no N: for
 * the whole run); --short opens a connection per request, Stevens' workload:
 * connect, send the line, read the reply, close.
 *
 * Why one epoll loop and not a thread per client: the client gets one core
 * of two (the driver pins the server to the other). 128 client threads on
 * one core would spend that core switching between themselves, and the
 * client, not the server, would set the rate. One loop multiplexing all
 * connections does the least work per request; --threads T splits the
 * connections over T such loops for machines with cores to spare.
 *
 * It runs for warm-up + duration seconds and stops by itself, whatever the
 * server does. Requests completed during the warm-up are not counted.
 * Latencies go into a log-linear histogram (32 steps per power of two, so
 * a percentile is within about 3%) rather than a sorted array.
 *
 * Output on stdout: one line for a person, then one line for a program:
 *   loadgen-result mode=persistent connections=16 ... rps=... p50_us=...
 * connect_errors: connects that failed (retried after 10 ms); mismatches:
 * replies that differ from the request (or carry extra bytes); disconnects:
 * connections that ended before their reply was complete; starved: clients
 * that got no complete reply in the whole run (warm-up included).
 * With --server-pid, server_cpu_us_per_request: the server's user+system
 * CPU (its process and its live and reaped children, from /proc) over the
 * measured seconds, divided by the requests: Stevens' metric.
 *
 * Exit status: 0; 1 when any reply was wrong or cut short; 2 bad arguments.
 * Only loopback addresses (127.0.0.0/8, ::1) are accepted: a load generator
 * must never be pointed at someone else's machine.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "net.h"
#include "program.h"

static const char usage[] =
	"usage: loadgen --connect ADDRESS [--persistent[=N] | --short] [--connections N]\n"
	"               [--payload BYTES] [--duration S] [--warmup S] [--threads T]\n"
	"               [--server-pid PID]\n"
	"  --connect ADDRESS   a loopback line-echo server: 127.x.x.x:port or [::1]:port\n"
	"  --persistent[=N]    N requests per connection (default: the whole run)\n"
	"  --short             one connection per request\n"
	"  --connections N     simultaneous clients (default 16)\n"
	"  --payload BYTES     the line's length, newline included (default 64)\n"
	"  --duration S        seconds measured (default 2)\n"
	"  --warmup S          seconds run first and not counted (default 0.5)\n"
	"  --threads T         event loops sharing the clients (default 1)\n"
	"  --server-pid PID    also measure that process tree's CPU per request\n";

enum { MAX_CONNECTIONS = 20000, MAX_PAYLOAD = 1 << 20, MAX_THREADS = 64 };
static const uint64_t RETRY_AFTER_NS = 10 * 1000 * 1000; /* after a failed connect */

struct options {
	ss_address server;
	bool short_connections;
	uint64_t per_connection; /* requests per connection; 0: no limit */
	int connections;
	size_t payload;
	double duration, warmup;
	int threads;
	long server_pid; /* 0: none */
};

/* ---------------------------------------------------------------- time */

static uint64_t
now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static void
sleep_until(uint64_t deadline)
{
	struct timespec t = {.tv_sec = (time_t)(deadline / 1000000000u),
	                     .tv_nsec = (long)(deadline % 1000000000u)};
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL) == EINTR)
		;
}

/* ---------------------------------------------------------------- histogram */

/* Values below 2*SUB are their own bucket; above, each power of two is cut
 * into SUB equal steps: bucket = e*SUB + (v >> e), e = log2(v) - SUB_BITS. */
#define SUB_BITS 5
#define SUB (1u << SUB_BITS)
#define BUCKETS ((64 - SUB_BITS) * SUB)

typedef struct histogram {
	uint64_t count[BUCKETS];
	uint64_t total;
	uint64_t max;
} histogram;

static unsigned
bucket_of(uint64_t v)
{
	if (v < 2 * SUB)
		return (unsigned)v;
	unsigned e = (unsigned)(63 - __builtin_clzll(v)) - SUB_BITS;
	return e * SUB + (unsigned)(v >> e);
}

/* The largest value that falls into bucket b. */
static uint64_t
bucket_top(unsigned b)
{
	if (b < 2 * SUB)
		return b;
	unsigned e = b / SUB - 1, m = b - e * SUB;
	return (((uint64_t)m + 1) << e) - 1;
}

static void
histogram_add(histogram *h, uint64_t v)
{
	h->count[bucket_of(v)]++;
	h->total++;
	if (v > h->max)
		h->max = v;
}

static void
histogram_merge(histogram *into, const histogram *from)
{
	for (unsigned b = 0; b < BUCKETS; b++)
		into->count[b] += from->count[b];
	into->total += from->total;
	if (from->max > into->max)
		into->max = from->max;
}

/* The value below which a fraction q of the samples lie (bucket's top). */
static uint64_t
histogram_quantile(const histogram *h, double q)
{
	if (h->total == 0)
		return 0;
	double exact = q * (double)h->total;
	uint64_t rank = (uint64_t)exact, seen = 0;
	if ((double)rank < exact)
		rank++; /* the smallest rank covering a fraction q */
	if (rank == 0)
		rank = 1;
	for (unsigned b = 0; b < BUCKETS; b++) {
		seen += h->count[b];
		if (seen >= rank)
			return bucket_top(b) < h->max ? bucket_top(b) : h->max;
	}
	return h->max;
}

/* ---------------------------------------------------------------- clients */

enum phase { WAITING_TO_RETRY, CONNECTING, SENDING, RECEIVING };

typedef struct client {
	int id;
	int fd;
	uint32_t watching;      /* the epoll events it is registered for; 0: none */
	enum phase phase;
	uint64_t retry_at;
	char *request;          /* the line in flight, payload bytes */
	size_t sent, received;  /* of the request / of its reply */
	uint64_t started;       /* when this request began (its connect, in --short) */
	uint64_t sequence;      /* requests begun by this client */
	uint64_t on_connection; /* requests completed on the current connection */
	uint64_t completed;     /* requests completed in the whole run */
} client;

typedef struct worker {
	pthread_t thread;
	const struct options *options;
	client *clients;
	int count;
	uint64_t warm_end, end;
	int epoll_fd;
	int retrying;  /* clients WAITING_TO_RETRY */
	uint64_t sources; /* connections bound so far, see bind_next_source */
	char *scratch; /* receive buffer, payload + 1 bytes */
	/* results */
	histogram latency;
	uint64_t measured, connects, connect_errors, mismatches, disconnects;
	char first_error[200];
} worker;

static void
note_error(worker *w, const client *c, const char *format, ...)
	__attribute__((format(printf, 3, 4)));

static void
note_error(worker *w, const client *c, const char *format, ...)
{
	if (w->first_error[0] != '\0')
		return;
	int n = snprintf(w->first_error, sizeof w->first_error, "client %d, request %" PRIu64 ": ",
	                 c->id, c->sequence);
	va_list args;
	va_start(args, format);
	vsnprintf(w->first_error + n, sizeof w->first_error - (size_t)n, format, args);
	va_end(args);
}

/* Write the next request: a fixed-width hex header (client, sequence) so no
 * two lines are alike — a stale or misrouted reply cannot pass the check —
 * then filler, then '\n'. */
static void
make_request(const struct options *o, client *c)
{
	static const char hex[] = "0123456789abcdef";
	char header[24];
	uint64_t fields[2] = {(uint64_t)c->id, c->sequence};
	for (int f = 0; f < 2; f++)
		for (int i = 0; i < 12; i++)
			header[f * 12 + i] = hex[(fields[f] >> (4 * (11 - i))) & 15];
	size_t body = o->payload - 1, n = body < sizeof header ? body : sizeof header;
	memcpy(c->request, header, n);
	c->request[o->payload - 1] = '\n';
	c->sent = c->received = 0;
	c->sequence++;
}

/* Wait for events on c's connection (one epoll_ctl, only on a change). */
static void
watch(worker *w, client *c, uint32_t events)
{
	if (c->watching == events)
		return;
	struct epoll_event e = {.events = events, .data.ptr = c};
	epoll_ctl(w->epoll_fd, c->watching ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, c->fd, &e);
	c->watching = events;
}

static void
close_connection(worker *w, client *c)
{
	if (c->fd != -1) {
		if (c->watching)
			epoll_ctl(w->epoll_fd, EPOLL_CTL_DEL, c->fd, NULL);
		c->watching = 0;
		close(c->fd);
		c->fd = -1;
	}
}

static void
retry_later(worker *w, client *c, uint64_t now)
{
	close_connection(w, c);
	c->phase = WAITING_TO_RETRY;
	c->retry_at = now + RETRY_AFTER_NS;
	w->retrying++;
}

static void send_request(worker *w, client *c, uint64_t now);

/* With an IPv4 server, bind each new connection to the next of 1023 source
 * addresses 127.2.x.y (all of 127.0.0.0/8 is this machine). A closed
 * connection stays in TIME_WAIT for a minute, and --short at 10k connections
 * a second from one address fills its 28k ephemeral ports in seconds: perf
 * showed the client spending most of its time in __inet_hash_connect,
 * searching for a free port. Spread over 1023 addresses, the first port
 * tried is nearly always free. */
static void
bind_next_source(worker *w, int fd)
{
	if (w->options->server.storage.ss_family != AF_INET)
		return;
	unsigned n = 1 + (unsigned)(w->sources++ % 1023);
	struct sockaddr_in from = {.sin_family = AF_INET,
	                           .sin_addr.s_addr = htonl(0x7f020000u | n)};
	int one = 1;
	setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
	bind(fd, (struct sockaddr *)&from, sizeof from); /* if it fails, connect picks one */
}

/* Open a connection and, once it is up, send the request already made. */
static void
start_connection(worker *w, client *c, uint64_t now)
{
	const ss_address *to = &w->options->server;
	c->fd = socket(ss_address_family(to), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd == -1) {
		w->connect_errors++;
		retry_later(w, c, now);
		return;
	}
	int one = 1;
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	bind_next_source(w, c->fd);
	c->on_connection = 0;
	w->connects++;
	if (connect(c->fd, (const struct sockaddr *)&to->storage, to->length) == 0) {
		send_request(w, c, now);
	} else if (errno == EINPROGRESS) {
		c->phase = CONNECTING;
		watch(w, c, EPOLLOUT);
	} else {
		w->connect_errors++;
		retry_later(w, c, now);
	}
}

static void
begin_request(worker *w, client *c, uint64_t now)
{
	make_request(w->options, c);
	c->started = now;
	if (c->fd == -1)
		start_connection(w, c, now);
	else
		send_request(w, c, now);
}

static void
send_request(worker *w, client *c, uint64_t now)
{
	ssize_t n = send(c->fd, c->request + c->sent, w->options->payload - c->sent, MSG_NOSIGNAL);
	if (n > 0)
		c->sent += (size_t)n;
	else if (n == -1 && errno != EAGAIN) {
		w->disconnects++;
		note_error(w, c, "send failed: %s", strerror(errno));
		retry_later(w, c, now);
		return;
	}
	c->phase = c->sent == w->options->payload ? RECEIVING : SENDING;
	watch(w, c, c->phase == RECEIVING ? EPOLLIN : EPOLLOUT);
}

/* The whole reply has come and matched: count it, then the next request. */
static void
complete_request(worker *w, client *c, uint64_t now)
{
	c->completed++;
	if (now >= w->warm_end && now < w->end) {
		w->measured++;
		histogram_add(&w->latency, now - c->started);
	}
	c->on_connection++;
	const struct options *o = w->options;
	if (o->short_connections || (o->per_connection != 0 && c->on_connection >= o->per_connection))
		close_connection(w, c);
	if (now < w->end) /* the run is over: begin nothing new */
		begin_request(w, c, now);
}

static void
receive_reply(worker *w, client *c, uint64_t now)
{
	size_t want = w->options->payload - c->received;
	/* Ask for one byte more than is due: an echo that sends extra is wrong. */
	ssize_t n = recv(c->fd, w->scratch, want + 1, 0);
	if (n == -1 && errno == EAGAIN)
		return;
	if (n <= 0) {
		w->disconnects++;
		note_error(w, c, "connection %s after %zu of %zu reply bytes",
		           n == 0 ? "closed" : strerror(errno), c->received, w->options->payload);
		retry_later(w, c, now);
		return;
	}
	size_t got = (size_t)n;
	if (got > want || memcmp(w->scratch, c->request + c->received, got) != 0) {
		size_t at = 0;
		while (at < got && at < want && w->scratch[at] == c->request[c->received + at])
			at++;
		w->mismatches++;
		if (at < want)
			note_error(w, c, "reply differs at byte %zu: sent 0x%02x, got 0x%02x", c->received + at,
			           (unsigned char)c->request[c->received + at], (unsigned char)w->scratch[at]);
		else
			note_error(w, c, "reply is longer than the %zu bytes sent", w->options->payload);
		retry_later(w, c, now);
		return;
	}
	c->received += got;
	if (c->received == w->options->payload)
		complete_request(w, c, now);
}


static void
on_event(worker *w, client *c, uint32_t events, uint64_t now)
{
	if (c->phase == CONNECTING) {
		int error = 0;
		socklen_t length = sizeof error;
		getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &error, &length);
		if (error != 0) {
			w->connect_errors++;
			retry_later(w, c, now);
			return;
		}
		send_request(w, c, now);
	} else if (c->phase == SENDING) {
		send_request(w, c, now);
	} else if (c->phase == RECEIVING) {
		if (events & (EPOLLIN | EPOLLERR | EPOLLHUP))
			receive_reply(w, c, now);
	}
}

static void *
run_worker(void *argument)
{
	worker *w = argument;
	struct epoll_event events[256];
	uint64_t now = now_ns();

	for (int i = 0; i < w->count; i++)
		begin_request(w, &w->clients[i], now);
	while ((now = now_ns()) < w->end) {
		uint64_t wake = w->end;
		int waiting = w->retrying;
		w->retrying = 0; /* recounted: those that fail again add themselves */
		for (int i = 0; waiting > 0 && i < w->count; i++) {
			client *c = &w->clients[i];
			if (c->phase != WAITING_TO_RETRY)
				continue;
			if (c->retry_at <= now) {
				begin_request(w, c, now);
			} else {
				w->retrying++;
				if (c->retry_at < wake)
					wake = c->retry_at;
			}
		}
		int timeout_ms = (int)((wake - now + 999999) / 1000000);
		int n = epoll_wait(w->epoll_fd, events, 256, timeout_ms);
		now = now_ns();
		for (int i = 0; i < n; i++)
			on_event(w, events[i].data.ptr, events[i].events, now);
	}
	for (int i = 0; i < w->count; i++)
		close_connection(w, &w->clients[i]);
	return NULL;
}

/* ---------------------------------------------------------------- CPU of a process tree */

/* utime+stime+cutime+cstime (fields 14-17 of /proc/PID/stat), in clock ticks,
 * and the parent's pid (field 4). -1 if the process is gone. */
static long long
stat_ticks(const char *path, long *parent, bool with_children)
{
	char text[1024];
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return -1;
	size_t n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[n] = '\0';
	const char *p = strrchr(text, ')'); /* the command name may hold spaces */
	if (p == NULL)
		return -1;
	long long field[18] = {0};
	int i = 3;
	for (p++; *p != '\0' && i < 18; i++) {
		while (*p == ' ')
			p++;
		if (i == 3) { /* field 3, the state, is a letter */
			while (*p != '\0' && *p != ' ')
				p++;
			continue;
		}
		char *after;
		field[i] = strtoll(p, &after, 10);
		p = after;
	}
	*parent = (long)field[4];
	return field[14] + field[15] + (with_children ? field[16] + field[17] : 0);
}

/* The CPU the server and its children have used, in microseconds: its own
 * (all its threads), that of children it has reaped, and that of children
 * still alive (the forking servers' workers). -1 if it is gone. */
static double
process_tree_cpu_us(long pid)
{
	char path[64];
	long parent;
	snprintf(path, sizeof path, "/proc/%ld/stat", pid);
	long long ticks = stat_ticks(path, &parent, true);
	if (ticks < 0)
		return -1;
	DIR *proc = opendir("/proc");
	struct dirent *entry;
	while (proc != NULL && (entry = readdir(proc)) != NULL) {
		if (!isdigit((unsigned char)entry->d_name[0]))
			continue;
		snprintf(path, sizeof path, "/proc/%.20s/stat", entry->d_name);
		long long child = stat_ticks(path, &parent, false);
		if (child > 0 && parent == pid)
			ticks += child;
	}
	if (proc != NULL)
		closedir(proc);
	return (double)ticks * 1e6 / (double)sysconf(_SC_CLK_TCK);
}

static double
own_cpu_us(void)
{
	struct rusage u;
	getrusage(RUSAGE_SELF, &u);
	return (double)(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e6 +
	       (double)(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

/* ---------------------------------------------------------------- arguments */

static bool
is_loopback(const ss_address *a)
{
	if (a->storage.ss_family == AF_INET) {
		const struct sockaddr_in *v4 = (const struct sockaddr_in *)&a->storage;
		return (ntohl(v4->sin_addr.s_addr) >> 24) == 127;
	}
	if (a->storage.ss_family == AF_INET6) {
		const struct in6_addr *v6 = &((const struct sockaddr_in6 *)&a->storage)->sin6_addr;
		return IN6_IS_ADDR_LOOPBACK(v6) || (IN6_IS_ADDR_V4MAPPED(v6) && v6->s6_addr[12] == 127);
	}
	return false;
}

static double
parse_seconds(const char *text, const char *what)
{
	char *end;
	double value = strtod(text, &end);
	if (*text == '\0' || *end != '\0' || !(value >= 0) || value > 3600) {
		fprintf(stderr, "loadgen: %s: '%s' is not a number of seconds (0 to 3600)\n", what, text);
		ss_usage_exit(usage);
	}
	return value;
}

static long
parse_count(const char *text, const char *what, long low, long high)
{
	char *end;
	long value = strtol(text, &end, 10);
	if (*text == '\0' || *end != '\0' || value < low || value > high) {
		fprintf(stderr, "loadgen: %s: '%s' is not a number from %ld to %ld\n", what, text, low, high);
		ss_usage_exit(usage);
	}
	return value;
}

static void
parse_arguments(int argc, char **argv, struct options *o)
{
	static const struct option options[] = {
		{"connect", required_argument, NULL, 'c'},
		{"persistent", optional_argument, NULL, 'p'},
		{"short", no_argument, NULL, 's'},
		{"connections", required_argument, NULL, 'n'},
		{"payload", required_argument, NULL, 'b'},
		{"duration", required_argument, NULL, 'd'},
		{"warmup", required_argument, NULL, 'w'},
		{"threads", required_argument, NULL, 't'},
		{"server-pid", required_argument, NULL, 'P'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *address = NULL;
	int option, modes = 0;

	*o = (struct options){.connections = 16, .payload = 64, .duration = 2, .warmup = 0.5, .threads = 1};
	while ((option = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (option) {
		case 'c': address = optarg; break;
		case 'p':
			modes++;
			if (optarg != NULL)
				o->per_connection = (uint64_t)parse_count(optarg, "--persistent", 0, 1L << 40);
			break;
		case 's': modes++; o->short_connections = true; break;
		case 'n': o->connections = (int)parse_count(optarg, "--connections", 1, MAX_CONNECTIONS); break;
		case 'b': o->payload = (size_t)parse_count(optarg, "--payload", 1, MAX_PAYLOAD); break;
		case 'd': o->duration = parse_seconds(optarg, "--duration"); break;
		case 'w': o->warmup = parse_seconds(optarg, "--warmup"); break;
		case 't': o->threads = (int)parse_count(optarg, "--threads", 1, MAX_THREADS); break;
		case 'P': o->server_pid = parse_count(optarg, "--server-pid", 1, 1L << 30); break;
		case 'h': fputs(usage, stdout); exit(SS_EXIT_OK);
		default: ss_usage_exit(usage);
		}
	}
	if (address == NULL || optind != argc || modes > 1)
		ss_usage_exit(usage);
	if (ss_address_parse(address, &o->server) == -1) {
		fprintf(stderr, "loadgen: %s\n", ss_error());
		ss_usage_exit(usage);
	}
	if (!is_loopback(&o->server)) {
		fprintf(stderr, "loadgen: %s is not a loopback address; only 127.0.0.0/8 and ::1 are allowed\n",
		        address);
		exit(SS_EXIT_USAGE);
	}
	if (o->threads > o->connections)
		o->threads = o->connections;
}

/* Enough fds for every client (and a few more), if the hard limit allows. */
static void
raise_fd_limit(int connections)
{
	struct rlimit limit;
	rlim_t want = (rlim_t)connections + 64;
	if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < want) {
		limit.rlim_cur = want < limit.rlim_max ? want : limit.rlim_max;
		setrlimit(RLIMIT_NOFILE, &limit);
	}
}

/* ---------------------------------------------------------------- main */

int
main(int argc, char **argv)
{
	struct options o;
	parse_arguments(argc, argv, &o);
	raise_fd_limit(o.connections);

	client *clients = calloc((size_t)o.connections, sizeof *clients);
	char *requests = malloc((size_t)o.connections * o.payload);
	worker *workers = calloc((size_t)o.threads, sizeof *workers);
	if (clients == NULL || requests == NULL || workers == NULL) {
		fprintf(stderr, "loadgen: out of memory\n");
		return SS_EXIT_FAILURE;
	}
	for (int i = 0; i < o.connections; i++) {
		clients[i] = (client){.id = i, .fd = -1, .phase = WAITING_TO_RETRY,
		                      .request = requests + (size_t)i * o.payload};
		memset(clients[i].request, 'a' + i % 26, o.payload);
	}

	uint64_t start = now_ns();
	uint64_t warm_end = start + (uint64_t)(o.warmup * 1e9);
	uint64_t end = warm_end + (uint64_t)(o.duration * 1e9);
	int first = 0;
	for (int t = 0; t < o.threads; t++) {
		worker *w = &workers[t];
		int count = o.connections / o.threads + (t < o.connections % o.threads);
		*w = (worker){.options = &o, .clients = clients + first, .count = count,
		              .warm_end = warm_end, .end = end,
		              .epoll_fd = epoll_create1(EPOLL_CLOEXEC), .scratch = malloc(o.payload + 1)};
		first += count;
		if (w->epoll_fd == -1 || w->scratch == NULL ||
		    (errno = pthread_create(&w->thread, NULL, run_worker, w)) != 0) {
			fprintf(stderr, "loadgen: cannot start a client loop: %s\n", strerror(errno));
			return SS_EXIT_FAILURE;
		}
	}

	/* The measured window's edges: sample the server's and our own CPU. */
	sleep_until(warm_end);
	double server_cpu0 = o.server_pid ? process_tree_cpu_us(o.server_pid) : -1;
	double own_cpu0 = own_cpu_us();
	sleep_until(end);
	double server_cpu1 = o.server_pid ? process_tree_cpu_us(o.server_pid) : -1;
	double own_cpu1 = own_cpu_us();

	histogram *latency = calloc(1, sizeof *latency);
	uint64_t measured = 0, connects = 0, connect_errors = 0, mismatches = 0, disconnects = 0;
	const char *first_error = NULL;
	for (int t = 0; t < o.threads; t++) {
		worker *w = &workers[t];
		pthread_join(w->thread, NULL);
		histogram_merge(latency, &w->latency);
		measured += w->measured;
		connects += w->connects;
		connect_errors += w->connect_errors;
		mismatches += w->mismatches;
		disconnects += w->disconnects;
		if (first_error == NULL && w->first_error[0] != '\0')
			first_error = w->first_error;
	}
	int starved = 0;
	for (int i = 0; i < o.connections; i++)
		starved += clients[i].completed == 0;

	double seconds = o.duration > 0 ? o.duration : 1e-9;
	double rps = (double)measured / seconds;
	double p50 = (double)histogram_quantile(latency, 0.50) / 1e3;
	double p99 = (double)histogram_quantile(latency, 0.99) / 1e3;
	double p999 = (double)histogram_quantile(latency, 0.999) / 1e3;
	double max = (double)latency->max / 1e3;
	double client_cpu_pct = (own_cpu1 - own_cpu0) / (seconds * 1e4);
	const char *mode = o.short_connections ? "short" : "persistent";

	printf("loadgen: %s, %d connections, %zu-byte lines, %.1f s after %.1f s warm-up: %.0f req/s; "
	       "latency p50 %.1f us, p99 %.1f us, p99.9 %.1f us; %" PRIu64 " connect errors, "
	       "%" PRIu64 " bad replies, %d starved\n",
	       mode, o.connections, o.payload, o.duration, o.warmup, rps, p50, p99, p999, connect_errors,
	       mismatches + disconnects, starved);
	printf("loadgen-result mode=%s connections=%d payload=%zu per_connection=%" PRIu64
	       " duration_s=%.3f warmup_s=%.3f requests=%" PRIu64 " rps=%.1f p50_us=%.1f p99_us=%.1f"
	       " p999_us=%.1f max_us=%.1f connects=%" PRIu64 " connect_errors=%" PRIu64
	       " mismatches=%" PRIu64 " disconnects=%" PRIu64 " starved=%d client_cpu_pct=%.1f",
	       mode, o.connections, o.payload, o.per_connection, o.duration, o.warmup, measured, rps, p50,
	       p99, p999, max, connects, connect_errors, mismatches, disconnects, starved, client_cpu_pct);
	if (server_cpu0 >= 0 && server_cpu1 >= 0)
		printf(" server_cpu_s=%.3f server_cpu_us_per_request=%.2f", (server_cpu1 - server_cpu0) / 1e6,
		       measured ? (server_cpu1 - server_cpu0) / (double)measured : 0.0);
	printf("\n");
	fflush(stdout);
	if (first_error != NULL)
		fprintf(stderr, "loadgen: first bad reply: %s\n", first_error);

	for (int t = 0; t < o.threads; t++) {
		close(workers[t].epoll_fd);
		free(workers[t].scratch);
	}
	free(latency);
	free(workers);
	free(requests);
	free(clients);
	return mismatches + disconnects > 0 ? SS_EXIT_FAILURE : SS_EXIT_OK;
}
