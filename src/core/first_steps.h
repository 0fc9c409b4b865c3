/*
 * first_steps.h - the checks of the first-steps registers (METHOD.md §1):
 * backups against the 3-2-1 rule and the age of their last restore test,
 * Wi-Fi networks against separation, encryption and key age, software
 * against automatic updates and end of support. Pure computation.
 *
 * Each check returns a set of flags; every flag has a message id that
 * says, in plain words, what is wrong (first_steps_flag_message).
 */
#ifndef RAVELIN_FIRST_STEPS_H
#define RAVELIN_FIRST_STEPS_H

#include <stdbool.h>

#include "core/date.h"

#define RESTORE_TEST_MONTHS_DEFAULT 12
#define WIFI_ROTATION_DAYS_DEFAULT 180
#define END_OF_SUPPORT_WARNING_DAYS 90

enum first_steps_flag {
	/* backups */
	FLAG_FEWER_THAN_3_COPIES = 1u << 0,
	FLAG_FEWER_THAN_2_MEDIA = 1u << 1,
	FLAG_NO_OFFSITE_COPY = 1u << 2,       /* nothing off-site or offline */
	FLAG_NEVER_RESTORE_TESTED = 1u << 3,
	FLAG_RESTORE_TEST_TOO_OLD = 1u << 4,
	/* Wi-Fi */
	FLAG_GUEST_NOT_SEPARATED = 1u << 5,
	FLAG_WEAK_WIFI_SECURITY = 1u << 6,    /* open, WEP or WPA (1) */
	FLAG_WIFI_KEY_TOO_OLD = 1u << 7,
	FLAG_WIFI_KEY_AGE_UNKNOWN = 1u << 8,
	/* software and devices */
	FLAG_NO_AUTOMATIC_UPDATES = 1u << 9,
	FLAG_UNSUPPORTED = 1u << 10,          /* end of support reached */
	FLAG_SUPPORT_ENDS_SOON = 1u << 11,    /* within END_OF_SUPPORT_WARNING_DAYS */
};

struct backup_entry {
	int copies;                /* copies of the data, the original included */
	int media;                 /* different kinds of medium among them */
	bool offsite_or_offline;   /* at least one copy off-site or offline */
	day_t last_restore_test;   /* DATE_NONE if never */
};

/* Flags of a backup entry on day today; restore_test_months is the
 * organisation's period (default RESTORE_TEST_MONTHS_DEFAULT, also used
 * for a value below 1). A test exactly restore_test_months ago still
 * counts: the check fails only when today is after
 * date_add_months(last_restore_test, restore_test_months). A test date in
 * the future counts as a test today. *next_test_due is that last passing
 * day (DATE_NONE if never tested: due now); next_test_due may be NULL. */
unsigned backup_check(const struct backup_entry *entry, day_t today,
                      int restore_test_months, day_t *next_test_due);

enum wifi_purpose { WIFI_BUSINESS, WIFI_GUEST };
enum wifi_security { WIFI_OPEN, WIFI_WEP, WIFI_WPA, WIFI_WPA2, WIFI_WPA3 };

struct wifi_network {
	enum wifi_purpose purpose;
	enum wifi_security security;
	bool separated;            /* a guest network kept apart from business */
	day_t key_changed;         /* DATE_NONE if unknown */
};

/* Flags of a Wi-Fi network on day today. Only WPA2 and WPA3 pass; only a
 * guest network can be "not separated". The key may be rotation_days old
 * and still pass (rotation_days below 1 means the default); a key date in
 * the future counts as a change today. *rotation_due is key_changed +
 * rotation_days, the last passing day (DATE_NONE if the key's age is
 * unknown). An open network has no key: no key flag, *rotation_due is
 * DATE_NONE. rotation_due may be NULL. */
unsigned wifi_check(const struct wifi_network *network, day_t today,
                    int rotation_days, day_t *rotation_due);

struct software_item {
	bool automatic_updates;
	day_t end_of_support;      /* DATE_NONE if none announced */
};

/* Flags of software or a device on day today: unsupported from its end of
 * support day on; "ends soon" when that day is 1..END_OF_SUPPORT_WARNING_DAYS
 * days ahead; nothing about support for DATE_NONE. */
unsigned software_check(const struct software_item *item, day_t today);

/* The English message id of one flag (marked for translation); NULL for
 * a value that is not exactly one of the flags above. */
const char *first_steps_flag_message(enum first_steps_flag flag);

#endif
