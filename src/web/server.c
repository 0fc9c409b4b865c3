/*
 * server.c - the HTTP server: libmicrohttpd in, answers out.
 *
 * libmicrohttpd calls on_request several times per request: once when the
 * headers are in, once per piece of body, and a last time with no data.
 * The answer is queued only on a later call, never the first: queueing on
 * the first call makes libmicrohttpd 0.9.75 close the connection after the
 * answer, which costs two thirds of the throughput.
 *
 * Each worker thread has its own database connection (struct store is one
 * connection); the server keeps no other state, so several instances can
 * serve the same database.
 */
#include "web/server.h"

#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/secret.h"
#include "kb/kb.h"
#include "web/handlers.h"
#include "web/respond.h"
#include "web/router.h"
#include "web/routes.h"

/* One request's state between libmicrohttpd's calls. */
struct exchange {
	char *raw_uri;           /* as sent, path and query */
	struct buf body;
	bool started;            /* headers seen; the next call may answer */
	bool too_large;
};

/* ---- a database connection per worker thread ---------------------------- */

static const char *server_data_dir;
static pthread_mutex_t stores_lock = PTHREAD_MUTEX_INITIALIZER;
static struct store *stores[256];
static size_t store_count;
static _Thread_local struct store *thread_store;

static struct store *worker_store(void)
{
	if (thread_store)
		return thread_store;
	if (store_open(server_data_dir, &thread_store) != STORE_OK)
		return NULL;
	pthread_mutex_lock(&stores_lock);
	if (store_count < sizeof stores / sizeof stores[0])
		stores[store_count++] = thread_store;
	pthread_mutex_unlock(&stores_lock);
	return thread_store;
}

static void close_stores(void)
{
	for (size_t i = 0; i < store_count; i++)
		store_close(stores[i]);
	store_count = 0;
}

/* ---- headers every answer carries ---------------------------------------- */

static const char *const security_headers[][2] = {
	{"Content-Security-Policy", "default-src 'self'; script-src 'self'; "
	 "style-src 'self'; img-src 'self' data:; object-src 'none'; "
	 "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "same-origin"},
	{"X-Frame-Options", "DENY"},
	{"Cross-Origin-Opener-Policy", "same-origin"},
};

static void add_headers(struct MHD_Response *response, const struct reply *a)
{
	for (size_t i = 0; i < sizeof security_headers / sizeof security_headers[0]; i++)
		MHD_add_response_header(response, security_headers[i][0],
		                        security_headers[i][1]);
	MHD_add_response_header(response, "Content-Type", a->content_type);
	MHD_add_response_header(response, "Cache-Control",
	                        a->cacheable ? "public, max-age=86400" : "no-store");
	/* Extra headers: "Name: value\n" lines. */
	char *lines = a->headers.data;
	for (char *save, *line = lines ? strtok_r(lines, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *colon = strchr(line, ':');
		if (!colon)
			continue;
		*colon = '\0';
		MHD_add_response_header(response, line, colon + 2);
	}
}

/* ---- the request cycle ---------------------------------------------------- */

static const char *header(struct MHD_Connection *c, const char *name)
{
	return MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
}

static void client_address(struct MHD_Connection *c, char *out, size_t len)
{
	const union MHD_ConnectionInfo *info =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	out[0] = '\0';
	if (!info || !info->client_addr)
		return;
	const struct sockaddr *sa = info->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, len);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, len);
}

static void request_free(struct request *req)
{
	free((char *)req->path);
	params_free(&req->query);
	params_free(&req->body);
	user_free(&req->user);
	if (req->memberships_loaded)
		store_memberships_free(req->memberships, req->membership_count);
	json_decref(req->data);
	free(req->location);
	buf_free(&req->headers);
}

