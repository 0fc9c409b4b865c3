// The risk treatment as files, against a real `ravelin serve`: the
// treatment plan as a PDF (pdftotext: every treated risk under its
// decision's word in the reader's language, measures with owner and cost,
// the justification and who signed it, the party, the risks still to
// decide, and nothing of the low or not evaluated undecided ones) and the
// risk register with decisions as XLSX (LibreOffice converts it to CSV
// without error: every risk with its decision and values; the header row
// frozen, the autofilter on it and the level cells filled in their
// colour, read from the workbook's XML); the register's CSV carrying the
// decision word; who may download (viewers yes, another organisation 404).
//
// Needs pdftotext (poppler-utils), libreoffice (libreoffice-calc-nogui)
// and python3.
// run: node --test --test-reporter=spec tests/http/exports.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { startServer, tempDir, sql } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { addPeople, orgId, logInEach, assertUnchanged } from '../lib/fixture.mjs';

const PASSWORD = 'correct horse battery staple';
const NOW = 1700000000;
const KB = JSON.parse(fs.readFileSync(new URL('../../kb/risk.json', import.meta.url)));
const THREATS = Object.fromEntries(KB.threats.map((t) => [t.id, t]));
const MEASURES_FILE = new URL('../../kb/measures.json', import.meta.url);
const MEASURES = fs.existsSync(MEASURES_FILE)
  ? JSON.parse(fs.readFileSync(MEASURES_FILE)).measures : [];

let srv;
let dir;
const ids = {};
const c = {};

// Organisation A: the customer file (primary, C 3 I 2 A 4) and the laptop
// (supporting, its own 3 3 3). id, asset, threat, vulnerability,
// likelihood, vulnerability level; the decision taken below.
const RISKS = [
  [1, 2, 'thr-theft-equipment', 'vul-laptop-disk-unencrypted', 3, 4],   // 36 high: reduce
  [2, 1, 'thr-phishing', 'vul-no-antivirus', 3, 3],                     // 27 medium: accept, signed
  [3, 2, 'thr-fire', 'vul-laptop-disk-unencrypted', 2, 3],              // 18 medium: avoid
  [4, 1, 'thr-ransomware', 'vul-no-antivirus', 2, 4],                   // 32 high: transfer
  [5, 1, 'thr-espionage', 'vul-no-antivirus', 2, 2],                    // 12 medium: accept, proposed
  [6, 2, 'thr-hardware-failure', 'vul-no-antivirus', 4, 5],             // 60 high: still to decide
  [7, 1, 'thr-human-error', 'vul-no-antivirus', 0, 3],                  // 0 low: undecided
  [8, 1, 'thr-website-defacement', 'vul-no-antivirus', -1, 3],          // not evaluated: undecided
];
const DECISIONS = { 1: 'reduce', 2: 'accept', 3: 'avoid', 4: 'transfer', 5: 'accept' };
const VALUES = { 1: 36, 2: 27, 3: 18, 4: 32, 5: 12, 6: 60, 7: 0, 8: null };
const TARGETED = { 1: null, 2: 27, 3: 0, 4: 32, 5: 12, 6: 60, 7: 0, 8: null };   // 1: set below
const PARTY = 'Assurances Mutuelles Ethias';
const JUSTIFICATION = 'Staff are trained every spring; the cost of more is out of proportion.';
const JUSTIFICATION_5 = 'Nothing here is worth spying on.';

const WORDS = {
  en: { reduce: 'Reduce', accept: 'Accept', avoid: 'Avoid', transfer: 'Transfer',
    accepted: 'Accepted', proposed: "Waiting for an owner's sign-off", title: 'Risk treatment plan',
    high: 'High', medium: 'Medium', low: 'Low' },
  fr: { reduce: 'Réduire', accept: 'Accepter', avoid: 'Éviter', transfer: 'Transférer',
    accepted: 'Accepté', proposed: 'En attente de validation par un propriétaire',
    high: 'Élevé', medium: 'Moyen', low: 'Faible' },
  de: { reduce: 'Verringern', accept: 'Akzeptieren', avoid: 'Vermeiden', transfer: 'Übertragen',
    accepted: 'Akzeptiert', proposed: 'Wartet auf Freigabe durch einen Eigentümer',
    high: 'Hoch', medium: 'Mittel', low: 'Niedrig' },
};

