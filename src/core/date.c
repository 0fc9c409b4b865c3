/*
 * date.c - calendar dates as day numbers since 1970-01-01 (see date.h).
 *
 * The conversion between (year, month, day) and a day number is the
 * closed-form "days from civil" computation over 400-year eras of the
 * proleptic Gregorian calendar (146097 days each), so no table or loop
 * over years is needed and negative day numbers (before 1970) work the
 * same way as positive ones. Intermediate values are kept in 64 bits;
 * a result beyond day_t is clamped, never wrapped, and never becomes
 * DATE_NONE by accident.
 */
#include "core/date.h"

#include <stddef.h>

#define DAY_MIN ((int64_t)DATE_NONE + 1)
#define DAY_MAX ((int64_t)INT32_MAX)
#define SECONDS_PER_DAY 86400

static bool is_leap_year(int64_t year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/* Days in month (1..12) of year. */
static int days_in_month(int64_t year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month == 2 && is_leap_year(year))
		return 29;
	return days[month - 1];
}

/* Division rounding towards minus infinity (C rounds towards zero). */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static day_t clamp_day(int64_t days)
{
	if (days < DAY_MIN)
		return (day_t)DAY_MIN;
	if (days > DAY_MAX)
		return (day_t)DAY_MAX;
	return (day_t)days;
}

/* Days since 1970-01-01 of a proleptic Gregorian date with month 1..12;
 * mday may lie outside the month (it simply counts on from day 1).
 * year must stay within about +-10^12 so that nothing overflows. */
static int64_t days_from_civil(int64_t year, int month, int64_t mday)
{
	/* Count years from March, so that the leap day is the last of its
	 * year and the month lengths from March on follow (153m + 2) / 5. */
	int64_t y = month <= 2 ? year - 1 : year;
	int64_t era = floor_div(y, 400);
	int64_t year_of_era = y - era * 400;                       /* 0..399 */
	int64_t shifted_month = month > 2 ? month - 3 : month + 9; /* 0..11 */
	int64_t day_of_year = (153 * shifted_month + 2) / 5 + mday - 1;
	int64_t day_of_era = year_of_era * 365 + year_of_era / 4 -
	                     year_of_era / 100 + day_of_year;
	/* 719468 days from 0000-03-01 to 1970-01-01 */
	return era * 146097 + day_of_era - 719468;
}

/* The inverse of days_from_civil for any 64-bit day within range. */
static void civil_from_days(int64_t days, int64_t *year, int *month, int *mday)
{
	int64_t z = days + 719468;
	int64_t era = floor_div(z, 146097);
	int64_t day_of_era = z - era * 146097;                     /* 0..146096 */
	int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 -
	                       day_of_era / 146096) / 365;         /* 0..399 */
	int64_t day_of_year = day_of_era -
	                      (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
	int64_t shifted_month = (5 * day_of_year + 2) / 153;       /* 0..11, from March */
	*mday = (int)(day_of_year - (153 * shifted_month + 2) / 5 + 1);
	*month = (int)(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
	*year = year_of_era + era * 400 + (*month <= 2 ? 1 : 0);
}

/* Reads n decimal digits at s; -1 if any is not a digit. */
static int read_digits(const char *s, int n)
{
	int value = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		value = value * 10 + (s[i] - '0');
	}
	return value;
}

/* Exactly ten characters "YYYY-MM-DD", nothing before or after; the
 * year 1900..9999 and a day that exists in that month. *out is left
 * alone on failure. */
bool date_parse(const char *text, day_t *out)
{
	if (!text)
		return false;
	for (int i = 0; i < 10; i++) {
		if (text[i] == '\0')
			return false;
	}
	if (text[10] != '\0' || text[4] != '-' || text[7] != '-')
		return false;
	int year = read_digits(text, 4);
	int month = read_digits(text + 5, 2);
	int mday = read_digits(text + 8, 2);
	if (year < 1900 || month < 1 || month > 12 || mday < 1 ||
	    mday > days_in_month(year, month))
		return false;
	*out = (day_t)days_from_civil(year, month, mday);
	return true;
}

/* Writes the four-digit year, month and day by hand (no snprintf, so
 * that the compiler can see the 11 bytes are enough). */
void date_format(day_t day, char out[11])
{
	out[0] = '\0';
	if (day == DATE_NONE)
		return;
	int year, month, mday;
	date_to_ymd(day, &year, &month, &mday);
	if (year < 0 || year > 9999)
		return;
	out[0] = (char)('0' + year / 1000);
	out[1] = (char)('0' + year / 100 % 10);
	out[2] = (char)('0' + year / 10 % 10);
	out[3] = (char)('0' + year % 10);
	out[4] = '-';
	out[5] = (char)('0' + month / 10);
	out[6] = (char)('0' + month % 10);
	out[7] = '-';
	out[8] = (char)('0' + mday / 10);
	out[9] = (char)('0' + mday % 10);
	out[10] = '\0';
}

/* A month outside 1..12 carries into the year (month 13 is January of
 * the next year, month 0 December of the one before); a day outside the
 * month counts on from its first day (January 32 is February 1). */
day_t date_from_ymd(int year, int month, int day)
{
	int64_t months = (int64_t)year * 12 + (month - 1);
	int64_t y = floor_div(months, 12);
	int m = (int)(months - y * 12) + 1;
	return clamp_day(days_from_civil(y, m, day));
}

/* DATE_NONE gives 0, 0, 0; every other day_t is a real date (day_t spans
 * about +-5.8 million years, which fits an int). */
void date_to_ymd(day_t day, int *year, int *month, int *mday)
{
	if (day == DATE_NONE) {
		*year = *month = *mday = 0;
		return;
	}
	int64_t y;
	civil_from_days(day, &y, month, mday);
	*year = (int)y;
}

/* Moves by whole months on the calendar, then clamps the day to the
 * length of the month reached; DATE_NONE stays DATE_NONE. */
day_t date_add_months(day_t day, int months)
{
	if (day == DATE_NONE)
		return DATE_NONE;
	int64_t year;
	int month, mday;
	civil_from_days(day, &year, &month, &mday);
	int64_t total = year * 12 + (month - 1) + months;
	int64_t new_year = floor_div(total, 12);
	int new_month = (int)(total - new_year * 12) + 1;
	int last = days_in_month(new_year, new_month);
	if (mday > last)
		mday = last;
	return clamp_day(days_from_civil(new_year, new_month, mday));
}

/* Rounds towards minus infinity: one second before the epoch is still
 * 1969-12-31. Times beyond day_t are clamped to its ends. */
day_t date_from_unix(int64_t seconds)
{
	return clamp_day(floor_div(seconds, SECONDS_PER_DAY));
}
