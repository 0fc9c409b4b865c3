/*
 * assets.c - the asset graph: cycle check and impact flow-down, both by
 * Kahn's topological order (an asset is handled once everything relying
 * on it has been).
 */
#include "core/assets.h"

#include <stdlib.h>
#include <string.h>

/* The edges grouped by their from-asset: first[i]..first[i+1] index into
 * by_from. Returns false on allocation failure or a bad index. */
struct graph {
	size_t *first;       /* n + 1 */
	size_t *by_from;     /* edge indexes */
	size_t *parents;     /* per asset: how many rely on it, not yet handled */
	size_t *order;       /* the topological order found */
};

static void graph_free(struct graph *g)
{
	free(g->first);
	free(g->by_from);
	free(g->parents);
	free(g->order);
}

static bool graph_build(struct graph *g, size_t n, const struct asset_edge *edges,
                        size_t count)
{
	g->first = calloc(n + 1, sizeof *g->first);
	g->by_from = calloc(count ? count : 1, sizeof *g->by_from);
	g->parents = calloc(n ? n : 1, sizeof *g->parents);
	g->order = calloc(n ? n : 1, sizeof *g->order);
	if (!g->first || !g->by_from || !g->parents || !g->order)
		return false;
	for (size_t e = 0; e < count; e++) {
		if (edges[e].from >= n || edges[e].to >= n)
			return false;
		g->first[edges[e].from + 1]++;
		g->parents[edges[e].to]++;
	}
	for (size_t i = 0; i < n; i++)
		g->first[i + 1] += g->first[i];
	size_t *fill = calloc(n ? n : 1, sizeof *fill);
	if (!fill)
		return false;
	for (size_t e = 0; e < count; e++) {
		size_t from = edges[e].from;
		g->by_from[g->first[from] + fill[from]++] = e;
	}
	free(fill);
	return true;
}

/* Fills g->order; true if every asset was reached (no cycle). */
static bool graph_sort(struct graph *g, size_t n, const struct asset_edge *edges)
{
	size_t head = 0, tail = 0;
	for (size_t i = 0; i < n; i++)
		if (g->parents[i] == 0)
			g->order[tail++] = i;
	while (head < tail) {
		size_t i = g->order[head++];
		for (size_t k = g->first[i]; k < g->first[i + 1]; k++) {
			size_t to = edges[g->by_from[k]].to;
			if (--g->parents[to] == 0)
				g->order[tail++] = to;
		}
	}
	return tail == n;
}

bool asset_graph_acyclic(size_t n, const struct asset_edge *edges, size_t count)
{
	struct graph g = {0};
	bool ok = graph_build(&g, n, edges, count) && graph_sort(&g, n, edges);
	graph_free(&g);
	return ok;
}

bool asset_graph_flow(size_t n, const struct asset_edge *edges, size_t count,
                      const int8_t (*own)[3], int8_t (*out)[3])
{
	struct graph g = {0};
	int8_t (*flow)[3] = malloc((n ? n : 1) * sizeof *flow);   /* from above */
	bool ok = flow && graph_build(&g, n, edges, count) && graph_sort(&g, n, edges);
	if (ok) {
		memset(flow, -1, (n ? n : 1) * sizeof *flow);
		/* In order, an asset's flow is complete when it is reached. */
		for (size_t o = 0; o < n; o++) {
			size_t i = g.order[o];
			int8_t mine[3];
			for (int c = 0; c < 3; c++)
				mine[c] = own[i][c] != -1 ? own[i][c] : flow[i][c];
			for (size_t k = g.first[i]; k < g.first[i + 1]; k++) {
				size_t to = edges[g.by_from[k]].to;
				for (int c = 0; c < 3; c++)
					if (mine[c] > flow[to][c])
						flow[to][c] = mine[c];
			}
		}
		for (size_t i = 0; i < n; i++)
			for (int c = 0; c < 3; c++)
				out[i][c] = own[i][c] != -1 ? own[i][c] : flow[i][c];
	}
	free(flow);
	graph_free(&g);
	return ok;
}
