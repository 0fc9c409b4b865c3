// The first-steps registers of the baseline over HTTP, against a real
// `ravelin serve`: backups, Wi-Fi networks and software and devices, each
// created, listed, replaced and deleted; the flags of METHOD.md §1 at their
// boundaries (3-2-1 rule, restore test within 12 months, guest network
// kept apart, WPA2/WPA3, key age 180 days, automatic updates, end of
// support), the list of flagged entries only, sorting by a column,
// refused input (422 on the field, 400 for undeclared fields), long text
// of many-byte characters shown whole, and a viewer's refused writes.
//
// Dates are computed here from today in UTC, the server's day (it flags
// against the wall clock when the request arrives).
//
// run: node --test --test-reporter=spec tests/http/registers.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, tempDir, sql } from '../lib/server.mjs';
import { asJson } from '../lib/client.mjs';
import { addPeople, orgId, logInEach, assertUnchanged } from '../lib/fixture.mjs';

const PASSWORD = 'correct horse battery staple';

let srv;
let dir;
const ids = {};
const c = {};     // HTML clients by person
const j = {};     // JSON clients sharing their cookies

/* ---- dates, in UTC ---------------------------------------------------------- */

const DAY_MS = 86400000;
let TODAY_MS;     // midnight UTC of today, set in before()
const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
const inDays = (n) => iso(TODAY_MS + n * DAY_MS);
const daysInMonth = (y, m) => new Date(Date.UTC(y, m + 1, 0)).getUTCDate();

// date + n months, the day kept or, where the month is shorter, its last
// day (METHOD.md §1 through first_steps.h: a test on 2024-02-29 is due on
// 2025-02-28).
function addMonths(isoDate, n) {
  const [y, m, d] = isoDate.split('-').map(Number);
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12), nm = total - ny * 12;
  return iso(Date.UTC(ny, nm, Math.min(d, daysInMonth(ny, nm))));
}

// The oldest restore-test date that is still "within the last 12 months":
// the same day a year ago; on 29 February, which last year lacks, 1 March
// (a test on 28 February last year was due on 28 February this year, a
// day ago).
function twelveMonthsAgo() {
  const t = new Date(TODAY_MS);
  const y = t.getUTCFullYear() - 1, m = t.getUTCMonth(), d = t.getUTCDate();
  return d <= daysInMonth(y, m) ? iso(Date.UTC(y, m, d)) : iso(Date.UTC(y, m + 1, 1));
}
const dayBefore = (isoDate) => iso(Date.parse(isoDate) - DAY_MS);

/* ---- the flag messages of src/core/first_steps.c, in English ------------------ */

const FLAG = {
  copies: 'Fewer than 3 copies: keep at least three copies of your data, the original included.',
  media: 'All copies on one kind of storage: keep them on at least two different kinds, ' +
    'for example an external disk and a cloud service.',
  offsite: 'No copy away from the office: keep at least one copy off-site or disconnected, ' +
    'so that a fire, a theft or ransomware cannot reach it.',
  neverTested: 'Never tested: restore a few files from this backup to make sure it really works.',
  testTooOld: 'Last restore test too long ago: restore a few files again to make sure the ' +
    'backup still works.',
  guest: 'Guest Wi-Fi not kept apart: visitors could reach your business computers. ' +
    'Separate the guest network from the business network.',
  weak: 'Weak Wi-Fi protection: set the network to WPA2 or WPA3. Open, WEP and WPA networks ' +
    'can be listened in on.',
  keyTooOld: 'Wi-Fi password not changed for too long: change it and give the new one only to ' +
    'those who need it.',
  keyUnknown: 'Unknown when the Wi-Fi password was last changed: change it now and note the date.',
  noUpdates: 'Automatic updates are off: switch them on so that security fixes are installed ' +
    'without delay.',
  unsupported: 'No longer supported: the maker no longer fixes its security problems. ' +
    'Replace or upgrade it.',
  endsSoon: 'Support ends soon: plan to replace or upgrade it before the maker stops fixing ' +
    'its security problems.',
};

// Field errors (src/core/validate.c, src/web/form.c).
const ERR = {
  required: 'This field is required.',
  tooLong: 'This text is too long.',
  badChars: 'This text contains characters that are not allowed.',
  number: 'Enter a whole number.',
  range: 'The number is out of range.',
  date: 'Enter a date as YYYY-MM-DD.',
  noSuchDate: 'This date does not exist.',
  choice: 'Choose one of the options',
};

/* ---- the registers ------------------------------------------------------------ */

// Per register: its columns (the non-note fields' labels), the stored
// form of an entry (declared fields, typed, keys sorted) from a form, and
// what its row shows.
const COLUMNS = {
  backups: ['What is backed up', 'Where', 'Storage', 'How often',
    'Copies, the original included', 'Different kinds of storage',
    'A copy off-site or offline', 'Last restore test'],
  wifi: ['Network name', 'For', 'Security', 'Kept apart from the business network',
    'Password last changed'],
  software: ['Name', 'Kind', 'Updates install automatically', 'End of support'],
};
const FIELDS = {
  backups: { what: 'text', location: 'text', medium: 'text', frequency: 'text', copies: 'int',
             media: 'int', offsite: 'bool', last_restore_test: 'text', note: 'note' },
  wifi: { name: 'text', purpose: 'text', security: 'text', separated: 'bool',
          key_changed: 'text', note: 'note' },
  software: { name: 'text', kind: 'text', automatic_updates: 'bool', end_of_support: 'text',
              note: 'note' },
};
const chars = (text) => [...text].length;
const ticked = (v) => v === true || v === '1' || v === 'on' || v === 'true';