static enum MHD_Result answer(struct MHD_Connection *connection,
                              struct exchange *ex, const char *method)
{
	char address[INET6_ADDRSTRLEN];
	client_address(connection, address, sizeof address);
	struct request req = {0};
	req.client_address = address;
	req.now = (int64_t)time(NULL);
	req.data = json_object();
	req.headers_in = (struct request_headers){
		.cookie = header(connection, MHD_HTTP_HEADER_COOKIE),
		.accept = header(connection, MHD_HTTP_HEADER_ACCEPT),
		.accept_language = header(connection, MHD_HTTP_HEADER_ACCEPT_LANGUAGE),
		.authorization = header(connection, MHD_HTTP_HEADER_AUTHORIZATION),
		.content_type = header(connection, MHD_HTTP_HEADER_CONTENT_TYPE),
		.user_agent = header(connection, MHD_HTTP_HEADER_USER_AGENT),
		.csrf = header(connection, "X-CSRF-Token"),
	};
	req.store = worker_store();
	if (!req.store) {
		req.lang = i18n_catalog("en");
		req.lang_code = "en";
		req.path = strdup("/");
		fail(&req, 500, NULL);
	}
	/* A page that only reads sees one snapshot, under one read lock. */
	bool read_view = req.store && (strcmp(method, "GET") == 0 ||
	                               strcmp(method, "HEAD") == 0) &&
	                 store_read_begin(req.store) == STORE_OK;
	if (req.store)
		router_dispatch(&req, method, ex->raw_uri ? ex->raw_uri : "/",
		                ex->body.data, ex->body.len, ex->too_large);

