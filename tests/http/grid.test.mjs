// The fast-entry grid of the full method, the page of one risk and risks
// added by hand (src/web/risk_grid.c), over HTTP against a real `ravelin
// serve`: values and levels against an independent computation of
// METHOD.md §3 (max over the criteria the threat hits of impact ×
// likelihood × vulnerability; impact from the risk, else the asset, else
// the highest of the assets relying on it, through any number of links),
// changes through JSON (as static/grid.js sends them) and through the
// form, factors off the organisation's scales refused with nothing saved,
// ids of another organisation, the checks of a new risk, a viewer's
// refused writes, filters and pages of 100.
//
// Assets and risks are written with sqlite3 (tables of
// src/store/migrations/0004_risk.sql) before the server starts.
//
// run: node --test --test-reporter=spec tests/http/grid.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';

import { startServer, tempDir, sql } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { addPeople, orgId, logInEach, assertUnchanged } from '../lib/fixture.mjs';

const PASSWORD = 'correct horse battery staple';
const KB = JSON.parse(fs.readFileSync(new URL('../../kb/risk.json', import.meta.url)));
const KB_VULNERABILITIES = JSON.parse(fs.readFileSync(
  new URL('../../kb/vulnerabilities.json', import.meta.url))).vulnerabilities;
const THREAT_ORDER = KB.threats.map((t) => t.id);
const VULN_ORDER = KB_VULNERABILITIES.map((v) => v.id);
const OWN_CRITERIA = { 'own-thr-1': 'A' };
const criteriaOf = (threat) => OWN_CRITERIA[threat] ?? KB.threats.find((t) => t.id === threat).criteria;

let srv;
let dir;
const ids = {};
const c = {};     // HTML clients by person
const j = {};     // JSON clients sharing their cookies
const T0 = 1700000000;

/* ---- the data ------------------------------------------------------------------ */

// Org A: two primary assets and a chain of supporting ones.
//   1 "Customer file" (info)  C3 I2 A1   relies on 3
//   2 "Invoicing" (process)   C1 I4 A0   relies on 3 and 5
//   3 "Laptop of Ann"         own A2     relies on 4
//   4 "Accounting package"    nothing own (gets the highest of 3's)
//   5 "Office"                nothing own
//   6 "Spare phone"           relies on nothing, no impact
const ASSETS_A = [
  [1, 'Customer file', 'info-customers', 1, 3, 2, 1],
  [2, 'Invoicing', 'proc-invoicing', 1, 1, 4, 0],
  [3, 'Laptop of Ann', 'hw-laptop', 0, -1, -1, 2],
  [4, 'Accounting package', 'sw-accounting', 0, -1, -1, -1],
  [5, 'Office', 'site-office', 0, -1, -1, -1],
  [6, 'Spare phone', 'hw-phone', 0, -1, -1, -1],
];
const LINKS_A = [[1, 3], [2, 3], [2, 5], [3, 4]];
// [id, asset, threat, vulnerability, likelihood, vuln_level, impact c, i, a, note]
const RISKS_A = [
  [1, 3, 'thr-theft-equipment', 'vul-laptop-disk-unencrypted', 2, 3, -1, -1, -1, ''],
  [2, 3, 'thr-ransomware', 'vul-no-antivirus', 3, 4, -1, -1, -1, 'seen at a neighbour'],
  [3, 4, 'thr-software-bug', 'vul-no-antivirus', 1, 2, -1, -1, 4, ''],
  [4, 1, 'thr-data-leak-mistake', 'vul-no-antivirus', -1, 2, -1, -1, -1, ''],
  [5, 6, 'thr-loss-of-device', 'vul-phone-no-screen-lock', 4, 5, -1, -1, -1, ''],
  [6, 5, 'thr-fire', 'vul-old-devices-not-wiped', 1, 1, -1, -1, -1, ''],
];
// Org B: two assets, risks 1..30, so that B's risk 30 exists only there.
const B_ONLY_RISK = 30;

function insertAssets(org, assets) {
  return assets.map(([id, name, type, primary, ic, ii, ia]) => `INSERT INTO assets (org_id, id,
    name, type, is_primary, impact_c, impact_i, impact_a, created_at, updated_at) VALUES (${org},
    ${id}, '${name}', '${type}', ${primary}, ${ic}, ${ii}, ${ia}, ${T0}, ${T0});`).join('\n');
}

