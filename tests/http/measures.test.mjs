// The measures catalogue over HTTP (issue 5: "picking measures from a
// catalogue (searchable, in their language, each showing which ISO/IEC
// 27002:2022 controls and CyberFundamentals ids it implements)" and "so the
// catalogue can suggest measures for a risk"): exactly the measures of
// kb/measures.json (or, in a build without it, an empty list that says
// so), in French and English; the search ignoring case and accents; each
// filter and order; the number of the organisation's risks each measure
// helps against a computation made here from seeded risks; the measures
// suggested on a risk's page; bad filters refused next to the field with
// nothing written; another organisation's page out of reach.
//
// The expected values are computed from the JSON files, never written
// down, so the test holds whatever the catalogue's content.
//
// run: node --test --test-reporter=spec tests/http/measures.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';

import { startServer, tempDir, sql, dataSnapshot } from '../lib/server.mjs';
import { Client, asJson } from '../lib/client.mjs';
import { addPeople, orgId, logInEach } from '../lib/fixture.mjs';

const PASSWORD = 'correct horse battery staple';
const KB = JSON.parse(fs.readFileSync('kb/risk.json', 'utf8'));
const VULNS = JSON.parse(fs.readFileSync('kb/vulnerabilities.json', 'utf8')).vulnerabilities;
const CONTROLS = new Map(JSON.parse(fs.readFileSync('kb/iso27002.json', 'utf8')).controls
  .map((c) => [c.id, c]));
const MEASURES = fs.existsSync('kb/measures.json')
  ? JSON.parse(fs.readFileSync('kb/measures.json', 'utf8')).measures : null;
const ALL = MEASURES ?? [];
const needsCatalogue = MEASURES ? {} : { skip: 'no kb/measures.json in this tree' };

let srv;
let dir;
const ids = {};
const c = {};
const j = {};

const page = (org = ids.orgA) => `/o/${org}/treatment/measures`;

// core/text.c's key, computed independently: accents of Latin letters off,
// ASCII lower-cased.
function key(s) {
  return s.replace(/ß/g, 'ss').replace(/[Ææ]/g, 'ae').replace(/[Œœ]/g, 'oe')
    .replace(/[Øø]/g, 'o').replace(/[Ðð]/g, 'd').replace(/[Þþ]/g, 'th')
    .normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[A-Z]/g, (x) => x.toLowerCase());
}
const byteCompare = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b));

// The catalogue in the order of a title in lang (ties: file order).
function byTitle(list, lang) {
  return [...list].sort((a, b) => byteCompare(key(a.title[lang]), key(b.title[lang])) ||
    ALL.indexOf(a) - ALL.indexOf(b));
}

// A JSON client in another language, sharing a person's session.
function inLanguage(person, lang) {
  const client = new Client(srv.base, { json: true, lang });
  client.cookies = c[person].cookies;
  return client;
}

// The risks seeded in A: vulnerability id per risk id; helped[measure id]
// is then worked out here.
const seeded = [];
function helpedHere(measure, risks = seeded) {
  return risks.filter((r) => measure.vulnerabilities.includes(r.vulnerability)).length;
}

