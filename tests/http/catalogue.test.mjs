// The organisation's copy of the risk knowledge base over HTTP (issue:
// "each organisation gets its own copy it can extend, its additions kept
// apart from the shipped base"): the shipped threats listed, own kinds of
// asset, threats and vulnerabilities added with translated errors for bad
// input and nothing saved, numbered per organisation, invisible to
// another one, used by assets and risks (which then keep them from
// deletion), deleted when unused.
//
// run: node --test --test-reporter=spec tests/http/catalogue.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';

import { startServer, tempDir, sql, dataSnapshot } from '../lib/server.mjs';
import { addPeople, orgId, logInEach } from '../lib/fixture.mjs';

const PASSWORD = 'correct horse battery staple';
const KB = JSON.parse(fs.readFileSync('kb/risk.json', 'utf8'));
const VULNS = JSON.parse(fs.readFileSync('kb/vulnerabilities.json', 'utf8')).vulnerabilities;

let srv;
let dir;
const ids = {};
const c = {};
const j = {};

const base = (org = ids.orgA) => `/o/${org}/risks/catalogue`;

before(async () => {
  dir = tempDir('ravelin-catalogue-');
  [ids.owner, ids.viewer, ids.ownerB] = addPeople(dir, PASSWORD, [
    ['owner@example.test', 'Bakery A', 'owner'],
    ['viewer@example.test', 'Bakery A', 'viewer'],
    ['owner-b@example.test', 'Garage B', 'owner'],
  ]);
  ids.orgA = orgId(dir, 'Bakery A');
  ids.orgB = orgId(dir, 'Garage B');
  srv = await startServer({ dataDir: dir, args: ['--threads', '1'] });
  await logInEach(srv.base, PASSWORD, {
    owner: 'owner@example.test', viewer: 'viewer@example.test', ownerB: 'owner-b@example.test',
  }, c, j);
});

after(async () => { await srv?.stop(); });

test('the shipped base is listed, theme by theme, and nothing of it is copied', async () => {
  const r = await j.viewer.get(base());
  assert.equal(r.status, 200);
  assert.deepEqual(r.data.base_counts, { threats: KB.threats.length,
    vulnerabilities: VULNS.length, asset_types: KB.asset_types.length });
  const listed = r.data.themes.flatMap((t) => t.threats.map((x) => x.id)).sort();
  assert.deepEqual(listed, KB.threats.map((t) => t.id).sort());
  assert.deepEqual(r.data.own_threats, []);
  assert.equal(sql(dir, 'SELECT count(*) FROM kb_additions'), '0');
});

test('bad additions are refused next to the field, nothing saved', async () => {
  const cases = [
    ['threats', { title: '', theme: 'physical', c: '1' }, 'title'],
    ['threats', { title: 'Flooded cellar', theme: 'weather', c: '1' }, 'theme'],
    ['threats', { title: 'Flooded cellar', theme: 'natural' }, 'c'],
    ['threats', { title: 'x'.repeat(201), theme: 'natural', a: '1' }, 'title'],
    ['vulnerabilities', { text: 'Cellar floods', asset_type: 'hw-spaceship' }, 'asset_type'],
    ['vulnerabilities', { text: '', asset_type: 'site-office' }, 'text'],
    ['asset-types', { title: 'Bread oven', kind: 'machine' }, 'kind'],
    ['asset-types', { title: '', kind: 'hardware' }, 'title'],
  ];
  for (const [kind, fields, field] of cases) {
    const before = dataSnapshot(dir);
    const r = await j.owner.postJson(`${base()}/${kind}`, fields);
    assert.equal(r.status, 422, JSON.stringify(fields));
    assert.ok(r.data.form.errors[field], `${JSON.stringify(fields)}: error on ${field}`);
    assert.equal(dataSnapshot(dir), before);
  }
  const html = await c.owner.post(`${base()}/threats`, { title: 'Flooded cellar', theme: 'natural' });
  assert.equal(html.status, 422);
  assert.match(html.text, /id="c-error">Tick at least one of confidentiality/);
  // A viewer cannot add; another organisation cannot reach this one.
  assert.equal((await c.viewer.post(`${base()}/threats`,
    { title: 'x', theme: 'natural', a: '1' })).status, 403);
  assert.equal((await c.ownerB.post(`${base()}/threats`,
    { title: 'x', theme: 'natural', a: '1' })).status, 404);
});

