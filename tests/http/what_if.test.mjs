// The rudimentary "what if" method over HTTP (METHOD.md §3), against a real
// `ravelin serve`: the page with every what-if of kb/risk.json and its
// stable ids, answers stored with their value (impact × likelihood) and
// level at the thresholds' boundaries, computed here independently;
// half answers, out-of-range values and notes without an answer refused
// with nothing written; unanswering; a viewer's refused writes; and the
// promotion into the full method (assets, links, impacts, risks) checked
// against the rule of src/web/what_if.c computed here from the knowledge
// base, idempotent, keeping refined risks and skipping links that would
// close a cycle.
//
// run: node --test --test-reporter=spec tests/http/what_if.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';

import { startServer, tempDir, sql, dataSnapshot } from '../lib/server.mjs';
import { addPeople, orgId, logInEach, assertUnchanged } from '../lib/fixture.mjs';

const PASSWORD = 'correct horse battery staple';

/* ---- the knowledge base, read here from the files -------------------------------- */

const KB = JSON.parse(fs.readFileSync(new URL('../../kb/risk.json', import.meta.url), 'utf8'));
const WHAT_IFS = KB.what_if;
const TYPE = new Map(KB.asset_types.map((t) => [t.id, t]));
const THREAT = new Map(KB.threats.map((t) => [t.id, t]));
const IDS = WHAT_IFS.map((w) => w.id);

/* ---- the method, computed independently -------------------------------------------- */

const DEFAULTS = { impact: [0, 4], likelihood: [0, 4], vulnerability: [0, 5],
                   rudLow: 4, rudMedium: 9 };
const level = (value, s = DEFAULTS) => (value <= s.rudLow ? 'low' : value <= s.rudMedium
  ? 'medium' : 'high');
// 1..4 onto [max(min, 1), max]: proportional, rounded half up (a third
// never is a half). Even the mildest answer is not the scale's 0 ("none",
// "never"), so on the default 0..4 scales an answer keeps its number.
const rescale = (v, [min0, max]) => {
  const min = Math.min(Math.max(min0, 1), max);
  return min + Math.floor(((v - 1) * (max - min)) / 3 + 0.5);
};
// The first estimate of the vulnerability: the worst without measures,
// else the middle of the scale rounded up.
const firstVulnerability = (measures, [min, max]) => (measures
  ? Math.ceil((min + max) / 2) : max);

let srv;
let dir;
const ids = {};
const c = {};     // HTML clients by person
const j = {};     // JSON clients sharing their cookies

const unchanged = (what, action) => assertUnchanged(dir, what, action);

const page = (org) => `/o/${org}/what-if`;

// The whole form as the page posts it: three fields per what-if, answers
// from { id: [impact, likelihood, measures] }, the rest empty.
function form(answers = {}) {
  const out = {};
  for (const id of IDS) {
    const [impact = '', likelihood = '', measures = ''] = answers[id] ?? [];
    out[`impact_${id}`] = String(impact);
    out[`likelihood_${id}`] = String(likelihood);
    out[`measures_${id}`] = measures;
  }
  return out;
}

// Saves answers in org as the editor (or client); expects 303 back to the page.
async function save(org, answers, client = c.editor) {
  const r = await client.post(page(org), form(answers));
  assert.equal(r.status, 303, `saving: ${r.status} ${r.text.slice(0, 300)}`);
  assert.equal(r.location, page(org));
}

// Stored answers of org: id → [impact, likelihood, measures].
function stored(org) {
  const out = sql(dir, `SELECT what_if, impact, likelihood, measures FROM what_if_answers
    WHERE org_id = ${org} ORDER BY what_if`);
  return Object.fromEntries(out ? out.split('\n').map((l) => {
    const [id, i, lk, ...m] = l.split('|');
    return [id, [Number(i), Number(lk), m.join('|')]];
  }) : []);
}

// The fieldset of what-if id in a page.
function fieldset(html, id) {
  return html.match(new RegExp(`<fieldset class="what-if-item[^"]*" id="${id}"[\\s\\S]*?</textarea>`))?.[0]
    ?? null;
}

