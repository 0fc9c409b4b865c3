/*
 * resource.h - files compiled into the binary: templates, static files,
 * translation catalogues (.mo) and database migrations.
 *
 * scripts/embed.py generates the table at build time, so the installed
 * program is one file with nothing to find on disk.
 */
#ifndef RAVELIN_RESOURCE_H
#define RAVELIN_RESOURCE_H

#include <stddef.h>

struct resource {
	const char *path;            /* e.g. "templates/layout.html", "po/nl.mo" */
	const unsigned char *data;   /* NUL-terminated for convenience */
	size_t size;                 /* without the NUL */
};

extern const struct resource resources[];
extern const size_t resource_count;

/* Returns the resource with exactly this path, or NULL. */
const struct resource *resource_find(const char *path);

#endif
