/*
 * msgid.h - marking English message ids for translation.
 *
 * N_("text") is the text itself; scripts/po-extract.py finds every N_()
 * and _() call and puts the text in the catalogues, so any layer can word
 * a message that the web layer later translates.
 */
#ifndef RAVELIN_MSGID_H
#define RAVELIN_MSGID_H

#define N_(s) (s)

#endif
