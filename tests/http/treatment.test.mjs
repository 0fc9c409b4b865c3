// The treatment of a risk over HTTP (METHOD.md §4): each decision's
// targeted risk (avoid 0, transfer kept and shared, reduce by the levels of
// the measures chosen), a measure chosen for two risks being one action of
// the plan, the action done lowering each risk's current vulnerability
// with its history, the acceptance proposed with a reason and signed or
// revoked by an owner only, and bad input refused next to its field with
// nothing saved: a reduction larger than the vulnerability, an acceptance
// without justification, a transfer without a party, an unknown measure,
// another organisation's risk.
//
// run: node --test --test-reporter=spec tests/http/treatment.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';

import { startServer, tempDir, sql } from '../lib/server.mjs';
import { addPeople, orgId, logInEach, assertUnchanged } from '../lib/fixture.mjs';

const PASSWORD = 'correct horse battery staple';
const MEASURES = JSON.parse(fs.readFileSync('kb/measures.json', 'utf8')).measures;
const THREATS = JSON.parse(fs.readFileSync('kb/risk.json', 'utf8')).threats;

let srv;
let dir;
const ids = {};
const c = {};
const j = {};
const unchanged = (what, action) => assertUnchanged(dir, what, action);

// Four risks on a laptop with impacts C 3, I 2, A 4: threat, vulnerability,
// likelihood 3, vulnerability level 4.
const RISKS = [
  [1, 'thr-theft-equipment', 'vul-laptop-disk-unencrypted'],
  [2, 'thr-malware', 'vul-no-antivirus'],
  [3, 'thr-hardware-failure', 'vul-ageing-hardware'],
  [4, 'thr-fire', 'vul-no-fire-water-protection'],
];
// METHOD.md §3: max over the criteria the threat hits of impact × 3 × v.
function value(riskId, vulnerability) {
  const threat = THREATS.find((t) => t.id === RISKS[riskId - 1][1]);
  const impacts = { C: 3, I: 2, A: 4 };
  return Math.max(...[...threat.criteria].map((k) => impacts[k])) * 3 * vulnerability;
}
const page = (risk, org = ids.orgA) => `/o/${org}/risks/${risk}/treatment`;
const helping = (vul) => MEASURES.filter((m) => m.vulnerabilities.includes(vul)).map((m) => m.id);

before(async () => {
  dir = tempDir('ravelin-treatment-');
  [ids.owner, ids.editor, ids.viewer, ids.ownerB] = addPeople(dir, PASSWORD, [
    ['owner@example.test', 'Bakery A', 'owner'],
    ['editor@example.test', 'Bakery A', 'editor'],
    ['viewer@example.test', 'Bakery A', 'viewer'],
    ['owner-b@example.test', 'Garage B', 'owner'],
  ]);
  ids.orgA = orgId(dir, 'Bakery A');
  ids.orgB = orgId(dir, 'Garage B');
  const known = new Set(JSON.parse(fs.readFileSync('kb/vulnerabilities.json', 'utf8'))
    .vulnerabilities.map((v) => v.id));
  for (const [, , vul] of RISKS) assert.ok(known.has(vul), vul);
  sql(dir, `INSERT INTO assets (org_id, id, name, type, is_primary, impact_c, impact_i, impact_a,
      created_at, updated_at) VALUES (${ids.orgA}, 1, 'Laptop', 'hw-laptop', 0, 3, 2, 4, 0, 0);
    ${RISKS.map(([id, threat, vul]) => `INSERT INTO risks (org_id, id, asset_id, threat,
      vulnerability, likelihood, vuln_level, created_at, updated_at) VALUES (${ids.orgA}, ${id},
      1, '${threat}', '${vul}', 3, 4, 0, 0);`).join('\n')}`);
  srv = await startServer({ dataDir: dir, args: ['--threads', '1'] });
  await logInEach(srv.base, PASSWORD, {
    owner: 'owner@example.test', editor: 'editor@example.test',
    viewer: 'viewer@example.test', ownerB: 'owner-b@example.test',
  }, c, j);
});

after(async () => { await srv?.stop(); });