function insertRisks(org, risks) {
  return risks.map(([id, asset, threat, vuln, lik, vul, ic, ii, ia, note]) => `INSERT INTO risks
    (org_id, id, asset_id, threat, vulnerability, likelihood, vuln_level, impact_c, impact_i,
    impact_a, note, created_at, updated_at) VALUES (${org}, ${id}, ${asset}, '${threat}',
    '${vuln}', ${lik}, ${vul}, ${ic}, ${ii}, ${ia}, '${note}', ${T0}, ${T0});`).join('\n');
}

/* ---- the independent computation (METHOD.md §2, §3) -------------------------------- */

// Per asset the impact per criterion: its own where set, else the
// highest of the assets that rely on it (recursively), else -1.
function assetImpacts(org) {
  const assets = sql(dir, `SELECT id, impact_c, impact_i, impact_a FROM assets
    WHERE org_id = ${org}`).split('\n').filter(Boolean).map((l) => l.split('|').map(Number));
  const links = sql(dir, `SELECT asset_id, support_id FROM asset_links WHERE org_id = ${org}`)
    .split('\n').filter(Boolean).map((l) => l.split('|').map(Number));
  const own = new Map(assets.map(([id, ...impact]) => [id, impact]));
  const memo = new Map();
  const impactOf = (id) => {
    if (memo.has(id)) return memo.get(id);
    const result = [0, 1, 2].map((k) => {
      if (own.get(id)[k] !== -1) return own.get(id)[k];
      const above = links.filter(([, s]) => s === id).map(([a]) => impactOf(a)[k]);
      return Math.max(-1, ...above);
    });
    memo.set(id, result);
    return result;
  };
  return new Map(assets.map(([id]) => [id, impactOf(id)]));
}

// {value, level, impacts} of a stored risk: the value is null when a
// factor the hit criteria need is not evaluated.
function expected(org, id) {
  const [asset, threat, lik, vul, ...own] = sql(dir, `SELECT asset_id, threat, likelihood,
    vuln_level, impact_c, impact_i, impact_a FROM risks WHERE org_id = ${org} AND id = ${id}`)
    .split('|').map((x, k) => (k === 1 ? x : Number(x)));
  const inherited = assetImpacts(org).get(asset);
  const impacts = own.map((v, k) => (v !== -1 ? v : inherited[k]));
  const hit = [...criteriaOf(threat)].map((letter) => 'CIA'.indexOf(letter));
  let value = null;
  if (lik >= 0 && vul >= 0 && hit.every((k) => impacts[k] >= 0))
    value = Math.max(...hit.map((k) => impacts[k] * lik * vul));
  const level = value === null ? 'none' : value <= 8 ? 'low' : value <= 27 ? 'medium' : 'high';
  return { value, level, impacts };
}

const stored = (org, id) => sql(dir, `SELECT likelihood, vuln_level, impact_c, impact_i,
  impact_a, note FROM risks WHERE org_id = ${org} AND id = ${id}`);

const unchanged = (what, action) => assertUnchanged(dir, what, action);

// POSTs a JSON object as static/grid.js does (Accept and X-CSRF-Token).
const postGrid = (who, path, object) => j[who].postJson(path, object);

/* ---- set-up ------------------------------------------------------------------------ */

