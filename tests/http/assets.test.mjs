// The asset inventory over HTTP (METHOD.md §2), against a real `ravelin
// serve`: primary and supporting assets created with their kind derived
// from the knowledge base's type, the defaults (Internal, TLP:AMBER),
// TLP:WHITE taken as TLP:CLEAR and never shown, impacts flowing down the
// "relies on" links (compared with an independent computation: highest
// wins, an asset's own value overrides, 0 included, through chains), loops
// refused with nothing saved, other organisations' ids, impacts off the
// organisation's scale and unknown choices refused next to the field,
// sorting and filtering, and deletion taking links and risks with it.
//
// run: node --test --test-reporter=spec tests/http/assets.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';

import { startServer, tempDir, sql } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { addPeople, orgId, logInEach, assertUnchanged } from '../lib/fixture.mjs';

const PASSWORD = 'correct horse battery staple';
const KB = JSON.parse(fs.readFileSync(new URL('../../kb/risk.json', import.meta.url)));
const KB_TYPES = new Map(KB.asset_types.map((t) => [t.id, t]));

let srv;
let dir;
const ids = {};
const c = {};     // HTML clients by person
const j = {};     // JSON clients sharing their cookies

// Field errors (src/core/validate.c, src/web/form.c, src/web/assets.c).
const ERR = {
  required: 'This field is required.',
  tooLong: 'This text is too long.',
  number: 'Enter a whole number.',
  range: 'The number is out of range.',
  choice: 'Choose one of the options',
  type: 'Choose one of the kinds of asset.',
  scale: 'Choose a value on your organisation\'s impact scale.',
  noAsset: 'This asset does not exist.',
  self: 'An asset cannot rely on itself.',
  loop: (name) => `This link would make a loop: ${name} already relies on this asset.`,
};

/* ---- helpers -------------------------------------------------------------------- */

const unchanged = (what, action) => assertUnchanged(dir, what, action);

const A = () => `/o/${ids.orgA}`;

// Starts a test with A's inventory empty (and the default scales), so
// that ids begin at 1 again.
function emptyInventory() {
  sql(dir, `DELETE FROM risks WHERE org_id = ${ids.orgA};
    DELETE FROM asset_links WHERE org_id = ${ids.orgA};
    DELETE FROM assets WHERE org_id = ${ids.orgA};
    DELETE FROM risk_settings WHERE org_id = ${ids.orgA};`);
}

// Creates an asset in A as the editor through the HTML form; returns its id.
async function create(form) {
  const r = await c.editor.post(`${A()}/assets`, form);
  assert.equal(r.status, 303, `creating ${JSON.stringify(form)}: ${r.status} ${r.text.slice(0, 300)}`);
  const m = r.location.match(new RegExp(`^${A()}/assets/(\\d+)$`));
  assert.ok(m, `a new asset leads to its page, got ${r.location}`);
  return Number(m[1]);
}

async function link(asset, support) {
  const r = await c.editor.post(`${A()}/assets/${asset}/links`, { support });
  assert.equal(r.status, 303, `link ${asset} → ${support}: ${r.status}`);
  assert.equal(r.location, `${A()}/assets/${asset}#links`);
}

// A's list as JSON (the viewer reads it); query is e.g. '?kind=primary'.
async function list(query = '') {
  const r = await j.viewer.get(`${A()}/assets${query}`);
  assert.equal(r.status, 200, `list${query}: ${r.status}`);
  return r.data;
}
const names = (data) => data.assets.map((a) => a.name);

// The stored row of an asset of A.
const row = (id, org = ids.orgA) => sql(dir, `SELECT name, type, is_primary, owner,
  classification, tlp, impact_c, impact_i, impact_a, note FROM assets
  WHERE org_id = ${org} AND id = ${id}`);
const links = (org = ids.orgA) => sql(dir, `SELECT asset_id || '>' || support_id
  FROM asset_links WHERE org_id = ${org} ORDER BY asset_id, support_id`).split('\n').filter(Boolean);

