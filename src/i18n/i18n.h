/*
 * i18n.h - interface strings in Dutch, French, German and English.
 *
 * The catalogues are gettext .po files (po/), compiled to .mo at build time
 * and embedded in the binary; this module reads the .mo files itself, so no
 * system locale is needed (a fresh machine has only C and C.UTF-8).
 * Message ids are the English text.
 */
#ifndef RAVELIN_I18N_H
#define RAVELIN_I18N_H

#include <stdbool.h>

#define I18N_LANGUAGE_COUNT 4
/* "nl", "fr", "de", "en": the order of the language switcher. */
extern const char *const i18n_languages[I18N_LANGUAGE_COUNT];
/* "Nederlands", "Français", "Deutsch", "English". */
extern const char *const i18n_language_names[I18N_LANGUAGE_COUNT];

struct catalog;

/* Loads every embedded po/LANG.mo. Returns 0, or -1 if one is malformed.
 * Call once at start-up, before any thread uses a catalogue. */
int i18n_init(void);

/* The catalogue of a supported language code, or NULL if unsupported. */
const struct catalog *i18n_catalog(const char *lang);
/* The position of a catalogue in i18n_languages; -1 for NULL. */
int i18n_index(const struct catalog *c);
/* The code ("nl" ...) of a catalogue. */
const char *i18n_code(const struct catalog *c);

/* The translation of msgid, or msgid itself when there is none.
 * The result lives as long as the program. c may be NULL (English). */
const char *i18n_gettext(const struct catalog *c, const char *msgid);

/* Picks the best supported language from an Accept-Language header value
 * (q-values honoured, "nl-BE" matches "nl"). Returns "en" when nothing
 * matches or the header is NULL/malformed. Static storage. */
const char *i18n_negotiate(const char *accept_language);

/* True if code is one of i18n_languages. */
bool i18n_supported(const char *code);

#include "lib/msgid.h"   /* N_() */

#endif