before(async () => {
  dir = tempDir('ravelin-grid-');
  addPeople(dir, PASSWORD, [
    ['owner-a@example.test', 'Org A', 'owner'],
    ['editor-a@example.test', 'Org A', 'editor'],
    ['viewer-a@example.test', 'Org A', 'viewer'],
    ['owner-b@example.test', 'Org B', 'owner'],
    ['owner-c@example.test', 'Org C', 'owner'],
    ['owner-d@example.test', 'Org D', 'owner'],
  ]);
  for (const org of ['A', 'B', 'C', 'D'])
    ids[org] = orgId(dir, `Org ${org}`);
  const bRisks = [];
  for (let k = 1; k <= B_ONLY_RISK; k++)
    bRisks.push([k, 1, THREAT_ORDER[k], 'vul-laptop-disk-unencrypted', 1, 1, -1, -1, -1, '']);
  // Org C: 250 risks on three assets, for the pages.
  const cRisks = [];
  const cVulns = ['vul-laptop-disk-unencrypted', 'vul-no-antivirus', 'vul-ageing-hardware'];
  for (let k = 0; k < 250; k++)
    cRisks.push([k + 1, 1 + (k % 3), THREAT_ORDER[Math.floor(k / 9) % THREAT_ORDER.length],
                 cVulns[Math.floor(k / 3) % 3], k % 5, k % 6, -1, -1, -1, `c${k + 1}`]);
  sql(dir, `BEGIN;
    ${insertAssets(ids.A, ASSETS_A)}
    ${LINKS_A.map(([a, s]) => `INSERT INTO asset_links VALUES (${ids.A}, ${a}, ${s});`).join('\n')}
    ${insertRisks(ids.A, RISKS_A)}
    ${insertAssets(ids.B, [[1, 'Laptop of B', 'hw-laptop', 0, 2, 2, 2],
                           [2, 'Second laptop of B', 'hw-laptop', 0, 1, 1, 1]])}
    ${insertRisks(ids.B, bRisks)}
    ${insertAssets(ids.C, [[1, 'Zeta laptop', 'hw-laptop', 0, 1, 2, 3],
                           [2, 'Alpha laptop', 'hw-laptop', 0, 2, 2, 2],
                           [3, 'Mid laptop', 'hw-laptop', 0, 4, 4, 4]])}
    ${insertRisks(ids.C, cRisks)}
    INSERT INTO kb_additions VALUES (${ids.A}, 'threat', 'own-thr-1', '{"title": "Flooded cellar",
      "description": "The river rises.", "theme": "natural", "criteria": "A"}', ${T0}, ${T0});
    INSERT INTO kb_additions VALUES (${ids.A}, 'vulnerability', 'own-vul-1', '{"text":
      "Laptops are kept in the cellar.", "asset_types": ["hw-laptop"]}', ${T0}, ${T0});
    INSERT INTO kb_additions VALUES (${ids.B}, 'threat', 'own-thr-2', '{"title": "Threat of B",
      "description": "", "theme": "physical", "criteria": "C"}', ${T0}, ${T0});
    COMMIT;`);
  srv = await startServer({ dataDir: dir, args: ['--threads', '1'] });
  await logInEach(srv.base, PASSWORD, {
    ownerA: 'owner-a@example.test', editorA: 'editor-a@example.test',
    viewerA: 'viewer-a@example.test', ownerB: 'owner-b@example.test',
    ownerC: 'owner-c@example.test', ownerD: 'owner-d@example.test',
  }, c, j);
});

after(async () => { await srv?.stopChecked(); });

/* ---- the grid ------------------------------------------------------------------------ */

test('the grid shows A\'s risks by asset then threat, valued as METHOD.md §3 says', async () => {
  const r = await j.viewerA.get(`/o/${ids.A}/risks/grid`);
  assert.equal(r.status, 200);
  const order = (row) => [ASSETS_A.map((a) => a[1]).sort((x, y) => x.localeCompare(y))
    .indexOf(row.asset.name), THREAT_ORDER.indexOf(row.threat.id)];
  const want = [...r.data.rows].sort((x, y) => {
    const [a1, t1] = order(x), [a2, t2] = order(y);
    return a1 - a2 || t1 - t2;
  });
  assert.deepEqual(r.data.rows.map((x) => x.id), want.map((x) => x.id), 'by asset name, then threat');
  assert.deepEqual(r.data.rows.map((x) => x.id).sort(), [1, 2, 3, 4, 5, 6], 'A\'s risks only');
  for (const row of r.data.rows) {
    const e = expected(ids.A, row.id);
    assert.equal(row.value, e.value, `value of risk ${row.id}`);
    assert.equal(row.level, e.level, `level of risk ${row.id}`);
    assert.deepEqual(row.impacts, e.impacts, `impacts of risk ${row.id}`);
  }
  // Spot checks of the computation itself, by hand:
  const byId = Object.fromEntries(r.data.rows.map((x) => [x.id, x]));
  // Laptop (own A2) relied on by 1 (C3 I2) and 2 (C1 I4): C3 I4 A2.
  assert.deepEqual(byId[1].impacts, [3, 4, 2]);
  assert.equal(byId[1].value, 18, 'theft hits C and A: max(3, 2) × 2 × 3');
  assert.equal(byId[2].value, 48, 'ransomware hits C, I, A: 4 × 3 × 4');
  assert.equal(byId[2].level, 'high');
  // Accounting package: from the laptop, two links down; its own A override 4.
  assert.deepEqual(byId[3].impacts, [3, 4, 4]);
  assert.equal(byId[3].value, 8, 'software bug hits I and A: 4 × 1 × 2');
  assert.equal(byId[3].level, 'low');
  assert.equal(byId[4].value, null, 'likelihood not evaluated: no value, never 0');
  assert.equal(byId[4].level, 'none');
  assert.equal(byId[5].value, null, 'the phone has no impact from anywhere');
  assert.equal(byId[6].value, 0, 'office: availability 0 from Invoicing, a real 0');
});