test('each decision gives its targeted risk (METHOD.md §4)', async () => {
  // Reduce: a suggested measure removing 2 levels of 4.
  const measure = helping(RISKS[0][2])[0];
  assert.ok(measure, 'the catalogue suggests a measure');
  let r = await j.editor.get(page(1));
  assert.ok(r.data.catalogue.suggested.some((m) => m.id === measure));
  assert.equal((await c.editor.post(page(1), { decision: 'reduce' })).status, 303);
  r = await c.editor.post(`/o/${ids.orgA}/risks/1/measures`,
    { measure, reduction: '2', owner: 'Eddy', due: '2027-03-31', cost: '€ 300' });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  r = await j.editor.get(page(1));
  assert.equal(r.data.before.value, value(1, 4));
  assert.match((await c.editor.get(page(1))).text,
    new RegExp(`href="/o/${ids.orgA}/treatment" aria-current="page"`), 'under the treatment tab');
  assert.equal(r.data.current.value, value(1, 4), 'nothing done yet');
  assert.equal(r.data.targeted.value, value(1, 2));
  // Avoid: 0.
  assert.equal((await c.editor.post(page(2), { decision: 'avoid' })).status, 303);
  r = await j.editor.get(page(2));
  assert.equal(r.data.targeted.value, 0);
  assert.equal(r.data.current.value, value(2, 4));
  // Transfer: the value stays, shared.
  assert.equal((await c.editor.post(page(3), { decision: 'transfer', party: 'Ethias' })).status, 303);
  r = await j.editor.get(page(3));
  assert.equal(r.data.targeted.value, value(3, 4));
  assert.equal(r.data.treatment.shared, true);
  assert.equal(r.data.treatment.party, 'Ethias');
  // Accept: proposed, waiting for an owner.
  assert.equal((await c.editor.post(page(4),
    { decision: 'accept', justification: 'Fire alarm in the building' })).status, 303);
  r = await j.editor.get(page(4));
  assert.equal(r.data.treatment.acceptance, 'proposed');
  assert.equal(r.data.targeted.value, value(4, 4));
  // The register and the plan show the decisions.
  r = await j.viewer.get(`/o/${ids.orgA}/risks?kind=full`);
  assert.deepEqual(r.data.risks.map((x) => [x.id, x.treatment]).sort(),
    [[1, 'reduce'], [2, 'avoid'], [3, 'transfer'], [4, 'accept']]);
  r = await j.viewer.get(`/o/${ids.orgA}/treatment`);
  assert.equal(r.data.summary.to_decide, 0);
  assert.equal(r.data.risks.length, 4);
  // The heat map after the plan, next to the map of now: the avoided
  // risk at exposure 0, the reduced one at 3 × (4 − 2), the others as now.
  r = await j.viewer.get(`/o/${ids.orgA}/risks`);
  assert.deepEqual(r.data.heatmaps.map((m) => m.kind), ['full', 'after']);
  const placed = (map) => map.rows.flatMap((row) => row.cells.map((cell, k) =>
    (cell.count ? `${row.value}×${map.columns[k]}:${cell.count}` : ''))).filter(Boolean).sort();
  const impactOf = (id) => value(id, 1) / 3;   // the highest impact the threat hits
  const now = {}, after = {};
  for (const [id, exposureAfter] of [[1, 6], [2, 0], [3, 12], [4, 12]]) {
    const k = `${impactOf(id)}×12`, l = `${impactOf(id)}×${exposureAfter}`;
    now[k] = (now[k] ?? 0) + 1;
    after[l] = (after[l] ?? 0) + 1;
  }
  const text = (o) => Object.entries(o).map(([k, n]) => `${k}:${n}`).sort();
  assert.deepEqual(placed(r.data.heatmaps[0]), text(now));
  assert.deepEqual(placed(r.data.heatmaps[1]), text(after));
  assert.ok(r.data.heatmaps[1].rows.every((row) => row.cells.every((cell) => cell.href === null)),
    'the map after the plan has no links into the register (whose filters are of now)');
});

test('only an owner signs and revokes an acceptance', async () => {
  const before = sql(dir, 'SELECT * FROM treatments WHERE risk_id = 4');
  assert.equal((await c.editor.post(`${page(4)}/sign`)).status, 403);
  assert.equal((await c.ownerB.post(`${page(4)}/sign`)).status, 404);
  assert.equal(sql(dir, 'SELECT * FROM treatments WHERE risk_id = 4'), before);
  assert.equal((await c.owner.post(`${page(4)}/sign`)).status, 303);
  assert.equal(sql(dir, 'SELECT acceptance, approved_by FROM treatments WHERE risk_id = 4'),
    `accepted|${ids.owner}`);
  // Signed: the editor cannot change it without a revocation, nor sign twice.
  let r = await unchanged('changing a signed acceptance', () => j.editor.postJson(page(4),
    { decision: 'accept', justification: 'Something else' }));
  assert.equal(r.status, 422);
  assert.ok(r.data.form.errors.justification);
  r = await unchanged('signing twice', () => j.owner.postJson(`${page(4)}/sign`, {}));
  assert.equal(r.status, 409);
  assert.equal((await c.owner.post(`${page(4)}/revoke`)).status, 303);
  assert.equal(sql(dir, 'SELECT acceptance FROM treatments WHERE risk_id = 4'), 'revoked');
  r = await unchanged('revoking twice', () => j.owner.postJson(`${page(4)}/revoke`, {}));
  assert.equal(r.status, 409);
  // Proposed again, with the same reason as before or a new one.
  assert.equal((await c.editor.post(page(4),
    { decision: 'accept', justification: 'Fire alarm in the building' })).status, 303);
  assert.equal(sql(dir, 'SELECT acceptance, approved_by FROM treatments WHERE risk_id = 4'),
    'proposed|0');
  assert.equal((await c.editor.post(page(4),
    { decision: 'accept', justification: 'Sprinklers installed' })).status, 303);
  assert.equal(sql(dir, 'SELECT acceptance FROM treatments WHERE risk_id = 4'), 'proposed');
});

