/*
 * server.h - what the command line needs from the web layer.
 */
#ifndef RAVELIN_SERVER_H
#define RAVELIN_SERVER_H

#include <stdio.h>

struct serve_options {
	const char *data_dir;      /* the SQLite database lives here */
	const char *address;       /* e.g. "127.0.0.1" or "::1" */
	unsigned short port;       /* e.g. 8080 */
	unsigned threads;          /* worker threads, 0 = four per core */
};

/* Starts the HTTP server and blocks until SIGINT or SIGTERM, then stops
 * cleanly. Prints "listening on http://ADDR:PORT" to stdout once the socket
 * accepts connections. Returns 0 on a clean stop, 1 when it could not
 * start (the reason printed to stderr). */
int web_serve(const struct serve_options *options);

/* Prints the route table: one line per route, "METHOD PATH ROLE". */
void web_routes_print(FILE *out);

#endif