test('the grid\'s inputs: ids, inherited impacts as placeholders, criteria not hit disabled', async () => {
  const r = await c.editorA.get(`/o/${ids.A}/risks/grid`);
  assert.equal(r.status, 200);
  const input = (id) => r.text.match(new RegExp(`<input id="${id}"[^>]*>`))?.[0] ?? '';
  assert.match(input('lik-1'), /value="2"/);
  assert.match(input('vul-1'), /value="3"/);
  assert.match(input('imp-c-1'), /value="" placeholder="3"/);
  assert.doesNotMatch(input('imp-c-1'), /disabled/, 'theft hits confidentiality');
  assert.match(input('imp-i-1'), /placeholder="4"[^>]* disabled/, 'theft does not hit integrity');
  assert.match(input('imp-a-3'), /value="4" placeholder="2"/, 'its own 4 over the 2 flowing down');
  assert.match(input('lik-4'), /value=""/, 'not evaluated is empty');
  assert.match(r.text, /<td class="number value" id="value-2">48<\/td>/);
  assert.match(r.text, /<td class="level" id="level-2"><span class="badge level-high">High<\/span><\/td>/);
  assert.match(r.text, /<td class="number value" id="value-4">–<\/td>/);
  assert.match(r.text, /href="\/o\/\d+\/risks\/2\?back=%2Fo%2F\d+%2Frisks%2Fgrid"/, 'each row links to its page');
  assert.match(r.text, /<script src="\/static\/grid.js" defer><\/script>/);
  assert.doesNotMatch(r.text, /Laptop of B/);
  assert.match(r.text, /action="\/o\/\d+\/risks" class="stacked" id="risk-new"/, 'an editor can add');

  const viewer = await c.viewerA.get(`/o/${ids.A}/risks/grid`);
  const inputs = viewer.text.match(/<input id="(?:lik|vul|imp-[cia])-\d+"[^>]*>/g);
  assert.equal(inputs.length, 30);
  assert.ok(inputs.every((i) => / disabled>$/.test(i)), 'a viewer\'s inputs are all disabled');
  assert.doesNotMatch(viewer.text, /id="risk-new"/, 'no form to add for a viewer');

  const js = await new Client(srv.base).get('/static/grid.js');
  assert.equal(js.status, 200);
  assert.match(js.headers.get('content-type'), /^text\/javascript/);
});

test('filters: asset, threat, level, text; a bad filter is a bad request', async () => {
  const rows = async (query) => {
    const r = await j.viewerA.get(`/o/${ids.A}/risks/grid?${query}`);
    assert.equal(r.status, 200, query);
    return r.data.rows.map((x) => x.id).sort((a, b) => a - b);
  };
  assert.deepEqual(await rows('asset=3'), [1, 2]);
  assert.deepEqual(await rows('threat=thr-ransomware'), [2]);
  assert.deepEqual(await rows('level=high'), [2]);
  assert.deepEqual(await rows('level=low'), [3, 6]);
  assert.deepEqual(await rows('level=none'), [4, 5]);
  assert.deepEqual(await rows('q=neighbour'), [2], 'the note');
  assert.deepEqual(await rows('q=OFFICE'), [6], 'the asset\'s name, any case');
  assert.deepEqual(await rows('q=encrypted'), [1], 'the vulnerability\'s text');
  assert.deepEqual(await rows('q=fire'), [6], 'the threat\'s title');
  assert.deepEqual(await rows('asset=3&level=high'), [2]);
  assert.deepEqual(await rows('asset=1&threat=thr-ransomware'), []);
  assert.deepEqual(await rows('asset=1'), [4]);
  const html = await c.viewerA.get(`/o/${ids.A}/risks/grid?asset=999`);
  assert.match(html.text, /No risk matches these filters\./);
  for (const bad of ['level=severe', 'asset=x', 'page=0', 'page=x', 'colour=red'])
    assert.equal((await c.viewerA.get(`/o/${ids.A}/risks/grid?${bad}`)).status, 400, bad);
});