before(async () => {
  dir = tempDir('ravelin-measures-');
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

  // A's risks: the vulnerabilities of the first measures (one of them
  // twice, on two assets), one shipped vulnerability no measure names (if
  // any), and one of A's own. B gets a risk on every vulnerability the
  // catalogue names, which must not count for A.
  const named = [...new Set(ALL.flatMap((m) => m.vulnerabilities))];
  const unnamed = VULNS.map((v) => v.id).filter((v) => !named.includes(v));
  const own = await j.owner.postJson(`/o/${ids.orgA}/risks/catalogue/vulnerabilities`,
    { text: 'The oven has no lock', asset_type: 'hw-server' });
  assert.equal(own.status, 200);
  const wanted = [...named.slice(0, 4), named[0], ...unnamed.slice(0, 1), own.data.id]
    .filter(Boolean);
  const threats = KB.threats.map((t) => t.id);
  let rows = `INSERT INTO assets (org_id, id, name, type, is_primary, created_at, updated_at)
    VALUES (${ids.orgA}, 1, 'Server', 'hw-server', 0, 0, 0), (${ids.orgA}, 2, 'Laptop',
    'hw-laptop', 0, 0, 0), (${ids.orgB}, 1, 'Garage PC', 'hw-desktop', 0, 0, 0);`;
  wanted.forEach((v, i) => {
    seeded.push({ id: i + 1, vulnerability: v });
    rows += `INSERT INTO risks (org_id, id, asset_id, threat, vulnerability, likelihood, vuln_level,
      created_at, updated_at) VALUES (${ids.orgA}, ${i + 1}, ${1 + (i % 2)}, '${threats[i % 5]}',
      '${v}', 2, 3, 0, 0);`;
  });
  named.forEach((v, i) => {
    rows += `INSERT INTO risks (org_id, id, asset_id, threat, vulnerability, created_at,
      updated_at) VALUES (${ids.orgB}, ${i + 1}, 1, 'thr-fire', '${v}', 0, 0);`;
  });
  sql(dir, rows);
});

after(async () => { await srv?.stop(); });

