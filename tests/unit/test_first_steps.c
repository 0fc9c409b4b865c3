/*
 * test_first_steps.c - unit tests of core/first_steps.c at the edges of
 * every rule: the 3-2-1 counts, a restore test exactly one period ago
 * (and one day more), 29 February, never tested, tests dated in the
 * future; Wi-Fi encryption, guest separation and key age; software end
 * of support on the day, 90 and 91 days ahead; the flag messages.
 */
#include <ctype.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/first_steps.h"

static day_t ymd(int year, int month, int day)
{
	return date_from_ymd(year, month, day);
}

/* A backup entry that meets the 3-2-1 rule, tested on tested. */
static struct backup_entry good_backup(day_t tested)
{
	struct backup_entry entry = {.copies = 3, .media = 2,
	                             .offsite_or_offline = true,
	                             .last_restore_test = tested};
	return entry;
}

/* ---- backups: 3-2-1 --------------------------------------------------------- */

static void test_backup_321_boundaries(void **state)
{
	(void)state;
	day_t today = ymd(2025, 3, 15);
	struct backup_entry entry = good_backup(today);
	assert_int_equal(backup_check(&entry, today, 12, NULL), 0);
	entry.copies = 2;
	assert_int_equal(backup_check(&entry, today, 12, NULL), FLAG_FEWER_THAN_3_COPIES);
	entry.copies = 4;
	assert_int_equal(backup_check(&entry, today, 12, NULL), 0);
	entry = good_backup(today);
	entry.media = 1;
	assert_int_equal(backup_check(&entry, today, 12, NULL), FLAG_FEWER_THAN_2_MEDIA);
	entry = good_backup(today);
	entry.offsite_or_offline = false;
	assert_int_equal(backup_check(&entry, today, 12, NULL), FLAG_NO_OFFSITE_COPY);
	entry.copies = 0;
	entry.media = 0;
	entry.last_restore_test = DATE_NONE;
	assert_int_equal(backup_check(&entry, today, 12, NULL),
	                 FLAG_FEWER_THAN_3_COPIES | FLAG_FEWER_THAN_2_MEDIA |
	                 FLAG_NO_OFFSITE_COPY | FLAG_NEVER_RESTORE_TESTED);
}

/* ---- backups: restore test ------------------------------------------------------ */

static void test_restore_test_exactly_one_period_ago(void **state)
{
	(void)state;
	day_t today = ymd(2025, 3, 15);
	day_t due = 0;
	struct backup_entry entry = good_backup(ymd(2024, 3, 15));
	assert_int_equal(date_add_months(entry.last_restore_test, 12), today);
	assert_int_equal(backup_check(&entry, today, 12, &due), 0);
	assert_int_equal(due, today);
	entry.last_restore_test = ymd(2024, 3, 14);   /* one day more */
	assert_int_equal(backup_check(&entry, today, 12, &due),
	                 FLAG_RESTORE_TEST_TOO_OLD);
	assert_int_equal(due, ymd(2025, 3, 14));
	/* The same test seen from the day before is still fine. */
	assert_int_equal(backup_check(&entry, today - 1, 12, &due), 0);
}

static void test_restore_test_on_29_february(void **state)
{
	(void)state;
	day_t due = 0;
	struct backup_entry entry = good_backup(ymd(2024, 2, 29));
	assert_int_equal(backup_check(&entry, ymd(2025, 2, 28), 12, &due), 0);
	assert_int_equal(due, ymd(2025, 2, 28));
	assert_int_equal(backup_check(&entry, ymd(2025, 3, 1), 12, &due),
	                 FLAG_RESTORE_TEST_TOO_OLD);
	entry.last_restore_test = ymd(2024, 2, 28);
	assert_int_equal(backup_check(&entry, ymd(2025, 2, 28), 12, NULL), 0);
	entry.last_restore_test = ymd(2024, 2, 27);
	assert_int_equal(backup_check(&entry, ymd(2025, 2, 28), 12, NULL),
	                 FLAG_RESTORE_TEST_TOO_OLD);
}

/* Every test day from 2020 to 2027: due exactly one period later, on
 * which day it passes, and late the day after; also with 6 months. */
static void test_restore_test_every_day(void **state)
{
	(void)state;
	for (day_t tested = ymd(2020, 1, 1); tested <= ymd(2027, 12, 31); tested++) {
		struct backup_entry entry = good_backup(tested);
		int y, m, d;
		date_to_ymd(tested, &y, &m, &d);
		day_t due = 0;
		day_t want = ymd(y + 1, m, m == 2 && d == 29 ? 28 : d);
		assert_int_equal(backup_check(&entry, want, 12, &due), 0);
		assert_int_equal(due, want);
		assert_int_equal(backup_check(&entry, want + 1, 12, &due),
		                 FLAG_RESTORE_TEST_TOO_OLD);
		assert_int_equal(backup_check(&entry, tested, 12, &due), 0);
		day_t half_year = date_add_months(tested, 6);
		assert_int_equal(backup_check(&entry, half_year, 6, &due), 0);
		assert_int_equal(due, half_year);
		assert_int_equal(backup_check(&entry, half_year + 1, 6, &due),
		                 FLAG_RESTORE_TEST_TOO_OLD);
	}
}