function seed(org, risks) {
  const q = [`INSERT INTO assets (org_id, id, name, type, is_primary, impact_c, impact_i, impact_a,
      created_at, updated_at) VALUES (${org}, 1, 'Customer file', 'info-customers', 1, 3, 2, 4,
      ${NOW}, ${NOW}), (${org}, 2, 'Laptop', 'hw-laptop', 0, 3, 3, 3, ${NOW}, ${NOW});`];
  for (const [id, asset, threat, vuln, l, v] of risks)
    q.push(`INSERT INTO risks (org_id, id, asset_id, threat, vulnerability, likelihood,
      vuln_level, impact_c, impact_i, impact_a, created_at, updated_at) VALUES (${org}, ${id},
      ${asset}, '${threat}', '${vuln}', ${l}, ${v}, -1, -1, -1, ${NOW}, ${NOW});`);
  sql(dir, q.join('\n'));
}

const A = () => `/o/${ids.orgA}`;

async function ok(r, what) {
  assert.equal(r.status, 303, `${what}: ${r.status} ${r.text.slice(0, 400)}`);
}

before(async () => {
  dir = tempDir('ravelin-exports-');
  addPeople(dir, PASSWORD, [
    ['owner@example.test', 'Boulangerie Émile', 'owner', 'Émile Owner'],
    ['viewer@example.test', 'Boulangerie Émile', 'viewer'],
    ['owner-b@example.test', 'Garage B', 'owner'],
    ['owner@example.test', 'Empty Co', 'owner'],
  ]);
  ids.orgA = orgId(dir, 'Boulangerie Émile');
  ids.orgB = orgId(dir, 'Garage B');
  seed(ids.orgA, RISKS);
  seed(ids.orgB, [[1, 1, 'thr-fire', 'vul-no-antivirus', 2, 2]]);
  srv = await startServer({ dataDir: dir, args: ['--threads', '1'] });
  await logInEach(srv.base, PASSWORD, {
    owner: 'owner@example.test', viewer: 'viewer@example.test', ownerB: 'owner-b@example.test',
  }, c);
  // The decisions, through the pages' own routes.
  const o = c.owner;
  await o.get(`${A()}/risks/1/treatment`);
  await ok(await o.post(`${A()}/risks/1/treatment`, { decision: 'reduce' }), 'reduce');
  ids.measures = MEASURES.slice(0, 2);
  let reduction = 0;
  for (const [k, m] of ids.measures.entries()) {
    await ok(await o.post(`${A()}/risks/1/measures`, { measure: m.id, reduction: 1,
      owner: k ? 'Jan the IT partner' : 'Émile', due: '2027-03-31', cost: k ? '€ 400' : '2 days' }),
    `measure ${m.id}`);
    reduction++;
  }
  TARGETED[1] = 3 * 3 * (4 - reduction);
  await ok(await o.post(`${A()}/risks/2/treatment`, { decision: 'accept', justification: JUSTIFICATION }),
    'accept');
  await ok(await o.post(`${A()}/risks/2/treatment/sign`, {}), 'sign');
  await ok(await o.post(`${A()}/risks/3/treatment`, { decision: 'avoid' }), 'avoid');
  await ok(await o.post(`${A()}/risks/4/treatment`, { decision: 'transfer', party: PARTY }), 'transfer');
  await ok(await o.post(`${A()}/risks/5/treatment`, { decision: 'accept', justification: JUSTIFICATION_5 }),
    'accept 5');
  assert.equal(sql(dir, `SELECT count(*) FROM treatments WHERE org_id = ${ids.orgA}`), '5');
});

after(async () => { await srv?.stopChecked(); });

/* ---- helpers ------------------------------------------------------------------------- */

// EXPORTS_KEEP=DIR keeps each file downloaded there, to look at.
async function download(client, url, lang) {
  const res = await fetch(srv.base + url, {
    headers: { ...client.headers(), ...(lang ? { 'accept-language': lang } : {}) },
    redirect: 'manual',
  });
  const body = Buffer.from(await res.arrayBuffer());
  if (process.env.EXPORTS_KEEP && res.status === 200)
    fs.writeFileSync(path.join(process.env.EXPORTS_KEEP,
      `${lang || 'default'}-${url.replace(/[^a-z0-9.]+/gi, '_')}`), body);
  return { status: res.status, headers: res.headers, body };
}

function pdfText(bytes) {
  const tmp = tempDir('ravelin-exports-pdf-');
  const file = path.join(tmp, 'plan.pdf');
  fs.writeFileSync(file, bytes);
  const r = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  fs.rmSync(tmp, { recursive: true });
  return r.stdout;
}

// Whitespace (line breaks in table cells) folded to one space.
const flat = (s) => s.replace(/\s+/g, ' ');