// The data column as the server writes it: compact JSON, keys sorted.
function stored(register, form) {
  const out = {};
  for (const name of Object.keys(FIELDS[register]).sort()) {
    const kind = FIELDS[register][name];
    const v = form[name];
    out[name] = kind === 'int' ? Number(v) : kind === 'bool' ? ticked(v) : (v ?? '');
  }
  return JSON.stringify(out);
}

// The cells of a row: the fields but the note, a tick as Yes/No, an empty
// value as a dash.
function cells(register, form) {
  return Object.entries(FIELDS[register]).filter(([, kind]) => kind !== 'note')
    .map(([name, kind]) => (kind === 'bool' ? (ticked(form[name]) ? 'Yes' : 'No')
      : String(form[name] ?? '') || '–'));
}

/* ---- helpers -------------------------------------------------------------------- */

const unchanged = (what, action) => assertUnchanged(dir, what, action);

const A = () => `/o/${ids.orgA}`;

// The stored entries of a register of A: id → data.
function rows(register, org = ids.orgA) {
  const out = sql(dir, `SELECT id, data FROM register_entries WHERE org_id = ${org}
    AND register = '${register}' ORDER BY id`);
  return new Map(out ? out.split('\n').map((l) => {
    const bar = l.indexOf('|');
    return [Number(l.slice(0, bar)), l.slice(bar + 1)];
  }) : []);
}

// Starts each test with A's registers empty, so ids begin at 1 again.
function emptyRegisters() {
  sql(dir, `DELETE FROM register_entries WHERE org_id = ${ids.orgA}`);
}

// Creates an entry in A as the editor through the HTML form; returns its id.
async function create(register, form) {
  const r = await c.editor.post(`${A()}/${register}`, form);
  assert.equal(r.status, 303, `creating ${JSON.stringify(form)}: ${r.status} ${r.text.slice(0, 300)}`);
  const m = r.location.match(new RegExp(`^${A()}/${register}#entry-(\\d+)$`));
  assert.ok(m, `a new entry leads to its row, got ${r.location}`);
  return Number(m[1]);
}

// A's register as JSON (the viewer reads it); query is e.g. '?show=flagged'.
async function list(register, query = '') {
  const r = await j.viewer.get(`${A()}/${register}${query}`);
  assert.equal(r.status, 200);
  return r.data;
}

// The row of entry id in an HTML page, or null.
function htmlRow(html, id) {
  return html.match(new RegExp(`<tr id="entry-${id}"[^>]*>[\\s\\S]*?</tr>`))?.[0] ?? null;
}
// The simple cells (<td>text</td>) of an HTML row, unescaped.
function htmlCells(row) {
  const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
    .replace(/&#0*39;|&#x0*27;/gi, "'").replace(/&#0*34;/g, '"').replace(/&amp;/g, '&');
  return [...row.matchAll(/<td>([^<]*)<\/td>/g)].map((m) => unescape(m[1]));
}

/* ---- set-up --------------------------------------------------------------------- */

before(async () => {
  // The boundaries are computed for today: do not start a second before
  // midnight UTC, when the server's day could differ from ours.
  const toMidnight = DAY_MS - (Date.now() % DAY_MS);
  if (toMidnight < 30000) await new Promise((r) => setTimeout(r, toMidnight + 1000));
  const now = new Date();
  TODAY_MS = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());

  dir = tempDir('ravelin-registers-');
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
  const res = await fetch(`${srv.base}/healthz`);
  assert.equal(iso(Date.parse(res.headers.get('date'))), iso(TODAY_MS),
    'the server\'s clock is on the same day as the test\'s');
});

after(async () => { await srv?.stop(); });

/* ---- create, list, replace, delete --------------------------------------------- */

// Per register: a full entry, a second one, and the replacement of the
// first (fields left out are emptied: an update replaces the entry).
const CRUD = {
  backups: {
    first: { what: 'Accounting files', location: 'Office & cellar', medium: 'NAS',
             frequency: 'daily', copies: '3', media: '2', offsite: '1',
             last_restore_test: '2026-01-15', note: 'Ann checks the log on Mondays' },
    second: { what: 'Mailboxes', copies: 2, media: 1, offsite: false, medium: 'cloud service' },
    replaced: { what: 'Accounting files <all years>', medium: 'external disk', frequency: 'weekly',
                copies: '4', media: '3' },
  },
  wifi: {
    first: { name: 'Bakery-Office', purpose: 'business', security: 'WPA3', separated: 'on',
             key_changed: '2026-06-01', note: 'password in the safe' },
    second: { name: 'Bakery-Guests', purpose: 'guest', security: 'WPA2', separated: true },
    replaced: { name: 'Bakery "Office"', purpose: 'guest', security: 'open' },
  },
  software: {
    first: { name: 'Till system', kind: 'application', automatic_updates: 'true',
             end_of_support: '2031-03-31', note: 'supplier: Kassa BV' },
    second: { name: 'Front desk PC', kind: 'computer', automatic_updates: false },
    replaced: { name: 'Till system v2', kind: 'phone or tablet', end_of_support: '2027-01-01' },
  },
};

