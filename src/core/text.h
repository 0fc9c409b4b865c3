/*
 * text.h - comparing texts as people expect when they sort a list:
 * without regard to case or to the accents of the Latin letters used in
 * Dutch, French and German (and their neighbours). Pure computation.
 */
#ifndef RAVELIN_TEXT_H
#define RAVELIN_TEXT_H

/* A sort key for s: ASCII lower-cased, accented Latin letters as their
 * base letters ("Écran" → "ecran", "Äpfel" → "apfel", "ß" → "ss"); other
 * characters as they are. Returns a new string (caller frees), or NULL
 * when memory runs out. s must be valid UTF-8. */
char *text_sort_key(const char *s);

#endif
