/*
 * test_date.c - unit tests of core/date.c: day numbers against known
 * dates, the leap-year rule (1900 no, 2000 yes), parsing that refuses
 * anything but a real "YYYY-MM-DD", a round trip through every day from
 * 1900 to 2100 checked against an independent calendar walk, month
 * arithmetic with end-of-month clamping, and Unix times before 1970 and
 * beyond the range of day numbers.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/date.h"

/* The test's own calendar, written separately from date.c's closed form,
 * so that the walk below checks one against the other. */
static int test_days_in_month(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return month == 2 && leap ? 29 : days[month - 1];
}

static void assert_ymd(day_t day, int year, int month, int mday)
{
	int y = -1, m = -1, d = -1;
	date_to_ymd(day, &y, &m, &d);
	assert_int_equal(y, year);
	assert_int_equal(m, month);
	assert_int_equal(d, mday);
}

/* Parses text that must be valid. */
static day_t parsed(const char *text)
{
	day_t day = DATE_NONE;
	assert_true(date_parse(text, &day));
	return day;
}

/* ---- day numbers ----------------------------------------------------------- */

static void test_known_day_numbers(void **state)
{
	(void)state;
	assert_int_equal(date_from_ymd(1970, 1, 1), 0);
	assert_int_equal(date_from_ymd(1970, 1, 2), 1);
	assert_int_equal(date_from_ymd(1969, 12, 31), -1);
	assert_int_equal(date_from_ymd(2000, 1, 1), 10957);
	assert_int_equal(date_from_ymd(2000, 3, 1), 11017);
	assert_int_equal(date_from_ymd(1900, 1, 1), -25567);
	assert_int_equal(date_from_ymd(2038, 1, 19), 24855);
	assert_ymd(0, 1970, 1, 1);
	assert_ymd(-1, 1969, 12, 31);
	assert_ymd(11016, 2000, 2, 29);
	assert_ymd(-25567, 1900, 1, 1);
}

static void test_leap_years(void **state)
{
	(void)state;
	/* 1900: divisible by 100, not by 400: no 29 February. */
	assert_int_equal(date_from_ymd(1900, 3, 1) - date_from_ymd(1900, 2, 28), 1);
	assert_int_equal(date_from_ymd(1901, 1, 1) - date_from_ymd(1900, 1, 1), 365);
	/* 2000: divisible by 400: a leap year. */
	assert_int_equal(date_from_ymd(2000, 3, 1) - date_from_ymd(2000, 2, 28), 2);
	assert_int_equal(date_from_ymd(2001, 1, 1) - date_from_ymd(2000, 1, 1), 366);
	/* 2024 leap, 2023 not, 2100 not. */
	assert_int_equal(date_from_ymd(2025, 1, 1) - date_from_ymd(2024, 1, 1), 366);
	assert_int_equal(date_from_ymd(2024, 1, 1) - date_from_ymd(2023, 1, 1), 365);
	assert_int_equal(date_from_ymd(2100, 3, 1) - date_from_ymd(2100, 2, 28), 1);
	day_t day;
	assert_false(date_parse("1900-02-29", &day));
	assert_true(date_parse("2000-02-29", &day));
	assert_false(date_parse("2023-02-29", &day));
	assert_true(date_parse("2024-02-29", &day));
	assert_false(date_parse("2100-02-29", &day));
	/* 400 Gregorian years are exactly 146097 days. */
	assert_int_equal(date_from_ymd(2400, 1, 1) - date_from_ymd(2000, 1, 1), 146097);
}

static void test_from_ymd_carries_out_of_range_fields(void **state)
{
	(void)state;
	assert_int_equal(date_from_ymd(2023, 1, 32), date_from_ymd(2023, 2, 1));
	assert_int_equal(date_from_ymd(2024, 3, 0), date_from_ymd(2024, 2, 29));
	assert_int_equal(date_from_ymd(2023, 13, 1), date_from_ymd(2024, 1, 1));
	assert_int_equal(date_from_ymd(2023, 0, 1), date_from_ymd(2022, 12, 1));
	assert_int_equal(date_from_ymd(2023, -11, 5), date_from_ymd(2022, 1, 5));
	/* Beyond day_t: clamped, never wrapped, never DATE_NONE. */
	assert_int_equal(date_from_ymd(INT_MAX, 12, 31), INT32_MAX);
	assert_int_equal(date_from_ymd(INT_MIN, 1, 1), DATE_NONE + 1);
}