test('a measure done lowers the current risk, with its history', async () => {
  const measure = helping(RISKS[0][2])[0];
  const action = Number(sql(dir, `SELECT id FROM actions WHERE source = 'measure'
    AND source_ref = '${measure}'`));
  assert.equal(sql(dir, `SELECT owner, due, cost FROM actions WHERE id = ${action}`),
    'Eddy|2027-03-31|€ 300');
  const r0 = await c.editor.post(`/o/${ids.orgA}/actions/${action}`, { title: 'Encrypt',
    owner: 'Eddy', due: '2027-03-31', status: 'done', note: 'All laptops' });
  assert.equal(r0.status, 303);
  const r = await j.editor.get(page(1));
  assert.equal(r.data.current.value, value(1, 2));
  assert.equal(r.data.current_vulnerability, 2);
  assert.equal(r.data.history.length, 1);
  assert.deepEqual([r.data.history[0].before, r.data.history[0].after], [4, 2]);
  assert.equal(r.data.chosen[0].status, 'done');
});

test('bad input is refused next to its field and changes nothing', async () => {
  const measure = helping(RISKS[1][2])[0];
  const cases = [
    [`/o/${ids.orgA}/risks/2/measures`, { measure, reduction: '5' }, 'reduction'],   // 4 levels
    [`/o/${ids.orgA}/risks/1/measures`, { measure: helping(RISKS[0][2])[1] ?? measure, reduction: '3' },
      'reduction'],   // 2 already planned, 2 left
    [`/o/${ids.orgA}/risks/2/measures`, { measure: 'msr-made-up', reduction: '1' }, 'measure'],
    [`/o/${ids.orgA}/risks/2/measures`, { measure, reduction: '-1' }, 'reduction'],
    [`/o/${ids.orgA}/risks/2/measures`, { measure, reduction: 'x' }, 'reduction'],
    [page(3), { decision: 'accept', justification: '' }, 'justification'],
    [page(3), { decision: 'transfer', party: '' }, 'party'],
    [page(3), { decision: 'ignore' }, 'decision'],
  ];
  for (const [path, fields, field] of cases) {
    const r = await unchanged(`${path} ${JSON.stringify(fields)}`, () => j.editor.postJson(path, fields));
    assert.equal(r.status, 422, `${path} ${JSON.stringify(fields)}`);
    assert.ok(r.data.form.errors[field], `${JSON.stringify(fields)}: error on ${field}`);
  }
  const html = await c.editor.post(`/o/${ids.orgA}/risks/2/measures`, { measure, reduction: '5' });
  assert.match(html.text, /id="reduction-error">Together the measures would remove more levels/);
  // Another organisation, an unknown risk, a viewer.
  const decide = { decision: 'avoid' }, choose = { measure, reduction: '1' };
  for (const [client, path, fields, status] of [
    [j.ownerB, page(2, ids.orgB), decide, 404], [j.owner, page(99), decide, 404],
    [j.ownerB, `/o/${ids.orgB}/risks/2/measures`, choose, 404],
    [j.owner, `/o/${ids.orgA}/risks/99/measures`, choose, 404],
    [j.viewer, page(2), decide, 403], [j.viewer, `/o/${ids.orgA}/risks/2/measures`, choose, 403]]) {
    const r = await unchanged(path, () => client.postJson(path, fields));
    assert.equal(r.status, status, path);
  }
});

test('the Statement of Applicability names the risks treated by each control', async () => {
  const measure = MEASURES.find((m) => m.id === helping(RISKS[0][2])[0]);
  const r = await j.viewer.get(`/o/${ids.orgA}/treatment/soa`);
  const controls = r.data.themes.flatMap((t) => t.controls);
  for (const c of controls) {
    const names = c.risks.map((x) => x.id);
    assert.deepEqual(names, measure.iso27002.includes(c.id) ? [1] : [], `control ${c.id}`);
  }
  const csv = (await c.viewer.get(`/o/${ids.orgA}/treatment/soa.csv`)).text;
  const line = csv.split('\r\n').find((l) => l.startsWith(`${measure.iso27002[0]},`));
  assert.ok(line.endsWith('Laptop'), `the CSV names the risk: ${line}`);
});
