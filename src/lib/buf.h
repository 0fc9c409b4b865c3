/*
 * buf.h - a growable byte buffer, the one way Ravelin builds strings.
 *
 * Every function that appends keeps the buffer NUL-terminated so that
 * b->data can be handed to C string functions. Allocation failure aborts:
 * a server that cannot allocate a few kilobytes cannot answer anyway.
 */
#ifndef RAVELIN_BUF_H
#define RAVELIN_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;   /* owned; NULL until the first append */
	size_t len;   /* bytes used, not counting the terminating NUL */
	size_t cap;
};

void buf_append(struct buf *b, const void *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Appends s with & < > " ' replaced by HTML entities. */
void buf_put_html(struct buf *b, const char *s, size_t len);
/* Makes room for n more bytes at once (a page's expected size). */
void buf_reserve(struct buf *b, size_t n);
void buf_reset(struct buf *b);  /* len = 0, keeps the memory */
void buf_free(struct buf *b);
/* Hands the bytes to the caller (who frees them) and empties b. */
char *buf_steal(struct buf *b);

#endif