static void test_extreme_day_numbers(void **state)
{
	(void)state;
	int y, m, d;
	date_to_ymd(DATE_NONE, &y, &m, &d);
	assert_int_equal(y, 0);
	assert_int_equal(m, 0);
	assert_int_equal(d, 0);
	date_to_ymd(INT32_MAX, &y, &m, &d);
	assert_true(y > 5000000);
	assert_int_equal(date_from_ymd(y, m, d), INT32_MAX);
	date_to_ymd(DATE_NONE + 1, &y, &m, &d);
	assert_true(y < -5000000);
	assert_int_equal(date_from_ymd(y, m, d), DATE_NONE + 1);
}

/* ---- parsing and formatting ------------------------------------------------ */

/* Walks the calendar day by day from 1900-01-01 to 2100-12-31 with the
 * test's own month lengths and checks, for every day, the day number,
 * date_to_ymd, date_format and date_parse of the formatted text. */
static void test_every_day_round_trips(void **state)
{
	(void)state;
	day_t expected = date_from_ymd(1900, 1, 1);
	assert_int_equal(expected, -25567);
	int checked = 0;
	for (int year = 1900; year <= 2100; year++) {
		for (int month = 1; month <= 12; month++) {
			int month_days = test_days_in_month(year, month);
			for (int mday = 1; mday <= month_days; mday++) {
				day_t day = date_from_ymd(year, month, mday);
				assert_int_equal(day, expected);
				assert_ymd(expected, year, month, mday);
				char want[40], got[11];
				snprintf(want, sizeof want, "%04d-%02d-%02d", year, month,
				         mday);
				date_format(expected, got);
				assert_string_equal(got, want);
				day_t back = DATE_NONE;
				assert_true(date_parse(got, &back));
				assert_int_equal(back, expected);
				expected++;
				checked++;
			}
		}
	}
	/* 201 years, 49 of them leap (2000 yes; 1900 and 2100 no). */
	assert_int_equal(checked, 201 * 365 + 49);
	assert_int_equal(expected, date_from_ymd(2101, 1, 1));
}

static void test_parse_refuses_malformed_text(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"2023-02-29", "2023-13-01", "2023-00-10", "2023-01-00", "2023-04-31",
		"2023-01-32", "2023-1-01", "2023-01-1", "23-01-01", " 2023-01-01",
		"2023-01-01 ", "2023-01-01x", "2023-01-01\n", "2023/01/01",
		"2023-01-0a", "+023-01-01", "2023-+1-01", "2023-01--1", "20230101",
		"", "2023", "2023-01-0", "1899-12-31", "0000-01-01", "0999-01-01",
		"12023-01-01",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		day_t day = 12345;
		if (date_parse(bad[i], &day))
			fail_msg("accepted \"%s\"", bad[i]);
		assert_int_equal(day, 12345);   /* untouched on failure */
	}
	day_t day = 12345;
	assert_false(date_parse(NULL, &day));
	assert_int_equal(day, 12345);
}

static void test_parse_accepts_the_range_ends(void **state)
{
	(void)state;
	assert_int_equal(parsed("1900-01-01"), date_from_ymd(1900, 1, 1));
	assert_int_equal(parsed("9999-12-31"), date_from_ymd(9999, 12, 31));
	assert_int_equal(parsed("1970-01-01"), 0);
	assert_int_equal(parsed("2023-12-31"), date_from_ymd(2023, 12, 31));
}

static void test_format_outside_four_digit_years(void **state)
{
	(void)state;
	char out[11];
	memset(out, 'x', sizeof out);
	date_format(DATE_NONE, out);
	assert_string_equal(out, "");
	date_format(date_from_ymd(10000, 1, 1), out);
	assert_string_equal(out, "");
	date_format(date_from_ymd(-1, 12, 31), out);
	assert_string_equal(out, "");
	date_format(date_from_ymd(0, 1, 1), out);
	assert_string_equal(out, "0000-01-01");
	date_format(date_from_ymd(9999, 12, 31), out);
	assert_string_equal(out, "9999-12-31");
	date_format(-1, out);
	assert_string_equal(out, "1969-12-31");
}

/* ---- months ------------------------------------------------------------------ */

static void test_add_months_clamps_to_month_end(void **state)
{
	(void)state;
	assert_int_equal(date_add_months(parsed("2023-01-31"), 1), parsed("2023-02-28"));
	assert_int_equal(date_add_months(parsed("2024-01-31"), 1), parsed("2024-02-29"));
	assert_int_equal(date_add_months(parsed("2024-02-29"), 12), parsed("2025-02-28"));
	assert_int_equal(date_add_months(parsed("2024-02-29"), 48), parsed("2028-02-29"));
	assert_int_equal(date_add_months(parsed("2023-08-31"), 1), parsed("2023-09-30"));
	assert_int_equal(date_add_months(parsed("2023-12-31"), 2), parsed("2024-02-29"));
	assert_int_equal(date_add_months(parsed("1900-01-31"), 1), parsed("1900-02-28"));
	assert_int_equal(date_add_months(parsed("2000-01-31"), 1), parsed("2000-02-29"));
	/* The clamp is not carried on: the day is taken from the start. */
	assert_int_equal(date_add_months(parsed("2023-01-31"), 2), parsed("2023-03-31"));
	assert_int_equal(date_add_months(parsed("2023-01-15"), 0), parsed("2023-01-15"));
}