static void test_restore_test_custom_and_default_period(void **state)
{
	(void)state;
	day_t due = 0;
	struct backup_entry entry = good_backup(ymd(2024, 9, 30));
	/* 6 months: 2024-09-30 is due on 2025-03-30. */
	assert_int_equal(backup_check(&entry, ymd(2025, 3, 30), 6, &due), 0);
	assert_int_equal(due, ymd(2025, 3, 30));
	assert_int_equal(backup_check(&entry, ymd(2025, 3, 31), 6, NULL),
	                 FLAG_RESTORE_TEST_TOO_OLD);
	/* 24 months. */
	assert_int_equal(backup_check(&entry, ymd(2026, 9, 30), 24, NULL), 0);
	assert_int_equal(backup_check(&entry, ymd(2026, 10, 1), 24, NULL),
	                 FLAG_RESTORE_TEST_TOO_OLD);
	/* Below 1 month: the default of 12. */
	assert_int_equal(RESTORE_TEST_MONTHS_DEFAULT, 12);
	for (int months = -5; months <= 0; months++) {
		assert_int_equal(backup_check(&entry, ymd(2025, 9, 30), months, &due), 0);
		assert_int_equal(due, ymd(2025, 9, 30));
		assert_int_equal(backup_check(&entry, ymd(2025, 10, 1), months, NULL),
		                 FLAG_RESTORE_TEST_TOO_OLD);
	}
}

static void test_never_restore_tested(void **state)
{
	(void)state;
	day_t today = ymd(2025, 3, 15);
	day_t due = 0;
	struct backup_entry entry = good_backup(DATE_NONE);
	assert_int_equal(backup_check(&entry, today, 12, &due),
	                 FLAG_NEVER_RESTORE_TESTED);
	assert_int_equal(due, DATE_NONE);   /* due now */
	assert_int_equal(backup_check(&entry, today, 12, NULL),
	                 FLAG_NEVER_RESTORE_TESTED);
}

static void test_restore_test_in_the_future_counts_as_today(void **state)
{
	(void)state;
	day_t today = ymd(2025, 3, 15);
	day_t due = 0;
	struct backup_entry entry = good_backup(today + 10);
	assert_int_equal(backup_check(&entry, today, 12, &due), 0);
	assert_int_equal(due, ymd(2026, 3, 15));   /* not 2026-03-25 */
	entry.last_restore_test = ymd(9999, 12, 31);
	assert_int_equal(backup_check(&entry, today, 12, &due), 0);
	assert_int_equal(due, ymd(2026, 3, 15));
}

/* ---- Wi-Fi --------------------------------------------------------------------- */

static struct wifi_network wifi(enum wifi_purpose purpose, enum wifi_security security,
                                bool separated, day_t key_changed)
{
	struct wifi_network network = {.purpose = purpose,
	                               .security = security,
	                               .separated = separated,
	                               .key_changed = key_changed};
	return network;
}

static void test_wifi_security(void **state)
{
	(void)state;
	day_t today = ymd(2025, 6, 1);
	static const enum wifi_security weak[] = {WIFI_OPEN, WIFI_WEP, WIFI_WPA,
	                                          (enum wifi_security)99};
	for (size_t i = 0; i < sizeof weak / sizeof weak[0]; i++) {
		struct wifi_network n = wifi(WIFI_BUSINESS, weak[i], false, today);
		assert_int_equal(wifi_check(&n, today, 180, NULL),
		                 FLAG_WEAK_WIFI_SECURITY);
	}
	struct wifi_network n = wifi(WIFI_BUSINESS, WIFI_WPA2, false, today);
	assert_int_equal(wifi_check(&n, today, 180, NULL), 0);
	n.security = WIFI_WPA3;
	assert_int_equal(wifi_check(&n, today, 180, NULL), 0);
}