test('own threats and vulnerabilities: added, numbered per organisation, used, deleted', async () => {
  let r = await c.owner.post(`${base()}/threats`,
    { title: 'Flooded cellar', theme: 'natural', a: '1', i: '1', description: 'The river' });
  assert.equal(r.status, 303);
  r = await j.owner.postJson(`${base()}/vulnerabilities`,
    { text: 'Server stands on the cellar floor', asset_type: 'hw-server' });
  assert.equal(r.status, 200);
  assert.equal(r.data.id, 'own-vul-1');
  r = await j.ownerB.postJson(`${base(ids.orgB)}/threats`, { title: 'Theirs', theme: 'physical', c: '1' });
  assert.equal(r.data.id, 'own-thr-1', 'numbered per organisation');

  r = await j.owner.get(base());
  assert.deepEqual(r.data.own_threats.map((t) => [t.id, t.title, t.criteria, t.used]),
    [['own-thr-1', 'Flooded cellar', 'I · A', 0]]);
  assert.equal(r.data.own_vulnerabilities[0].text, 'Server stands on the cellar floor');
  assert.deepEqual((await j.ownerB.get(base(ids.orgB))).data.own_vulnerabilities, []);

  // A risk using them: the register computes it with the threat's criteria
  // (I and A: impact 3 on availability, not 4 on confidentiality).
  sql(dir, `INSERT INTO assets (org_id, id, name, type, is_primary, impact_c, impact_i, impact_a,
      created_at, updated_at) VALUES (${ids.orgA}, 1, 'Server', 'hw-server', 0, 4, 1, 3, 0, 0);
    INSERT INTO risks (org_id, id, asset_id, threat, vulnerability, likelihood, vuln_level,
      created_at, updated_at) VALUES (${ids.orgA}, 1, 1, 'own-thr-1', 'own-vul-1', 2, 2, 0, 0);`);
  r = await j.owner.get(base());
  assert.equal(r.data.own_threats[0].used, 1);
  r = await j.owner.get(`/o/${ids.orgA}/risks`);
  assert.equal(r.data.risks.length, 1);
  assert.equal(r.data.risks[0].threat.title, 'Flooded cellar');
  assert.equal(r.data.risks[0].vulnerability.text, 'Server stands on the cellar floor');
  assert.equal(r.data.risks[0].value, 3 * 2 * 2, 'max of I and A, not C');

  const before = dataSnapshot(dir);
  r = await j.owner.postJson(`${base()}/delete`, { kind: 'threat', id: 'own-thr-1' });
  assert.equal(r.status, 409);
  assert.equal(dataSnapshot(dir), before, 'a used threat stays');
  r = await j.owner.postJson(`${base()}/delete`, { kind: 'threat', id: 'thr-fire' });
  assert.equal(r.status, 404, 'the shipped base cannot be deleted');
  r = await j.owner.postJson(`${base()}/delete`, { kind: 'threat', id: 'own-thr-1' });
  assert.equal(r.status, 409);

  sql(dir, 'DELETE FROM risks');
  r = await c.owner.post(`${base()}/delete`, { kind: 'threat', id: 'own-thr-1' });
  assert.equal(r.status, 303);
  assert.equal(sql(dir, `SELECT count(*) FROM kb_additions WHERE org_id = ${ids.orgA}`), '1');
  assert.equal(sql(dir, `SELECT count(*) FROM kb_additions WHERE org_id = ${ids.orgB}`), '1');
});