test('pages of 100, in the grid\'s order, the filters kept from page to page', async () => {
  const all = [];
  const seen = [];
  for (let page = 1; page <= 3; page++) {
    const r = await j.ownerC.get(`/o/${ids.C}/risks/grid?page=${page}`);
    assert.equal(r.status, 200);
    assert.equal(r.data.rows.length, page < 3 ? 100 : 50, `page ${page}`);
    assert.equal(r.data.pagination.total, 250);
    assert.equal(r.data.pagination.pages, 3);
    assert.equal(r.data.pagination.from, (page - 1) * 100 + 1);
    all.push(...r.data.rows);
    seen.push(r.data.pagination);
  }
  assert.equal(new Set(all.map((x) => x.id)).size, 250, 'each risk once');
  const names = ['Alpha laptop', 'Mid laptop', 'Zeta laptop'];
  const key = (x) => [names.indexOf(x.asset.name), THREAT_ORDER.indexOf(x.threat.id),
                      VULN_ORDER.indexOf(x.vulnerability.id), x.id];
  for (let k = 1; k < all.length; k++) {
    const a = key(all[k - 1]), b = key(all[k]);
    const cmp = a.map((v, i) => v - b[i]).find((d) => d !== 0);
    assert.ok(cmp < 0, `rows ${all[k - 1].id} and ${all[k].id} in order`);
  }
  assert.equal(seen[0].prev, undefined);
  assert.equal(seen[0].next, `/o/${ids.C}/risks/grid?page=2`);
  assert.equal(seen[2].next, undefined);
  const past = await j.ownerC.get(`/o/${ids.C}/risks/grid?page=9`);
  assert.equal(past.data.pagination.page, 3, 'a page past the end shows the last');
  const one = await j.ownerC.get(`/o/${ids.C}/risks/grid?asset=2`);
  assert.equal(one.data.pagination.total, 83);
  assert.equal(one.data.pagination.next, undefined, 'one page');
  assert.ok(one.data.rows.every((x) => x.asset.id === 2));
  const filtered = await j.ownerC.get(`/o/${ids.C}/risks/grid?q=c&page=1`);
  assert.equal(filtered.data.pagination.total, 250);
  assert.equal(filtered.data.pagination.next, `/o/${ids.C}/risks/grid?q=c&page=2`);
  const html = await c.ownerC.get(`/o/${ids.C}/risks/grid?q=c&page=2`);
  assert.match(html.text, /href="\/o\/\d+\/risks\/grid\?q=c" rel="prev"/);
  assert.match(html.text, /href="\/o\/\d+\/risks\/grid\?q=c&amp;page=3" rel="next"/);
  assert.match(html.text, /\?back=%2Fo%2F\d+%2Frisks%2Fgrid%3Fq%3Dc%26page%3D2"/,
    'rows lead to their page with the way back');
});

test('an organisation without risks says how to get them', async () => {
  const org = ids.D;
  const r = await c.ownerD.get(`/o/${org}/risks/grid`);
  assert.equal(r.status, 200);
  assert.match(r.text, /There are no risk scenarios yet\./);
  assert.match(r.text, new RegExp(`href="/o/${org}/what-if"`));
  assert.match(r.text, new RegExp(`href="/o/${org}/assets"`), 'no asset yet: record one first');
  assert.doesNotMatch(r.text, /id="risk-grid"/);
});

/* ---- changing a risk ---------------------------------------------------------------- */

test('JSON, as the grid sends it: saved, recomputed, the note kept', async () => {
  const r = await postGrid('editorA', `/o/${ids.A}/risks/1`,
    { likelihood: '4', vuln_level: '5', impact_c: '', impact_i: '', impact_a: '1' });
  assert.equal(r.status, 200);
  assert.equal(stored(ids.A, 1), '4|5|-1|-1|1|');
  const e = expected(ids.A, 1);
  assert.equal(e.value, 60, 'max(C 3 × 4 × 5, A 1 × 4 × 5)');
  assert.deepEqual({ id: r.data.id, value: r.data.value, level: r.data.level,
                     impacts: r.data.impacts },
                   { id: 1, value: e.value, level: e.level, impacts: e.impacts });
  assert.equal(r.data.level_label, 'High');
  assert.equal(r.data.value_text, '60');

  const kept = await postGrid('editorA', `/o/${ids.A}/risks/2`,
    { likelihood: '', vuln_level: '4', impact_c: '', impact_i: '', impact_a: '' });
  assert.equal(kept.status, 200);
  assert.equal(stored(ids.A, 2), '-1|4|-1|-1|-1|seen at a neighbour', 'no note sent: kept');
  assert.equal(kept.data.value, null);
  assert.equal(kept.data.level, 'none');
  assert.equal(kept.data.level_label, 'Not evaluated');

  const fr = new Client(srv.base, { json: true, lang: 'fr' });
  fr.cookies = c.editorA.cookies;
  fr.csrf = c.editorA.csrf;
  const r2 = await fr.postJson(`/o/${ids.A}/risks/2`,
    { likelihood: 3, vuln_level: 4, impact_c: null, impact_i: '', impact_a: '' });
  assert.equal(r2.status, 200, 'numbers and null as JSON values');
  assert.equal(stored(ids.A, 2), '3|4|-1|-1|-1|seen at a neighbour');
  assert.equal(r2.data.value, 48);
  assert.notEqual(r2.data.level_label, 'High', 'the level in the user\'s language');
});