test('each register: entries are created, listed, replaced and deleted, numbered per register',
  async (t) => {
    emptyRegisters();
    for (const [register, data] of Object.entries(CRUD)) {
      await t.test(register, async () => {
        // Create through the HTML form, then as JSON with typed values.
        const first = await create(register, data.first);
        assert.equal(first, 1, 'the first entry of each register is 1');
        assert.equal(rows(register).get(1), stored(register, data.first));
        const r = await j.editor.postJson(`${A()}/${register}`, data.second);
        assert.equal(r.status, 200);
        assert.deepEqual(r.data, { id: 2, ok: true, location: `${A()}/${register}#entry-2` });
        assert.equal(rows(register).get(2), stored(register, data.second));

        // The list, as JSON and as HTML.
        let page = await list(register);
        assert.deepEqual(page.columns, COLUMNS[register].map((title, k) =>
          ({ title, sort: k + 1, sorted: false })));
        assert.deepEqual(page.entries.map((e) => e.id), [1, 2]);
        assert.deepEqual(page.entries[0].cells, cells(register, data.first));
        assert.deepEqual(page.entries[1].cells, cells(register, data.second));
        assert.equal(page.entries[0].note, data.first.note);
        assert.equal(page.entries[1].note, '');
        assert.deepEqual(page.entries[0].inputs.map((i) => i.name), Object.keys(FIELDS[register]),
          'the edit form has every declared field');
        for (const input of page.entries[0].inputs) {
          const kind = FIELDS[register][input.name];
          if (kind === 'bool') assert.equal(input.checked, ticked(data.first[input.name]), input.name);
          else assert.equal(input.value, String(data.first[input.name] ?? ''), input.name);
        }
        assert.equal(page.total, 2);
        const html = await c.viewer.get(`${A()}/${register}`);
        assert.equal(html.status, 200);
        assert.deepEqual(htmlCells(htmlRow(html.text, 1)), cells(register, data.first));
        assert.deepEqual(htmlCells(htmlRow(html.text, 2)), cells(register, data.second));

        // Replace entry 1: what is left out is emptied; entry 2 stays.
        const before2 = rows(register).get(2);
        const u = await c.editor.post(`${A()}/${register}/1`, data.replaced);
        assert.equal(u.status, 303);
        assert.equal(u.location, `${A()}/${register}#entry-1`);
        assert.equal(rows(register).get(1), stored(register, data.replaced));
        assert.equal(rows(register).get(2), before2);
        page = await list(register);
        assert.deepEqual(page.entries[0].cells, cells(register, data.replaced));
        assert.equal(page.entries[0].note, '');
        const html2 = await c.viewer.get(`${A()}/${register}`);
        assert.deepEqual(htmlCells(htmlRow(html2.text, 1)), cells(register, data.replaced),
          'HTML special characters come back as typed');

        // Delete entry 1; deleting or replacing it again finds nothing.
        const d = await c.editor.post(`${A()}/${register}/1/delete`);
        assert.equal(d.status, 303);
        assert.equal(d.location, `${A()}/${register}`);
        assert.deepEqual([...rows(register).keys()], [2]);
        assert.deepEqual((await list(register)).entries.map((e) => e.id), [2]);
        await unchanged(`${register}: a deleted entry`, async () => {
          assert.equal((await c.editor.post(`${A()}/${register}/1/delete`)).status, 404);
          assert.equal((await c.editor.post(`${A()}/${register}/1`, data.first)).status, 404);
          assert.equal((await j.editor.postJson(`${A()}/${register}/1`, data.first)).status, 404);
          assert.equal((await c.editor.post(`${A()}/${register}/99`, data.first)).status, 404);
        });

        // Every change is in the audit log, with who made it.
        const audit = sql(dir, `SELECT action, object, user_id FROM audit WHERE org_id = ${ids.orgA}
          AND object LIKE '${register}:%' ORDER BY seq`);
        assert.equal(audit, [`${register}.create|${register}:1|${ids.editor}`,
          `${register}.create|${register}:2|${ids.editor}`,
          `${register}.update|${register}:1|${ids.editor}`,
          `${register}.delete|${register}:1|${ids.editor}`].join('\n'));
      });
    }
  });