static void test_add_months_backwards(void **state)
{
	(void)state;
	assert_int_equal(date_add_months(parsed("2024-01-15"), -1), parsed("2023-12-15"));
	assert_int_equal(date_add_months(parsed("2024-01-15"), -13),
	                 parsed("2022-12-15"));
	assert_int_equal(date_add_months(parsed("2024-03-31"), -1), parsed("2024-02-29"));
	assert_int_equal(date_add_months(parsed("2023-03-31"), -1), parsed("2023-02-28"));
	assert_int_equal(date_add_months(parsed("2025-02-28"), -12),
	                 parsed("2024-02-28"));
	assert_int_equal(date_add_months(parsed("1970-01-01"), -1), parsed("1969-12-01"));
	assert_int_equal(date_add_months(parsed("2024-12-01"), -24),
	                 parsed("2022-12-01"));
}

static void test_add_months_edges(void **state)
{
	(void)state;
	assert_int_equal(date_add_months(DATE_NONE, 12), DATE_NONE);
	assert_int_equal(date_add_months(DATE_NONE, 0), DATE_NONE);
	assert_int_equal(date_add_months(0, INT_MAX), INT32_MAX);
	assert_int_equal(date_add_months(0, INT_MIN), DATE_NONE + 1);
}

/* For every day from 1970 to 2100: a year later is the same month and day
 * (29 February becoming 28), and n months forth then back is the same day
 * whenever the day of month exists in every month (1..28). */
static void test_add_months_every_day(void **state)
{
	(void)state;
	day_t last = date_from_ymd(2100, 12, 31);
	for (day_t day = date_from_ymd(1970, 1, 1); day <= last; day++) {
		int y, m, d;
		date_to_ymd(day, &y, &m, &d);
		/* Only 29 February is missing a year before or after. */
		int clamped = m == 2 && d == 29 ? 28 : d;
		assert_int_equal(date_add_months(day, 12),
		                 date_from_ymd(y + 1, m, clamped));
		assert_int_equal(date_add_months(day, -12),
		                 date_from_ymd(y - 1, m, clamped));
		if (d <= 28) {
			day_t there = date_add_months(day, 7);
			assert_int_equal(date_add_months(there, -7), day);
			there = date_add_months(day, -19);
			assert_int_equal(date_add_months(there, 19), day);
		}
	}
}

/* ---- Unix time --------------------------------------------------------------- */

static void test_from_unix(void **state)
{
	(void)state;
	assert_int_equal(date_from_unix(0), 0);
	assert_int_equal(date_from_unix(86399), 0);
	assert_int_equal(date_from_unix(86400), 1);
	assert_int_equal(date_from_unix(-1), -1);           /* 1969-12-31 23:59:59 */
	assert_int_equal(date_from_unix(-86400), -1);
	assert_int_equal(date_from_unix(-86401), -2);
	assert_int_equal(date_from_unix(1700000000), parsed("2023-11-14"));
	assert_int_equal(date_from_unix(951782400), parsed("2000-02-29"));
	assert_int_equal(date_from_unix(-2208988800), parsed("1900-01-01"));
	assert_int_equal(date_from_unix(-2208988801), date_from_ymd(1899, 12, 31));
	/* Past 2038 (beyond 32-bit seconds) and at the end of year 9999. */
	assert_int_equal(date_from_unix(INT64_C(2147483648)), parsed("2038-01-19"));
	assert_int_equal(date_from_unix(INT64_C(253402300799)), parsed("9999-12-31"));
	/* Beyond day_t: clamped, never DATE_NONE. */
	assert_int_equal(date_from_unix(INT64_MAX), INT32_MAX);
	assert_int_equal(date_from_unix(INT64_MIN), DATE_NONE + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_day_numbers),
		cmocka_unit_test(test_leap_years),
		cmocka_unit_test(test_from_ymd_carries_out_of_range_fields),
		cmocka_unit_test(test_extreme_day_numbers),
		cmocka_unit_test(test_every_day_round_trips),
		cmocka_unit_test(test_parse_refuses_malformed_text),
		cmocka_unit_test(test_parse_accepts_the_range_ends),
		cmocka_unit_test(test_format_outside_four_digit_years),
		cmocka_unit_test(test_add_months_clamps_to_month_end),
		cmocka_unit_test(test_add_months_backwards),
		cmocka_unit_test(test_add_months_edges),
		cmocka_unit_test(test_add_months_every_day),
		cmocka_unit_test(test_from_unix),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