// The text between a heading and the next of the others (or the end).
function section(text, heading, others) {
  const start = text.indexOf(heading);
  assert.ok(start >= 0, `no section "${heading}"`);
  const ends = others.map((o) => text.indexOf(o, start + heading.length)).filter((i) => i > 0);
  return text.slice(start, ends.length ? Math.min(...ends) : undefined);
}

// RFC 4180 rows.
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += ch;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

// LibreOffice's own reading of the workbook, as CSV rows.
function xlsxAsCsv(bytes) {
  const tmp = tempDir('ravelin-exports-xlsx-');
  const file = path.join(tmp, 'risks.xlsx');
  fs.writeFileSync(file, bytes);
  const r = spawnSync('libreoffice', ['--headless', '--convert-to',
    'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', tmp, file],
  { encoding: 'utf8', env: { ...process.env, HOME: tmp }, timeout: 120000 });
  assert.equal(r.status, 0, `libreoffice: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /error/i);
  const out = path.join(tmp, 'risks.csv');
  assert.ok(fs.existsSync(out), `no CSV: ${r.stdout} ${r.stderr}`);
  const rows = parseCsv(fs.readFileSync(out, 'utf8').replace(/^\uFEFF/, ''));
  fs.rmSync(tmp, { recursive: true });
  return rows;
}

// The sheet's pane and autofilter, and the fill colour of each cell of the
// given columns, from the XML inside the workbook.
function xlsxInside(bytes, columns) {
  const py = `
import json, re, sys, zipfile, io
z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))
sheet = z.read('xl/worksheets/sheet1.xml').decode()
styles = z.read('xl/styles.xml').decode()
fills = re.findall(r'<fill>(.*?)</fill>', re.search(r'<fills[^>]*>(.*)</fills>', styles, re.S).group(1), re.S)
xfs = re.findall(r'<xf [^>]*?/?>', re.search(r'<cellXfs[^>]*>(.*?)</cellXfs>', styles, re.S).group(1))
def fill_of(style):
    m = re.search(r'fillId="(\\d+)"', xfs[style])
    f = fills[int(m.group(1))] if m else ''
    c = re.search(r'<fgColor rgb="([0-9A-F]+)"', f)
    return c.group(1)[-6:] if c else None
cells = {}
for ref, attrs in re.findall(r'<c r="([A-Z]+\\d+)"([^>]*)>', sheet):
    col = re.match(r'[A-Z]+', ref).group(0)
    if col in ${JSON.stringify(columns)}:
        s = re.search(r' s="(\\d+)"', attrs)
        cells[ref] = fill_of(int(s.group(1))) if s else None
pane = re.search(r'<pane [^>]*>', sheet)
af = re.search(r'<autoFilter ref="([^"]+)"', sheet)
print(json.dumps({'pane': pane.group(0) if pane else None, 'autofilter': af.group(1) if af else None,
                  'cells': cells}))
