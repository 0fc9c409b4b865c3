/*
 * first_steps.c - the checks of the first-steps registers: backups (3-2-1
 * rule and restore tests), Wi-Fi networks and software (see first_steps.h
 * and METHOD.md §1), with the plain-language message of every flag.
 *
 * Dates are day numbers (core/date.h). Every "due" day is the last day
 * that still passes: a check fails only when today is after it, so a
 * period of 12 months or 180 days includes its last day.
 */
#include "core/first_steps.h"

#include <stddef.h>
#include <stdint.h>

#include "lib/msgid.h"

/* A date recorded in the future (a typing error, or a clock set wrong)
 * counts as today: it never flags, and it never pushes the next due date
 * further out than doing the thing today would. */
static day_t not_after_today(day_t day, day_t today)
{
	return day > today ? today : day;
}

/* The 3-2-1 rule, then the restore test: due restore_test_months after
 * the last one (date_add_months, so with 12 months a test on 2024-02-29
 * is due on 2025-02-28) and late only from the day after. A period below
 * 1 month takes the default. next_test_due may be NULL. */
unsigned backup_check(const struct backup_entry *entry, day_t today,
                      int restore_test_months, day_t *next_test_due)
{
	unsigned flags = 0;
	if (entry->copies < 3)
		flags |= FLAG_FEWER_THAN_3_COPIES;
	if (entry->media < 2)
		flags |= FLAG_FEWER_THAN_2_MEDIA;
	if (!entry->offsite_or_offline)
		flags |= FLAG_NO_OFFSITE_COPY;

	if (restore_test_months < 1)
		restore_test_months = RESTORE_TEST_MONTHS_DEFAULT;
	day_t due = DATE_NONE;
	if (entry->last_restore_test == DATE_NONE) {
		flags |= FLAG_NEVER_RESTORE_TESTED;
	} else {
		day_t tested = not_after_today(entry->last_restore_test, today);
		due = date_add_months(tested, restore_test_months);
		if (today > due)
			flags |= FLAG_RESTORE_TEST_TOO_OLD;
	}
	if (next_test_due)
		*next_test_due = due;
	return flags;
}

/* Only WPA2 and WPA3 pass; a value outside enum wifi_security is treated
 * as weak. An open network has no key, so it gets no key-age flag (it is
 * already flagged as weak) and no rotation day. A rotation period below
 * 1 day takes the default. rotation_due may be NULL. */
unsigned wifi_check(const struct wifi_network *network, day_t today,
                    int rotation_days, day_t *rotation_due)
{
	unsigned flags = 0;
	if (network->purpose == WIFI_GUEST && !network->separated)
		flags |= FLAG_GUEST_NOT_SEPARATED;
	if (network->security != WIFI_WPA2 && network->security != WIFI_WPA3)
		flags |= FLAG_WEAK_WIFI_SECURITY;

	if (rotation_days < 1)
		rotation_days = WIFI_ROTATION_DAYS_DEFAULT;
	day_t due = DATE_NONE;
	if (network->security == WIFI_OPEN) {
		/* no key to rotate */
	} else if (network->key_changed == DATE_NONE) {
		flags |= FLAG_WIFI_KEY_AGE_UNKNOWN;
	} else {
		int64_t last_day = (int64_t)not_after_today(network->key_changed, today) +
		                   rotation_days;
		due = last_day > INT32_MAX ? INT32_MAX : (day_t)last_day;
		if (today > due)
			flags |= FLAG_WIFI_KEY_TOO_OLD;
	}
	if (rotation_due)
		*rotation_due = due;
	return flags;
}

/* Unsupported from the end-of-support day itself; "ends soon" on the
 * END_OF_SUPPORT_WARNING_DAYS days before it (1..90 days ahead). The
 * difference is taken in 64 bits, so no pair of days can overflow. */
unsigned software_check(const struct software_item *item, day_t today)
{
	unsigned flags = 0;
	if (!item->automatic_updates)
		flags |= FLAG_NO_AUTOMATIC_UPDATES;
	if (item->end_of_support != DATE_NONE) {
		int64_t days_left = (int64_t)item->end_of_support - today;
		if (days_left <= 0)
			flags |= FLAG_UNSUPPORTED;
		else if (days_left <= END_OF_SUPPORT_WARNING_DAYS)
			flags |= FLAG_SUPPORT_ENDS_SOON;
	}
	return flags;
}

/* The messages are written for an office manager: what is wrong, then
 * what to do about it. NULL for a value that is not one single flag. */
const char *first_steps_flag_message(enum first_steps_flag flag)
{
	switch (flag) {
	case FLAG_FEWER_THAN_3_COPIES:
		return N_("Fewer than 3 copies: keep at least three copies of your data, "
		          "the original included.");
	case FLAG_FEWER_THAN_2_MEDIA:
		return N_("All copies on one kind of storage: keep them on at least two "
		          "different kinds, for example an external disk and a cloud "
		          "service.");
	case FLAG_NO_OFFSITE_COPY:
		return N_("No copy away from the office: keep at least one copy off-site "
		          "or disconnected, so that a fire, a theft or ransomware cannot "
		          "reach it.");
	case FLAG_NEVER_RESTORE_TESTED:
		return N_("Never tested: restore a few files from this backup to make "
		          "sure it really works.");
	case FLAG_RESTORE_TEST_TOO_OLD:
		return N_("Last restore test too long ago: restore a few files again to "
		          "make sure the backup still works.");
	case FLAG_GUEST_NOT_SEPARATED:
		return N_("Guest Wi-Fi not kept apart: visitors could reach your "
		          "business computers. Separate the guest network from the "
		          "business network.");
	case FLAG_WEAK_WIFI_SECURITY:
		return N_("Weak Wi-Fi protection: set the network to WPA2 or WPA3. Open, "
		          "WEP and WPA networks can be listened in on.");
	case FLAG_WIFI_KEY_TOO_OLD:
		return N_("Wi-Fi password not changed for too long: change it and give "
		          "the new one only to those who need it.");
	case FLAG_WIFI_KEY_AGE_UNKNOWN:
		return N_("Unknown when the Wi-Fi password was last changed: change it "
		          "now and note the date.");
	case FLAG_NO_AUTOMATIC_UPDATES:
		return N_("Automatic updates are off: switch them on so that security "
		          "fixes are installed without delay.");
	case FLAG_UNSUPPORTED:
		return N_("No longer supported: the maker no longer fixes its security "
		          "problems. Replace or upgrade it.");
	case FLAG_SUPPORT_ENDS_SOON:
		return N_("Support ends soon: plan to replace or upgrade it before the "
		          "maker stops fixing its security problems.");
	}
	return NULL;
}
