#!/usr/bin/env python3
"""Brings po/ravelin.pot and the four catalogues up to date with the sources.

usage: po-update.py [--root DIR] [--prune]

1. Regenerates po/ravelin.pot (as po-extract.py does).
2. Merges it into po/nl.po, po/fr.po and po/de.po with msgmerge: a new
   message id gets an empty translation, or a fuzzy guess from a similar
   old one (with the old id shown as "#| msgid"), for a translator to fill
   in or check. A missing catalogue is created with its header.
3. Merges it into po/en.po the same way, without guesses, and gives every
   new entry a translation equal to its message id (msgen).
Message ids no longer in the sources stay at the end of each catalogue as
obsolete "#~" entries (an id that comes back gets its translation back);
--prune deletes them. scripts/po-check.py reports what is left to do.

The catalogues keep file names but not line numbers in their references,
so moving code around does not change them.
"""
import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
import time

LANGUAGES = ("nl", "fr", "de", "en")

NEW_CATALOGUE = """\
# {name} interface strings of Ravelin.
msgid ""
msgstr ""
"Project-Id-Version: Ravelin\\n"
"PO-Revision-Date: {date}\\n"
"Last-Translator: Ravelin developers\\n"
"Language-Team: {name}\\n"
"Language: {lang}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural={plural};\\n"
"""
NAMES = {"nl": "Dutch", "fr": "French", "de": "German", "en": "English"}
PLURALS = {"nl": "(n != 1)", "fr": "(n > 1)", "de": "(n != 1)", "en": "(n != 1)"}


def load_extractor():
    """Imports po-extract.py (its name is not a module name)."""
    sys.dont_write_bytecode = True  # no __pycache__ in scripts/
    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location(
        "po_extract", os.path.join(here, "po-extract.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(command, po):
    """Runs a gettext tool on behalf of catalogue po; on failure prints its
    complaint and exits, leaving po as it was."""
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        sys.exit("po-update: %s failed on %s" % (command[0], os.path.relpath(po)))


def update(po, pot, lang, prune):
    """Merges pot into the catalogue po (created if missing)."""
    if not os.path.exists(po):
        with open(po, "w", encoding="utf-8") as f:
            f.write(NEW_CATALOGUE.format(
                name=NAMES[lang], lang=lang, plural=PLURALS[lang],
                date=time.strftime("%Y-%m-%d %H:%M+0000", time.gmtime())))
    with tempfile.TemporaryDirectory() as tmp:
        merged = os.path.join(tmp, "merged.po")
        command = ["msgmerge", "--quiet", "--no-wrap", "--add-location=file",
                   "--lang=" + lang, "-o", merged]
        command += ["--no-fuzzy-matching"] if lang == "en" else ["--previous"]
        run(command + [po, pot], po)
        if lang == "en":
            run(["msgen", "--no-wrap", "-o", merged, merged], po)
        if prune:
            run(["msgattrib", "--no-obsolete", "--no-wrap", "-o", merged, merged],
                po)
        with open(merged, encoding="utf-8") as f:
            text = f.read()
    with open(po, encoding="utf-8") as f:
        if f.read() == text:
            return
    with open(po + ".tmp", "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(po + ".tmp", po)
    print("%s: updated" % os.path.relpath(po), file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(
        description="Merges new interface strings into the catalogues.")
    parser.add_argument("--root", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), ".."),
        help="source tree (default: the one this script is in)")
    parser.add_argument("--prune", action="store_true",
                        help="delete entries the sources no longer use")
    args = parser.parse_args()

    extractor = load_extractor()
    messages = extractor.collect(args.root)
    po_dir = os.path.join(args.root, "po")
    os.makedirs(po_dir, exist_ok=True)
    pot = os.path.join(po_dir, "ravelin.pot")
    with open(pot + ".tmp", "w", encoding="utf-8") as f:
        f.write(extractor.render_pot(messages))
    os.replace(pot + ".tmp", pot)
    for lang in LANGUAGES:
        update(os.path.join(po_dir, lang + ".po"), pot, lang, args.prune)
    print("%d messages; run scripts/po-check.py to see what is left to "
          "translate" % len(messages), file=sys.stderr)


if __name__ == "__main__":
    main()