/* ---- set-up ------------------------------------------------------------------------- */

before(async () => {
  dir = tempDir('ravelin-what-if-');
  addPeople(dir, PASSWORD, [
    ['owner@example.test', 'Bakery A', 'owner'],
    ['editor@example.test', 'Bakery A', 'editor'],
    ['viewer@example.test', 'Bakery A', 'viewer'],
    ['owner-b@example.test', 'Garage B', 'owner'],
    ['owner-c@example.test', 'Printer C', 'owner'],
    ['editor@example.test', 'Printer C', 'editor'],
    ['owner-c@example.test', 'Dentist D', 'owner'],
    ['editor@example.test', 'Dentist D', 'editor'],
  ]);
  for (const [key, name] of [['A', 'Bakery A'], ['B', 'Garage B'], ['C', 'Printer C'],
    ['D', 'Dentist D']])
    ids[key] = orgId(dir, name);
  // One worker thread: the test reads and writes the database with sqlite3
  // while the server runs.
  srv = await startServer({ dataDir: dir, args: ['--threads', '1'] });
  await logInEach(srv.base, PASSWORD, {
    owner: 'owner@example.test', editor: 'editor@example.test',
    viewer: 'viewer@example.test', ownerB: 'owner-b@example.test',
  }, c, j);
});

after(async () => { await srv?.stopChecked(); });

/* ---- the page ----------------------------------------------------------------------- */

test('the page shows every what-if in knowledge-base order, with stable ids for each choice',
  async () => {
    const r = await j.viewer.get(page(ids.A));
    assert.equal(r.status, 200);
    assert.deepEqual(r.data.what_ifs.map((w) => w.id), IDS);
    assert.deepEqual(r.data.what_ifs.map((w) => w.question), WHAT_IFS.map((w) => w.question.en));
    assert.deepEqual(r.data.progress, { answered: 0, total: IDS.length, promoted: 0 });
    assert.ok(r.data.what_ifs.every((w) => !w.answered && w.value === undefined));

    const html = (await c.editor.get(page(ids.A))).text;
    for (const id of IDS) {
      const box = fieldset(html, id);
      assert.ok(box, `${id} has its fieldset`);
      for (const scale of ['impact', 'likelihood']) {
        for (let n = 1; n <= 4; n++) {
          assert.match(box, new RegExp(`<label for="${scale}-${id}-${n}"[^>]*><input type="radio" `
            + `id="${scale}-${id}-${n}" name="${scale}_${id}" value="${n}">`), `${scale} ${n} of ${id}`);
        }
      }
      assert.match(box, new RegExp(`<label for="measures-${id}"[^>]*>What do you already do about it\\?</label>`));
      assert.match(box, new RegExp(`<textarea id="measures-${id}" name="measures_${id}"`));
    }
    assert.match(html, /Hardly noticeable/);
    assert.match(html, /Likely this year/);
    assert.match(html, new RegExp(`0 of ${IDS.length} questions answered`));
    assert.match(html, new RegExp(`href="/o/${ids.A}/risks"`), 'a link to the risk register');
    assert.match(html, /id="save-what-if"/);
    assert.doesNotMatch(html, /id="promote"/, 'nothing to promote before an answer');

    const viewer = (await c.viewer.get(page(ids.A))).text;
    assert.doesNotMatch(viewer, /id="save-what-if"/, 'a viewer has no save button');
    assert.match(viewer, new RegExp(`id="${IDS[0]}" disabled`), 'and reads the answers only');
  });

/* ---- answers ----------------------------------------------------------------------- */

// The 16 pairs of 1..4, one per what-if (the 17th and later stay unanswered).
const PAIRS = [];
for (let i = 1; i <= 4; i++) for (let l = 1; l <= 4; l++) PAIRS.push([i, l]);

