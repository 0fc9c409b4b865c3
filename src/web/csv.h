/*
 * csv.h - CSV files (RFC 4180) as pages answer them: UTF-8 with a BOM,
 * CRLF line ends, fields quoted when needed, and text that a spreadsheet
 * would run as a formula defused. Used by every CSV export.
 */
#ifndef RAVELIN_CSV_H
#define RAVELIN_CSV_H

#include <stdbool.h>

#include "lib/buf.h"
#include "web/request.h"

/* Starts a file in out: the BOM, so that spreadsheets read UTF-8 as such. */
void csv_begin(struct buf *out);
/* Appends one field, then "," or, when last, the line end. The field is
 * quoted when it holds a comma, a quote or a line break; a leading
 * = + - @ (or tab, CR) gets a ' so that a spreadsheet shows the text
 * rather than running it as a formula. */
void csv_field(struct buf *out, const char *s, bool last);
/* Answers req with the file in csv (taken over) as the attachment
 * filename. */
void csv_send(struct request *req, struct buf *csv, const char *filename);

#endif