static void test_wifi_guest_separation(void **state)
{
	(void)state;
	day_t today = ymd(2025, 6, 1);
	struct wifi_network n = wifi(WIFI_GUEST, WIFI_WPA2, false, today);
	assert_int_equal(wifi_check(&n, today, 180, NULL), FLAG_GUEST_NOT_SEPARATED);
	n.separated = true;
	assert_int_equal(wifi_check(&n, today, 180, NULL), 0);
	/* A business network's "separated" does not matter. */
	n = wifi(WIFI_BUSINESS, WIFI_WPA3, false, today);
	assert_int_equal(wifi_check(&n, today, 180, NULL), 0);
	n.separated = true;
	assert_int_equal(wifi_check(&n, today, 180, NULL), 0);
	/* Flags add up. */
	n = wifi(WIFI_GUEST, WIFI_WEP, false, DATE_NONE);
	assert_int_equal(wifi_check(&n, today, 180, NULL),
	                 FLAG_GUEST_NOT_SEPARATED | FLAG_WEAK_WIFI_SECURITY |
	                 FLAG_WIFI_KEY_AGE_UNKNOWN);
}

static void test_wifi_key_age(void **state)
{
	(void)state;
	day_t today = ymd(2025, 6, 1);
	day_t due = 0;
	struct wifi_network n = wifi(WIFI_BUSINESS, WIFI_WPA2, true, today - 180);
	assert_int_equal(wifi_check(&n, today, 180, &due), 0);
	assert_int_equal(due, today);
	n.key_changed = today - 181;
	assert_int_equal(wifi_check(&n, today, 180, &due), FLAG_WIFI_KEY_TOO_OLD);
	assert_int_equal(due, today - 1);
	/* Another period. */
	n.key_changed = today - 90;
	assert_int_equal(wifi_check(&n, today, 90, &due), 0);
	assert_int_equal(due, today);
	assert_int_equal(wifi_check(&n, today + 1, 90, NULL), FLAG_WIFI_KEY_TOO_OLD);
	/* Below 1 day: the default of 180. */
	assert_int_equal(WIFI_ROTATION_DAYS_DEFAULT, 180);
	n.key_changed = today - 180;
	assert_int_equal(wifi_check(&n, today, 0, &due), 0);
	assert_int_equal(due, today);
	n.key_changed = today - 181;
	assert_int_equal(wifi_check(&n, today, -1, NULL), FLAG_WIFI_KEY_TOO_OLD);
	/* Changed in the future: counts as today. */
	n.key_changed = today + 30;
	assert_int_equal(wifi_check(&n, today, 180, &due), 0);
	assert_int_equal(due, today + 180);
	/* A far rotation day is clamped, not wrapped. */
	n.key_changed = ymd(9999, 12, 31);
	assert_int_equal(wifi_check(&n, ymd(9999, 12, 31), INT_MAX, &due), 0);
	assert_int_equal(due, INT32_MAX);
}

static void test_wifi_key_age_unknown(void **state)
{
	(void)state;
	day_t today = ymd(2025, 6, 1);
	day_t due = 0;
	struct wifi_network n = wifi(WIFI_BUSINESS, WIFI_WPA3, true, DATE_NONE);
	assert_int_equal(wifi_check(&n, today, 180, &due), FLAG_WIFI_KEY_AGE_UNKNOWN);
	assert_int_equal(due, DATE_NONE);
	n.security = WIFI_WPA;
	assert_int_equal(wifi_check(&n, today, 180, NULL),
	                 FLAG_WIFI_KEY_AGE_UNKNOWN | FLAG_WEAK_WIFI_SECURITY);
}

static void test_wifi_open_network_has_no_key(void **state)
{
	(void)state;
	day_t today = ymd(2025, 6, 1);
	day_t due = 0;
	struct wifi_network n = wifi(WIFI_GUEST, WIFI_OPEN, true, DATE_NONE);
	assert_int_equal(wifi_check(&n, today, 180, &due), FLAG_WEAK_WIFI_SECURITY);
	assert_int_equal(due, DATE_NONE);
	n.key_changed = today - 1000;
	due = 0;
	assert_int_equal(wifi_check(&n, today, 180, &due), FLAG_WEAK_WIFI_SECURITY);
	assert_int_equal(due, DATE_NONE);
}

/* ---- software ------------------------------------------------------------------ */

static unsigned software(bool automatic, day_t end_of_support, day_t today)
{
	struct software_item item = {.automatic_updates = automatic,
	                             .end_of_support = end_of_support};
	return software_check(&item, today);
}

