// An organisation's risk scales and limits over HTTP (METHOD.md §3: "an
// organisation may change ranges; changing a scale rescales or flags
// existing values, never silently breaks them"): the defaults, new limits,
// incoherent input refused next to its field with nothing saved, a change
// of scale refused until confirmed when values exist, then every value
// converted in proportion, and a viewer's or another organisation's
// refused writes.
//
// run: node --test --test-reporter=spec tests/http/risk_settings.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, tempDir, sql, dataSnapshot } from '../lib/server.mjs';
import { addPeople, orgId, logInEach } from '../lib/fixture.mjs';

const PASSWORD = 'correct horse battery staple';
const DEFAULTS = { impact_min: 0, impact_max: 4, likelihood_min: 0, likelihood_max: 4,
  vuln_min: 0, vuln_max: 5, low_max: 8, medium_max: 27, rud_low_max: 4, rud_medium_max: 9 };

let srv;
let dir;
const ids = {};
const c = {};
const j = {};

const path = (org = ids.orgA) => `/o/${org}/risks/settings`;
const form = (changes = {}) => Object.fromEntries(
  Object.entries({ ...DEFAULTS, ...changes }).map(([k, v]) => [k, String(v)]));

before(async () => {
  dir = tempDir('ravelin-risk-settings-');
  [ids.owner, ids.editor, ids.viewer, ids.ownerB] = addPeople(dir, PASSWORD, [
    ['owner@example.test', 'Bakery A', 'owner'],
    ['editor@example.test', 'Bakery A', 'editor'],
    ['viewer@example.test', 'Bakery A', 'viewer'],
    ['owner-b@example.test', 'Garage B', 'owner'],
  ]);
  ids.orgA = orgId(dir, 'Bakery A');
  ids.orgB = orgId(dir, 'Garage B');
  srv = await startServer({ dataDir: dir, args: ['--threads', '1'] });
  await logInEach(srv.base, PASSWORD, {
    editor: 'editor@example.test', viewer: 'viewer@example.test', ownerB: 'owner-b@example.test',
  }, c, j);
});

after(async () => { await srv?.stop(); });

test('the defaults of METHOD.md §3 until the organisation changes them', async () => {
  const r = await j.viewer.get(path());
  assert.equal(r.status, 200);
  assert.deepEqual(r.data.settings, DEFAULTS);
  assert.equal(r.data.value_max, 80);
  assert.equal(r.data.values_entered, 0);
  const page = await c.viewer.get(path());
  assert.match(page.text, /Risk scales and limits/);
  assert.match(page.text, /<fieldset disabled>/, 'a viewer sees the form disabled');
});

test('incoherent values are refused next to their field, nothing saved', async () => {
  const cases = [
    [{ impact_max: 0 }, 'impact_max'],                 // below the field's range
    [{ impact_min: 3, impact_max: 3 }, 'impact_max'],   // min must be below max
    [{ vuln_min: 6 }, 'vuln_max'],
    [{ low_max: 27, medium_max: 27 }, 'medium_max'],
    [{ rud_low_max: 9, rud_medium_max: 4 }, 'rud_medium_max'],
    [{ likelihood_max: 'x' }, 'likelihood_max'],
    [{ impact_max: 200 }, 'impact_max'],
  ];
  for (const [changes, field] of cases) {
    const before = dataSnapshot(dir);
    const r = await j.editor.postJson(path(), form(changes));
    assert.equal(r.status, 422, JSON.stringify(changes));
    assert.ok(r.data.form.errors[field], `${JSON.stringify(changes)}: error on ${field}`);
    assert.equal(dataSnapshot(dir), before, `${JSON.stringify(changes)} changed nothing`);
  }
  const html = await c.editor.post(path(), form({ medium_max: 5 }));
  assert.equal(html.status, 422);
  assert.match(html.text, /id="medium_max-error">The medium limit must be above the low limit/);
});

test('new limits apply; a change of scale asks first, then converts every value', async () => {
  let r = await c.editor.post(path(), form({ low_max: 6, medium_max: 20 }));
  assert.equal(r.status, 303);
  assert.equal(sql(dir, `SELECT low_max, medium_max FROM risk_settings WHERE org_id = ${ids.orgA}`),
    '6|20');

  // Values on the scales: an asset's impacts and a risk's factors.
  sql(dir, `INSERT INTO assets (org_id, id, name, type, is_primary, impact_c, impact_i, impact_a,
      created_at, updated_at) VALUES (${ids.orgA}, 1, 'Customer file', 'info-customers', 1,
      4, 2, -1, 0, 0);
    INSERT INTO risks (org_id, id, asset_id, threat, vulnerability, likelihood, vuln_level,
      impact_c, created_at, updated_at) VALUES (${ids.orgA}, 1, 1, 'thr-fire',
      'vul-no-fire-detection', 3, 5, 1, 0, 0);`);
  r = await j.editor.get(path());
  assert.equal(r.data.values_entered, 5);

  // Impact 0..4 → 1..5 and vulnerability 0..5 → 0..3, not confirmed: refused.
  const change = form({ low_max: 6, medium_max: 20, impact_min: 1, impact_max: 5, vuln_max: 3 });
  let before = dataSnapshot(dir);
  r = await j.editor.postJson(path(), change);
  assert.equal(r.status, 422);
  assert.ok(r.data.form.errors.confirm);
  assert.equal(dataSnapshot(dir), before);

  r = await c.editor.post(path(), { ...change, confirm: '1' });
  assert.equal(r.status, 303);
  // Proportional, half up, ends onto ends (core/risk.h risk_rescale):
  // impact 4 → 5, 2 → 3, 1 → 2; vulnerability 5 → 3; not set stays -1.
  assert.equal(sql(dir, 'SELECT impact_c, impact_i, impact_a FROM assets'), '5|3|-1');
  assert.equal(sql(dir, 'SELECT likelihood, vuln_level, impact_c, impact_i FROM risks'),
    '3|3|2|-1');
  r = await j.editor.get(path());
  assert.equal(r.data.settings.impact_min, 1);
  assert.equal(r.data.value_max, 5 * 4 * 3);
  // The change is in the audit log.
  assert.equal(sql(dir, `SELECT count(*) FROM audit WHERE org_id = ${ids.orgA}
    AND action = 'risk_settings.update'`), '2');
});

test('a viewer and another organisation cannot change the scales', async () => {
  const before = dataSnapshot(dir);
  assert.equal((await c.viewer.post(path(), form())).status, 403);
  assert.equal((await c.ownerB.post(path(), form())).status, 404);
  assert.equal((await c.ownerB.get(path())).status, 404);
  assert.equal(dataSnapshot(dir), before);
});