`;
  const r = spawnSync('python3', ['-c', py], { input: bytes, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const threatTitle = (id, lang) => THREATS[RISKS.find((r) => r[0] === id)[2]].title[lang];

/* ---- the treatment plan (PDF) ---------------------------------------------------------- */

for (const lang of ['fr', 'de', 'en']) {
  test(`the treatment plan in ${lang}: every treated risk under its decision, then those still to decide`, async () => {
    const r = await download(c.viewer, `${A()}/treatment/plan.pdf`, lang);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/pdf');
    assert.match(r.headers.get('content-disposition'),
      /^attachment; filename="treatment-plan-\d+-\d{4}-\d\d-\d\d\.pdf"$/);
    assert.equal(r.body.subarray(0, 5).toString(), '%PDF-');
    const text = flat(pdfText(r.body));
    const w = WORDS[lang];
    assert.ok(text.includes('Boulangerie Émile'), 'the organisation');
    if (w.title) assert.ok(text.includes(w.title));
    // Sections in plan order, each with its risks.
    const heads = [w.reduce, w.accept, w.avoid, w.transfer];
    const at = heads.map((h) => text.indexOf(` ${h} `));
    for (const [k, i] of at.entries()) assert.ok(i > 0, `no heading ${heads[k]}`);
    assert.deepEqual([...at].sort((x, y) => x - y), at, 'decisions in plan order');
    for (const [id, decision] of Object.entries(DECISIONS)) {
      const part = section(text, ` ${w[decision]} `, heads.filter((h) => h !== w[decision]).map((h) => ` ${h} `));
      assert.ok(part.includes(threatTitle(Number(id), lang)),
        `risk ${id} (${threatTitle(Number(id), lang)}) under ${w[decision]}`);
    }
    // Reduce: the measures with their owner, due date and cost.
    const reduce = section(text, ` ${w.reduce} `, [` ${w.accept} `]);
    for (const m of ids.measures) assert.ok(reduce.includes(flat(m.title[lang])), `measure ${m.id}`);
    if (ids.measures.length) {
      assert.ok(reduce.includes('Jan the IT partner') && reduce.includes('2027-03-31') &&
        reduce.includes('€ 400'), 'owner, due date, cost');
    }
    // Accept: the justification, its state and who signed when.
    const accept = section(text, ` ${w.accept} `, [` ${w.avoid} `]);
    assert.ok(accept.includes(JUSTIFICATION) && accept.includes(JUSTIFICATION_5));
    // (pdftotext joins a word broken at its hyphen: "sign-off" may read "signoff")
    const unhyphen = (x) => x.replaceAll('-', '');
    assert.ok(accept.includes(w.accepted) && unhyphen(accept).includes(unhyphen(w.proposed)),
      'acceptance states');
    assert.match(accept, /Émile Owner, \d{4}-\d\d-\d\d/, 'who signed and when');
    // Transfer: the party.
    assert.ok(section(text, ` ${w.transfer} `, []).includes(PARTY));
    // Still to decide: the high undecided risk, not the low or unevaluated ones.
    assert.ok(text.slice(text.indexOf(PARTY)).includes(threatTitle(6, lang)), 'still to decide');
    assert.ok(!text.includes(threatTitle(7, lang)), 'a low undecided risk is not in the plan');
    assert.ok(!text.includes(threatTitle(8, lang)), 'an unevaluated undecided risk is not in the plan');
    // The summary's levels.
    for (const l of [w.high, w.medium, w.low]) assert.ok(text.includes(l), l);
  });
}

test('the plan summary counts the risks per level now and targeted', async () => {
  const r = await download(c.viewer, `${A()}/treatment/plan.pdf`, 'en');
  const raw = flat(pdfText(r.body));
  const level = (v) => (v === null ? 'none' : v <= 8 ? 'low' : v <= 27 ? 'medium' : 'high');
  const count = (values, l) => Object.values(values).filter((v) => level(v) === l).length;
  // No measure is done yet: now is as assessed.
  const want = [['High', 'high'], ['Medium', 'medium'], ['Low', 'low'], ['Not evaluated', 'none']]
    .map(([word, l]) => `${word} ${count(VALUES, l)} ${count(TARGETED, l)}`).join(' ');
  const summary = raw.slice(raw.indexOf(' Summary '), raw.indexOf(` ${WORDS.en.reduce} `));
  assert.ok(summary.includes(want), `summary "${summary}" holds "${want}"`);
});

/* ---- the register as XLSX --------------------------------------------------------------- */

test('the register as XLSX: every risk with its decision, values and levels', async () => {
  const r = await download(c.viewer, `${A()}/risks.xlsx`, 'fr');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'),
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.match(r.headers.get('content-disposition'),
    /^attachment; filename="risks-\d+-\d{4}-\d\d-\d\d\.xlsx"$/);
  assert.equal(r.body.subarray(0, 2).toString(), 'PK');
  const rows = xlsxAsCsv(r.body);
  const [header, ...body] = rows.filter((x) => x.some((f) => f !== ''));
  assert.equal(header.length, 14);
  assert.deepEqual(header.slice(0, 3), ['Actif', 'Menace', 'Vulnérabilité']);
  assert.equal(body.length, RISKS.length, 'every full-method risk');
  const w = WORDS.fr;
  for (const [id, asset, threat, , l, v] of RISKS) {
    const row = body.find((x) => x[1] === THREATS[threat].title.fr);
    assert.ok(row, `risk ${id}`);
    assert.equal(row[0], asset === 1 ? 'Customer file' : 'Laptop');
    assert.equal(row[3], l >= 0 ? String(l) : '');
    assert.equal(row[4], String(v));
    assert.equal(row[5], VALUES[id] === null ? '' : String(VALUES[id]), `value of ${id}`);
    const decision = DECISIONS[id];
    assert.equal(row[7], decision ? w[decision] : '', `decision of ${id}`);
    assert.equal(row[12], TARGETED[id] === null ? '' : String(TARGETED[id]), `targeted of ${id}`);
  }
  const byId = (id) => body.find((x) => x[1] === threatTitle(id, 'fr'));
  assert.equal(byId(1)[6], w.high);
  assert.equal(byId(2)[8], JUSTIFICATION);
  assert.match(byId(2)[9], new RegExp(`^${w.accepted}, Émile Owner, \\d{4}-\\d\\d-\\d\\d$`));
  assert.equal(byId(5)[9], w.proposed);
  assert.equal(byId(4)[8], PARTY);
  assert.equal(byId(1)[10], [...ids.measures].sort((x, y) => (x.id < y.id ? -1 : 1))
    .map((m) => m.title.fr).join('; '), 'the measures, by id');
  assert.equal(byId(3)[12], '0');
  // Highest value first.
  assert.equal(body[0][1], threatTitle(6, 'fr'));
});

test('the XLSX header row is frozen and filtered, and level cells coloured', async () => {
  const r = await download(c.viewer, `${A()}/risks.xlsx`, 'de');
  const x = xlsxInside(r.body, ['G', 'N']);
  assert.match(x.pane, /state="frozen"/);
  assert.match(x.pane, /ySplit="1"/);
  assert.match(x.pane, /topLeftCell="A2"/);
  assert.equal(x.autofilter, `A1:N${RISKS.length + 1}`);
  const colours = new Set(Object.entries(x.cells).filter(([ref]) => ref !== 'G1' && ref !== 'N1')
    .map(([, c]) => c));
  // green, orange and red, and no fill for "not evaluated".
  assert.deepEqual([...colours].sort(), ['9BD18B', 'F4736B', 'F8B26A', null].sort());
  const rows = xlsxAsCsv(r.body);
  assert.deepEqual(rows[0].slice(0, 2), ['Wert', 'Bedrohung'], 'the header in German');
  const de = rows.slice(1).find((row) => row[1] === threatTitle(6, 'de'));
  assert.equal(de[6], WORDS.de.high, 'the word is kept on the colour');
});

/* ---- the register's CSV carries the decision ---------------------------------------------- */

test('the register CSV carries each risk\'s decision word', async () => {
  const r = await download(c.viewer, `${A()}/risks.csv`, 'en');
  assert.equal(r.status, 200);
  const rows = parseCsv(r.body.toString('utf8').replace(/^\uFEFF/, ''));
  const col = rows[0].indexOf('Treatment');
  assert.ok(col > 0);
  for (const [id, decision] of Object.entries(DECISIONS)) {
    const row = rows.find((x) => x[1] === threatTitle(Number(id), 'en'));
    assert.equal(row[col], WORDS.en[decision], `risk ${id}`);
  }
  assert.equal(rows.find((x) => x[1] === threatTitle(6, 'en'))[col], 'Not treated yet');
});

/* ---- access ---------------------------------------------------------------------------- */

test('viewers may download; another organisation is 404; no session goes to the login', async () => {
  for (const url of ['/treatment/plan.pdf', '/risks.xlsx']) {
    await assertUnchanged(dir, url, async () => {
      assert.equal((await download(c.viewer, A() + url)).status, 200);
      assert.equal((await download(c.ownerB, A() + url)).status, 404);
      assert.equal((await download(c.viewer, `/o/${ids.orgB}${url}`)).status, 404);
      const anonymous = await download(new Client(srv.base), A() + url);
      assert.equal(anonymous.status, 303);
    });
    // Organisation B's own file holds only its risk.
    const b = await download(c.ownerB, `/o/${ids.orgB}${url}`, 'en');
    assert.equal(b.status, 200);
  }
  const b = xlsxAsCsv((await download(c.ownerB, `/o/${ids.orgB}/risks.xlsx`, 'en')).body);
  assert.equal(b.filter((x) => x.some((f) => f !== '')).length, 2);
  assert.equal(b[1][1], THREATS['thr-fire'].title.en);
});

test('an organisation without risks gets an empty plan and a register with its header only', async () => {
  const empty = orgId(dir, 'Empty Co');
  const pdf = await download(c.owner, `/o/${empty}/treatment/plan.pdf`, 'en');
  assert.equal(pdf.status, 200);
  assert.ok(flat(pdfText(pdf.body)).includes('Every risk above the acceptable level has a decision.'));
  const xlsx = await download(c.owner, `/o/${empty}/risks.xlsx`, 'en');
  assert.equal(xlsx.status, 200);
  const rows = xlsxAsCsv(xlsx.body).filter((x) => x.some((f) => f !== ''));
  assert.equal(rows.length, 1);
  assert.equal(rows[0][0], 'Asset');
});