test('the form: saved with its note, back to the grid as it was left', async () => {
  const back = `/o/${ids.A}/risks/grid?asset=3&page=1`;
  const page = await c.editorA.get(`/o/${ids.A}/risks/1?back=${encodeURIComponent(back)}`);
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`<a href="/o/${ids.A}/risks/grid\\?asset=3&amp;page=1">`));
  assert.match(page.text, /<input type="hidden" name="back" value="\/o\/\d+\/risks\/grid\?asset=3&amp;page=1">/);
  assert.match(page.text, new RegExp(`<a href="/o/${ids.A}/assets/3">Laptop of Ann</a>`));
  const r = await c.editorA.post(`/o/${ids.A}/risks/1`, { likelihood: '1', vuln_level: '2',
    impact_c: '4', impact_i: '', impact_a: '', note: 'disk encryption ordered', back });
  assert.equal(r.status, 303);
  assert.equal(r.location, back);
  assert.equal(stored(ids.A, 1), '1|2|4|-1|-1|disk encryption ordered');
  const again = await c.editorA.post(`/o/${ids.A}/risks/1`, { likelihood: '1', vuln_level: '2',
    impact_c: '4', note: 'disk encryption ordered', back: '//evil.example/x' });
  assert.equal(again.status, 303);
  assert.equal(again.location, `/o/${ids.A}/risks/1`, 'a way back off the site is not followed');
  const shown = await j.viewerA.get(`/o/${ids.A}/risks/1`);
  assert.equal(shown.data.risk.value, 8, 'C 4 × 1 × 2 (A 2 × 1 × 2 lower)');
  assert.deepEqual(shown.data.risk.criteria.map((x) => [x.key, x.hit, x.value]),
    [['c', true, 8], ['i', false, null], ['a', true, 4]]);
  assert.equal(shown.data.back, `/o/${ids.A}/risks/grid`, 'no way back given: the grid');
  const viewer = await c.viewerA.get(`/o/${ids.A}/risks/1?back=${encodeURIComponent('//evil.example')}`);
  assert.match(viewer.text, new RegExp(`class="step-label"><a href="/o/${ids.A}/risks/grid">`),
    'a way back off the site is not offered');
  assert.doesNotMatch(viewer.text, /action="\/o\/\d+\/risks\/1"/, 'no form for a viewer');
  assert.match(viewer.text, /disk encryption ordered/);
});

test('factors off the scale are refused next to the field, nothing saved', async () => {
  const valid = { likelihood: '2', vuln_level: '3', impact_c: '', impact_i: '', impact_a: '' };
  const cases = [
    ['likelihood', '5', 'Choose a value from 0 to 4.'],
    ['vuln_level', '6', 'Choose a value from 0 to 5.'],
    ['impact_c', '5', 'Choose a value from 0 to 4.'],
    ['impact_a', '-2', 'Choose a value from 0 to 4.'],
    ['likelihood', '-1', 'Choose a value from 0 to 4.'],
    ['vuln_level', '128', 'Choose a value from 0 to 5.'],
    ['impact_i', '99999999999999999999', 'Choose a value from 0 to 4.'],
    ['likelihood', 'x', null],
    ['vuln_level', '2.5', null],
  ];
  for (const [field, value, message] of cases) {
    await unchanged(`${field}=${value}`, async () => {
      const r = await postGrid('editorA', `/o/${ids.A}/risks/3`, { ...valid, [field]: value });
      assert.equal(r.status, 422, `${field}=${value}`);
      assert.deepEqual(Object.keys(r.data.form.errors), [field]);
      if (message) assert.equal(r.data.form.errors[field], message);
      const html = await c.editorA.post(`/o/${ids.A}/risks/3`, { ...valid, [field]: value,
                                                                  note: 'not saved' });
      assert.equal(html.status, 422);
      assert.match(html.text, new RegExp(`id="${field}"[^>]*value="${value.replace('.', '\\.')}"[^>]*aria-invalid="true"`),
        'the value typed is shown again, marked');
      assert.match(html.text, new RegExp(`<p class="field-error" id="${field}-error">`));
      assert.match(html.text, /not saved<\/textarea>/, 'the note typed is kept');
    });
  }
  const long = await unchanged('a long note', () => c.editorA.post(`/o/${ids.A}/risks/3`,
    { ...valid, note: 'x'.repeat(4001) }));
  assert.equal(long.status, 422);
  assert.match(long.text, /id="note-error"/);
  const unknown = await unchanged('an undeclared field', () => postGrid('editorA',
    `/o/${ids.A}/risks/3`, { ...valid, likelihood_extra: '1' }));
  assert.equal(unknown.status, 400);
});

