/*
 * test_assets.c - unit tests of core/assets.c: the cycle check and the
 * flow-down of impacts from primary assets (METHOD.md §2: the highest
 * wins, unless the asset sets its own).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/assets.h"

static void test_acyclic(void **state)
{
	(void)state;
	const struct asset_edge chain[] = {{0, 1}, {1, 2}};
	assert_true(asset_graph_acyclic(3, chain, 2));
	assert_true(asset_graph_acyclic(3, NULL, 0));
	assert_true(asset_graph_acyclic(0, NULL, 0));
	const struct asset_edge diamond[] = {{0, 1}, {0, 2}, {1, 3}, {2, 3}};
	assert_true(asset_graph_acyclic(4, diamond, 4));
	const struct asset_edge self[] = {{1, 1}};
	assert_false(asset_graph_acyclic(2, self, 1));
	const struct asset_edge two[] = {{0, 1}, {1, 0}};
	assert_false(asset_graph_acyclic(2, two, 2));
	const struct asset_edge three[] = {{0, 1}, {1, 2}, {2, 0}, {3, 0}};
	assert_false(asset_graph_acyclic(4, three, 4));
	const struct asset_edge out_of_range[] = {{0, 5}};
	assert_false(asset_graph_acyclic(2, out_of_range, 1));
}

static void test_flow_highest_wins(void **state)
{
	(void)state;
	/* Two primary assets (0, 1) rely on a laptop (2), which relies on a
	 * cloud service (3); asset 4 stands alone. */
	const struct asset_edge edges[] = {{0, 2}, {1, 2}, {2, 3}};
	const int8_t own[5][3] = {{3, 1, -1}, {2, 4, -1}, {-1, -1, -1}, {-1, 0, 2}, {-1, -1, -1}};
	int8_t out[5][3];
	assert_true(asset_graph_flow(5, edges, 3, own, out));
	/* Primary assets keep their own. */
	assert_int_equal(out[0][0], 3);
	assert_int_equal(out[1][1], 4);
	/* The laptop: highest of what relies on it, per criterion. */
	assert_int_equal(out[2][0], 3);
	assert_int_equal(out[2][1], 4);
	assert_int_equal(out[2][2], -1);
	/* Through the chain, but its own values win, 0 included. */
	assert_int_equal(out[3][0], 3);
	assert_int_equal(out[3][1], 0);
	assert_int_equal(out[3][2], 2);
	/* Nothing relies on it: not set. */
	assert_int_equal(out[4][0], -1);
}

static void test_flow_in_place_and_cycles(void **state)
{
	(void)state;
	/* Edges listed child first: the order of the list does not matter. */
	const struct asset_edge edges[] = {{1, 2}, {0, 1}};
	int8_t impacts[3][3] = {{4, 4, 4}, {-1, 2, -1}, {-1, -1, -1}};
	assert_true(asset_graph_flow(3, edges, 2, (const int8_t (*)[3])impacts, impacts));
	assert_int_equal(impacts[1][0], 4);
	assert_int_equal(impacts[1][1], 2);
	assert_int_equal(impacts[2][1], 2);
	assert_int_equal(impacts[2][2], 4);
	const struct asset_edge cycle[] = {{0, 1}, {1, 0}};
	int8_t out[3][3] = {{9, 9, 9}};
	assert_false(asset_graph_flow(2, cycle, 2, (const int8_t (*)[3])impacts, out));
	assert_int_equal(out[0][0], 9);   /* untouched */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_acyclic),
		cmocka_unit_test(test_flow_highest_wins),
		cmocka_unit_test(test_flow_in_place_and_cycles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