	struct reply a = {0};
	respond_build(&req, &a);
	if (read_view)
		store_read_end(req.store);
	struct MHD_Response *response = MHD_create_response_from_buffer(
		a.body_len, a.body,
		a.body_static ? MHD_RESPMEM_PERSISTENT : MHD_RESPMEM_MUST_FREE);
	add_headers(response, &a);
	enum MHD_Result rc = MHD_queue_response(connection, (unsigned)a.status, response);
	MHD_destroy_response(response);
	buf_free(&a.headers);
	request_free(&req);
	return rc;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *connection,
                                  const char *url, const char *method,
                                  const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **state)
{
	(void)cls, (void)url, (void)version;
	struct exchange *ex = *state;
	if (!ex)
		return MHD_NO;   /* out of memory when the request arrived */
	if (!ex->started) {
		ex->started = true;
		const char *length = header(connection, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (length && strtoull(length, NULL, 10) > REQUEST_BODY_MAX)
			ex->too_large = true;
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (ex->body.len + *upload_data_size > REQUEST_BODY_MAX)
			ex->too_large = true;
		if (!ex->too_large)
			buf_append(&ex->body, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	return answer(connection, ex, method);
}

/* Called first for every request, with the target exactly as sent: the
 * router decodes it itself (and refuses what does not decode cleanly). */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *connection)
{
	(void)cls, (void)connection;
	struct exchange *ex = calloc(1, sizeof *ex);
	if (ex)
		ex->raw_uri = strdup(uri);
	return ex;
}

static void on_completed(void *cls, struct MHD_Connection *connection, void **state,
                         enum MHD_RequestTerminationCode code)
{
	(void)cls, (void)connection, (void)code;
	struct exchange *ex = *state;
	if (!ex)
		return;
	free(ex->raw_uri);
	buf_free(&ex->body);
	free(ex);
	*state = NULL;
}

/* libmicrohttpd decodes the path before calling on_request; the router
 * works from the raw target instead, so this leaves text as it is. */
static size_t keep_escaped(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls, (void)c;
	return strlen(s);
}

/* ---- start and stop ---------------------------------------------------------- */

static int parse_address(const char *text, unsigned short port,
                         struct sockaddr_storage *out, socklen_t *len)
{
	memset(out, 0, sizeof *out);
	struct sockaddr_in *v4 = (struct sockaddr_in *)out;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)out;
	if (inet_pton(AF_INET, text, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons(port);
		*len = sizeof *v4;
		return AF_INET;
	}
	if (inet_pton(AF_INET6, text, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons(port);
		*len = sizeof *v6;
		return AF_INET6;
	}
	return -1;
}

/* Loads what every request needs, once. */
static int load_resources(void)
{
	char err[256];
	if (secret_init() != 0) {
		fprintf(stderr, "ravelin: libsodium could not start\n");
		return -1;
	}
	if (i18n_init() != 0) {
		fprintf(stderr, "ravelin: a translation catalogue is damaged\n");
		return -1;
	}
	if (kb_load(err, sizeof err) != 0 || baseline_web_init(err, sizeof err) != 0 ||
	    what_if_web_init(err, sizeof err) != 0) {
		fprintf(stderr, "ravelin: knowledge base: %s\n", err);
		return -1;
	}
	respond_templates = template_set_load_embedded(err, sizeof err);
	if (!respond_templates) {
		fprintf(stderr, "ravelin: template error: %s\n", err);
		return -1;
	}
	router_init();
	respond_init();
	return 0;
}

int web_serve(const struct serve_options *options)
{
	if (load_resources() != 0)
		return 1;
	server_data_dir = options->data_dir;
	/* Open the database once here: migrations run before the first
	 * request, and a bad data folder stops the start with a clear word. */
	struct store *first;
	if (store_open(options->data_dir, &first) != STORE_OK) {
		fprintf(stderr, "ravelin: cannot open the database in %s\n", options->data_dir);
		return 1;
	}
	store_close(first);

	struct sockaddr_storage addr;
	socklen_t addr_len;
	int family = parse_address(options->address, options->port, &addr, &addr_len);
	if (family < 0) {
		fprintf(stderr, "ravelin: not an IP address: %s\n", options->address);
		return 1;
	}
	unsigned threads = options->threads;
	if (threads == 0) {
		/* Four per core: a worker waiting on a socket or a database
		 * lock leaves its core to another. Measured with
		 * bench/dashboard.sh on 2 cores: 2 workers ~16,500 pages/s,
		 * 4 ~17,500, 8 ~20,000, 16 ~21,000. */
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		threads = cores > 0 ? 4 * (unsigned)cores : 4;
		if (threads > 64)
			threads = 64;
	}
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	                 MHD_USE_ERROR_LOG;
	if (family == AF_INET6)
		flags |= MHD_USE_IPv6;
	sigset_t stop_signals;
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGINT);
	sigaddset(&stop_signals, SIGTERM);
	/* Worker threads inherit the mask: only this thread takes the signals. */
	pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);

	struct MHD_Daemon *daemon = MHD_start_daemon(
		flags, options->port, NULL, NULL, on_request, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
		/* libmicrohttpd warns about a pool of one: then its one
		 * polling thread serves alone. */
		MHD_OPTION_THREAD_POOL_SIZE, threads > 1 ? threads : 0u,
		MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_UNESCAPE_CALLBACK, keep_escaped, NULL,
		MHD_OPTION_CONNECTION_TIMEOUT, 30u,
		/* Each connection's memory pool is cleared between requests:
		 * 16 KiB holds any request Ravelin accepts (the body is copied
		 * out as it arrives) and costs half the default's clearing. */
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(16 * 1024),
		MHD_OPTION_END);
	if (!daemon) {
		fprintf(stderr, "ravelin: cannot listen on %s port %u: %s\n",
		        options->address, options->port, strerror(errno));
		return 1;
	}
	if (family == AF_INET6)
		printf("listening on http://[%s]:%u\n", options->address, options->port);
	else
		printf("listening on http://%s:%u\n", options->address, options->port);
	fflush(stdout);

	int signal_number;
	sigwait(&stop_signals, &signal_number);
	MHD_stop_daemon(daemon);
	close_stores();
	template_set_free((struct template_set *)respond_templates);
	respond_free();
	return 0;
}

void web_routes_print(FILE *out)
{
	for (size_t i = 0; i < route_count; i++)
		fprintf(out, "%-4s %-32s %s\n", routes[i].method == HTTP_GET ? "GET" : "POST",
		        routes[i].pattern, access_name(routes[i].access));
}