// The field error shown next to field in a page, or null.
function fieldError(html, field) {
  const m = html.match(new RegExp(`<p class="field-error" id="${field}-error">([^<]*)</p>`));
  return m ? m[1].replace(/&#0*39;|&#x0*27;/gi, "'") : null;
}

/*
 * The impacts METHOD.md §2 gives each asset, computed here independently
 * of the server: per criterion the asset's own value when set (0 too),
 * else the highest of the assets that rely on it, else -1.
 */
function expectedImpacts(assets, edges) {
  const memo = new Map();
  const of = (id) => {
    if (memo.has(id)) return memo.get(id);
    const own = assets.get(id);
    const parents = edges.filter(([, s]) => s === id).map(([a]) => of(a));
    const out = [0, 1, 2].map((k) => (own[k] >= 0 ? own[k]
      : Math.max(-1, ...parents.map((p) => p[k]))));
    memo.set(id, out);
    return out;
  };
  return new Map([...assets.keys()].map((id) => [id, of(id)]));
}

/* ---- set-up --------------------------------------------------------------------- */

before(async () => {
  dir = tempDir('ravelin-assets-');
  [ids.owner, ids.editor, ids.viewer, ids.ownerB] = addPeople(dir, PASSWORD, [
    ['owner@example.test', 'Bakery A', 'owner'],
    ['editor@example.test', 'Bakery A', 'editor'],
    ['viewer@example.test', 'Bakery A', 'viewer'],
    ['owner-b@example.test', 'Garage B', 'owner'],
  ]);
  ids.orgA = orgId(dir, 'Bakery A');
  ids.orgB = orgId(dir, 'Garage B');
  // One worker thread: the test reads and writes the database with sqlite3
  // while the server runs (see durability.test.mjs).
  srv = await startServer({ dataDir: dir, args: ['--threads', '1'] });
  await logInEach(srv.base, PASSWORD, {
    owner: 'owner@example.test', editor: 'editor@example.test',
    viewer: 'viewer@example.test', ownerB: 'owner-b@example.test',
  }, c, j);
  // An asset of B with an id A never reaches in these tests.
  sql(dir, `INSERT INTO assets (org_id, id, name, type, is_primary, created_at, updated_at)
    VALUES (${ids.orgB}, 5000, 'Customer file of B', 'info-customers', 1, 0, 0);
    INSERT INTO kb_additions VALUES (${ids.orgB}, 'asset_type', 'own-type-1',
      '{"kind":"hardware","title":"Oven of B"}', 0, 0)`);
  ids.assetB = 5000;
});

after(async () => { await srv?.stopChecked(); });

/* ---- the list and creating ----------------------------------------------------- */

test('an empty inventory says where to start; only editors get the form', async () => {
  emptyInventory();
  const data = await list();
  assert.deepEqual(data.assets, []);
  assert.equal(data.total, 0);
  const html = (await c.editor.get(`${A()}/assets`)).text;
  assert.match(html, /No assets yet\./);
  assert.match(html, /Start with your information: the customer file, the accounting/);
  assert.match(html, new RegExp(`<form method="post" action="${A()}/assets"`));
  const viewer = (await c.viewer.get(`${A()}/assets`)).text;
  assert.match(viewer, /No assets yet\./);
  assert.doesNotMatch(viewer, /<form method="post" action="[^"]*\/assets"/, 'no form for a viewer');
  assert.match(viewer, new RegExp(`href="${A()}/assets" aria-current="page"`), 'the tab is marked');
});

test('assets are created: kind from the type, Internal and TLP:AMBER by default, 0 kept as 0', async () => {
  emptyInventory();
  const customers = await create({ name: 'Customer file', type: 'info-customers', owner: 'Anna',
    classification: 'confidential', tlp: 'red', impact_c: '3', impact_i: '0', impact_a: '',
    note: 'in the CRM & on paper' });
  assert.equal(row(customers), 'Customer file|info-customers|1|Anna|confidential|red|3|0|-1|in the CRM & on paper');
  const laptop = await create({ name: 'Laptop of Anna', type: 'hw-laptop' });
  assert.equal(row(laptop), 'Laptop of Anna|hw-laptop|0||internal|amber|-1|-1|-1|');
  const invoicing = await create({ name: 'Invoicing', type: 'proc-invoicing' });
  assert.equal(row(invoicing).split('|')[2], '1', 'a process is a primary asset');

  // JSON clients get the id and where the asset lives.
  const r = await j.editor.postJson(`${A()}/assets`, { name: 'NAS', type: 'hw-nas', impact_a: 2 });
  assert.equal(r.status, 200);
  assert.equal(r.data.ok, true);
  assert.equal(typeof r.data.id, 'number');
  assert.equal(r.data.location, `${A()}/assets/${r.data.id}`);
  assert.equal(row(r.data.id), 'NAS|hw-nas|0||internal|amber|-1|-1|2|');

  const data = await list();
  assert.deepEqual(names(data), ['Customer file', 'Invoicing', 'Laptop of Anna', 'NAS']);
  const first = data.assets[0];
  assert.equal(first.type_title, 'Customer file');
  assert.equal(first.kind, 'information');
  assert.equal(first.primary, true);
  assert.equal(first.classification_label, 'Confidential');
  assert.equal(first.tlp_label, 'TLP:RED');
  assert.deepEqual(first.impacts.map((i) => [i.letter, i.value, i.label]),
    [['C', 3, 'High'], ['I', 0, 'None'], ['A', -1, '–']]);
  assert.equal(data.assets[2].primary, false);
  assert.equal(data.assets[2].tlp_label, 'TLP:AMBER');
});

test('TLP:WHITE is accepted and stored as TLP:CLEAR, which is what is shown', async () => {
  emptyInventory();
  const id = await create({ name: 'Price list', type: 'info-prices', tlp: 'white' });
  assert.equal(row(id).split('|')[5], 'clear');
  const data = await list();
  assert.equal(data.assets[0].tlp_label, 'TLP:CLEAR');
  for (const path of [`${A()}/assets`, `${A()}/assets/${id}`]) {
    const html = (await c.editor.get(path)).text;
    assert.match(html, /TLP:CLEAR/);
    assert.doesNotMatch(html, /WHITE|value="white"/i, `${path} never shows TLP:WHITE`);
  }
  // Changing it keeps the rule; "white" shown again after an error is "clear".
  const bad = await c.editor.post(`${A()}/assets/${id}`, { name: '', type: 'info-prices', tlp: 'white' });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /<option value="clear" selected>TLP:CLEAR/);
  assert.doesNotMatch(bad.text, /WHITE/i);
});

