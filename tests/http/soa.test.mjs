// The Statement of Applicability over HTTP (issue 5: "The SoA lists
// exactly the 93 controls of ISO/IEC 27002:2022"; METHOD.md §4 "per
// catalogue control: applicable yes/no, justification, implementation
// status, linked measures and risks"): the controls of kb/iso27002.json in
// order and by theme, with their counts; decisions saved and counted;
// "does not apply" without a reason, unknown controls and statuses refused
// next to the field with nothing saved; filters; the CSV; access.
//
// run: node --test --test-reporter=spec tests/http/soa.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';

import { startServer, tempDir, sql, dataSnapshot } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { addPeople, orgId, logInEach } from '../lib/fixture.mjs';

const PASSWORD = 'correct horse battery staple';
const CONTROLS = JSON.parse(fs.readFileSync('kb/iso27002.json', 'utf8')).controls;
// The measures catalogue, when it is there: the measures of each control.
const MEASURES = fs.existsSync('kb/measures.json')
  ? JSON.parse(fs.readFileSync('kb/measures.json', 'utf8')).measures : [];
const measuresOf = (id, lang = 'en') =>
  MEASURES.filter((m) => m.iso27002.includes(id)).map((m) => m.title[lang]);

let srv;
let dir;
const ids = {};
const c = {};
const j = {};

const base = (org = ids.orgA) => `/o/${org}/treatment/soa`;
const flat = (data) => data.themes.flatMap((t) => t.controls);
const stored = (org = ids.orgA) =>
  sql(dir, `SELECT control, applicable, justification, status FROM soa WHERE org_id = ${org}
    ORDER BY control`);

before(async () => {
  dir = tempDir('ravelin-soa-');
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
    owner: 'owner@example.test', editor: 'editor@example.test', viewer: 'viewer@example.test',
    ownerB: 'owner-b@example.test',
  }, c, j);
});

after(async () => { await srv?.stop(); });