test('answers are stored, with value = impact × likelihood and its level, at the thresholds',
  async () => {
    const answers = Object.fromEntries(PAIRS.map(([i, l], k) => [IDS[k], [i, l, `note ${k}`]]));
    await save(ids.A, answers);
    assert.deepEqual(stored(ids.A), answers);

    const check = async (settings) => {
      const r = await j.viewer.get(page(ids.A));
      assert.equal(r.status, 200);
      assert.equal(r.data.progress.answered, PAIRS.length);
      for (const [k, [i, l]] of PAIRS.entries()) {
        const w = r.data.what_ifs[k];
        assert.equal(w.value, i * l, `${w.id}: value`);
        assert.equal(w.level, level(i * l, settings), `${w.id}: ${i} × ${l}`);
        assert.equal(w.impact, String(i));
        assert.equal(w.likelihood, String(l));
        assert.equal(w.measures, `note ${k}`);
      }
      for (const w of r.data.what_ifs.slice(PAIRS.length)) assert.equal(w.answered, false);
      return r.data;
    };
    // Defaults: ≤ 4 low, ≤ 9 medium. The products of 1..4 around the
    // boundaries are 4 | 6 and 9 | 12 (5 and 10 cannot be made).
    const data = await check(DEFAULTS);
    const byValue = (v) => data.what_ifs.find((w) => w.value === v).level;
    assert.deepEqual([4, 6, 9, 12].map(byValue), ['low', 'medium', 'medium', 'high']);

    // The organisation's own thresholds, put where products lie on both
    // sides: ≤ 3 low (3 | 4), ≤ 8 medium (8 | 9).
    const own = { ...DEFAULTS, rudLow: 3, rudMedium: 8 };
    sql(dir, `INSERT INTO risk_settings VALUES (${ids.A}, 0, 4, 0, 4, 0, 5, 8, 27, 3, 8, 0)`);
    try {
      const mine = await check(own);
      const lv = (v) => mine.what_ifs.find((w) => w.value === v).level;
      assert.deepEqual([3, 4, 8, 9].map(lv), ['low', 'medium', 'medium', 'high']);
      const html = (await c.viewer.get(page(ids.A))).text;
      const nine = IDS[PAIRS.findIndex(([i, l]) => i * l === 9)];
      assert.match(fieldset(html, nine), /<p class="risk-level">Risk <span class="risk-value">9<\/span> \/ 16 <span class="badge level-high">High<\/span>/);
      assert.match(html, /Levels: up to 3 low, up to 8 medium, above that high\./);
    } finally {
      sql(dir, `DELETE FROM risk_settings WHERE org_id = ${ids.A}`);
    }
    const html = (await c.viewer.get(page(ids.A))).text;
    assert.match(html, new RegExp(`${PAIRS.length} of ${IDS.length} questions answered`));
    assert.match(fieldset(html, IDS[0]), /<p class="risk-level">Risk <span class="risk-value">1<\/span> \/ 16 <span class="badge level-low">Low<\/span>/);
  });

test('saving the page unchanged writes nothing; unanswering removes the answer', async () => {
  const answers = stored(ids.A);
  await unchanged('saving the same answers', () => save(ids.A, answers));
  const [gone, kept] = [IDS[0], IDS[1]];
  const { [gone]: _removed, ...rest } = answers;
  await save(ids.A, rest);
  assert.deepEqual(stored(ids.A), rest, `${gone} is no longer answered, the others stay`);
  const r = await j.viewer.get(page(ids.A));
  assert.equal(r.data.what_ifs[0].answered, false);
  assert.equal(r.data.what_ifs[0].value, undefined);
  assert.equal(r.data.what_ifs[1].value, answers[kept][0] * answers[kept][1]);
  // A changed answer is stored as changed.
  await save(ids.A, { ...rest, [kept]: [4, 4, 'changed'] });
  assert.deepEqual(stored(ids.A)[kept], [4, 4, 'changed']);
});