test('entries are numbered per organisation and register, and stay in their organisation',
  async () => {
    emptyRegisters();
    assert.equal(await create('backups', { what: 'A1', copies: 3, media: 2 }), 1);
    assert.equal(await create('backups', { what: 'A2', copies: 3, media: 2 }), 2);
    assert.equal(await create('wifi', { name: 'A-net', purpose: 'business', security: 'WPA2' }), 1,
      'another register counts on its own');
    const r = await c.ownerB.post(`/o/${ids.orgB}/backups`, { what: 'B1', copies: 3, media: 2 });
    assert.equal(r.status, 303);
    assert.equal(r.location, `/o/${ids.orgB}/backups#entry-1`, 'another organisation counts on its own');
    assert.deepEqual((await list('backups')).entries.map((e) => e.cells[0]), ['A1', 'A2']);
    const b = await asJson(c.ownerB).get(`/o/${ids.orgB}/backups`);
    assert.deepEqual(b.data.entries.map((e) => [e.id, e.cells[0]]), [[1, 'B1']]);
    await unchanged('A\'s owner in B\'s registers', async () => {
      assert.equal((await c.owner.get(`/o/${ids.orgB}/backups`)).status, 404);
      assert.equal((await c.owner.post(`/o/${ids.orgB}/backups/1`,
        { what: 'taken', copies: 3, media: 2 })).status, 404);
      assert.equal((await c.owner.post(`/o/${ids.orgB}/backups/1/delete`)).status, 404);
    });
    // B's entry 1 is not A's entry 1: A's update touches only A's.
    const u = await c.editor.post(`${A()}/backups/1`, { what: 'A1 again', copies: 4, media: 2 });
    assert.equal(u.status, 303);
    assert.equal(rows('backups', ids.orgB).get(1), stored('backups', { what: 'B1', copies: 3, media: 2 }));
    // Nor does A's delete.
    const d = await c.editor.post(`${A()}/backups/1/delete`);
    assert.equal(d.status, 303);
    assert.deepEqual([...rows('backups').keys()], [2]);
    assert.deepEqual([...rows('backups', ids.orgB).keys()], [1], 'B\'s entry 1 stays');
  });

/* ---- the flags of METHOD.md §1 ----------------------------------------------------- */

// Creates each case, then checks flags and due date of every entry.
async function checkFlags(register, cases) {
  emptyRegisters();
  const made = [];
  for (const [name, form, flags, due] of cases)
    made.push({ name, id: await create(register, form), flags, due });
  const page = await list(register);
  const html = (await c.viewer.get(`${A()}/${register}`)).text;
  for (const m of made) {
    const e = page.entries.find((x) => x.id === m.id);
    assert.ok(e, `${m.name}: listed`);
    assert.deepEqual(e.flags, m.flags, `${m.name}: flags`);
    assert.equal(e.due, m.due, `${m.name}: due`);
    const row = htmlRow(html, m.id);
    assert.equal(/^<tr id="entry-\d+" class="flagged">/.test(row), m.flags.length > 0,
      `${m.name}: the row is marked flagged or not`);
    assert.deepEqual([...row.matchAll(/<p class="flag">([^<]*)<\/p>/g)].map((x) => x[1]), m.flags,
      `${m.name}: the page shows the flags`);
    assert.equal(row.includes('<p class="ok">In order</p>'), m.flags.length === 0,
      `${m.name}: "In order" only without flags`);
    if (m.due) assert.ok(row.includes(`Next due: ${m.due}`), `${m.name}: the page shows the due date`);
  }
  const flagged = made.filter((m) => m.flags.length).map((m) => m.id);
  assert.equal(page.total, made.length);
  assert.equal(page.flagged, flagged.length);
  return { made, flagged };
}

test('backups: the 3-2-1 rule and a restore test within the last 12 months', async () => {
  const limit = twelveMonthsAgo();
  const good = { copies: '3', media: '2', offsite: '1' };
  const today = inDays(0);
  await checkFlags('backups', [
    ['3 copies, 2 media, off-site, tested exactly 12 months ago',
      { what: 'limit', ...good, last_restore_test: limit }, [], today],
    ['tested 12 months and one day ago',
      { what: 'late', ...good, last_restore_test: dayBefore(limit) }, [FLAG.testTooOld],
      inDays(-1)],
    ['tested today', { what: 'today', ...good, last_restore_test: today }, [],
      addMonths(today, 12)],
    ['a test date in the future counts as today',
      { what: 'future', ...good, last_restore_test: inDays(30) }, [], addMonths(today, 12)],
    ['2 copies', { what: 'two copies', ...good, copies: '2', last_restore_test: today },
      [FLAG.copies], addMonths(today, 12)],
    ['1 kind of medium', { what: 'one medium', ...good, media: '1', last_restore_test: today },
      [FLAG.media], addMonths(today, 12)],
    ['nothing off-site', { what: 'on site', copies: '3', media: '2', last_restore_test: today },
      [FLAG.offsite], addMonths(today, 12)],
    ['never tested', { what: 'untested', ...good }, [FLAG.neverTested], ''],
    ['everything wrong', { what: 'worst', copies: '1', media: '1' },
      [FLAG.copies, FLAG.media, FLAG.offsite, FLAG.neverTested], ''],
    ['99 copies on 9 media, tested a year and a day ago',
      { what: 'many', copies: '99', media: '9', offsite: '1', last_restore_test: dayBefore(limit) },
      [FLAG.testTooOld], inDays(-1)],
  ]);
});