test('the organisation\'s own scales decide what is on the scale', async () => {
  sql(dir, `INSERT INTO risk_settings VALUES (${ids.B}, 1, 3, 1, 3, 0, 2, 4, 9, 4, 9, ${T0})`);
  const refused = await unchanged('off B\'s scale', () => postGrid('ownerB', `/o/${ids.B}/risks/1`,
    { likelihood: '4', vuln_level: '2', impact_c: '0' }));
  assert.equal(refused.status, 422);
  assert.deepEqual(refused.data.form.errors, { likelihood: 'Choose a value from 1 to 3.',
                                               impact_c: 'Choose a value from 1 to 3.' });
  const ok = await postGrid('ownerB', `/o/${ids.B}/risks/1`, { likelihood: '3', vuln_level: '2',
                                                             impact_c: '3' });
  assert.equal(ok.status, 200);
  assert.equal(ok.data.value, 12, 'water hits A only: the asset\'s 2 × 3 × 2');
  assert.equal(ok.data.level, 'high', 'above B\'s medium limit of 9');
  const page = await c.ownerB.get(`/o/${ids.B}/risks/grid`);
  assert.match(page.text, /<input id="lik-1"[^>]*value="3"/);
  assert.match(page.text, /Threat likelihood from 1 to 3/);
});

/* ---- adding and deleting ------------------------------------------------------------- */

test('adding a risk by hand, and what is refused', async () => {
  const add = (fields) => c.editorA.post(`/o/${ids.A}/risks`, fields);
  const refusals = [
    [{ asset: '99', threat: 'thr-fire', vulnerability: 'vul-no-antivirus' }, 'asset',
     'This asset does not exist.'],
    [{ asset: '3', threat: 'thr-nothing', vulnerability: 'vul-no-antivirus' }, 'threat',
     'This threat does not exist.'],
    [{ asset: '3', threat: 'thr-fire', vulnerability: 'vul-nothing' }, 'vulnerability',
     'This vulnerability does not exist.'],
    [{ asset: '3', threat: 'thr-fire', vulnerability: 'vul-printer-stores-documents' }, 'vulnerability',
     'This vulnerability does not apply to this kind of asset. Choose one that does, or another asset.'],
    [{ asset: '', threat: 'thr-fire', vulnerability: 'vul-no-antivirus' }, 'asset', null],
    [{ asset: 'x', threat: 'thr-fire', vulnerability: 'vul-no-antivirus' }, 'asset', null],
  ];
  for (const [fields, field, message] of refusals) {
    const r = await unchanged(JSON.stringify(fields), () => add(fields));
    assert.equal(r.status, 422, JSON.stringify(fields));
    assert.match(r.text, new RegExp(`id="new-${field}"[^>]*aria-invalid="true"`));
    if (message) assert.ok(r.text.includes(`<p class="field-error" id="new-${field}-error">${message
      .replace(/'/g, '&#39;')}</p>`), message);
    const json = await unchanged(JSON.stringify(fields), () => j.editorA.post(`/o/${ids.A}/risks`, fields));
    assert.equal(json.status, 422);
    assert.ok(json.data.form.errors[field]);
  }
  // B's asset 2 exists only in B: for A it does not exist.
  const foreign = await unchanged('another organisation\'s asset', () =>
    add({ asset: '2', threat: 'thr-fire', vulnerability: 'vul-laptop-disk-unencrypted' }));
  assert.equal(foreign.status, 422);
  const dup = await unchanged('the same triple', () => add({ asset: '3',
    threat: 'thr-ransomware', vulnerability: 'vul-no-antivirus' }));
  assert.equal(dup.status, 422);
  assert.match(dup.text, /This risk is already in the register\./);
  assert.match(dup.text, new RegExp(`<a href="/o/${ids.A}/risks/2">`), 'with a link to it');

  const r = await add({ asset: '3', threat: 'thr-fire', vulnerability: 'vul-ageing-hardware' });
  assert.equal(r.status, 303);
  const id = Number(sql(dir, `SELECT id FROM risks WHERE org_id = ${ids.A} AND asset_id = 3
    AND threat = 'thr-fire' AND vulnerability = 'vul-ageing-hardware'`));
  assert.equal(r.location, `/o/${ids.A}/risks/${id}`);
  assert.equal(stored(ids.A, id), '-1|-1|-1|-1|-1|', 'nothing evaluated yet');
  const page = await c.editorA.get(r.location);
  assert.equal(page.status, 200);
  assert.match(page.text, /<h1>Fire<\/h1>/);
});

