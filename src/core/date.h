/*
 * date.h - calendar dates as day numbers, for the deadlines and ages of
 * the registers (restore tests, Wi-Fi keys, end of support, actions).
 *
 * A day number counts days since 1970-01-01 (proleptic Gregorian), so a
 * difference of dates is a subtraction. Pure computation.
 */
#ifndef RAVELIN_DATE_H
#define RAVELIN_DATE_H

#include <stdbool.h>
#include <stdint.h>

typedef int32_t day_t;

#define DATE_NONE INT32_MIN   /* "no date": never tested, never changed */

/* Parses "YYYY-MM-DD" (a real date, years 1900..9999); false otherwise:
 * exactly ten characters, two digits for month and day, nothing before
 * or after ("2023-1-01", " 2023-01-01", "2023-01-01x" are refused).
 * *out is written only on success. */
bool date_parse(const char *text, day_t *out);
/* Writes "YYYY-MM-DD" (11 bytes with the NUL); "" for DATE_NONE and for
 * a day outside the years 0000..9999, which four digits cannot show. */
void date_format(day_t day, char out[11]);
/* The day number of a date. A month outside 1..12 carries into the year
 * and a day outside the month counts on from its first day (2023-01-32
 * is 2023-02-01); a result beyond day_t is clamped to DATE_NONE + 1 ..
 * INT32_MAX. */
day_t date_from_ymd(int year, int month, int day);
/* The date of a day number; 0, 0, 0 for DATE_NONE. */
void date_to_ymd(day_t day, int *year, int *month, int *mday);
/* The same day months later (or earlier, if negative); the last day of
 * the month when that month is shorter (2024-02-29 + 12 → 2025-02-28,
 * 2024-01-31 + 1 → 2024-02-29). DATE_NONE stays DATE_NONE. */
day_t date_add_months(day_t day, int months);
/* Today in UTC, from a Unix time; rounds down, so a negative time is in
 * 1969 or before (-1 is 1969-12-31). A time beyond day_t is clamped to
 * DATE_NONE + 1 .. INT32_MAX (never DATE_NONE). */
day_t date_from_unix(int64_t seconds);

#endif