test('Wi-Fi: guest network kept apart, WPA2 or WPA3, password changed within 180 days',
  async () => {
    const today = inDays(0);
    const ok = { purpose: 'business', security: 'WPA3', key_changed: today };
    await checkFlags('wifi', [
      ['business, WPA3, changed today', { name: 'office', ...ok }, [], inDays(180)],
      ['WPA2 passes', { name: 'wpa2', ...ok, security: 'WPA2' }, [], inDays(180)],
      ['guest not kept apart', { name: 'guest open door', ...ok, purpose: 'guest' },
        [FLAG.guest], inDays(180)],
      ['guest kept apart', { name: 'guest', ...ok, purpose: 'guest', separated: '1' }, [],
        inDays(180)],
      ['a business network needs no separation', { name: 'office 2', ...ok, separated: '' }, [],
        inDays(180)],
      ['WEP', { name: 'old', ...ok, security: 'WEP' }, [FLAG.weak], inDays(180)],
      ['WPA', { name: 'older', ...ok, security: 'WPA' }, [FLAG.weak], inDays(180)],
      ['open: weak, and no password to change', { name: 'open', purpose: 'business',
        security: 'open' }, [FLAG.weak], ''],
      ['password changed exactly 180 days ago', { name: 'limit', ...ok, key_changed: inDays(-180) },
        [], today],
      ['password changed 181 days ago', { name: 'late', ...ok, key_changed: inDays(-181) },
        [FLAG.keyTooOld], inDays(-1)],
      ['not known when the password changed', { name: 'unknown', purpose: 'business',
        security: 'WPA2' }, [FLAG.keyUnknown], ''],
      ['a guest WEP network, password a year old', { name: 'worst', purpose: 'guest',
        security: 'WEP', key_changed: inDays(-365) }, [FLAG.guest, FLAG.weak, FLAG.keyTooOld],
      inDays(-185)],
    ]);
  });

test('software: automatic updates, end of support reached or within 90 days', async () => {
  const auto = { kind: 'application', automatic_updates: '1' };
  await checkFlags('software', [
    ['updates automatically, no end announced', { name: 'fine', ...auto }, [], ''],
    ['no automatic updates', { name: 'manual', kind: 'computer' }, [FLAG.noUpdates], ''],
    ['support ends today', { name: 'today', ...auto, end_of_support: inDays(0) },
      [FLAG.unsupported], ''],
    ['support ended yesterday', { name: 'past', ...auto, end_of_support: inDays(-1) },
      [FLAG.unsupported], ''],
    ['support ends tomorrow', { name: 'tomorrow', ...auto, end_of_support: inDays(1) },
      [FLAG.endsSoon], ''],
    ['support ends in 90 days', { name: 'ninety', ...auto, end_of_support: inDays(90) },
      [FLAG.endsSoon], ''],
    ['support ends in 91 days', { name: 'ninety-one', ...auto, end_of_support: inDays(91) },
      [], ''],
    ['manual and unsupported', { name: 'worst', kind: 'operating system',
      end_of_support: inDays(-400) }, [FLAG.noUpdates, FLAG.unsupported], ''],
  ]);
});

test('show=flagged lists only the flagged entries, in every register', async () => {
  const today = inDays(0);
  const sets = {
    backups: [
      ['fine', { what: 'fine', copies: 3, media: 2, offsite: 1, last_restore_test: today }, [], ''],
      ['two copies', { what: 'two', copies: 2, media: 2, offsite: 1, last_restore_test: today },
        [FLAG.copies], ''],
      ['fine too', { what: 'fine too', copies: 5, media: 3, offsite: 1, last_restore_test: today },
        [], ''],
      ['never tested', { what: 'never', copies: 3, media: 2, offsite: 1 }, [FLAG.neverTested], ''],
    ],
    wifi: [
      ['weak', { name: 'weak', purpose: 'business', security: 'WEP', key_changed: today },
        [FLAG.weak], ''],
      ['fine', { name: 'fine', purpose: 'business', security: 'WPA2', key_changed: today }, [], ''],
    ],
    software: [
      ['fine', { name: 'fine', kind: 'website', automatic_updates: 1 }, [], ''],
      ['fine too', { name: 'fine too', kind: 'website', automatic_updates: 1 }, [], ''],
      ['manual', { name: 'manual', kind: 'website' }, [FLAG.noUpdates], ''],
    ],
  };
  for (const [register, cases] of Object.entries(sets)) {
    emptyRegisters();
    const made = [];
    for (const [, form] of cases) made.push(await create(register, form));
    const expected = made.filter((id, k) => cases[k][2].length);
    const all = await list(register);
    assert.deepEqual(all.entries.map((e) => e.id), made, `${register}: all entries`);
    assert.equal(all.only_flagged, false);
    const some = await list(register, '?show=flagged');
    assert.deepEqual(some.entries.map((e) => e.id), expected, `${register}: flagged only`);
    assert.deepEqual(some.entries.map((e) => e.flags), cases.filter((x) => x[2].length).map((x) => x[2]));
    assert.equal(some.only_flagged, true);
    assert.equal(some.total, made.length, `${register}: the total counts every entry`);
    assert.equal(some.flagged, expected.length);
    assert.deepEqual((await list(register, '?show=')).entries.map((e) => e.id), made,
      `${register}: an empty show lists everything`);
    const html = (await c.viewer.get(`${A()}/${register}?show=flagged`)).text;
    assert.deepEqual([...html.matchAll(/<tr id="entry-(\d+)"/g)].map((m) => Number(m[1])), expected,
      `${register}: the HTML page lists the flagged rows only`);
    assert.match(html, new RegExp(`<option value="flagged" selected>Needing attention \\(${expected.length}\\)</option>`));
    assert.match(html, new RegExp(`<option value="">All entries \\(${made.length}\\)</option>`));
    const wrong = await j.viewer.get(`${A()}/${register}?show=everything`);
    assert.equal(wrong.status, 400, `${register}: an unknown show value`);
  }
});

