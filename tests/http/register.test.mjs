// The risk register over HTTP, against a real `ravelin serve`: the
// full-method risks and the open "what if" answers in one list, their
// values and levels against an independent computation of METHOD.md §3
// (maximum over the criteria the threat hits, impacts flowing down from
// primary assets through the links, not evaluated never 0), every filter
// and order, pages of 50, the heat-map cells, the CSV (RFC 4180, quoting,
// formula injection), the heat maps as SVG (parsed, counted, threshold),
// bad query input (422 next to the field, 400 for what the router
// refuses), and who may read it.
//
// run: node --test --test-reporter=spec tests/http/register.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

import { startServer, tempDir, sql, dataSnapshot } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { addPeople, orgId, logInEach } from '../lib/fixture.mjs';

const PASSWORD = 'correct horse battery staple';
const NOW = 1700000000;
const KB = JSON.parse(fs.readFileSync(new URL('../../kb/risk.json', import.meta.url)));
const VULNERABILITIES = Object.fromEntries(JSON.parse(fs.readFileSync(
  new URL('../../kb/vulnerabilities.json', import.meta.url))).vulnerabilities.map((v) => [v.id, v]));
const THREATS = Object.fromEntries(KB.threats.map((t) => [t.id, t]));
const WHAT_IFS = Object.fromEntries(KB.what_if.map((w) => [w.id, w]));

let srv;
let dir;
const ids = {};
const c = {};     // HTML clients by person
const j = {};     // JSON clients sharing their cookies

/* ---- the data: assets, links, risks and answers of organisation A ----------------- */

// id, name, primary, own impacts C, I, A (-1: not set)
const ASSETS = [
  [1, 'Customer file', 1, [3, 2, 4]],
  [2, 'Price list', 1, [4, 1, 1]],
  [3, 'Laptop', 0, [-1, -1, -1]],          // relied on by 1 and 2: C 4, I 2, A 4
  [4, 'Accounting package', 0, [-1, 1, -1]],   // relied on by 2; its own I wins: 4, 1, 1
  [5, 'Server', 0, [-1, -1, -1]],          // relied on by nothing: no impact at all
  [6, '=Formula, "quoted"', 1, [2, 2, 2]],
  [7, 'Écran du comptoir', 0, [-1, -1, -1]],   // relies on the laptop: nothing flows up
];
const LINKS = [[1, 3], [2, 3], [2, 4], [7, 3]];   // asset relies on support

// id, asset, threat, vulnerability, likelihood, vulnerability level, impact overrides
const RISKS = [
  [1, 3, 'thr-theft-equipment', 'vul-laptop-disk-unencrypted', 3, 4, [-1, -1, -1]],  // CA: 4×12 = 48
  [2, 3, 'thr-fire', 'vul-laptop-disk-unencrypted', -1, 4, [-1, -1, -1]],           // not evaluated
  [3, 1, 'thr-phishing', 'vul-no-antivirus', 1, 1, [-1, -1, -1]],                  // CI: 3×1 = 3
  [4, 4, 'thr-ransomware', 'vul-no-antivirus', 2, 3, [-1, -1, -1]],                // CIA: 4×6 = 24
  [5, 4, 'thr-data-tampering', 'vul-no-antivirus', 2, 3, [-1, -1, -1]],            // I: 1×6 = 6
  [6, 5, 'thr-hardware-failure', 'vul-no-antivirus', 4, 5, [-1, -1, -1]],          // A: -1: not evaluated
  [7, 5, 'thr-hardware-failure', 'vul-laptop-disk-unencrypted', 4, 5, [-1, -1, 3]],  // override: 3×20 = 60
  [8, 2, 'thr-espionage', 'vul-no-antivirus', 0, 5, [-1, -1, -1]],                 // C: 4×0 = 0, evaluated
  [9, 6, 'thr-ransomware', 'vul-phone-no-screen-lock', 3, 3, [-1, -1, -1]],        // 2×9 = 18
  [10, 3, 'thr-phishing', 'vul-no-auto-screen-lock', 2, 2, [-1, -1, -1]],          // CI: 4×4 = 16
  [11, 1, 'thr-fire', 'vul-no-antivirus', 1, 2, [-1, -1, 0]],                       // A overridden 0: 0
  [12, 7, 'thr-theft-equipment', 'vul-laptop-disk-unencrypted', 2, 1, [-1, -1, -1]],  // no impact: n.e.
  [13, 3, 'thr-ransomware', 'vul-no-antivirus', 1, 3, [-1, -1, -1]],               // 4×3 = 12
  [14, 1, 'thr-human-error', 'vul-no-antivirus', 2, 1, [-1, -1, -1]],              // IA: 4×2 = 8 (low edge)
  [15, 2, 'thr-website-defacement', 'vul-no-antivirus', 3, 3, [-1, 3, -1]],        // I: 3×9 = 27 (medium edge)
  [16, 6, 'thr-espionage', 'vul-no-antivirus', 2, 1, [-1, -1, -1]],                // C 2×2 = 4
];

