// Reads the translation catalogues (po/LANG.po) at test time, so that the
// browser tests expect whatever the translators have written so far
// instead of a copy of it. Only what the tests need: msgid → msgstr, with
// continuation lines and C escapes; plural forms give their first form.
// A fuzzy entry counts as untranslated, as msgfmt leaves it out of the
// compiled catalogue the server uses.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const PO_DIR = path.resolve(here, '../../po');
export const LANGUAGES = ['nl', 'fr', 'de', 'en'];

function unquote(s) {
  // s is the text between the outer quotes of a PO string.
  return s.replace(/\\(["\\nt])/g, (_, c) => ({ n: '\n', t: '\t' }[c] ?? c));
}

export function readPo(lang) {
  const text = fs.readFileSync(path.join(PO_DIR, `${lang}.po`), 'utf8');
  const messages = new Map();
  let entry = {};
  let field = null;
  const flush = () => {
    if (entry.msgid !== undefined && entry.msgid !== '') {
      const key = entry.msgctxt !== undefined ? `${entry.msgctxt}\u0004${entry.msgid}` : entry.msgid;
      messages.set(key, entry.fuzzy ? '' : (entry.msgstr ?? entry['msgstr[0]'] ?? ''));
    }
    entry = {};
    field = null;
  };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' ) { flush(); continue; }
    if (line.startsWith('#')) {
      // Comments belong to the entry that follows.
      if (field && field.startsWith('msgstr')) flush();
      if (/^#,.*\bfuzzy\b/.test(line)) entry.fuzzy = true;
      continue;
    }
    const m = line.match(/^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"$/);
    if (m) {
      if (m[1] === 'msgid' && entry.msgid !== undefined && field !== 'msgctxt') flush();
      if (m[1] === 'msgctxt' && entry.msgid !== undefined) flush();
      field = m[1];
      entry[field] = unquote(m[2]);
      continue;
    }
    const c = line.match(/^"(.*)"$/);
    if (c && field) entry[field] += unquote(c[1]);
  }
  flush();
  return messages;
}

const cache = new Map();

// The text a page in `lang` shows for `msgid`: the translation, or the
// English id itself while the translation is empty.
export function shown(lang, msgid) {
  if (!cache.has(lang)) cache.set(lang, readPo(lang));
  const str = cache.get(lang).get(msgid);
  return str ? str : msgid;
}

// The raw translation ('' when untranslated, undefined when the id is not
// in the catalogue at all).
export function translation(lang, msgid) {
  if (!cache.has(lang)) cache.set(lang, readPo(lang));
  return cache.get(lang).get(msgid);
}