static void test_software_end_of_support(void **state)
{
	(void)state;
	day_t today = ymd(2025, 10, 14);
	assert_int_equal(END_OF_SUPPORT_WARNING_DAYS, 90);
	assert_int_equal(software(true, DATE_NONE, today), 0);
	assert_int_equal(software(true, today, today), FLAG_UNSUPPORTED);
	assert_int_equal(software(true, today - 1, today), FLAG_UNSUPPORTED);
	assert_int_equal(software(true, today - 5000, today), FLAG_UNSUPPORTED);
	assert_int_equal(software(true, today + 1, today), FLAG_SUPPORT_ENDS_SOON);
	assert_int_equal(software(true, today + 90, today), FLAG_SUPPORT_ENDS_SOON);
	assert_int_equal(software(true, today + 91, today), 0);
	assert_int_equal(software(true, today + 5000, today), 0);
	/* Exactly one of the two support flags, day by day around the end. */
	day_t end = ymd(2026, 1, 1);
	for (day_t day = end - 200; day <= end + 200; day++) {
		unsigned want = day >= end ? FLAG_UNSUPPORTED
		              : end - day <= 90 ? FLAG_SUPPORT_ENDS_SOON : 0;
		assert_int_equal(software(true, end, day), want);
	}
	/* Extreme days: no overflow in the difference. */
	assert_int_equal(software(true, INT32_MAX, DATE_NONE + 1), 0);
	assert_int_equal(software(true, DATE_NONE + 1, INT32_MAX), FLAG_UNSUPPORTED);
}

static void test_software_automatic_updates(void **state)
{
	(void)state;
	day_t today = ymd(2025, 10, 14);
	assert_int_equal(software(false, DATE_NONE, today), FLAG_NO_AUTOMATIC_UPDATES);
	assert_int_equal(software(false, today, today),
	                 FLAG_NO_AUTOMATIC_UPDATES | FLAG_UNSUPPORTED);
	assert_int_equal(software(false, today + 30, today),
	                 FLAG_NO_AUTOMATIC_UPDATES | FLAG_SUPPORT_ENDS_SOON);
}

/* ---- messages ------------------------------------------------------------------ */

static void test_flag_messages(void **state)
{
	(void)state;
	/* Each flag, with a word its message must contain. */
	static const struct {
		enum first_steps_flag flag;
		const char *word;
	} flags[] = {
		{FLAG_FEWER_THAN_3_COPIES, "three"},
		{FLAG_FEWER_THAN_2_MEDIA, "two"},
		{FLAG_NO_OFFSITE_COPY, "off-site"},
		{FLAG_NEVER_RESTORE_TESTED, "restore"},
		{FLAG_RESTORE_TEST_TOO_OLD, "restore"},
		{FLAG_GUEST_NOT_SEPARATED, "guest"},
		{FLAG_WEAK_WIFI_SECURITY, "WPA2"},
		{FLAG_WIFI_KEY_TOO_OLD, "change"},
		{FLAG_WIFI_KEY_AGE_UNKNOWN, "change"},
		{FLAG_NO_AUTOMATIC_UPDATES, "updates"},
		{FLAG_UNSUPPORTED, "supported"},
		{FLAG_SUPPORT_ENDS_SOON, "Support ends"},
	};
	const size_t n = sizeof flags / sizeof flags[0];
	unsigned all = 0;
	for (size_t i = 0; i < n; i++) {
		const char *message = first_steps_flag_message(flags[i].flag);
		assert_non_null(message);
		assert_true(isupper((unsigned char)message[0]));
		assert_int_equal(message[strlen(message) - 1], '.');
		if (!strstr(message, flags[i].word))
			fail_msg("message of flag %#x lacks \"%s\": %s",
			         (unsigned)flags[i].flag, flags[i].word, message);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(message,
			                        first_steps_flag_message(flags[j].flag));
		assert_int_equal(all & (unsigned)flags[i].flag, 0);   /* one bit each */
		all |= (unsigned)flags[i].flag;
	}
	assert_int_equal(all, (1u << n) - 1);
	assert_null(first_steps_flag_message((enum first_steps_flag)0));
	assert_null(first_steps_flag_message((enum first_steps_flag)(1u << n)));
	unsigned two_flags = FLAG_FEWER_THAN_3_COPIES | FLAG_NO_OFFSITE_COPY;
	assert_null(first_steps_flag_message((enum first_steps_flag)two_flags));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_backup_321_boundaries),
		cmocka_unit_test(test_restore_test_exactly_one_period_ago),
		cmocka_unit_test(test_restore_test_on_29_february),
		cmocka_unit_test(test_restore_test_every_day),
		cmocka_unit_test(test_restore_test_custom_and_default_period),
		cmocka_unit_test(test_never_restore_tested),
		cmocka_unit_test(test_restore_test_in_the_future_counts_as_today),
		cmocka_unit_test(test_wifi_security),
		cmocka_unit_test(test_wifi_guest_separation),
		cmocka_unit_test(test_wifi_key_age),
		cmocka_unit_test(test_wifi_key_age_unknown),
		cmocka_unit_test(test_wifi_open_network_has_no_key),
		cmocka_unit_test(test_software_end_of_support),
		cmocka_unit_test(test_software_automatic_updates),
		cmocka_unit_test(test_flag_messages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