test('the list sorts by any column: numbers by value, text ignoring case, ties in entry order',
  async () => {
    emptyRegisters();
    const base = { media: '2', offsite: '1' };
    const made = [
      { what: 'banana', copies: '10', ...base, last_restore_test: inDays(-10) },
      { what: 'Apple', copies: '99', ...base, last_restore_test: inDays(-500) },   // too old
      { what: 'cherry', copies: '9', ...base, media: '1', last_restore_test: inDays(-20) },  // 1 medium
      { what: 'apple', copies: '9', ...base, last_restore_test: inDays(-10) },
    ];
    for (const form of made) await create('backups', form);
    const order = async (query) => (await list('backups', query)).entries.map((e) => e.id);
    assert.deepEqual(await order(''), [1, 2, 3, 4], 'unsorted: in entry order');
    assert.deepEqual(await order('?sort=0'), [1, 2, 3, 4], 'sort=0: in entry order');
    assert.deepEqual(await order('?sort=1'), [2, 4, 1, 3], 'by what: case ignored, the tie in entry order');
    assert.deepEqual(await order('?sort=5'), [3, 4, 1, 2], 'by copies: 9, 9, 10, 99 (not as text)');
    assert.deepEqual(await order('?sort=6'), [3, 1, 2, 4], 'by media');
    assert.deepEqual(await order('?sort=8'), [2, 3, 1, 4], 'by last restore test');
    assert.deepEqual(await order('?show=flagged&sort=5'), [3, 2], 'flagged only, by copies');
    const page = await list('backups', '?sort=5');
    assert.deepEqual(page.columns.map((col) => col.sorted), COLUMNS.backups.map((x, k) => k === 4));

    const html = (await c.viewer.get(`${A()}/backups?sort=5`)).text;
    assert.deepEqual([...html.matchAll(/<tr id="entry-(\d+)"/g)].map((m) => Number(m[1])), [3, 4, 1, 2]);
    assert.deepEqual([...html.matchAll(/<th scope="col"( aria-sort="ascending")?><a href="\?sort=(\d+)">/g)]
      .map((m) => [Number(m[2]), Boolean(m[1])]), COLUMNS.backups.map((x, k) => [k + 1, k === 4]),
    'every column heading links to its sort; the sorted one says so');
    assert.match(html, /<input type="hidden" name="sort" value="5">/, 'the show filter keeps the sort');
    const flaggedHtml = (await c.viewer.get(`${A()}/backups?show=flagged&sort=1`)).text;
    assert.match(flaggedHtml, /<a href="\?sort=5&amp;show=flagged">/, 'a heading keeps show=flagged');

    for (const bad of ['x', '-1', '1.5', '81'])
      assert.equal((await j.viewer.get(`${A()}/backups?sort=${bad}`)).status, 400, `sort=${bad}`);
  });

// The product speaks Dutch, French and German: an initial É or Ä sorts
// with E and A, not after Z.
test('sorting by text puts accented letters with their base letters', async () => {
  emptyRegisters();
  for (const what of ['Zebra', 'Écran', 'apple', 'Äpfel', 'eagle'])
    await create('backups', { what, copies: '3', media: '2' });
  const page = await list('backups', '?sort=1');
  assert.deepEqual(page.entries.map((e) => e.cells[0]), ['Äpfel', 'apple', 'eagle', 'Écran', 'Zebra']);
});

/* ---- refused input ------------------------------------------------------------------ */