// what-if, impact, likelihood, measures, promoted
const ANSWERS = [
  ['wi-ransomware', 4, 3, '+cmd|calc', 0],      // 12: high
  ['wi-no-internet', 2, 2, 'a 4G router', 0],   // 4: low (edge)
  ['wi-ceo-fraud', 3, 3, '', 0],                // 9: medium (edge)
  ['wi-fire-office', 4, 4, '', NOW],            // carried over: not in the register
];

/* ---- the independent computation (METHOD.md §3) ---------------------------------- */

// An asset's impact per criterion: its own, else the highest of the
// assets that rely on it (through any number of links), else -1.
function assetImpact(id, seen = new Set()) {
  const own = ASSETS.find((a) => a[0] === id)[3];
  const users = LINKS.filter(([, support]) => support === id).map(([asset]) => asset)
    .filter((a) => !seen.has(a));
  const from = users.map((a) => assetImpact(a, new Set([...seen, id])));
  return own.map((v, k) => (v !== -1 ? v : Math.max(-1, ...from.map((f) => f[k]))));
}

function levelOf(value, low = 8, medium = 27) {
  if (value === null) return 'none';
  return value <= low ? 'low' : value <= medium ? 'medium' : 'high';
}

function expectedRisk([id, asset, threat, , likelihood, vuln, override]) {
  const inherited = assetImpact(asset);
  const impact = override.map((v, k) => (v !== -1 ? v : inherited[k]));
  const hits = ['C', 'I', 'A'].map((x) => THREATS[threat].criteria.includes(x));
  const used = impact.filter((_, k) => hits[k]);
  const evaluated = likelihood >= 0 && vuln >= 0 && used.every((v) => v >= 0);
  const value = evaluated ? Math.max(...used.map((v) => v * likelihood * vuln)) : null;
  const impactMax = used.some((v) => v >= 0) ? Math.max(...used) : null;
  const exposure = likelihood >= 0 && vuln >= 0 ? likelihood * vuln : null;
  return { id, value, level: levelOf(value), impact: impactMax, exposure };
}

// The text search: asset name, threat title, vulnerability text; case
// and accents ignored.
const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
function textMatches([, asset, threat, vuln], q) {
  const texts = [ASSETS.find((a) => a[0] === asset)[1], THREATS[threat].title.en,
    VULNERABILITIES[vuln].text.en];
  return texts.some((t) => fold(t).includes(fold(q)));
}

const EXPECTED = Object.fromEntries(RISKS.map((r) => [r[0], expectedRisk(r)]));
const OPEN_ANSWERS = ANSWERS.filter((a) => a[4] === 0);
const whatIfLevel = (v) => (v <= 4 ? 'low' : v <= 9 ? 'medium' : 'high');
// Both methods compared as shares of their scales (80 and 16).
const share = (x) => (x.value === null ? -1 : x.value / x.value_max);

/* ---- set-up ---------------------------------------------------------------------- */

function seedOrg(org, assets, links, risks, answers) {
  const q = [];
  for (const [id, name, primary, [ic, ii, ia]] of assets)
    q.push(`INSERT INTO assets (org_id, id, name, type, is_primary, impact_c, impact_i,
      impact_a, created_at, updated_at) VALUES (${org}, ${id}, '${name.replace(/'/g, "''")}',
      '${primary ? 'info-customers' : 'hw-laptop'}', ${primary}, ${ic}, ${ii}, ${ia}, ${NOW}, ${NOW});`);
  for (const [a, s] of links) q.push(`INSERT INTO asset_links VALUES (${org}, ${a}, ${s});`);
  for (const [id, asset, threat, vuln, l, v, [ic, ii, ia]] of risks)
    q.push(`INSERT INTO risks (org_id, id, asset_id, threat, vulnerability, likelihood,
      vuln_level, impact_c, impact_i, impact_a, created_at, updated_at) VALUES (${org}, ${id},
      ${asset}, '${threat}', '${vuln}', ${l}, ${v}, ${ic}, ${ii}, ${ia}, ${NOW}, ${NOW});`);
  for (const [w, i, l, m, p] of answers)
    q.push(`INSERT INTO what_if_answers (org_id, what_if, impact, likelihood, measures,
      promoted_at, updated_at) VALUES (${org}, '${w}', ${i}, ${l}, '${m}', ${p}, ${NOW});`);
  sql(dir, q.join('\n'));
}

