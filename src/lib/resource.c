/*
 * resource.c - lookup in the table of embedded files (see resource.h).
 */
#include "lib/resource.h"

#include <stdlib.h>
#include <string.h>

static int resource_compare(const void *key, const void *element)
{
	const struct resource *r = element;
	return strcmp(key, r->path);
}

const struct resource *resource_find(const char *path)
{
	/* embed.py writes the table sorted by path. */
	return bsearch(path, resources, resource_count, sizeof resources[0],
	               resource_compare);
}