test('a half answer, or a note without an answer, is refused next to its question; nothing saved',
  async () => {
    const base = stored(ids.A);
    const target = IDS[IDS.length - 1];   // not answered yet
    const cases = [
      [[3, '', ''], `likelihood_${target}`, 'Choose how likely it is too, or clear the impact.'],
      [['', 2, 'x'], `impact_${target}`, 'Choose how bad it would be too, or clear the likelihood.'],
      [['', '', 'we have a backup'], `measures_${target}`,
        'Choose how bad and how likely it is, or empty this text: an unanswered question keeps no text.'],
    ];
    for (const [answer, field, message] of cases) {
      const r = await unchanged(`${JSON.stringify(answer)}`, () =>
        c.editor.post(page(ids.A), form({ ...base, [target]: answer })));
      assert.equal(r.status, 422, JSON.stringify(answer));
      const box = fieldset(r.text, target);
      assert.ok(box.includes(`<p class="field-error" id="${target}-error">${message.replace(/'/g, '&#39;')}</p>`),
        `the error sits in the question's box: ${box.slice(0, 400)}`);
      // What was posted is shown again, not lost.
      if (answer[0]) assert.match(box, new RegExp(`id="impact-${target}-${answer[0]}"[^>]*checked`));
      if (answer[2]) assert.ok(box.includes(`>${answer[2]}</textarea>`));
      // The other questions keep no error.
      assert.equal((r.text.match(/class="field-error"/g) || []).length, 1);

      const json = await unchanged('the same as JSON', () =>
        j.editor.postJson(page(ids.A), form({ ...base, [target]: answer })));
      assert.equal(json.status, 422);
      assert.equal(json.data.form.errors[field], message);
    }
  });

test('values off the scale are refused with nothing saved; an unknown field is a 400', async () => {
  const base = stored(ids.A);
  const target = IDS[2];
  for (const bad of ['5', '0', 'x', '-1', '1.0', ' 2']) {
    for (const scale of ['impact', 'likelihood']) {
      const fields = form(base);
      fields[`${scale}_${target}`] = bad;
      const r = await unchanged(`${scale} ${JSON.stringify(bad)}`, () => c.editor.post(page(ids.A), fields));
      assert.equal(r.status, 422, `${scale} ${JSON.stringify(bad)}`);
      assert.match(fieldset(r.text, target), /class="field-error"/);
    }
  }
  const long = form(base);
  long[`measures_${target}`] = 'é'.repeat(2001);
  assert.equal((await unchanged('a note too long', () => c.editor.post(page(ids.A), long))).status, 422);
  const unknown = { ...form(base), 'impact_wi-meteor': '2' };
  assert.equal((await unchanged('an unknown what-if', () => c.editor.post(page(ids.A), unknown))).status, 400);
});

test('a viewer may read but not answer or promote; another organisation is not found', async () => {
  const fields = form({ [IDS[0]]: [2, 2, ''] });
  for (const client of [c.viewer, j.viewer]) {
    const post = client === j.viewer ? (p, f) => client.postJson(p, f) : (p, f) => client.post(p, f);
    assert.equal((await unchanged('a viewer saving', () => post(page(ids.A), fields))).status, 403);
    assert.equal((await unchanged('a viewer promoting', () =>
      post(`${page(ids.A)}/promote`, {}))).status, 403);
  }
  assert.equal((await unchanged('B into A', () => c.ownerB.post(page(ids.A), fields))).status, 404);
  assert.equal((await unchanged('B promoting A', () =>
    c.ownerB.post(`${page(ids.A)}/promote`))).status, 404);
  assert.equal((await c.ownerB.get(page(ids.A))).status, 404);
});

/* ---- promotion ------------------------------------------------------------------------ */

// Rows of a query as arrays of strings.
const rows = (query) => { const out = sql(dir, query); return out ? out.split('\n').map((l) => l.split('|')) : []; };