test('own kinds of asset: used by assets, vulnerabilities and risks like the shipped ones', async () => {
  let r = await j.owner.postJson(`${base()}/asset-types`, { title: 'Bread oven', kind: 'hardware' });
  assert.equal(r.status, 200);
  assert.equal(r.data.id, 'own-type-1');
  r = await j.owner.postJson(`${base()}/asset-types`, { title: 'Recipes', kind: 'information' });
  assert.equal(r.data.id, 'own-type-2');
  r = await j.owner.get(base());
  assert.deepEqual(r.data.own_asset_types.map((t) => [t.id, t.title, t.group, t.used]),
    [['own-type-1', 'Bread oven', 'Hardware', 0], ['own-type-2', 'Recipes', 'Information', 0]]);
  assert.ok(r.data.asset_types.some((t) => t.id === 'own-type-1'), 'offered for vulnerabilities');

  // Assets of those kinds: information is primary, hardware supporting.
  r = await j.owner.postJson(`/o/${ids.orgA}/assets`, { name: 'Secret recipes', type: 'own-type-2',
    impact_c: '4' });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  const recipes = r.data.id;
  r = await j.owner.postJson(`/o/${ids.orgA}/assets`, { name: 'The big oven', type: 'own-type-1' });
  const oven = r.data.id;
  assert.equal(sql(dir, `SELECT name, type, is_primary FROM assets WHERE org_id = ${ids.orgA}
    AND id IN (${recipes}, ${oven}) ORDER BY id`),
  'Secret recipes|own-type-2|1\nThe big oven|own-type-1|0');
  r = await j.owner.get(`/o/${ids.orgA}/assets`);
  assert.equal(r.data.assets.find((a) => a.id === oven).type_title, 'Bread oven');
  // Another organisation does not have them.
  const before = dataSnapshot(dir);
  r = await j.ownerB.postJson(`/o/${ids.orgB}/assets`, { name: 'Oven', type: 'own-type-1' });
  assert.equal(r.status, 422);
  assert.equal(dataSnapshot(dir), before);

  // An own vulnerability of the own kind, and a risk by hand with it.
  r = await j.owner.postJson(`${base()}/vulnerabilities`,
    { text: 'Oven controller on the office Wi-Fi', asset_type: 'own-type-1' });
  assert.equal(r.status, 200);
  const vul = r.data.id;
  r = await j.owner.get(base());
  assert.deepEqual(r.data.own_vulnerabilities.find((v) => v.id === vul).asset_types, ['Bread oven']);
  r = await c.owner.post(`/o/${ids.orgA}/risks`,
    { asset: String(oven), threat: 'thr-malware', vulnerability: vul });
  assert.equal(r.status, 303, r.text.slice(0, 300));

  // In use: the kind and the vulnerability stay.
  for (const [kind, id] of [['asset_type', 'own-type-1'], ['vulnerability', vul]]) {
    const snapshot = dataSnapshot(dir);
    r = await j.owner.postJson(`${base()}/delete`, { kind, id });
    assert.equal(r.status, 409, `${kind} ${id}`);
    assert.equal(dataSnapshot(dir), snapshot);
  }
  // Without the asset (and so its risk), the vulnerability can go, then the kind.
  assert.equal((await c.owner.post(`/o/${ids.orgA}/assets/${oven}/delete`)).status, 303);
  assert.equal((await j.owner.postJson(`${base()}/delete`, { kind: 'asset_type', id: 'own-type-1' })).status,
    409, 'the vulnerability still names the kind');
  assert.equal((await j.owner.postJson(`${base()}/delete`, { kind: 'vulnerability', id: vul })).status, 200);
  assert.equal((await j.owner.postJson(`${base()}/delete`, { kind: 'asset_type', id: 'own-type-1' })).status, 200);
  assert.equal(sql(dir, `SELECT group_concat(id) FROM kb_additions WHERE org_id = ${ids.orgA}
    AND kind = 'asset_type'`), 'own-type-2');
});