const LONG = (n) => 'x'.repeat(n);
const VALID = {
  backups: { what: 'Invoices', copies: '3', media: '2' },
  wifi: { name: 'Office', purpose: 'business', security: 'WPA2' },
  software: { name: 'Laptop', kind: 'computer' },
};
// [register, case, changes to VALID (undefined: left out), field, error]
const BAD = [
  ['backups', 'copies 0', { copies: '0' }, 'copies', ERR.range],
  ['backups', 'copies 100', { copies: '100' }, 'copies', ERR.range],
  ['backups', 'copies -3', { copies: '-3' }, 'copies', ERR.range],
  ['backups', 'copies 2.5', { copies: '2.5' }, 'copies', ERR.number],
  ['backups', 'copies left out', { copies: undefined }, 'copies', ERR.required],
  ['backups', 'media "two"', { media: 'two' }, 'media', ERR.number],
  ['backups', 'media 0', { media: '0' }, 'media', ERR.range],
  ['backups', 'media 10', { media: '10' }, 'media', ERR.range],
  ['backups', 'restore test 2026-02-30', { last_restore_test: '2026-02-30' }, 'last_restore_test',
    ERR.noSuchDate],
  ['backups', 'restore test 2026-13-01', { last_restore_test: '2026-13-01' }, 'last_restore_test',
    ERR.noSuchDate],
  ['backups', 'restore test 15/01/2026', { last_restore_test: '15/01/2026' }, 'last_restore_test',
    ERR.date],
  ['backups', 'what left out', { what: undefined }, 'what', ERR.required],
  ['backups', 'what empty', { what: '' }, 'what', ERR.required],
  ['backups', 'what only spaces', { what: '   ' }, 'what', ERR.required],
  ['backups', 'what 201 characters', { what: LONG(201) }, 'what', ERR.tooLong],
  ['backups', 'what with a line break', { what: 'two\nlines' }, 'what', ERR.badChars],
  ['backups', 'location 201 characters', { location: LONG(201) }, 'location', ERR.tooLong],
  ['backups', 'note 2001 characters', { note: LONG(2001) }, 'note', ERR.tooLong],
  ['backups', 'unknown medium', { medium: 'floppy' }, 'medium', ERR.choice],
  ['backups', 'unknown frequency', { frequency: 'hourly' }, 'frequency', ERR.choice],
  ['backups', 'offsite "maybe"', { offsite: 'maybe' }, 'offsite', ERR.choice],
  ['wifi', 'name left out', { name: undefined }, 'name', ERR.required],
  ['wifi', 'name only spaces', { name: '  \t ' }, 'name', ERR.required],
  ['wifi', 'name 101 characters', { name: LONG(101) }, 'name', ERR.tooLong],
  ['wifi', 'purpose left out', { purpose: undefined }, 'purpose', ERR.required],
  ['wifi', 'unknown purpose', { purpose: 'staff' }, 'purpose', ERR.choice],
  ['wifi', 'security left out', { security: undefined }, 'security', ERR.required],
  ['wifi', 'unknown security', { security: 'WPA4' }, 'security', ERR.choice],
  ['wifi', 'security in the wrong case', { security: 'wpa2' }, 'security', ERR.choice],
  ['wifi', 'key changed 2026-02-30', { key_changed: '2026-02-30' }, 'key_changed', ERR.noSuchDate],
  ['software', 'name left out', { name: undefined }, 'name', ERR.required],
  ['software', 'name only spaces', { name: ' ' }, 'name', ERR.required],
  ['software', 'name 201 characters', { name: LONG(201) }, 'name', ERR.tooLong],
  ['software', 'kind left out', { kind: undefined }, 'kind', ERR.required],
  ['software', 'unknown kind', { kind: 'server' }, 'kind', ERR.choice],
  ['software', 'automatic updates "yes"', { automatic_updates: 'yes' }, 'automatic_updates',
    ERR.choice],
  ['software', 'end of support 2026-02-30', { end_of_support: '2026-02-30' }, 'end_of_support',
    ERR.noSuchDate],
];

function formOf(register, changes) {
  const form = { ...VALID[register], ...changes };
  for (const [k, v] of Object.entries(changes)) if (v === undefined) delete form[k];
  return form;
}

test('bad input is refused with 422 on the field, on create and on update, and nothing is written',
  async (t) => {
    emptyRegisters();
    const existing = {};
    for (const register of Object.keys(VALID)) existing[register] = await create(register, VALID[register]);
    for (const [register, name, changes, field, error] of BAD) {
      const form = formOf(register, changes);
      await t.test(`${register}: ${name}`, () => unchanged(name, async () => {
        for (const [where, url, prefix] of [['create', `${A()}/${register}`, 'new-'],
          ['update', `${A()}/${register}/${existing[register]}`, `e${existing[register]}-`]]) {
          const r = await j.editor.postJson(url, form);
          assert.equal(r.status, 422, `${where} (JSON)`);
          assert.deepEqual(r.data.form.errors, { [field]: error }, `${where}: the error is on ${field}`);
          if (field in form)
            assert.equal(r.data.form.values[field], form[field], `${where}: the value is kept`);
          const h = await c.editor.post(url, form);
          assert.equal(h.status, 422, `${where} (form)`);
          assert.ok(h.text.includes(`<p class="field-error" id="${prefix}${field}-error">${error}</p>`),
            `${where}: the page shows the error under the field ${prefix}${field}`);
          assert.equal((h.text.match(/class="field-error"/g) || []).length, 1,
            `${where}: only that field is marked`);
        }
      }));
    }
    // The limits themselves pass.
    await t.test('the limits are accepted', async () => {
      for (const [register, changes] of [['backups', { copies: '1', media: '1' }],
        ['backups', { copies: '99', media: '9', what: LONG(200), location: LONG(200),
          note: LONG(2000) }],
        ['wifi', { name: LONG(100), note: 'a\nnote\nover lines' }],
        ['software', { name: LONG(200) }]]) {
        const form = formOf(register, changes);
        const id = await create(register, form);
        assert.equal(rows(register).get(id), stored(register, form));
      }
    });
  });