// What the promotion must leave in org, computed from the knowledge base:
// start = [{id, type, impact: [c, i, a]}] the assets there before,
// startLinks = [[asset, support]], answers = { id: [impact, likelihood, measures] },
// scales = {impact, likelihood, vulnerability}. New assets take ids from
// the next free one, in the order the rule meets their types.
function expected(start, startLinks, answers, scales) {
  const assets = start.map((a) => ({ ...a, impact: [...a.impact], created: false }));
  let next = Math.max(0, ...assets.map((a) => a.id)) + 1;
  const assetOf = (type) => {
    const mine = assets.filter((a) => a.type === type).sort((x, y) => x.id - y.id)[0];
    if (mine) return mine;
    const a = { id: next++, type, name: TYPE.get(type).title.en, impact: [-1, -1, -1], created: true };
    assets.push(a);
    return a;
  };
  const links = new Set(startLinks.map(([a, s]) => `${a}>${s}`));
  const reaches = (from, to) => from === to || [...links].some((l) => {
    const [a, s] = l.split('>').map(Number);
    return a === from && reaches(s, to);
  });
  const risks = new Map();
  for (const w of WHAT_IFS) {
    const answer = answers[w.id];
    if (!answer) continue;
    const [i, l, m] = answer;
    const primary = [], supporting = [];
    for (const t of w.asset_types) (TYPE.get(t).primary ? primary : supporting).push(assetOf(t));
    const hit = w.threats.map((t) => THREAT.get(t).criteria).join('');
    for (const p of primary) {
      ['C', 'I', 'A'].forEach((k, n) => {
        if (hit.includes(k)) p.impact[n] = Math.max(p.impact[n], rescale(i, scales.impact));
      });
      for (const s of supporting)
        if (!links.has(`${p.id}>${s.id}`) && !reaches(s.id, p.id)) links.add(`${p.id}>${s.id}`);
    }
    for (const sc of KB.scenarios) {
      if (!w.asset_types.includes(sc.asset_type) || !w.threats.includes(sc.threat)) continue;
      const asset = assetOf(sc.asset_type);
      const key = `${asset.id}|${sc.threat}|${sc.vulnerability}`;
      if (risks.has(key)) continue;
      const crit = THREAT.get(sc.threat).criteria;
      risks.set(key, [key, rescale(l, scales.likelihood), firstVulnerability(m, scales.vulnerability),
        ...['C', 'I', 'A'].map((k) => (crit.includes(k) ? rescale(i, scales.impact) : -1)), w.id].join('|'));
    }
  }
  return {
    assets: assets.sort((x, y) => x.id - y.id).map((a) =>
      [a.id, a.type, TYPE.get(a.type).primary ? 1 : 0, ...a.impact].join('|')),
    created: assets.filter((a) => a.created),
    links: [...links].map((l) => l.replace('>', '|')).sort(),
    risks: [...risks.values()].sort(),
  };
}

function actual(org) {
  return {
    assets: rows(`SELECT id, type, is_primary, impact_c, impact_i, impact_a FROM assets
      WHERE org_id = ${org} ORDER BY id`).map((r) => r.join('|')),
    links: rows(`SELECT asset_id, support_id FROM asset_links WHERE org_id = ${org}`)
      .map((r) => r.join('|')).sort(),
    risks: rows(`SELECT asset_id, threat, vulnerability, likelihood, vuln_level, impact_c, impact_i,
      impact_a, origin FROM risks WHERE org_id = ${org}`).map((r) => r.join('|')).sort(),
  };
}

const without = (snapshot, prefix) => snapshot.split('\n').filter((l) => !l.startsWith(prefix)).join('\n');

