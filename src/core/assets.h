/*
 * assets.h - the graph of what relies on what (METHOD.md §2): a primary
 * asset (information, a process) relies on supporting assets, which may
 * rely on others in turn. Impacts are set on primary assets and flow down
 * the links: an asset's impact per criterion is its own when set, else
 * the highest of the assets that rely on it. The links never form a cycle.
 *
 * Assets are indexes 0..n-1; the caller maps them to its ids.
 */
#ifndef RAVELIN_ASSETS_H
#define RAVELIN_ASSETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* from relies on to. */
struct asset_edge {
	size_t from, to;
};

/* True if the links form no cycle (an edge from an asset to itself is a
 * cycle). Edges naming an index >= n make it false too. */
bool asset_graph_acyclic(size_t n, const struct asset_edge *edges, size_t count);

/* Per asset and criterion (C, I, A): own[i][k] when it is not -1, else the
 * highest out[] of the assets that rely on i, else -1. own may be out.
 * False (out untouched) if the links form a cycle or on allocation
 * failure. */
bool asset_graph_flow(size_t n, const struct asset_edge *edges, size_t count,
                      const int8_t (*own)[3], int8_t (*out)[3]);

#endif
