/*
 * csv.c - writing CSV exports (RFC 4180) and answering with them; see
 * csv.h. The risk register and the Statement of Applicability use it.
 */
#include "web/csv.h"

#include <stdio.h>
#include <string.h>

void csv_begin(struct buf *out)
{
	buf_puts(out, "\xEF\xBB\xBF");
}

void csv_field(struct buf *out, const char *s, bool last)
{
	bool formula = s[0] && strchr("=+-@\t\r", s[0]);
	bool quote = formula || strpbrk(s, ",\"\r\n");
	if (quote)
		buf_putc(out, '"');
	if (formula)
		buf_putc(out, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_putc(out, '"');
		buf_putc(out, *p);
	}
	if (quote)
		buf_putc(out, '"');
	buf_puts(out, last ? "\r\n" : ",");
}

void csv_send(struct request *req, struct buf *csv, const char *filename)
{
	char disposition[160];
	snprintf(disposition, sizeof disposition, "attachment; filename=\"%s\"", filename);
	add_header(req, "Content-Disposition", disposition);
	req->status = 200;
	req->content_type = "text/csv; charset=utf-8; header=present";
	req->body_out_len = csv->len;
	req->body_out = buf_steal(csv);
	req->body_out_owned = true;
}