test('promotion creates the assets, links, impacts and risks of the rule, in one go', async () => {
  const org = ids.C;
  const now = Math.floor(Date.now() / 1000);
  // Already there: two accounting records (the lower id is the one used),
  // the second with a higher impact than the answers give (never lowered).
  sql(dir, `INSERT INTO assets (org_id, id, name, type, is_primary, impact_c, impact_i, impact_a,
      created_at, updated_at) VALUES
    (${org}, 1, 'Books 2024', 'info-accounting', 1, 4, 1, -1, ${now}, ${now}),
    (${org}, 2, 'Books 2023', 'info-accounting', 1, -1, -1, -1, ${now}, ${now})`);
  const answers = {
    'wi-ransomware': [3, 4, 'daily backup to a disk'],
    'wi-accounting-lost': [4, 2, ''],
    'wi-mailbox-fraud': [2, 3, ''],
  };
  await save(org, answers);
  const promote = await j.editor.postJson(`${page(org)}/promote`, {});
  assert.equal(promote.status, 200, JSON.stringify(promote.data));
  assert.equal(promote.data.location, `/o/${org}/risks/grid`);

  const want = expected([{ id: 1, type: 'info-accounting', impact: [4, 1, -1] },
    { id: 2, type: 'info-accounting', impact: [-1, -1, -1] }], [], answers,
  { impact: [0, 4], likelihood: [0, 4], vulnerability: [0, 5] });
  const got = actual(org);
  assert.deepEqual(got.assets, want.assets);
  assert.deepEqual(got.links, want.links);
  assert.deepEqual(got.risks, want.risks);
  assert.equal(promote.data.assets_created, want.created.length);
  assert.equal(promote.data.risks_created, want.risks.length);
  assert.ok(want.risks.length >= 20 && want.links.length >= 10, 'the case is not trivial');
  // Every what-if yields risks for its threats (kb/risk.json scenarios).
  for (const id of Object.keys(answers))
    assert.ok(got.risks.some((r) => r.endsWith(`|${id}`)), `${id} leads to risks`);
  // New assets: named after their type in the user's language, internal, TLP:AMBER.
  for (const a of want.created) {
    assert.equal(sql(dir, `SELECT name, classification, tlp FROM assets WHERE org_id = ${org}
      AND id = ${a.id}`), `${a.name}|internal|amber`);
  }
  assert.equal(sql(dir, `SELECT count(*) FROM what_if_answers WHERE org_id = ${org}
    AND promoted_at = 0`), '0', 'the answers are marked promoted');
  assert.equal(sql(dir, `SELECT count(*) FROM risks WHERE org_id = ${org}
    AND treatment <> 'untreated'`), '0');

  // The HTML form leads to the grid.
  const again = await c.editor.post(`${page(org)}/promote`);
  assert.equal(again.status, 303);
  assert.equal(again.location, `/o/${org}/risks/grid`);
  const html = (await c.editor.get(page(org))).text;
  assert.match(html, /id="promote"/);
  assert.match(html, /3 carried over to the full assessment/);
});

test('promoting twice creates and changes nothing', async () => {
  const org = ids.C;
  // Dates moved back, so that a rewrite within the same second shows.
  sql(dir, `UPDATE what_if_answers SET promoted_at = promoted_at - 100, updated_at = updated_at - 100
      WHERE org_id = ${org};
    UPDATE assets SET updated_at = updated_at - 100 WHERE org_id = ${org};
    UPDATE risks SET updated_at = updated_at - 100 WHERE org_id = ${org}`);
  const before = dataSnapshot(dir);
  const r = await j.editor.postJson(`${page(org)}/promote`, {});
  assert.equal(r.status, 200);
  assert.deepEqual([r.data.assets_created, r.data.links_created, r.data.risks_created,
    r.data.impacts_raised], [0, 0, 0, 0]);
  assert.equal(without(dataSnapshot(dir), 'audit|'), without(before, 'audit|'));
});

test('a refined risk is kept by a later promotion; a changed answer only raises impacts',
  async () => {
    const org = ids.C;
    // Refine one risk by hand, as the grid would.
    const [id] = rows(`SELECT id FROM risks WHERE org_id = ${org} AND origin = 'wi-ransomware'
      ORDER BY id LIMIT 1`)[0];
    sql(dir, `UPDATE risks SET likelihood = 1, vuln_level = 0, impact_c = 0, note = 'checked by Ann'
      WHERE org_id = ${org} AND id = ${id}`);
    const refined = sql(dir, `SELECT * FROM risks WHERE org_id = ${org} AND id = ${id}`);
    const risksBefore = actual(org).risks.length;
    const assetsBefore = actual(org).assets;
    // A lower impact for ransomware and a new what-if answered.
    const answers = { ...stored(org), 'wi-ransomware': [1, 1, 'daily backup to a disk'],
                      'wi-power-cut': [4, 4, ''] };
    await save(org, answers);
    const r = await j.editor.postJson(`${page(org)}/promote`, {});
    assert.equal(r.status, 200);
    assert.equal(sql(dir, `SELECT * FROM risks WHERE org_id = ${org} AND id = ${id}`), refined,
      'the refined risk is untouched');
    const after = actual(org);
    assert.ok(after.risks.length > risksBefore, 'the new answer adds its risks');
    assert.equal(r.data.risks_created, after.risks.length - risksBefore);
    // Impacts of assets that were there: never lower than before.
    for (const line of assetsBefore) {
      const [aid, , , ...impact] = line.split('|');
      const now = after.assets.find((l) => l.startsWith(`${aid}|`)).split('|').slice(3);
      impact.forEach((v, k) => assert.ok(Number(now[k]) >= Number(v), `asset ${aid}: impact ${k}`));
    }
  });