/* ---- impacts flowing down --------------------------------------------------------- */

test('impacts flow down the links: highest wins, own value overrides, 0 included, through chains', async () => {
  emptyInventory();
  const own = new Map();
  const make = async (name, type, impacts) => {
    const [ic, ii, ia] = impacts.map((v) => (v < 0 ? '' : String(v)));
    const id = await create({ name, type, impact_c: ic, impact_i: ii, impact_a: ia });
    own.set(id, impacts);
    return id;
  };
  const cust = await make('Customer file', 'info-customers', [3, 2, -1]);
  const prices = await make('Price list', 'info-prices', [4, 1, 2]);
  const invoicing = await make('Invoicing', 'proc-invoicing', [-1, -1, 3]);
  const laptop = await make('Laptop', 'hw-laptop', [-1, 0, -1]);
  const accounting = await make('Accounting software', 'sw-accounting', [-1, -1, -1]);
  const server = await make('Server', 'hw-server', [-1, -1, -1]);
  const office = await make('Office', 'site-office', [-1, -1, -1]);
  const edges = [[cust, laptop], [prices, laptop], [invoicing, accounting], [cust, accounting],
    [accounting, server], [laptop, server]];
  for (const [a, s] of edges) await link(a, s);
  assert.deepEqual(links(), edges.map(([a, s]) => `${a}>${s}`).sort());

  const expected = expectedImpacts(own, edges);
  // The hand-computed values agree with the independent computation.
  assert.deepEqual(expected.get(laptop), [4, 0, 2], 'laptop: highest wins, its own 0 stays');
  assert.deepEqual(expected.get(accounting), [3, 2, 3]);
  assert.deepEqual(expected.get(server), [4, 2, 3], 'server: through two levels');
  assert.deepEqual(expected.get(office), [-1, -1, -1]);

  const data = await list();
  for (const a of data.assets) {
    assert.deepEqual(a.impacts.map((i) => i.value), expected.get(a.id), `impacts of ${a.name}`);
    assert.deepEqual(a.impacts.map((i) => i.inherited),
      own.get(a.id).map((v, k) => v < 0 && expected.get(a.id)[k] >= 0), `inherited marks of ${a.name}`);
  }
  // The list marks inherited values visibly; the laptop's own 0 is not.
  const html = (await c.viewer.get(`${A()}/assets`)).text;
  const laptopRow = html.match(new RegExp(`<tr id="asset-${laptop}">[\\s\\S]*?</tr>`))[0];
  assert.deepEqual([...laptopRow.matchAll(/<td class="impact">(.*?)<\/td>/g)].map((m) => m[1].replace(/ title="[^"]*"/, '')),
    ['<span class="inherited">Critical</span>', 'None', '<span class="inherited">Medium</span>']);

  // The server's page names where each impact comes from.
  const page = (await j.viewer.get(`${A()}/assets/${server}`)).data;
  assert.deepEqual(page.asset.impacts.map((i) => i.from), [['Price list'], ['Customer file'], ['Invoicing']]);
  assert.deepEqual(page.relied_on_by.map((a) => a.name), ['Laptop', 'Accounting software'].sort());
  assert.deepEqual(page.supports, []);
  const laptopPage = (await j.viewer.get(`${A()}/assets/${laptop}`)).data;
  assert.deepEqual(laptopPage.asset.impacts.map((i) => i.from), [['Price list'], [], ['Price list']]);
  assert.deepEqual(laptopPage.supports.map((a) => a.name), ['Server']);
  assert.deepEqual(laptopPage.relied_on_by.map((a) => a.name), ['Customer file', 'Price list']);

  // A chain: the customer file's new confidentiality reaches the server
  // through the accounting software; the price list's 4 no longer wins
  // once lowered.
  let r = await c.editor.post(`${A()}/assets/${prices}`, { name: 'Price list', type: 'info-prices',
    impact_c: '1', impact_i: '1', impact_a: '2' });
  assert.equal(r.status, 303);
  assert.equal(r.location, `${A()}/assets/${prices}`);
  own.set(prices, [1, 1, 2]);
  const after = expectedImpacts(own, edges);
  assert.deepEqual(after.get(server), [3, 2, 3]);
  for (const a of (await list()).assets)
    assert.deepEqual(a.impacts.map((i) => i.value), after.get(a.id), `after the change: ${a.name}`);
  const serverPage = (await j.viewer.get(`${A()}/assets/${server}`)).data;
  assert.deepEqual(serverPage.asset.impacts[0].from, ['Customer file'],
    'the server inherits C from the customer file through two links');
});

/* ---- links --------------------------------------------------------------------------- */

test('a link that would make a loop is refused, with the reason next to the select, and nothing saved', async () => {
  emptyInventory();
  const a = await create({ name: 'Sales', type: 'proc-sales', impact_a: '3' });
  const b = await create({ name: 'Web shop', type: 'cloud-webshop' });
  const cc = await create({ name: 'Hosting provider', type: 'org-hosting-provider' });
  await link(a, b);
  await link(b, cc);
  const cases = [
    [a, a, ERR.self],
    [b, a, ERR.loop('Sales')],
    [cc, a, ERR.loop('Sales')],
    [cc, b, ERR.loop('Web shop')],
  ];
  for (const [from, to, message] of cases) {
    const r = await unchanged(`${from} → ${to}`, () =>
      c.editor.post(`${A()}/assets/${from}/links`, { support: to }));
    assert.equal(r.status, 422, `${from} → ${to}`);
    assert.equal(fieldError(r.text, 'support'), message);
    assert.match(r.text, /<select id="support" name="support" aria-invalid="true"/);
    const json = await unchanged(`${from} → ${to} (JSON)`, () =>
      j.editor.postJson(`${A()}/assets/${from}/links`, { support: to }));
    assert.equal(json.status, 422);
    assert.equal(json.data.form.errors.support, message);
  }
  assert.deepEqual(links(), [`${a}>${b}`, `${b}>${cc}`]);
  // The select offers nothing that would make a loop.
  const page = (await j.viewer.get(`${A()}/assets/${cc}`)).data;
  assert.deepEqual([...page.candidates.supporting, ...page.candidates.primary], []);
  const top = (await j.viewer.get(`${A()}/assets/${a}`)).data;
  assert.deepEqual(top.candidates.supporting.map((x) => x.name), ['Hosting provider']);

  // Adding a link that exists changes nothing.
  await unchanged('the same link again', () => link(a, b));
});

test('a support of another organisation, or none, is refused; other ids are not found', async () => {
  emptyInventory();
  const a = await create({ name: 'Accounting records', type: 'info-accounting' });
  for (const support of [ids.assetB, 999999]) {
    const r = await unchanged(`support ${support}`, () =>
      c.editor.post(`${A()}/assets/${a}/links`, { support }));
    assert.equal(r.status, 422);
    assert.equal(fieldError(r.text, 'support'), ERR.noAsset);
  }
  for (const [support, message] of [['', ERR.required], ['abc', ERR.number], ['0', ERR.range]]) {
    const r = await unchanged(`support "${support}"`, () =>
      c.editor.post(`${A()}/assets/${a}/links`, { support }));
    assert.equal(r.status, 422, `support "${support}"`);
    assert.equal(fieldError(r.text, 'support'), message);
  }
  // B's asset through A's address, and B's address as A's owner.
  for (const id of [ids.assetB, 999999]) {
    await unchanged(`B's asset ${id} through A`, async () => {
      assert.equal((await c.owner.get(`${A()}/assets/${id}`)).status, 404);
      assert.equal((await j.owner.get(`${A()}/assets/${id}`)).status, 404);
      assert.equal((await c.owner.post(`${A()}/assets/${id}`, { name: 'Taken', type: 'info-customers' })).status, 404);
      assert.equal((await c.owner.post(`${A()}/assets/${id}/links`, { support: a })).status, 404);
      assert.equal((await c.owner.post(`${A()}/assets/${id}/unlink`, { support: a })).status, 404);
      assert.equal((await c.owner.post(`${A()}/assets/${id}/delete`)).status, 404);
    });
  }
  await unchanged('A\'s owner in B', async () => {
    assert.equal((await c.owner.get(`/o/${ids.orgB}/assets/${ids.assetB}`)).status, 404);
    assert.equal((await c.owner.get(`/o/${ids.orgB}/assets`)).status, 404);
  });
  assert.equal(row(ids.assetB, ids.orgB).split('|')[0], 'Customer file of B');
});

test('a link is removed; removing one that does not exist is not found', async () => {
  emptyInventory();
  const a = await create({ name: 'Payroll', type: 'proc-payroll' });
  const b = await create({ name: 'Accountant', type: 'org-accountant' });
  const cc = await create({ name: 'Online mailbox', type: 'cloud-mailbox' });
  await link(a, b);
  await link(a, cc);
  const r = await c.editor.post(`${A()}/assets/${a}/unlink`, { support: b });
  assert.equal(r.status, 303);
  assert.equal(r.location, `${A()}/assets/${a}#links`);
  assert.deepEqual(links(), [`${a}>${cc}`]);
  for (const support of [b, cc + 100]) {
    const gone = await unchanged(`unlink ${support}`, () =>
      c.editor.post(`${A()}/assets/${a}/unlink`, { support }));
    assert.equal(gone.status, 404);
  }
  const html = (await c.editor.get(`${A()}/assets/${a}`)).text;
  assert.match(html, new RegExp(`action="${A()}/assets/${a}/unlink"[\\s\\S]*?name="support" value="${cc}"`));
});

/* ---- refused input ---------------------------------------------------------------------- */

test('impacts off the scale, unknown types, classifications and TLP labels are refused next to the field', async () => {
  emptyInventory();
  const id = await create({ name: 'Designs', type: 'info-designs', impact_c: '2' });
  const good = { name: 'Designs', type: 'info-designs', classification: 'secret', tlp: 'amber+strict',
    impact_c: '4', impact_i: '0', impact_a: '1', note: '' };
  const cases = [
    [{ impact_c: '5' }, 'impact_c', ERR.scale],
    [{ impact_i: '-2' }, 'impact_i', ERR.range],
    [{ impact_a: 'x' }, 'impact_a', ERR.number],
    [{ impact_a: '128' }, 'impact_a', ERR.range],
    [{ impact_c: '1.5' }, 'impact_c', ERR.number],
    [{ type: 'hw-toaster' }, 'type', ERR.type],
    [{ type: 'own-type-1' }, 'type', ERR.type],   // another organisation's own kind
    [{ type: '' }, 'type', ERR.required],
    [{ classification: 'top-secret' }, 'classification', ERR.choice],
    [{ classification: 'Secret' }, 'classification', ERR.choice],
    [{ tlp: 'amber-strict' }, 'tlp', ERR.choice],
    [{ tlp: 'TLP:WHITE' }, 'tlp', ERR.choice],
    [{ name: '' }, 'name', ERR.required],
    [{ name: '   ' }, 'name', ERR.required],
    [{ name: 'é'.repeat(201) }, 'name', ERR.tooLong],
    [{ note: 'n'.repeat(4001) }, 'note', ERR.tooLong],
  ];
  for (const [change, field, message] of cases) {
    for (const path of [`${A()}/assets`, `${A()}/assets/${id}`]) {
      const form = { ...good, ...change };
      const r = await unchanged(`${path} ${JSON.stringify(change).slice(0, 60)}`, () =>
        c.editor.post(path, form));
      assert.equal(r.status, 422, `${path} ${JSON.stringify(change).slice(0, 60)}`);
      assert.equal(fieldError(r.text, field), message, `${field} in ${path}`);
      assert.match(r.text, new RegExp(`id="${field}"[^>]* aria-invalid="true"`));
      if (field !== 'name')
        assert.match(r.text, /<input id="name" name="name" required maxlength="200" value="Designs"/,
          'what was typed is kept');
      const json = await unchanged('the same as JSON', () => j.editor.postJson(path, form));
      assert.equal(json.status, 422);
      assert.equal(json.data.form.errors[field], message);
    }
  }
  const extra = await unchanged('an undeclared field', () =>
    c.editor.post(`${A()}/assets`, { ...good, is_primary: '1' }));
  assert.equal(extra.status, 400);
  assert.equal(row(id), 'Designs|info-designs|1||internal|amber|2|-1|-1|');
});

test('a changed impact scale: values are checked against it and shown as numbers', async () => {
  emptyInventory();
  sql(dir, `INSERT INTO risk_settings VALUES (${ids.orgA}, 1, 3, 0, 4, 0, 5, 8, 27, 4, 9, 0)`);
  try {
    for (const value of ['0', '4']) {
      const r = await unchanged(`impact ${value} on 1..3`, () =>
        c.editor.post(`${A()}/assets`, { name: 'Contracts', type: 'info-contracts', impact_i: value }));
      assert.equal(r.status, 422);
      assert.equal(fieldError(r.text, 'impact_i'), ERR.scale);
    }
    const id = await create({ name: 'Contracts', type: 'info-contracts', impact_i: '3', impact_a: '1' });
    const data = await list();
    assert.deepEqual(data.impact_options.map((o) => [o.value, o.label]),
      [['', 'Not set'], ['1', '1'], ['2', '2'], ['3', '3']]);
    assert.deepEqual(data.assets.find((a) => a.id === id).impacts.map((i) => i.label), ['–', '3', '1']);
  } finally {
    sql(dir, `DELETE FROM risk_settings WHERE org_id = ${ids.orgA}`);
  }
  // The default scale has words.
  const data = await list();
  assert.deepEqual(data.impact_options.map((o) => o.label),
    ['Not set', '0 – None', '1 – Low', '2 – Medium', '3 – High', '4 – Critical']);
});

/* ---- sorting and filtering ---------------------------------------------------------------- */

test('the list sorts by name, kind, classification and owner, and filters by kind, classification and text', async () => {
  emptyInventory();
  await create({ name: 'Payroll', type: 'proc-payroll', classification: 'secret', owner: 'Bert' });
  await create({ name: 'Écran de caisse', type: 'hw-pos-terminal', classification: 'secret', owner: 'Zoé' });
  await create({ name: 'customer file', type: 'info-customers', classification: 'confidential',
    owner: 'anna', note: 'kept in the CRM' });
  await create({ name: 'Backup disk', type: 'hw-usb-storage', classification: 'public' });
  await create({ name: 'Web shop', type: 'cloud-webshop' });

  const order = async (query) => names(await list(query));
  const byName = ['Backup disk', 'customer file', 'Écran de caisse', 'Payroll', 'Web shop'];
  assert.deepEqual(await order(''), byName, 'by name, case and accents aside');
  assert.deepEqual(await order('?sort=name'), byName);
  // Customer file, Payroll, Till or payment terminal, USB stick…, Web shop
  assert.deepEqual(await order('?sort=type'),
    ['customer file', 'Payroll', 'Écran de caisse', 'Backup disk', 'Web shop']);
  assert.deepEqual(await order('?sort=classification'),
    ['Écran de caisse', 'Payroll', 'customer file', 'Web shop', 'Backup disk'], 'most sensitive first');
  assert.deepEqual(await order('?sort=owner'),
    ['customer file', 'Payroll', 'Écran de caisse', 'Backup disk', 'Web shop'], 'no owner last');

  assert.deepEqual(await order('?kind=primary'), ['customer file', 'Payroll']);
  assert.deepEqual(await order('?kind=supporting'), ['Backup disk', 'Écran de caisse', 'Web shop']);
  assert.deepEqual(await order('?classification=secret'), ['Écran de caisse', 'Payroll']);
  assert.deepEqual(await order('?classification=internal'), ['Web shop']);
  assert.deepEqual(await order('?q=ECRAN'), ['Écran de caisse'], 'accents and case aside');
  assert.deepEqual(await order('?q=zoe'), ['Écran de caisse'], 'the owner is searched');
  assert.deepEqual(await order('?q=crm'), ['customer file'], 'the note is searched');
  assert.deepEqual(await order('?q=terminal'), ['Écran de caisse'], 'the kind of asset is searched');
  assert.deepEqual(await order('?kind=supporting&q=disk&sort=owner'), ['Backup disk']);
  assert.deepEqual(await order('?kind=primary&classification=public'), []);
  assert.equal((await list('?q=nothing')).total, 5, 'the total counts every asset');

  const html = (await c.viewer.get(`${A()}/assets?kind=primary&sort=owner&q=a`)).text;
  assert.match(html, /<option value="primary" selected>/);
  assert.match(html, /<option value="owner" selected>/);
  assert.match(html, /<input id="filter-q" name="q" value="a"/);
  assert.match((await c.viewer.get(`${A()}/assets?q=nothing`)).text, /No asset matches these filters\./);

  for (const query of ['?sort=bogus', '?kind=all', '?classification=Secret', `?q=${'x'.repeat(101)}`, '?other=1']) {
    const r = await c.viewer.get(`${A()}/assets${query}`);
    assert.equal(r.status, 400, query);
  }
});

/* ---- risks and deleting --------------------------------------------------------------------- */

test('each asset counts its risks with a link to the register; deleting takes its links and risks', async () => {
  emptyInventory();
  const a = await create({ name: 'Customer file', type: 'info-customers', impact_c: '4' });
  const b = await create({ name: 'Laptop', type: 'hw-laptop' });
  const cc = await create({ name: 'Wi-Fi', type: 'net-wifi' });
  await link(a, b);
  await link(b, cc);
  const now = Math.floor(Date.now() / 1000);
  sql(dir, `INSERT INTO risks (org_id, id, asset_id, threat, vulnerability, created_at, updated_at) VALUES
    (${ids.orgA}, 1, ${b}, 'thr-theft', 'vul-laptop-disk-unencrypted', ${now}, ${now}),
    (${ids.orgA}, 2, ${b}, 'thr-fire', 'vul-laptop-disk-unencrypted', ${now}, ${now}),
    (${ids.orgA}, 3, ${a}, 'thr-fire', 'vul-laptop-disk-unencrypted', ${now}, ${now})`);
  // B has an asset with the laptop's id, which stays.
  sql(dir, `INSERT INTO assets (org_id, id, name, type, is_primary, created_at, updated_at)
    VALUES (${ids.orgB}, ${b}, 'Laptop of B', 'hw-laptop', 0, 0, 0)`);

  const data = await list();
  assert.deepEqual(data.assets.map((x) => [x.name, x.risks]),
    [['Customer file', 1], ['Laptop', 2], ['Wi-Fi', 0]]);
  const html = (await c.viewer.get(`${A()}/assets`)).text;
  assert.match(html, new RegExp(`<a href="${A()}/risks\\?asset=${b}">2</a>`));
  const page = await c.editor.get(`${A()}/assets/${b}`);
  assert.match(page.text, /<details class="confirm">/);
  assert.match(page.text, /Its links to other assets and its risks \(2\) are deleted with it\./);
  assert.match(page.text, new RegExp(`href="${A()}/risks\\?asset=${b}"`));
  assert.match((await c.editor.get(`${A()}/assets/${cc}`)).text, /No risk is recorded for it\./);
  assert.doesNotMatch((await c.viewer.get(`${A()}/assets/${b}`)).text, /<details class="confirm">/,
    'no delete button for a viewer');

  const r = await c.editor.post(`${A()}/assets/${b}/delete`);
  assert.equal(r.status, 303);
  assert.equal(r.location, `${A()}/assets`);
  assert.equal(row(b), '');
  assert.deepEqual(links(), [], 'its links both ways are gone');
  assert.equal(sql(dir, `SELECT group_concat(id) FROM risks WHERE org_id = ${ids.orgA}`), '3',
    'its risks are gone, the others stay');
  assert.equal(row(b, ids.orgB).split('|')[0], 'Laptop of B');
  assert.equal((await unchanged('deleting twice', () =>
    c.editor.post(`${A()}/assets/${b}/delete`))).status, 404);
  // The supporting asset left behind no longer inherits anything.
  assert.deepEqual((await list()).assets.find((x) => x.id === cc).impacts.map((i) => i.value), [-1, -1, -1]);
  sql(dir, `DELETE FROM assets WHERE org_id = ${ids.orgB} AND id = ${b}`);
});

test('a change saves every field and derives the kind from the new type', async () => {
  emptyInventory();
  const id = await create({ name: 'Server', type: 'hw-server', impact_a: '2', owner: 'IT' });
  const r = await c.editor.post(`${A()}/assets/${id}`, { name: 'Production', type: 'proc-production',
    owner: 'Bert', classification: 'public', tlp: 'green', impact_c: '0', impact_i: '', impact_a: '4',
    note: 'two shifts' });
  assert.equal(r.status, 303);
  assert.equal(row(id), 'Production|proc-production|1|Bert|public|green|0|-1|4|two shifts');
  const page = (await j.viewer.get(`${A()}/assets/${id}`)).data;
  assert.equal(page.asset.primary, true);
  assert.deepEqual(page.values, { name: 'Production', type: 'proc-production', owner: 'Bert',
    classification: 'public', tlp: 'green', impact_c: '0', impact_i: '', impact_a: '4', note: 'two shifts' });
  const html = (await c.editor.get(`${A()}/assets/${id}`)).text;
  assert.match(html, /<option value="proc-production" selected>/);
  assert.match(html, /<select id="impact_c" name="impact_c">[\s\S]*?<option value="0" selected>/);
  assert.match(html, /<select id="impact_i" name="impact_i">\s*<option value="" selected>/);
});

test('in French the types are grouped by kind in French; TLP labels stay as FIRST writes them', async () => {
  emptyInventory();
  await create({ name: 'Fichier', type: 'info-customers', tlp: 'amber+strict' });
  const fr = new Client(srv.base, { lang: 'fr' });
  fr.cookies = c.editor.cookies;
  const html = (await fr.get(`${A()}/assets`)).text;
  assert.match(html, /<html lang="fr">/);
  const groups = [...html.matchAll(/<optgroup label="([^"]*)">/g)].map((m) => m[1]);
  assert.equal(groups.length, new Set(KB.asset_types.map((t) => t.kind)).size, 'one group per kind');
  assert.ok(!groups.includes('Hardware') && !groups.includes('Business processes'),
    'group titles are translated');
  assert.match(html, new RegExp(`<option value="info-customers">${KB_TYPES.get('info-customers').title.fr}</option>`));
  assert.match(html, new RegExp(`<td>${KB_TYPES.get('info-customers').title.fr}<br>`));
  assert.match(html, /TLP:AMBER\+STRICT/);
  assert.doesNotMatch(html, /TLP:WHITE/);
});