// Organisation Big: 1,234 risks (10 assets × 38 threats × vulnerabilities
// that the knowledge base does not know, which the register shows by id).
function seedBig(org) {
  sql(dir, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10)
    INSERT INTO assets (org_id, id, name, type, is_primary, impact_c, impact_i, impact_a,
      created_at, updated_at) SELECT ${org}, i, 'Big asset ' || i, 'info-customers', 1, 2, 2, 2,
      ${NOW}, ${NOW} FROM n;
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1234)
    INSERT INTO risks (org_id, id, asset_id, threat, vulnerability, likelihood, vuln_level,
      created_at, updated_at) SELECT ${org}, i, 1 + i % 10, 'thr-fire', 'vul-x-' || i,
      i % 5, i % 6, ${NOW}, ${NOW} FROM n;`);
}

before(async () => {
  dir = tempDir('ravelin-register-');
  addPeople(dir, PASSWORD, [
    ['owner@example.test', 'Bakery A', 'owner'],
    ['viewer@example.test', 'Bakery A', 'viewer'],
    ['owner-b@example.test', 'Garage B', 'owner'],
    ['owner-big@example.test', 'Big Shop', 'owner'],
    ['viewer@example.test', 'Big Shop', 'viewer'],
  ]);
  ids.orgA = orgId(dir, 'Bakery A');
  ids.orgB = orgId(dir, 'Garage B');
  ids.big = orgId(dir, 'Big Shop');
  seedOrg(ids.orgA, ASSETS, LINKS, RISKS, ANSWERS);
  // B: the same ids with other contents, one asset more (8), other limits.
  seedOrg(ids.orgB, [...ASSETS, [8, 'Tow truck', 0, [1, 1, 1]]], [],
    [[1, 8, 'thr-theft-equipment', 'vul-laptop-disk-unencrypted', 4, 5, [-1, -1, -1]],
     [2, 1, 'thr-fire', 'vul-no-antivirus', 2, 3, [-1, -1, -1]]], []);
  sql(dir, `INSERT INTO risk_settings VALUES (${ids.orgB}, 0, 4, 0, 4, 0, 5, 20, 40, 4, 9, ${NOW})`);
  seedBig(ids.big);
  srv = await startServer({ dataDir: dir, args: ['--threads', '1'] });
  await logInEach(srv.base, PASSWORD, {
    owner: 'owner@example.test', viewer: 'viewer@example.test', ownerB: 'owner-b@example.test',
  }, c, j);
});

after(async () => { await srv?.stopChecked(); });

const A = () => `/o/${ids.orgA}`;
async function register(query = '', who = 'viewer') {
  const r = await j[who].get(`${A()}/risks${query ? '?' + query : ''}`);
  assert.equal(r.status, 200, `${query}: ${r.text.slice(0, 300)}`);
  return r.data;
}
const fullIds = (data) => data.risks.filter((x) => x.kind === 'full').map((x) => x.id);
const whatIfIds = (data) => data.risks.filter((x) => x.kind === 'what-if').map((x) => x.what_if.id);
const sorted = (a) => [...a].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));

/* ---- values and levels ------------------------------------------------------------- */

test('every risk has the value, level, impact and exposure of METHOD.md §3', async () => {
  const data = await register();
  assert.equal(data.pager.matched, RISKS.length + OPEN_ANSWERS.length);
  for (const x of data.risks.filter((r) => r.kind === 'full')) {
    const e = EXPECTED[x.id];
    assert.deepEqual({ id: x.id, value: x.value, level: x.level, impact: x.impact, exposure: x.exposure },
      e, `risk ${x.id}`);
    assert.equal(x.evaluated, e.value !== null);
    assert.equal(x.value_max, 80);
    assert.equal(x.treatment, 'untreated');
    assert.equal(x.treatment_label, 'Not treated yet');
    assert.equal(x.asset.name, ASSETS.find((a) => a[0] === RISKS.find((r) => r[0] === x.id)[1])[1]);
    assert.equal(x.threat.title, THREATS[x.threat.id].title.en);
  }
  // The edges of the default thresholds: 8 low, 27 medium, 0 evaluated.
  assert.deepEqual([EXPECTED[14].value, EXPECTED[14].level], [8, 'low']);
  assert.deepEqual([EXPECTED[15].value, EXPECTED[15].level], [27, 'medium']);
  assert.deepEqual([EXPECTED[8].value, EXPECTED[8].level], [0, 'low']);
  assert.deepEqual([EXPECTED[11].value, EXPECTED[11].level], [0, 'low']);
  // Not evaluated: a missing likelihood, an impact nobody set, no links.
  for (const id of [2, 6, 12]) assert.equal(EXPECTED[id].value, null, `risk ${id}`);
});

test('open "what if" answers are in the register on 1..16; carried-over ones are not', async () => {
  const data = await register('kind=what-if');
  assert.deepEqual(sorted(whatIfIds(data)), sorted(OPEN_ANSWERS.map((a) => a[0])));
  for (const x of data.risks) {
    const [w, impact, likelihood, measures] = ANSWERS.find((a) => a[0] === x.what_if.id);
    assert.equal(x.value, impact * likelihood);
    assert.equal(x.value_max, 16);
    assert.equal(x.level, whatIfLevel(impact * likelihood), w);
    assert.equal(x.what_if.question, WHAT_IFS[w].question.en);
    assert.equal(x.what_if.measures, measures);
  }
});

test('a risk not evaluated shows as such, never as 0, and comes last', async () => {
  const data = await register();
  const notEvaluated = data.risks.filter((x) => x.value === null);
  assert.deepEqual(sorted(notEvaluated.map((x) => x.id)), [2, 6, 12]);
  assert.ok(notEvaluated.every((x) => x.level === 'none' && x.level_label === 'Not evaluated'));
  assert.deepEqual(data.risks.slice(-3).map((x) => x.value), [null, null, null]);
  const html = await c.viewer.get(`${A()}/risks?asset=5`);
  assert.match(html.text, /<span class="not-evaluated">not evaluated<\/span>/);
  assert.match(html.text, /<span class="badge level-none">Not evaluated<\/span>/);
  const csv = await c.viewer.get(`${A()}/risks.csv?asset=5&level=none`);
  assert.match(csv.text, /\r\nServer,Hardware failure,[^\r]*,not evaluated,80,Not evaluated,/);
});

test('the organisation\'s own thresholds decide the levels', async () => {
  const r = await j.ownerB.get(`/o/${ids.orgB}/risks`);
  assert.equal(r.status, 200);
  // B: low up to 20, medium up to 40. Tow truck: 1 × 20 = 20 low; asset
  // 1 (C3 I2 A4), fire hits A: 4 × 6 = 24 medium.
  assert.deepEqual(r.data.risks.map((x) => [x.id, x.value, x.level]),
    [[2, 24, 'medium'], [1, 20, 'low']]);
  assert.deepEqual(r.data.heatmaps.map((m) => m.kind), ['full'], 'no what-if map without answers');
});

/* ---- orders ---------------------------------------------------------------------- */

test('sort by value: highest share of its scale first, not evaluated last', async () => {
  const data = await register();
  const shares = data.risks.map(share);
  for (let i = 1; i < shares.length; i++)
    assert.ok(shares[i - 1] >= shares[i] || shares[i] === -1,
      `entry ${i}: ${shares[i - 1]} before ${shares[i]}`);
  assert.equal(data.risks[0].id, 7, '60 of 80 first');
  assert.equal(data.risks[1].what_if?.id, 'wi-ransomware',
    '12 of 16 (0.75) ties with 60 of 80, the full risk first, and comes before 48 of 80 (0.6)');
  assert.equal(data.risks[2].id, 1);
  assert.equal((await register('sort=value')).risks.map((x) => x.id ?? x.what_if.id).join(),
    data.risks.map((x) => x.id ?? x.what_if.id).join(), 'sort=value is the default');
});

test('sort by asset, threat, level and treatment', async () => {
  const key = (x) => x.id ?? x.what_if.id;
  const byAsset = (await register('sort=asset')).risks;
  const names = byAsset.filter((x) => x.asset).map((x) => x.asset.name);
  // Accents and case ignored: "Écran" sorts as "ecran"; "=Formula" first.
  assert.deepEqual([...new Set(names)], ['=Formula, "quoted"', 'Accounting package',
    'Customer file', 'Écran du comptoir', 'Laptop', 'Price list', 'Server']);
  assert.ok(byAsset.slice(-OPEN_ANSWERS.length).every((x) => x.kind === 'what-if'), 'what-ifs last');
  const laptop = byAsset.filter((x) => x.asset?.name === 'Laptop').map((x) => x.value);
  assert.deepEqual(laptop, [48, 16, 12, null], 'within an asset, by value');

  const byThreat = (await register('sort=threat')).risks.filter((x) => x.kind === 'full');
  const titles = byThreat.map((x) => x.threat.title.toLowerCase());
  assert.deepEqual(titles, [...titles].sort(), 'threat titles in order');

  const rank = { high: 3, medium: 2, low: 1, none: 0 };
  const byLevel = (await register('sort=level')).risks;
  for (let i = 1; i < byLevel.length; i++)
    assert.ok(rank[byLevel[i - 1].level] >= rank[byLevel[i].level], `level order at ${i}`);

  const byTreatment = (await register('sort=treatment')).risks.map(key);
  assert.deepEqual(byTreatment, (await register()).risks.map(key),
    'every risk untreated: the value order');
});

/* ---- filters --------------------------------------------------------------------- */

test('filters: asset, threat, level, treatment, kind and text', async () => {
  assert.deepEqual(sorted(fullIds(await register('asset=3'))), [1, 2, 10, 13]);
  assert.deepEqual(whatIfIds(await register('asset=3')), [], 'a what-if has no asset');

  const ransomware = await register('threat=thr-ransomware');
  assert.deepEqual(sorted(fullIds(ransomware)), [4, 9, 13]);
  assert.deepEqual(whatIfIds(ransomware), ['wi-ransomware'], 'the what-if naming the threat');

  for (const level of ['low', 'medium', 'high', 'none']) {
    const data = await register(`level=${level}`);
    assert.deepEqual(sorted(fullIds(data)),
      RISKS.map((r) => r[0]).filter((id) => EXPECTED[id].level === level), level);
    assert.deepEqual(sorted(whatIfIds(data)), sorted(OPEN_ANSWERS.filter((a) =>
      whatIfLevel(a[1] * a[2]) === level).map((a) => a[0])), `${level} (what if)`);
  }

  assert.equal((await register('treatment=untreated')).pager.matched, RISKS.length + OPEN_ANSWERS.length);
  assert.equal((await register('kind=full')).pager.matched, RISKS.length);
  assert.equal((await register('kind=what-if')).pager.matched, OPEN_ANSWERS.length);

  for (const q of ['LAPTOP', 'ecran', 'Ransom', 'PHONES and tablets'])
    assert.deepEqual(sorted(fullIds(await register(`q=${encodeURIComponent(q)}`))),
      RISKS.filter((r) => textMatches(r, q)).map((r) => r[0]), `q=${q}`);
  assert.deepEqual(sorted(fullIds(await register('q=LAPTOP'))), [1, 2, 7, 10, 12, 13],
    'asset names and vulnerability texts, case ignored');
  assert.deepEqual(sorted(fullIds(await register('q=ecran'))), [12], 'accents ignored');
  assert.deepEqual(whatIfIds(await register('q=4G%20router')), ['wi-no-internet'],
    'what is already done');
  assert.deepEqual(whatIfIds(await register('q=ransomware')), ['wi-ransomware']);
  assert.deepEqual(sorted(fullIds(await register('asset=3&level=high'))), [1], 'filters combine');

  const data = await register('asset=3&sort=asset&q=laptop');
  assert.equal(data.filter.asset, 3);
  assert.equal(data.filter.sort, 'asset');
  assert.equal(data.filter.q, 'laptop');
  assert.equal(data.csv, `${A()}/risks.csv?asset=3&q=laptop&sort=asset`, 'the CSV keeps the filters');
});

test('a heat-map cell filters the register to its risks', async () => {
  // Impact 4, exposure 12 (3 × 4): risk 1 (laptop theft) only.
  assert.deepEqual(fullIds(await register('impact=4&exposure=12')), [1]);
  const cell = (impact, exposure) => RISKS.map((r) => r[0]).filter((id) =>
    EXPECTED[id].value !== null && EXPECTED[id].impact === impact && EXPECTED[id].exposure === exposure);
  for (const [impact, exposure] of [[4, 6], [4, 0], [2, 9], [0, 2], [3, 1]])
    assert.deepEqual(sorted(fullIds(await register(`impact=${impact}&exposure=${exposure}`))),
      cell(impact, exposure), `impact ${impact}, exposure ${exposure}`);
  assert.deepEqual(whatIfIds(await register('impact=4&exposure=12')), [], 'what-ifs are not on it');
  const what = await register('rimpact=3&rlikelihood=3');
  assert.deepEqual(whatIfIds(what), ['wi-ceo-fraud']);
  assert.deepEqual(fullIds(what), []);
  const html = await c.viewer.get(`${A()}/risks?impact=4&exposure=12`);
  assert.match(html.text, /<input type="hidden" name="impact" value="4"><input type="hidden" name="exposure" value="12">/);
});

/* ---- pages ----------------------------------------------------------------------- */

test('pages of 50 with "showing" and links that keep the filters', async () => {
  const big = `/o/${ids.big}/risks`;
  const first = (await j.viewer.get(big)).data;
  assert.equal(first.pager.matched, 1234);
  assert.equal(first.risks.length, 50);
  assert.deepEqual([first.pager.page, first.pager.pages, first.pager.first, first.pager.last],
    [1, 25, 1, 50]);
  assert.equal(first.pager.showing, 'Showing 1–50 of 1,234');
  assert.equal(first.pager.previous, null);
  assert.equal(first.pager.next, `${big}?page=2`);

  const second = (await j.viewer.get(`${big}?page=2`)).data;
  assert.equal(second.pager.showing, 'Showing 51–100 of 1,234');
  assert.equal(second.pager.previous, big);
  const seen = new Set([...first.risks, ...second.risks].map((x) => x.id));
  assert.equal(seen.size, 100, 'no risk on two pages');

  const last = (await j.viewer.get(`${big}?page=25`)).data;
  assert.equal(last.risks.length, 34);
  assert.equal(last.pager.showing, 'Showing 1,201–1,234 of 1,234');
  assert.equal(last.pager.next, null);
  const beyond = await j.viewer.get(`${big}?page=26`);
  assert.equal(beyond.status, 200);
  assert.deepEqual(beyond.data.risks, [], 'a page past the end is empty');

  const filtered = (await j.viewer.get(`${big}?level=low&q=big%20asset&sort=asset&page=2`)).data;
  assert.equal(filtered.pager.next, `${big}?level=low&q=big%20asset&sort=asset&page=3`);
  assert.equal(filtered.pager.previous, `${big}?level=low&q=big%20asset&sort=asset`);

  // Every page together is the whole register, in the order of sort=value.
  let all = [];
  for (let p = 1; p <= 25; p++) all = all.concat((await j.viewer.get(`${big}?page=${p}`)).data.risks);
  assert.equal(new Set(all.map((x) => x.id)).size, 1234);
  for (let i = 1; i < all.length; i++)
    assert.ok(share(all[i - 1]) >= share(all[i]) || all[i].value === null, `order at ${i}`);

  // The reader's separator: 1.234 in Dutch and German, 1 234 in French.
  for (const [lang, text] of [['nl', '1.234'], ['de', '1.234'], ['fr', '1\u202f234']]) {
    const x = new Client(srv.base, { json: true, lang });
    x.cookies = c.viewer.cookies;
    const r = await x.get(big);
    assert.ok(r.data.pager.showing.endsWith(text), `${lang}: ${r.data.pager.showing}`);
  }
  const html = await c.viewer.get(`${big}?page=2&kind=full`);
  assert.ok(html.text.includes(`<a href="${big}?kind=full#register" rel="prev">`), 'previous');
  assert.ok(html.text.includes(`<a href="${big}?kind=full&amp;page=3#register" rel="next">`), 'next');
  assert.ok(html.text.includes('Showing 51–100 of 1,234'));
});

/* ---- CSV ------------------------------------------------------------------------- */

// RFC 4180 fields of one CSV text (quoted fields may hold , " and CRLF).
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
    else if (ch === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; }
    else field += ch;
  }
  assert.equal(field, '', 'the last line ends with CRLF');
  return rows;
}

test('CSV: every matching risk, RFC 4180, translated header, formulas defused', async () => {
  const res = await fetch(`${srv.base}${A()}/risks.csv?sort=asset`, { headers: c.viewer.headers() });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8; header=present');
  assert.equal(res.headers.get('content-disposition'), `attachment; filename="risks-${ids.orgA}.csv"`);
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a UTF-8 byte order mark');
  const rows = parseCsv(bytes.subarray(3).toString('utf8'));
  assert.deepEqual(rows[0], ['Asset', 'Threat or situation', 'Vulnerability or what is already done',
    'Value', 'Out of', 'Level', 'Treatment', 'Kind']);
  assert.equal(rows.length, 1 + RISKS.length + OPEN_ANSWERS.length, 'all pages');
  // The same order as the page.
  const page = await register('sort=asset');
  assert.deepEqual(rows.slice(1).map((r) => r[0]), page.risks.map((x) => x.asset?.name ?? '')
    .map((n) => (n.startsWith('=') ? `'${n}` : n)));
  // An asset name starting with = is text, quoted for its comma and quotes.
  const raw = bytes.toString('utf8');
  assert.ok(raw.includes('\r\n"\'=Formula, ""quoted""",Ransomware,'), 'quoting and the \' prefix');
  assert.ok(raw.includes(',"\'+cmd|calc",12,16,High,Not treated yet,What if\r\n'), 'measures defused');
  const formula = rows.find((r) => r[0].includes('Formula') && r[1] === 'Ransomware');
  assert.deepEqual(formula.slice(3), ['18', '80', 'Medium', 'Not treated yet', 'Full assessment']);
  for (const r of rows.slice(1))
    assert.ok(!/^[=+\-@]/.test(r[0]) && !/^[=+\-@]/.test(r[2]), `no cell starts a formula: ${r}`);

  const filtered = await c.viewer.get(`${A()}/risks.csv?level=high&kind=full`);
  assert.deepEqual(parseCsv(filtered.text).slice(1).map((r) => r[3]).sort(),
    RISKS.map((r) => EXPECTED[r[0]]).filter((e) => e.level === 'high').map((e) => String(e.value)).sort(),
    'the filters apply');

  const fr = new Client(srv.base, { lang: 'fr' });
  fr.cookies = c.viewer.cookies;
  const french = await fr.get(`${A()}/risks.csv?kind=what-if`);
  assert.deepEqual(parseCsv(french.text)[0].slice(0, 4),
    ['Actif', 'Menace ou situation', 'Vulnérabilité ou ce qui est déjà fait', 'Valeur']);
  assert.ok(parseCsv(french.text).some((r) => r[1] === WHAT_IFS['wi-ceo-fraud'].question.fr &&
    r[5] === 'Moyen' && r[7] === 'Et si'), 'the what-if in French, its level and kind too');
});

