#!/usr/bin/env python3
"""Fails when an interface string lacks a translation in any language.

usage: po-check.py [--root DIR] [--allow-unused]

Extracts the message ids from the sources again (as po-extract.py does,
in memory, so a stale po/ravelin.pot cannot hide a new string) and checks
po/nl.po, po/fr.po, po/de.po and po/en.po. A language fails when its
catalogue
  - is missing, does not parse, or msgfmt --check rejects it;
  - has no header, a fuzzy header, a charset other than UTF-8 or a
    Language field other than its own code;
  - lacks a message id of the sources, or has it empty or fuzzy;
  - has a translation whose number of %s differs from the message id's
    (the values would be shown in the wrong place or not at all);
  - has the same message id twice;
  - keeps a message id the sources no longer use, or an obsolete "#~"
    entry (so the catalogues stay clean). With --allow-unused these are
    reported as warnings only: useful while strings are being written
    into the catalogues before the code that uses them.

Every problem is printed as "po/LANG.po:LINE: reason"; the last line is
"N passed, M failed", counting languages. Exits 1 if any language failed.
To fix: scripts/po-update.py adds the new message ids to every catalogue,
then translate the empty and fuzzy entries.
"""
import argparse
import importlib.util
import os
import re
import subprocess
import sys

LANGUAGES = ("nl", "fr", "de", "en")


def load_extractor():
    """Imports po-extract.py (its name is not a module name)."""
    sys.dont_write_bytecode = True  # no __pycache__ in scripts/
    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location(
        "po_extract", os.path.join(here, "po-extract.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def format_count(text):
    """The number of %s in text (%% is a literal percent sign)."""
    return sum(1 for m in re.findall(r"%%|%s", text) if m == "%s")


def short(text, width=60):
    text = text.replace("\n", "\\n")
    return '"%s"' % (text if len(text) <= width else text[:width - 3] + "...")


def check_header(rel, header, lang, problems):
    """Appends the problems of the header entry (msgid "") to problems."""
    if header is None:
        problems.append("%s:1: no header entry (msgid \"\")" % rel)
        return
    where = "%s:%d" % (rel, header.line)
    if "fuzzy" in header.flags:
        problems.append("%s: the header is marked fuzzy" % where)
    fields = {}
    for line in header.msgstr.split("\n"):
        name, sep, value = line.partition(":")
        if sep:
            fields[name.strip().lower()] = value.strip()
    content_type = fields.get("content-type", "")
    if not re.search(r"charset=utf-8\b", content_type, re.I):
        problems.append("%s: Content-Type must be text/plain; charset=UTF-8"
                        % where)
    if fields.get("language", "") != lang:
        problems.append("%s: Language must be %s" % (where, lang))


def run_msgfmt(path):
    """msgfmt's complaints about the catalogue, or "" if it has none or
    msgfmt is not installed."""
    try:
        result = subprocess.run(["msgfmt", "--check", "-o", os.devnull, path],
                                capture_output=True, text=True)
    except FileNotFoundError:
        return ""
    return result.stderr.strip() if result.returncode != 0 else ""


def check_language(root, lang, expected, extractor, allow_unused):
    """Returns (problems, warnings) of po/LANG.po against the message ids
    expected ({msgid: [(path, line)...]})."""
    rel = "po/%s.po" % lang
    path = os.path.join(root, rel)
    problems, warnings = [], []
    if not os.path.exists(path):
        return ["%s: missing (scripts/po-update.py creates it)" % rel], []
    try:
        entries = extractor.read_po(path, rel)
    except UnicodeDecodeError as e:
        return ["%s: not UTF-8: %s" % (rel, e)], []
    except ValueError as e:
        return [str(e)], []
    complaint = run_msgfmt(path)
    if complaint:
        problems.append("%s: msgfmt --check: %s" % (rel, complaint))

    header = None
    active = {}
    for e in entries:
        where = "%s:%d" % (rel, e.line)
        if e.msgid == "" and e.msgctxt is None and not e.obsolete:
            header = e
            continue
        unused = warnings if allow_unused else problems
        if e.obsolete:
            unused.append("%s: obsolete entry %s: delete it "
                          "(scripts/po-update.py --prune)" % (where, short(e.msgid)))
            continue
        if e.msgctxt is not None or e.msgid not in expected:
            unused.append("%s: %s is no longer used in the sources: delete it "
                          "(scripts/po-update.py --prune)" % (where, short(e.msgid)))
            continue
        if e.msgid in active:
            problems.append("%s: %s appears twice" % (where, short(e.msgid)))
            continue
        active[e.msgid] = e
    check_header(rel, header, lang, problems)

    for msgid in sorted(expected):
        path_line = "%s:%d" % expected[msgid][0]
        e = active.get(msgid)
        if e is None:
            problems.append("%s: no translation of %s (used at %s)"
                            % (rel, short(msgid), path_line))
            continue
        where = "%s:%d" % (rel, e.line)
        if "fuzzy" in e.flags:
            problems.append("%s: the translation of %s is fuzzy: check it, "
                            "then remove the fuzzy flag" % (where, short(msgid)))
        elif any(t == "" for t in e.translations()):
            problems.append("%s: the translation of %s is empty"
                            % (where, short(msgid)))
        elif any(format_count(t) != format_count(msgid)
                 for t in e.translations()):
            problems.append("%s: the translation of %s has a different number "
                            "of %%s" % (where, short(msgid)))
    return problems, warnings


def main():
    parser = argparse.ArgumentParser(
        description="Checks that every interface string is translated.")
    parser.add_argument("--root", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), ".."),
        help="source tree (default: the one this script is in)")
    parser.add_argument("--allow-unused", action="store_true",
                        help="report unused and obsolete entries as warnings")
    args = parser.parse_args()

    extractor = load_extractor()
    notes = []
    expected = extractor.collect(args.root, warn=notes.append)
    for note in notes:
        print("warning: %s" % note)

    pot = os.path.join(args.root, "po", "ravelin.pot")
    try:
        with open(pot, encoding="utf-8") as f:
            if f.read() != extractor.render_pot(expected):
                print("warning: po/ravelin.pot is out of date "
                      "(scripts/po-update.py regenerates it)")
    except OSError:
        print("warning: po/ravelin.pot is missing "
              "(scripts/po-update.py generates it)")

    passed = failed = 0
    for lang in LANGUAGES:
        problems, warnings = check_language(args.root, lang, expected,
                                            extractor, args.allow_unused)
        for w in warnings:
            print("warning: %s" % w)
        for p in problems:
            print(p)
        if problems:
            failed += 1
            print("%s: FAILED, %d problem%s" % (lang, len(problems),
                                                "" if len(problems) == 1 else "s"))
        else:
            passed += 1
            print("%s: ok, %d messages" % (lang, len(expected)))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