test('with the organisation\'s own scales; a link that would close a cycle is left out',
  async () => {
    const org = ids.D;
    const scales = { impact: [1, 5], likelihood: [0, 3], vulnerability: [1, 4] };
    sql(dir, `INSERT INTO risk_settings VALUES (${org}, 1, 5, 0, 3, 1, 4, 8, 27, 4, 9, 0)`);
    const now = Math.floor(Date.now() / 1000);
    // The server relies on the accounting records: the records relying on
    // the server would close a cycle.
    sql(dir, `INSERT INTO assets (org_id, id, name, type, is_primary, created_at, updated_at) VALUES
      (${org}, 1, 'Books', 'info-accounting', 1, ${now}, ${now}),
      (${org}, 2, 'Old server', 'hw-server', 0, ${now}, ${now});
      INSERT INTO asset_links VALUES (${org}, 2, 1)`);
    const answers = { 'wi-ransomware': [2, 3, 'antivirus'], 'wi-it-person-away': [4, 1, ''] };
    await save(org, answers);
    const r = await j.editor.postJson(`${page(org)}/promote`, {});
    assert.equal(r.status, 200, JSON.stringify(r.data));
    const want = expected([{ id: 1, type: 'info-accounting', impact: [-1, -1, -1] },
      { id: 2, type: 'hw-server', impact: [-1, -1, -1] }], [[2, 1]], answers, scales);
    const got = actual(org);
    assert.deepEqual(got.assets, want.assets);
    assert.deepEqual(got.links, want.links);
    assert.ok(!got.links.includes('1|2'), 'no cycle');
    assert.ok(got.links.includes('2|1'), 'the link made by hand stays');
    assert.deepEqual(got.risks, want.risks);
    // By hand: ransomware (2, 3, a note): likelihood 3 of 1..4 onto 1..3
    // (the scale 0..3 from 1 up) is 2, the vulnerability the middle of 1..4
    // rounded up, 3; impact 2 onto 1..5 is 2. The key person (4, 1, no
    // note): likelihood 1 (never 0, "never"), the vulnerability the top, 4;
    // impact 5.
    const fields = (l) => l.split('|').slice(3);
    for (const line of got.risks.filter((l) => l.endsWith('|wi-ransomware')))
      assert.deepEqual(fields(line).slice(0, 2), ['2', '3'], line);
    for (const line of got.risks.filter((l) => l.endsWith('|wi-it-person-away')))
      assert.deepEqual(fields(line), ['1', '4', '-1', '-1', '5', 'wi-it-person-away'], line);
    assert.match(got.assets[0], /^1\|info-accounting\|1\|2\|2\|2$/, 'impacts 2 on C, I and A');
  });

test('promoting with no answer is refused and writes nothing', async () => {
  const r = await unchanged('an empty promotion', () => j.ownerB.postJson(`${page(ids.B)}/promote`, {}));
  assert.equal(r.status, 409);
  assert.equal(r.data.error, 'Answer at least one question before carrying the answers over.');
});

test('the page in French', async () => {
  const was = sql(dir, "SELECT lang FROM users WHERE email = 'viewer@example.test'");
  assert.equal((await c.viewer.post('/profile/language', { lang: 'fr' })).status, 303);
  const html = (await c.viewer.get(page(ids.A))).text;
  assert.equal((await c.viewer.post('/profile/language', { lang: was })).status, 303);
  assert.match(html, /<html lang="fr">/);
  assert.ok(html.includes(WHAT_IFS[0].question.fr.replace(/'/g, '&#39;')), 'the questions in French');
  assert.doesNotMatch(html, /What do you already do about it\?|Hardly noticeable|Likely this year/);
});