/* ---- heat maps ------------------------------------------------------------------------ */

// Parses an SVG with Python's XML parser (refuses anything not
// well-formed) and returns its cells, threshold, links and texts.
function parseSvg(text) {
  const script = `
import json, sys, xml.etree.ElementTree as ET
NS = '{http://www.w3.org/2000/svg}'
root = ET.fromstring(sys.stdin.read())
cells = []
for g in root.iter(NS + 'g'):
    if 'cell' in (g.get('class') or '').split():
        a = g.find(NS + 'a')
        cells.append({'row': int(g.get('data-row')), 'column': int(g.get('data-column')),
                      'count': int(g.get('data-count')), 'level': g.get('class').split()[1],
                      'href': a.get('href') if a is not None else None})
paths = [p.get('d') for p in root.iter(NS + 'path') if p.get('class') == 'threshold']
print(json.dumps({'role': root.get('role'), 'title': root.find(NS + 'title').text,
  'desc': root.find(NS + 'desc').text, 'cells': cells, 'threshold': paths,
  'texts': [t.text for t in root.iter(NS + 'text')]}))`;
  const r = spawnSync('python3', ['-c', script], { input: text, encoding: 'utf8' });
  assert.equal(r.status, 0, `the SVG does not parse: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

// Default scales: impact 4..0 (rows), exposures 0..20 (columns).
const EXPOSURES = [0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 20];
const IMPACTS = [4, 3, 2, 1, 0];

// Edges between an acceptable (low) cell and one that is not: the
// segments the threshold line must have.
function boundaryEdges(rows, columns, low) {
  let n = 0;
  for (let r = 0; r < rows; r++) for (let k = 0; k < columns; k++) {
    if (k + 1 < columns && low(r, k) !== low(r, k + 1)) n++;
    if (r + 1 < rows && low(r, k) !== low(r + 1, k)) n++;
  }
  return n;
}

test('the heat map as SVG: well-formed, counts per cell, levels, links, threshold', async () => {
  const res = await c.viewer.get(`${A()}/risks/heatmap.svg`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'image/svg+xml; charset=utf-8');
  const svg = parseSvg(res.text);
  assert.equal(svg.role, 'img');
  assert.equal(svg.title, 'Heat map of the risks');
  assert.match(svg.desc, /^13 risks on the map; 3 not evaluated yet are left out\./);
  assert.equal(svg.cells.length, IMPACTS.length * EXPOSURES.length);
  for (const cell of svg.cells) {
    const impact = IMPACTS[cell.row], exposure = EXPOSURES[cell.column];
    const expected = RISKS.filter((r) => EXPECTED[r[0]].value !== null &&
      EXPECTED[r[0]].impact === impact && EXPECTED[r[0]].exposure === exposure).length;
    assert.equal(cell.count, expected, `impact ${impact}, exposure ${exposure}`);
    assert.equal(cell.level, levelOf(impact * exposure), `level of ${impact} × ${exposure}`);
    assert.equal(cell.href, expected ? `${A()}/risks?impact=${impact}&exposure=${exposure}` : null,
      'a link on each non-empty cell only');
  }
  assert.equal(svg.threshold.length, 1, 'one threshold line');
  const segments = svg.threshold[0].match(/M/g).length;
  assert.equal(segments, boundaryEdges(IMPACTS.length, EXPOSURES.length,
    (r, k) => IMPACTS[r] * EXPOSURES[k] <= 8), 'a segment on every acceptable/other border');
  for (const t of ['Impact', 'Exposure (likelihood × vulnerability)', 'Low', 'Medium', 'High',
    'Acceptability threshold'])
    assert.ok(svg.texts.includes(t), `the text "${t}"`);
  assert.match(res.text, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
});

test('the register page shows both maps inline, each with a table alternative', async () => {
  const html = (await c.viewer.get(`${A()}/risks`)).text;
  const svgs = [...html.matchAll(/<svg [\s\S]*?<\/svg>/g)].map((m) => parseSvg(m[0]));
  assert.deepEqual(svgs.map((s) => s.title), ['Heat map of the risks', 'Heat map of the \'what if\' answers']);
  const whatIf = svgs[1];
  assert.equal(whatIf.cells.length, 16);
  for (const cell of whatIf.cells) {
    const impact = 4 - cell.row, likelihood = cell.column + 1;
    const count = OPEN_ANSWERS.filter((a) => a[1] === impact && a[2] === likelihood).length;
    assert.equal(cell.count, count, `what if ${impact} × ${likelihood}`);
    assert.equal(cell.level, whatIfLevel(impact * likelihood));
    if (count) assert.equal(cell.href, `${A()}/risks?rimpact=${impact}&rlikelihood=${likelihood}`);
  }
  assert.equal(whatIf.threshold[0].match(/M/g).length,
    boundaryEdges(4, 4, (r, k) => (4 - r) * (k + 1) <= 4));
  // The tables: a caption, the same counts and links.
  const tables = [...html.matchAll(/<table class="list">([\s\S]*?)<\/table>/g)].map((m) => m[1]);
  assert.equal(tables.length, 2);
  assert.match(tables[0], /<caption>Heat map of the risks: number of risks per cell<\/caption>/);
  assert.match(tables[0], new RegExp(`<a href="${A()}/risks\\?impact=4&amp;exposure=12" title="Impact 4, exposure 12: 1 risk \\(High\\)">1</a>`));
  const linked = [...tables[0].matchAll(/<a href="[^"]+" title="[^"]+">(\d+)<\/a>/g)]
    .reduce((n, m) => n + Number(m[1]), 0);
  assert.equal(linked, 13, 'every risk on the map, in the table too');
  assert.match(tables[1], /<caption>Heat map of the &#39;what if&#39; answers: number of risks per cell<\/caption>/);
  // No what-if map when every answer has been carried over.
  const none = await j.ownerB.get(`/o/${ids.orgB}/risks`);
  assert.equal(none.data.heatmaps.length, 1);
});

test('the heat map follows the organisation\'s scales', async () => {
  sql(dir, `INSERT INTO risk_settings VALUES (${ids.big}, 1, 3, 1, 3, 1, 2, 3, 9, 4, 9, ${NOW})`);
  try {
    const svg = parseSvg((await c.viewer.get(`/o/${ids.big}/risks/heatmap.svg`)).text);
    // Impact 3..1; exposures 1, 2, 3, 4, 6 (likelihood 1..3 × vulnerability 1..2).
    const rows = Math.max(...svg.cells.map((x) => x.row)) + 1;
    const columns = Math.max(...svg.cells.map((x) => x.column)) + 1;
    assert.deepEqual([rows, columns], [3, 5]);
    assert.equal(svg.cells.find((x) => x.row === 0 && x.column === 0).level, 'low', '3 × 1 = 3');
    assert.equal(svg.cells.find((x) => x.row === 0 && x.column === 1).level, 'medium', '3 × 2 = 6');
    assert.equal(svg.cells.find((x) => x.row === 0 && x.column === 4).level, 'high', '3 × 6 = 18');
  } finally {
    sql(dir, `DELETE FROM risk_settings WHERE org_id = ${ids.big}`);
  }
});

/* ---- bad input --------------------------------------------------------------------- */

test('wrong filter values: 422 with the message next to the field, nothing written', async () => {
  const cases = [
    ['page=0', 'page', 'Give a page number from 1.'],
    ['page=x', 'page', 'Give a page number from 1.'],
    ['page=-1', 'page', 'Give a page number from 1.'],
    ['level=purple', 'level', 'Choose a level from the list.'],
    ['sort=bogus', 'sort', 'Choose an order from the list.'],
    ['kind=partial', 'kind', 'Choose a kind from the list.'],
    ['treatment=ignored', 'treatment', 'Choose a treatment status from the list.'],
    ['asset=abc', 'asset', 'Choose an asset from the list.'],
    ['asset=0', 'asset', 'Choose an asset from the list.'],
    ['impact=3', 'exposure', 'Choose a cell of the heat map.'],
    ['exposure=x&impact=1', 'exposure', 'Choose a cell of the heat map.'],
    ['rimpact=5&rlikelihood=1', 'rimpact', 'Choose a cell of the heat map.'],
  ];
  const before = dataSnapshot(dir);
  for (const [query, field, message] of cases) {
    const r = await j.viewer.get(`${A()}/risks?${query}`);
    assert.equal(r.status, 422, query);
    assert.deepEqual(r.data.form.errors, { [field]: message }, query);
    assert.equal(r.data.pager.matched, RISKS.length + OPEN_ANSWERS.length, `${query}: the whole register`);
    const html = await c.viewer.get(`${A()}/risks?${query}`);
    assert.equal(html.status, 422, `${query} (page)`);
    assert.ok(html.text.includes(`<p class="field-error"${['impact', 'exposure', 'rimpact', 'page']
      .includes(field) ? '' : ` id="${field}-error"`}>${message}</p>`), `${query}: the message on the page`);
    const csv = await c.viewer.get(`${A()}/risks.csv?${query}`);
    assert.equal(csv.status, 422, `${query} (CSV)`);
  }
  const french = new Client(srv.base, { json: true, lang: 'fr' });
  french.cookies = c.viewer.cookies;
  assert.deepEqual((await french.get(`${A()}/risks?level=purple`)).data.form.errors,
    { level: 'Choisissez un niveau dans la liste.' });
  assert.equal(dataSnapshot(dir), before);
});

test('what the router refuses is 400; another organisation\'s asset gives an empty list', async () => {
  const before = dataSnapshot(dir);
  for (const query of [`q=${'x'.repeat(101)}`, 'colour=red', 'page=1&page=2'])
    assert.equal((await j.viewer.get(`${A()}/risks?${query}`)).status, 400, query);
  // Asset 8 exists only in B: nothing of it, and no hint that it exists.
  const foreign = await register('asset=8');
  assert.deepEqual(foreign.risks, []);
  assert.equal(foreign.pager.matched, 0);
  assert.ok(!JSON.stringify(foreign).includes('Tow truck'));
  assert.deepEqual((await register('threat=thr-nothing')).risks, [], 'an unknown threat');
  const html = await c.viewer.get(`${A()}/risks?asset=8`);
  assert.equal(html.status, 200);
  assert.match(html.text, /No risk matches these filters\./);
  assert.equal(dataSnapshot(dir), before);
});

/* ---- access ------------------------------------------------------------------------- */

test('a viewer reads the register; another organisation\'s member gets 404', async () => {
  for (const path of ['/risks', '/risks.csv', '/risks/heatmap.svg']) {
    assert.equal((await c.viewer.get(`${A()}${path}`)).status, 200, `viewer: ${path}`);
    assert.equal((await c.ownerB.get(`${A()}${path}`)).status, 404, `owner of B: ${path}`);
    const anon = await new Client(srv.base).get(`${A()}${path}`);
    assert.equal(anon.status, 303, `anonymous: ${path}`);
  }
  const html = await c.viewer.get(`${A()}/risks`);
  assert.match(html.text, new RegExp(`href="${A()}/risks" aria-current="page"`));
  assert.doesNotMatch(html.text, /Tow truck/, 'nothing of B');
});