test('undeclared or repeated fields are refused with 400, and nothing is written', async (t) => {
  emptyRegisters();
  const existing = await create('backups', VALID.backups);
  const urls = (register) => [`${A()}/${register}`, `${A()}/${register}/${existing}`];
  await t.test('undeclared fields', () => unchanged('undeclared fields', async () => {
    for (const register of Object.keys(VALID)) {
      for (const url of urls(register)) {
        for (const extra of [{ owner: 'Mallory' }, { id: '7' }, { org_id: String(ids.orgB) }]) {
          const form = { ...VALID[register], ...extra };
          const r = await c.editor.post(url, form);
          assert.equal(r.status, 400, `${url} with ${Object.keys(extra)}`);
          const rj = await j.editor.postJson(url, form);
          assert.equal(rj.status, 400, `${url} with ${Object.keys(extra)} (JSON)`);
          assert.equal(rj.data.error, 'The form contained fields this page does not accept.');
        }
      }
    }
    // A field of another register is undeclared here.
    const r = await c.editor.post(`${A()}/backups`, { ...VALID.backups, security: 'WPA2' });
    assert.equal(r.status, 400);
  }));
  await t.test('a field given twice', () => unchanged('a repeated field', async () => {
    const body = new URLSearchParams({ what: 'Invoices', copies: '3', media: '2', csrf: c.editor.csrf });
    body.append('copies', '4');
    const r = await c.editor.request('POST', `${A()}/backups`, { body: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(r.status, 400);
  }));
  await t.test('a delete takes no fields', () => unchanged('a delete with fields', async () => {
    const r = await c.editor.post(`${A()}/backups/${existing}/delete`, { what: 'x' });
    assert.equal(r.status, 400);
  }));
});

// Limits count characters, not bytes: 200 characters may take 800 bytes.
// What is stored must come back whole, in the table and in the edit form
// (a browser saves the edit form as it shows it).
test('long text of many-byte characters is shown in full in the list and the edit form',
  async (t) => {
    emptyRegisters();
    const cases = [
      ['200 two-byte characters in "what"', { what: 'é'.repeat(200) }],
      ['200 three-byte characters in "where"', { location: '€'.repeat(200) }],
      ['200 four-byte characters in "what"', { what: '😀'.repeat(200) }],
      ['a note of 2000 three-byte characters', { note: '€'.repeat(2000) }],
      ['a note of 2000 four-byte characters', { note: '😀'.repeat(2000) }],
    ];
    for (const [name, changes] of cases) {
      const form = { what: 'Invoices', copies: '3', media: '2', ...changes };
      const id = await create('backups', form);
      assert.equal(rows('backups').get(id), stored('backups', form), `${name}: stored whole`);
      await t.test(`${name}: shown whole`, async () => {
        const e = (await list('backups')).entries.find((x) => x.id === id);
        // Lengths first (in characters), for a readable failure; then the text.
        const expected = cells('backups', form);
        assert.deepEqual(e.cells.map(chars), expected.map(chars), 'the cells\' lengths, one per column');
        assert.ok(e.cells.every((x, k) => x === expected[k]), 'the cells\' text');
        assert.equal(e.note, form.note ?? '');
        const inputs = Object.fromEntries(e.inputs.map((i) => [i.name, i]));
        assert.deepEqual(Object.keys(inputs), Object.keys(FIELDS.backups), 'every field has an input');
        for (const field of ['what', 'location', 'note']) {
          const value = inputs[field].value;
          assert.equal(chars(value), chars(form[field] ?? ''), `the length of the edit form's ${field}`);
          assert.ok(value === (form[field] ?? ''), `the edit form's ${field}`);
        }
        const html = (await c.viewer.get(`${A()}/backups`)).text;
        assert.deepEqual(htmlCells(htmlRow(html, id)).map(chars), expected.map(chars),
          'the HTML row\'s cells\' lengths');
      });
      await t.test(`${name}: the edit form saved as shown keeps the entry`, async () => {
        // What a browser sends back from the edit form it was given.
        const e = (await list('backups')).entries.find((x) => x.id === id);
        const back = {};
        for (const i of e.inputs)
          if (i.kind !== 'checkbox') back[i.name] = i.value;
          else if (i.checked) back[i.name] = '1';
        const r = await c.editor.post(`${A()}/backups/${id}`, back);
        assert.equal(r.status, 303);
        const now = JSON.parse(rows('backups').get(id));
        for (const field of ['what', 'location', 'note'])
          assert.equal(chars(now[field]), chars(form[field] ?? ''), `the stored ${field}'s length`);
        assert.equal(rows('backups').get(id), stored('backups', form));
      });
    }
  });

/* ---- roles ------------------------------------------------------------------------- */

test('a viewer reads the registers but cannot add, change or delete (403)', async (t) => {
  emptyRegisters();
  for (const register of Object.keys(VALID)) {
    await t.test(register, async () => {
      const id = await create(register, VALID[register]);
      const html = await c.viewer.get(`${A()}/${register}`);
      assert.equal(html.status, 200);
      assert.ok(htmlRow(html.text, id), 'the viewer sees the entry');
      assert.doesNotMatch(html.text, /<form method="post" action="\/o\/\d+\/(backups|wifi|software)/,
        'and no form to change anything');
      const editor = await c.editor.get(`${A()}/${register}`);
      assert.match(editor.text, new RegExp(`<form method="post" action="${A()}/${register}/${id}"`),
        'an editor gets the forms (the control of the line above)');
      await unchanged(`a viewer's writes in ${register}`, async () => {
        for (const client of [c.viewer, j.viewer]) {
          const post = (url, form) => (client === j.viewer ? client.postJson(url, form)
            : client.post(url, form));
          assert.equal((await post(`${A()}/${register}`, VALID[register])).status, 403, 'create');
          assert.equal((await post(`${A()}/${register}/${id}`, VALID[register])).status, 403,
            'update');
          assert.equal((await post(`${A()}/${register}/${id}/delete`, {})).status, 403, 'delete');
        }
      });
    });
  }
});

test('the server stops cleanly: exit 0, no sanitizer report', async () => {
  await srv.stopChecked();
});