test('the page lists exactly the measures of kb/measures.json, in English and French', async () => {
  for (const lang of ['en', 'fr']) {
    const r = await inLanguage('viewer', lang).get(page());
    assert.equal(r.status, 200);
    assert.equal(r.data.available, MEASURES !== null);
    assert.equal(r.data.total, ALL.length);
    assert.equal(r.data.matched, ALL.length);
    const got = new Map(r.data.measures.map((m) => [m.id, m]));
    assert.deepEqual([...got.keys()].sort(), ALL.map((m) => m.id).sort(), `${lang}: every measure once`);
    for (const m of ALL) {
      const shown = got.get(m.id);
      assert.equal(shown.title, m.title[lang]);
      assert.equal(shown.description, m.description[lang]);
      assert.equal(shown.kind, m.kind);
      assert.equal(shown.cost, m.cost);
      assert.deepEqual(shown.cyfun, m.cyfun);
      assert.deepEqual(shown.controls.map((x) => x.label),
        m.iso27002.map((id) => `${id} ${CONTROLS.get(id).title[lang]}`), `${m.id}: controls in ${lang}`);
    }
    if (lang === 'fr' && ALL.length) {
      const english = { organisational: 'Organisation', people: 'People', physical: 'Premises',
        technological: 'Technology' };
      // ("Organisation" is the same word in French.)
      assert.ok(r.data.measures.every((m) => (m.kind === 'organisational' ||
        m.kind_label !== english[m.kind]) && !/ cost$/.test(m.cost_label)),
        'kinds and costs are translated');
    }
  }
  const html = await c.viewer.get(page());
  assert.equal(html.status, 200);
  assert.equal([...html.text.matchAll(/<tr id="msr-[^"]+">/g)].length, ALL.length);
  if (!MEASURES)
    assert.match(html.text, /id="catalogue-missing">The measures catalogue is not available/);
  else
    assert.doesNotMatch(html.text, /catalogue-missing/);
});

test('the number of risks each measure helps, against a computation from the seeded risks',
  needsCatalogue, async () => {
    const r = await j.viewer.get(page());
    assert.equal(r.data.risk_count, seeded.length);
    for (const m of r.data.measures)
      assert.equal(m.helps, helpedHere(ALL.find((x) => x.id === m.id)), m.id);
    assert.ok(r.data.measures.some((m) => m.helps >= 2), 'a vulnerability used twice counts twice');
    // Only those that help: exactly the measures with a count.
    const only = await j.viewer.get(`${page()}?helps=1`);
    assert.equal(only.status, 200);
    assert.deepEqual(only.data.measures.map((m) => m.id).sort(),
      ALL.filter((m) => helpedHere(m) > 0).map((m) => m.id).sort());
    // B counts its own risks only.
    const b = await j.ownerB.get(page(ids.orgB));
    for (const m of b.data.measures)
      assert.equal(m.helps, new Set(ALL.find((x) => x.id === m.id).vulnerabilities).size, m.id);
  });

test('search ignores case and accents, in the reader\'s language', needsCatalogue, async () => {
  // A word of a French title with an accent, searched in capitals without it.
  const word = ALL.flatMap((m) => m.title.fr.split(/[\s'’(),.:;«»!?–—-]+/))
    .find((w) => w.length >= 4 && /[À-ÿ]/.test(w) && key(w) !== w.toLowerCase());
  assert.ok(word, 'the catalogue has a French title with an accented word');
  const query = key(word).toUpperCase();
  const expect = (lang, q) => ALL.filter((m) => key(m.title[lang]).includes(key(q)) ||
    key(m.description[lang]).includes(key(q))).map((m) => m.id).sort();
  let r = await inLanguage('viewer', 'fr').get(`${page()}?q=${encodeURIComponent(query)}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.data.measures.map((m) => m.id).sort(), expect('fr', query));
  assert.ok(r.data.measures.length > 0);
  assert.equal(r.data.filter.q, query);
  // The same text typed with its accents, in lower case: the same answer.
  const again = await inLanguage('viewer', 'fr').get(`${page()}?q=${encodeURIComponent(word.toLowerCase())}`);
  assert.deepEqual(again.data.measures.map((m) => m.id).sort(), expect('fr', query));
  // In English the search reads the English texts.
  const enWord = ALL[0].title.en.split(/\s+/).find((w) => w.length >= 4) ?? ALL[0].title.en;
  r = await j.viewer.get(`${page()}?q=${encodeURIComponent(enWord.toUpperCase())}`);
  assert.deepEqual(r.data.measures.map((m) => m.id).sort(), expect('en', enWord));
  assert.ok(r.data.measures.some((m) => m.id === ALL[0].id));
  r = await j.viewer.get(`${page()}?q=zzqqxx-nothing`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.data.measures, []);
  assert.match((await c.viewer.get(`${page()}?q=zzqqxx-nothing`)).text, /No measure matches these filters/);
});

test('each filter keeps exactly the measures it names, and they combine', needsCatalogue, async () => {
  const ids_ = (r) => r.data.measures.map((m) => m.id).sort();
  const want = (f) => ALL.filter(f).map((m) => m.id).sort();
  for (const kind of ['organisational', 'people', 'physical', 'technological']) {
    const r = await j.viewer.get(`${page()}?kind=${kind}`);
    assert.equal(r.status, 200);
    assert.deepEqual(ids_(r), want((m) => m.kind === kind), kind);
    assert.ok(r.data.choices.kinds.find((k) => k.value === kind).selected);
  }
  for (const cost of ['low', 'medium', 'high']) {
    const r = await j.viewer.get(`${page()}?cost=${cost}`);
    assert.deepEqual(ids_(r), want((m) => m.cost === cost), cost);
  }
  const controlsUsed = [...new Set(ALL.flatMap((m) => m.iso27002))];
  const orderOf = [...CONTROLS.keys()];
  const r0 = await inLanguage('viewer', 'fr').get(page());
  assert.deepEqual(r0.data.choices.controls.map((x) => x.value),
    orderOf.filter((id) => controlsUsed.includes(id)), 'the controls the catalogue uses, in order');
  assert.equal(r0.data.choices.controls[0].label,
    `${r0.data.choices.controls[0].value} ${CONTROLS.get(r0.data.choices.controls[0].value).title.fr}`);
  assert.deepEqual(r0.data.choices.cyfun.map((x) => x.value),
    [...new Set(ALL.flatMap((m) => m.cyfun))].sort(byteCompare));
  for (const control of controlsUsed.slice(0, 5)) {
    const r = await j.viewer.get(`${page()}?control=${control}`);
    assert.deepEqual(ids_(r), want((m) => m.iso27002.includes(control)), control);
  }
  // A control of the standard no measure implements: a valid, empty answer.
  const unused = orderOf.find((id) => !controlsUsed.includes(id));
  if (unused) {
    const r = await j.viewer.get(`${page()}?control=${unused}`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.data.measures, []);
  }
  for (const cyfun of [...new Set(ALL.flatMap((m) => m.cyfun))].slice(0, 5)) {
    const r = await j.viewer.get(`${page()}?cyfun=${encodeURIComponent(cyfun)}`);
    assert.deepEqual(ids_(r), want((m) => m.cyfun.includes(cyfun)), cyfun);
  }
  const first = ALL[0];
  const r = await j.viewer.get(`${page()}?kind=${first.kind}&cost=${first.cost}` +
    `&control=${first.iso27002[0]}&helps=1`);
  assert.deepEqual(ids_(r), want((m) => m.kind === first.kind && m.cost === first.cost &&
    m.iso27002.includes(first.iso27002[0]) && helpedHere(m) > 0));
  assert.equal(r.data.filter.any, true);
});

test('sorted by title in the reader\'s language, or by the risks helped', needsCatalogue, async () => {
  for (const lang of ['fr', 'en']) {
    const r = await inLanguage('viewer', lang).get(`${page()}?sort=title`);
    assert.deepEqual(r.data.measures.map((m) => m.id), byTitle(ALL, lang).map((m) => m.id), lang);
  }
  const plain = await j.viewer.get(page());
  assert.deepEqual(plain.data.measures.map((m) => m.id), byTitle(ALL, 'en').map((m) => m.id),
    'by title unless asked otherwise');
  const r = await inLanguage('viewer', 'fr').get(`${page()}?sort=risks`);
  const expected = byTitle(ALL, 'fr').map((m, i) => ({ m, i, n: helpedHere(m) }))
    .sort((a, b) => b.n - a.n || a.i - b.i).map((x) => x.m.id);
  assert.deepEqual(r.data.measures.map((m) => m.id), expected);
  assert.ok(r.data.choices.sorts.find((s) => s.value === 'risks').selected);
});

test('a risk\'s page suggests the measures that reduce its vulnerability', async () => {
  for (const risk of seeded) {
    const r = await j.viewer.get(`/o/${ids.orgA}/risks/${risk.id}`);
    assert.equal(r.status, 200);
    const expected = ALL.filter((m) => m.vulnerabilities.includes(risk.vulnerability));
    assert.deepEqual(r.data.suggested_measures.map((m) => m.id), expected.map((m) => m.id),
      `risk ${risk.id} (${risk.vulnerability})`);
    for (const [shown, m] of r.data.suggested_measures.map((s, i) => [s, expected[i]])) {
      assert.equal(shown.title, m.title.en);
      assert.equal(shown.description, m.description.en);
      assert.deepEqual(shown.controls.map((x) => x.id), m.iso27002);
    }
  }
  const own = seeded.find((r) => r.vulnerability.startsWith('own-'));
  assert.deepEqual((await j.viewer.get(`/o/${ids.orgA}/risks/${own.id}`)).data.suggested_measures, [],
    'an own vulnerability has no measures mapped');
  // In French, on the page itself.
  const withSome = seeded.find((r) => ALL.some((m) => m.vulnerabilities.includes(r.vulnerability)));
  const fr = new Client(srv.base, { lang: 'fr' });
  fr.cookies = c.viewer.cookies;
  const html = (await fr.get(`/o/${ids.orgA}/risks/${(withSome ?? own).id}`)).text;
  assert.match(html, /<h2 id="measures">/);
  assert.match(html, new RegExp(`href="/o/${ids.orgA}/treatment/measures"`));
  if (withSome) {
    const m = ALL.find((x) => x.vulnerabilities.includes(withSome.vulnerability));
    assert.match(html, new RegExp(`<li id="suggested-${m.id}">`));
    const frJson = await inLanguage('viewer', 'fr').get(`/o/${ids.orgA}/risks/${withSome.id}`);
    assert.equal(frJson.data.suggested_measures[0].title, m.title.fr);
  } else {
    assert.doesNotMatch(html, /id="suggested-/);
  }
});

test('bad filters: 422 with the error next to the filter, everything shown, nothing written', async () => {
  const cases = [
    ['kind=expensive', 'kind', 'Choose a kind from the list.'],
    ['cost=free', 'cost', 'Choose a cost from the list.'],
    ['control=9.9', 'control', 'Choose a control of ISO/IEC 27002:2022 from the list.'],
    ['control=8.5%3Cb%3E', 'control', 'Choose a control of ISO/IEC 27002:2022 from the list.'],
    ['cyfun=PR.AC-X', 'cyfun', 'Choose a CyberFundamentals id from the list, such as PR.AC-7.'],
    ['cyfun=pr.ac-7', 'cyfun', 'Choose a CyberFundamentals id from the list, such as PR.AC-7.'],
    ['helps=yes', 'helps', 'Tick the box or leave it empty.'],
    ['sort=price', 'sort', 'Choose an order from the list.'],
  ];
  for (const [query, field, message] of cases) {
    const before = dataSnapshot(dir);
    const r = await j.viewer.get(`${page()}?${query}`);
    assert.equal(r.status, 422, query);
    assert.equal(r.data.form.errors[field], message);
    assert.deepEqual(Object.keys(r.data.form.errors), [field], `${query}: only ${field} is wrong`);
    assert.equal(r.data.matched, ALL.length, `${query}: the whole catalogue is shown instead`);
    assert.equal(r.data.filter.any, false);
    assert.equal(dataSnapshot(dir), before, `${query} wrote something`);
  }
  // Two wrong filters: both named. The HTML page shows each next to its field.
  const both = await j.viewer.get(`${page()}?kind=x&cost=y&q=keep`);
  assert.deepEqual(Object.keys(both.data.form.errors).sort(), ['cost', 'kind']);
  const html = await c.viewer.get(`${page()}?cost=free`);
  assert.equal(html.status, 422);
  assert.match(html.text, /<select id="filter-cost" name="cost" aria-invalid="true" aria-describedby="cost-error">/);
  assert.match(html.text, /<p class="field-error" id="cost-error">Choose a cost from the list.<\/p>/);
  const fr = new Client(srv.base, { lang: 'fr' });
  fr.cookies = c.viewer.cookies;
  const frHtml = await fr.get(`${page()}?kind=expensive`);
  assert.equal(frHtml.status, 422);
  assert.doesNotMatch(frHtml.text, /Choose a kind from the list/, 'the error is translated');
  // What the router refuses (a field the page does not know, a text too
  // long, a field twice) is 400 as a whole; the page still works after.
  for (const query of ['price=low', `q=${'x'.repeat(101)}`, 'kind=people&kind=physical'])
    assert.equal((await j.viewer.get(`${page()}?${query}`)).status, 400, query);
  assert.equal((await j.viewer.get(page())).status, 200);
});

test('another organisation\'s catalogue page and risks are out of reach', async () => {
  assert.equal((await c.ownerB.get(page(ids.orgA))).status, 404);
  assert.equal((await j.ownerB.get(`${page(ids.orgA)}?kind=people`)).status, 404);
  assert.equal((await j.ownerB.get(`/o/${ids.orgA}/risks/1`)).status, 404);
  assert.equal((await new Client(srv.base).get(page())).status, 303, 'no session: to the login page');
  const r = await j.ownerB.get(page(ids.orgB));
  assert.equal(r.status, 200);
  assert.equal(r.data.risk_count, new Set(ALL.flatMap((m) => m.vulnerabilities)).size);
});