test('the organisation\'s own threats and vulnerabilities can make a risk; others\' cannot', async () => {
  const page = await c.editorA.get(`/o/${ids.A}/risks/grid`);
  assert.match(page.text, /<optgroup label="Natural events">(?:(?!<\/optgroup>).)*<option value="own-thr-1">Flooded cellar<\/option>/s,
    'the own threat under its theme');
  assert.match(page.text, /<option value="own-vul-1" data-types="hw-laptop">Laptops are kept in the cellar\.<\/option>/);
  assert.doesNotMatch(page.text, /Threat of B/);
  const refused = [
    [{ asset: '6', threat: 'own-thr-1', vulnerability: 'own-vul-1' }, 'vulnerability'],
    [{ asset: '3', threat: 'own-thr-2', vulnerability: 'own-vul-1' }, 'threat'],
  ];
  for (const [fields, field] of refused) {
    const r = await unchanged(JSON.stringify(fields), () => j.editorA.post(`/o/${ids.A}/risks`, fields));
    assert.equal(r.status, 422);
    assert.deepEqual(Object.keys(r.data.form.errors), [field]);
  }
  const r = await c.editorA.post(`/o/${ids.A}/risks`, { asset: '3', threat: 'own-thr-1',
                                                       vulnerability: 'own-vul-1' });
  assert.equal(r.status, 303);
  const id = Number(r.location.match(/\/risks\/(\d+)$/)[1]);
  const set = await postGrid('editorA', `/o/${ids.A}/risks/${id}`, { likelihood: '2', vuln_level: '2' });
  assert.equal(set.status, 200);
  assert.equal(set.data.value, expected(ids.A, id).value);
  assert.equal(set.data.value, 8, 'hits A only: the laptop\'s 2 × 2 × 2');
  const grid = await j.viewerA.get(`/o/${ids.A}/risks/grid?threat=own-thr-1`);
  assert.deepEqual(grid.data.rows.map((x) => [x.id, x.threat.title, x.vulnerability.text]),
    [[id, 'Flooded cellar', 'Laptops are kept in the cellar.']]);
});

test('another organisation\'s risk is not found, and nothing changes', async () => {
  const path = `/o/${ids.A}/risks/${B_ONLY_RISK}`;
  assert.equal(sql(dir, `SELECT count(*) FROM risks WHERE org_id = ${ids.A} AND id = ${B_ONLY_RISK}`), '0');
  await unchanged('foreign ids', async () => {
    assert.equal((await c.ownerA.get(path)).status, 404);
    assert.equal((await j.ownerA.get(path)).status, 404);
    assert.equal((await c.ownerA.post(path, { likelihood: '1' })).status, 404);
    assert.equal((await postGrid('ownerA', path, { likelihood: '1' })).status, 404);
    assert.equal((await postGrid('ownerA', path, { likelihood: '9' })).status, 404,
      'not found comes before the scales');
    assert.equal((await c.ownerA.post(`${path}/delete`)).status, 404);
    assert.equal((await c.ownerA.get(`/o/${ids.B}/risks/1`)).status, 404, 'B\'s own address');
    assert.equal((await c.ownerA.get(`/o/${ids.B}/risks/grid`)).status, 404);
  });
});

test('a viewer reads but cannot write', async () => {
  await unchanged('a viewer\'s writes', async () => {
    for (const client of [c.viewerA, j.viewerA]) {
      assert.equal((await client.post(`/o/${ids.A}/risks/1`, { likelihood: '1' })).status, 403);
      assert.equal((await client.post(`/o/${ids.A}/risks`, { asset: '3', threat: 'thr-water',
        vulnerability: 'vul-no-antivirus' })).status, 403);
      assert.equal((await client.post(`/o/${ids.A}/risks/1/delete`)).status, 403);
    }
    assert.equal((await postGrid('viewerA', `/o/${ids.A}/risks/1`, { likelihood: '1' })).status, 403);
    assert.equal((await c.viewerA.get(`/o/${ids.A}/risks/1`)).status, 200);
  });
});

test('deleting a risk leads back to the grid', async () => {
  const r = await c.editorA.post(`/o/${ids.A}/risks/6/delete`);
  assert.equal(r.status, 303);
  assert.equal(r.location, `/o/${ids.A}/risks/grid`);
  assert.equal(sql(dir, `SELECT count(*) FROM risks WHERE org_id = ${ids.A} AND id = 6`), '0');
  assert.equal((await c.editorA.get(`/o/${ids.A}/risks/6`)).status, 404);
  assert.equal(sql(dir, `SELECT count(*) FROM risks WHERE org_id = ${ids.B} AND id = 6`), '1',
    'B\'s risk with the same id stays');
});
