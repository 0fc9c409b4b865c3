#!/usr/bin/env python3
"""Fills translations into po/nl.po, po/fr.po and po/de.po from a TSV file.

usage: po-fill.py FILE.tsv

Each line of FILE.tsv: msgid<TAB>nl<TAB>fr<TAB>de (backslash escapes as
in C: \\n, \\t, \\\\). For each catalogue, the entry with that msgid gets
the given msgstr and loses its fuzzy flag. Unknown msgids are reported.
Run scripts/po-update.py first so that new msgids are in the catalogues.
"""
import re
import sys

LANGS = ("nl", "fr", "de")


def po_quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def unescape_tsv(text):
    return bytes(text, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


def unquote_po(lines):
    out = ""
    for line in lines:
        body = line.strip()[1:-1]
        out += bytes(body, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
    return out


def fill(path, translations):
    text = open(path, encoding="utf-8").read()
    blocks = text.split("\n\n")
    seen = set()
    for i, block in enumerate(blocks):
        lines = block.split("\n")
        try:
            start = next(k for k, l in enumerate(lines) if l.startswith("msgid "))
            mstr = next(k for k, l in enumerate(lines) if l.startswith("msgstr "))
        except StopIteration:
            continue
        msgid_lines = [lines[start][6:]] + [l for l in lines[start + 1:mstr]]
        msgid = unquote_po(msgid_lines)
        if msgid not in translations:
            continue
        seen.add(msgid)
        head = [l for l in lines[:start] if not l.startswith("#, fuzzy")]
        head = [re.sub(r"^#, fuzzy, ", "#, ", l) if l.startswith("#,") else l for l in head]
        head = [l.replace("fuzzy, ", "").replace(", fuzzy", "") if l.startswith("#,") else l for l in head]
        head = [l for l in head if not l.startswith("#| ")]
        blocks[i] = "\n".join(head + lines[start:mstr] + ["msgstr " + po_quote(translations[msgid])])
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n\n".join(blocks))
    return seen


def main():
    rows = {}
    for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 4:
            sys.exit("%s:%d: expected 4 tab-separated columns" % (sys.argv[1], n))
        rows[unescape_tsv(parts[0])] = [unescape_tsv(p) for p in parts[1:]]
    for k, lang in enumerate(LANGS):
        seen = fill("po/%s.po" % lang, {m: t[k] for m, t in rows.items()})
        for missing in sorted(set(rows) - seen):
            print("po/%s.po: no entry for %r (run scripts/po-update.py)" % (lang, missing))


if __name__ == "__main__":
    main()