test('the statement lists exactly the 93 controls, in order, by theme, nothing decided', async () => {
  assert.equal(CONTROLS.length, 93);
  const r = await j.viewer.get(base());
  assert.equal(r.status, 200);
  assert.deepEqual(flat(r.data).map((x) => x.id), CONTROLS.map((x) => x.id));
  assert.deepEqual(flat(r.data).map((x) => x.title), CONTROLS.map((x) => x.title.en));
  assert.deepEqual(r.data.themes.map((t) => [t.id, t.count, t.controls.length]),
    [['organisational', 37, 37], ['people', 8, 8], ['physical', 14, 14],
      ['technological', 34, 34]]);
  for (const t of r.data.themes)
    assert.ok(t.controls.every((x) => x.theme === t.id), `${t.id}: only its own controls`);
  assert.deepEqual(r.data.totals, { controls: 93, applicable: 0, not_applicable: 0,
    undecided: 93, implemented: 0, listed: 93 });
  for (const x of flat(r.data)) {
    assert.equal(x.applicable_id, 'undecided');
    assert.equal(x.status, '');
    assert.deepEqual(x.risks, [], 'risks: filled once the treatment is stored');
    assert.deepEqual(x.measures.map((m) => m.title), measuresOf(x.id), `measures of ${x.id}`);
  }
  assert.equal(r.data.measures_available, MEASURES.length > 0);
  assert.equal(sql(dir, 'SELECT count(*) FROM soa'), '0', 'a page view writes nothing');

  // The page: a row per control, a heading per theme; a viewer gets no form.
  const html = await c.viewer.get(base());
  assert.equal(html.status, 200);
  assert.equal([...html.text.matchAll(/<tr id="control-/g)].length, 93);
  assert.equal([...html.text.matchAll(/<h2 id="theme-/g)].length, 4);
  assert.doesNotMatch(html.text, /name="justification"/);
  const editor = await c.editor.get(base());
  assert.equal([...editor.text.matchAll(/<input type="hidden" name="control"/g)].length, 93);

  // In French: the French titles and theme names.
  const fr = new Client(srv.base, { json: true, lang: 'fr' });
  fr.cookies = c.viewer.cookies;
  const rf = await fr.get(base());
  assert.deepEqual(flat(rf.data).map((x) => x.title), CONTROLS.map((x) => x.title.fr));
  assert.notEqual(rf.data.themes[0].label, r.data.themes[0].label, 'theme names translated');
  for (const x of flat(rf.data))
    assert.deepEqual(x.measures.map((m) => m.title), measuresOf(x.id, 'fr'));
});

test('decisions are saved, counted and shown; a second save replaces the first', async () => {
  let r = await c.editor.post(base(), { control: '5.1', applicable: 'yes', justification: '',
    status: 'implemented', back: `${base()}?theme=organisational` });
  assert.equal(r.status, 303);
  assert.equal(r.location, `${base()}?theme=organisational#control-5.1`, 'back to the filtered page');
  r = await j.editor.postJson(base(), { control: '7.4', applicable: 'no',
    justification: 'No building of our own: we rent a desk', status: '' });
  assert.equal(r.status, 200);
  r = await j.owner.postJson(base(), { control: '8.5', applicable: 'yes', status: 'partial' });
  assert.equal(r.status, 200);
  r = await j.owner.postJson(base(), { control: '6.3', applicable: 'yes', status: 'planned' });
  r = await j.owner.postJson(base(), { control: '8.34', applicable: 'undecided',
    justification: 'ask the accountant' });
  assert.equal(r.status, 200);
  assert.equal(stored(), [
    '5.1|1||implemented',
    '6.3|1||planned',
    '7.4|0|No building of our own: we rent a desk|',
    '8.34|-1|ask the accountant|',
    '8.5|1||partial'].join('\n'));
  assert.equal(sql(dir, `SELECT count(*) FROM audit WHERE org_id = ${ids.orgA}
    AND action = 'soa.save'`), '5', 'every save audited');

  // A second save of the same control replaces it.
  r = await j.owner.postJson(base(), { control: '8.5', applicable: 'yes', status: 'implemented',
    justification: 'all accounts' });
  assert.equal(r.status, 200);
  assert.match(stored(), /^8\.5\|1\|all accounts\|implemented$/m);
  assert.equal(sql(dir, `SELECT count(*) FROM soa WHERE org_id = ${ids.orgA}`), '5');

  r = await j.viewer.get(base());
  assert.deepEqual(r.data.totals, { controls: 93, applicable: 3, not_applicable: 1,
    undecided: 89, implemented: 2, listed: 93 });
  assert.deepEqual(r.data.themes.map((t) => [t.id, t.applicable, t.not_applicable, t.implemented]),
    [['organisational', 1, 0, 1], ['people', 1, 0, 0], ['physical', 0, 1, 0],
      ['technological', 1, 0, 1]]);
  const byId = new Map(flat(r.data).map((x) => [x.id, x]));
  assert.equal(byId.get('7.4').applicable_label, 'Does not apply');
  assert.equal(byId.get('7.4').justification, 'No building of our own: we rent a desk');
  assert.equal(byId.get('8.5').status_label, 'In place');
  assert.equal(byId.get('6.3').status_label, 'Planned');
  assert.equal(byId.get('5.1').applicable_label, 'Applies');

  const html = (await c.editor.get(base())).text;
  assert.match(html, /<input type="radio" id="applicable-7\.4-no" name="applicable" value="no" checked>/);
  assert.match(html, /<option value="partial">[^<]*<\/option><option value="implemented" selected>/);
  // Another organisation sees none of it.
  r = await j.ownerB.get(base(ids.orgB));
  assert.equal(r.data.totals.undecided, 93);
});

test('bad decisions are refused next to the field, nothing saved', async () => {
  const cases = [
    [{ control: '5.2', applicable: 'no', justification: '' }, 'justification', 422],
    [{ control: '5.2', applicable: 'no', justification: '  \n ' }, 'justification', 422],
    [{ control: '5.2', applicable: 'no', justification: 'n/a', status: 'planned' }, 'status', 422],
    [{ control: '9.1', applicable: 'yes' }, 'control', 422],
    [{ control: '5.38', applicable: 'yes' }, 'control', 422],
    [{ control: '', applicable: 'yes' }, 'control', 422],
    [{ control: '5.2', applicable: 'yes', status: 'done' }, 'status', 422],
    [{ control: '5.2', applicable: 'maybe' }, 'applicable', 422],
    [{ control: '5.2' }, 'applicable', 422],
    [{ control: '5.2', applicable: 'yes', justification: 'x'.repeat(2001) }, 'justification', 422],
  ];
  for (const [fields, field, status] of cases) {
    const before = dataSnapshot(dir);
    const r = await j.editor.postJson(base(), fields);
    assert.equal(r.status, status, JSON.stringify(fields));
    assert.ok(r.data.form.errors[field], `${JSON.stringify(fields)}: error on ${field}`);
    assert.equal(dataSnapshot(dir), before, `${JSON.stringify(fields)}: nothing saved`);
  }
  // Unknown fields are not a form of this page.
  let before = dataSnapshot(dir);
  let r = await j.editor.postJson(base(), { control: '5.2', applicable: 'yes', risk: '1' });
  assert.equal(r.status, 400);
  assert.equal(dataSnapshot(dir), before);

  // The page again, the row open with what was typed and the error next to the field.
  r = await c.editor.post(base(), { control: '5.2', applicable: 'no', justification: '' });
  assert.equal(r.status, 422);
  assert.match(r.text, /<details class="edit" open>/);
  assert.match(r.text, /id="justification-5\.2-error">Say why this control does not apply/);
  assert.match(r.text, /id="applicable-5\.2-no" name="applicable" value="no" checked>/);
  assert.equal([...r.text.matchAll(/<tr id="control-/g)].length, 93, 'the whole statement');
  r = await c.editor.post(base(), { control: '9.1', applicable: 'yes' });
  assert.equal(r.status, 422);
  assert.match(r.text, /id="control-error">This control does not exist\./);

  // The translated error.
  const de = new Client(srv.base, { json: true, lang: 'de' });
  de.cookies = c.editor.cookies;
  de.csrf = c.editor.csrf;
  r = await de.postJson(base(), { control: '9.1', applicable: 'yes' });
  assert.equal(r.status, 422);
  assert.notEqual(r.data.form.errors.control, 'This control does not exist.');

  // A viewer cannot decide; another organisation cannot reach this one.
  before = dataSnapshot(dir);
  r = await c.viewer.post(base(), { control: '5.2', applicable: 'yes' });
  assert.equal(r.status, 403);
  r = await c.ownerB.post(base(), { control: '5.2', applicable: 'yes' });
  assert.equal(r.status, 404);
  r = await c.ownerB.get(base());
  assert.equal(r.status, 404);
  r = await c.ownerB.get(`${base()}.csv`);
  assert.equal(r.status, 404);
  assert.equal(dataSnapshot(dir), before);
});

test('filters: theme, applicable, status, text', async () => {
  const ids_ = async (query) => {
    const r = await j.viewer.get(`${base()}?${query}`);
    assert.equal(r.status, 200, query);
    assert.equal(r.data.totals.listed, flat(r.data).length);
    assert.equal(r.data.totals.controls, 93, 'the counts are of the whole statement');
    return flat(r.data).map((x) => x.id);
  };
  assert.deepEqual(await ids_('theme=people'), CONTROLS.filter((x) => x.theme === 'people')
    .map((x) => x.id));
  assert.deepEqual(await ids_('applicable=yes'), ['5.1', '6.3', '8.5']);
  assert.deepEqual(await ids_('applicable=no'), ['7.4']);
  assert.equal((await ids_('applicable=undecided')).length, 89);
  assert.deepEqual(await ids_('status=implemented'), ['5.1', '8.5']);
  assert.deepEqual(await ids_('status=planned'), ['6.3']);
  assert.equal((await ids_('status=none')).length, 90);
  assert.deepEqual(await ids_('theme=technological&applicable=yes'), ['8.5']);
  assert.deepEqual(await ids_('theme=people&status=implemented'), []);
  // Text: the control's number, words of its title (case and accents
  // aside) and of the justification.
  assert.deepEqual(await ids_('q=8.5'), ['8.5']);
  assert.deepEqual(await ids_('q=RENT%20A%20DESK'), ['7.4']);
  const title = CONTROLS.find((x) => x.id === '6.3').title;
  const word = title.fr.split(/\s+/).sort((a, b) => b.length - a.length)[0];
  const fr = new Client(srv.base, { json: true, lang: 'fr' });
  fr.cookies = c.viewer.cookies;
  const folded = word.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase();
  const r = await fr.get(`${base()}?q=${encodeURIComponent(folded)}`);
  assert.ok(flat(r.data).some((x) => x.id === '6.3'), `"${folded}" finds 6.3 in French`);
  assert.ok(flat(r.data).every((x) => x.title.normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .toUpperCase().includes(folded) || x.justification.toUpperCase().includes(folded) ||
    x.measures.some((m) => m.title.normalize('NFD').replace(/[\u0300-\u036f]/g, '')
      .toUpperCase().includes(folded))), 'only what matches');
  const html = (await c.editor.get(`${base()}?theme=physical`)).text;
  assert.equal([...html.matchAll(/<h2 id="theme-/g)].length, 1, 'only the theme asked for');
  assert.match(html, /<option value="physical" selected>/);
  assert.match(html, /name="back" value="\/o\/\d+\/treatment\/soa\?theme=physical"/);

  // Bad filters: 400, as for every page whose query is not one of its choices.
  for (const query of ['theme=legal', 'applicable=maybe', 'status=done', `q=${'x'.repeat(101)}`,
    'page=2']) {
    const before = dataSnapshot(dir);
    assert.equal((await j.viewer.get(`${base()}?${query}`)).status, 400, query);
    assert.equal(dataSnapshot(dir), before);
  }
});

test('the CSV: a translated header and the 93 controls, quoted and defused', async () => {
  let r = await j.editor.postJson(base(), { control: '5.3', applicable: 'no',
    justification: '=HYPERLINK("http://x"), "one" person\nonly', status: '' });
  assert.equal(r.status, 200);
  r = await c.viewer.get(`${base()}.csv`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/csv; charset=utf-8/);
  assert.equal(r.headers.get('content-disposition'), `attachment; filename="soa-${ids.orgA}.csv"`);
  const bytes = Buffer.from(await (await fetch(`${srv.base}${base()}.csv`,
    { headers: { cookie: [...c.viewer.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } }))
    .arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a BOM');
  const rows = parseCsv(r.text.replace(/^\uFEFF/, ''));
  assert.deepEqual(rows[0], ['Control', 'Theme', 'Title', 'Applicable', 'Justification',
    'Implementation status', 'Measures', 'Risks']);
  assert.equal(rows.length, 1 + 93, 'a header and 93 controls');
  assert.deepEqual(rows.slice(1).map((x) => x[0]), CONTROLS.map((x) => x.id));
  assert.deepEqual(rows.slice(1).map((x) => x[2]), CONTROLS.map((x) => x.title.en));
  const row = new Map(rows.slice(1).map((x) => [x[0], x]));
  assert.deepEqual(row.get('5.3').slice(3, 6),
    ['Does not apply', '\'=HYPERLINK("http://x"), "one" person\nonly', '']);
  assert.deepEqual(row.get('8.5').slice(3, 6), ['Applies', 'all accounts', 'In place']);
  assert.deepEqual(row.get('8.1').slice(3, 6), ['Not decided', '', '']);
  for (const control of CONTROLS)
    assert.deepEqual(row.get(control.id)[6] ? row.get(control.id)[6].split('\n') : [],
      measuresOf(control.id), `measures of ${control.id}`);
  assert.ok(rows.slice(1).every((x) => x.length === 8 && x[7] === ''), 'risks: empty for now');

  // In Dutch: header and words translated.
  const nl = new Client(srv.base, { lang: 'nl' });
  nl.cookies = c.viewer.cookies;
  const rn = parseCsv((await nl.get(`${base()}.csv`)).text.replace(/^\uFEFF/, ''));
  assert.notEqual(rn[0][0], 'Control');
  assert.deepEqual(rn.slice(1).map((x) => x[2]), CONTROLS.map((x) => x.title.nl));
  // The whole statement, whatever is asked: no query is a CSV's.
  assert.equal((await c.viewer.get(`${base()}.csv?theme=people`)).status, 400);
});

// RFC 4180: quoted fields with "" for a quote, CRLF between records.
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
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}
