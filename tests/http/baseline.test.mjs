// The baseline self-assessment and the action plan over HTTP, against a
// real `ravelin serve`: a run answered topic by topic, its score checked
// against an independent computation of METHOD.md §1 from kb/baseline.json,
// the ranked gaps, closing a run, a second and third run compared with the
// one before, refused and malformed input, the action plan (create from a
// gap, validation, update, filters, sorting, deletion, roles), and the PDF
// report read back with pdftotext.
//
// run: node --test --test-reporter=spec tests/http/baseline.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { startServer, tempDir, sql } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';
import { addPeople, orgId, logInEach, assertUnchanged } from '../lib/fixture.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const KB = JSON.parse(fs.readFileSync(path.resolve(here, '../../kb/baseline.json'), 'utf8'));
const TOPICS = KB.topics.map((t) => t.id);
const QUESTIONS = KB.questions;                       // in knowledge-base order
const QUESTION = new Map(QUESTIONS.map((q, i) => [q.id, { ...q, index: i }]));

const PASSWORD = 'correct horse battery staple';
// Due dates around today: one past, one to come.
const inDays = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
const PAST = inDays(-10);
const FUTURE = inDays(40);
const ORG_A = 'Café Élise & Zoon';     // accents and an ampersand, for HTML and PDF
const ORG_B = 'Garage Dubois';

let srv;
let dir;
const ids = {};
const c = {};     // HTML clients by person
const j = {};     // JSON clients sharing their cookies

/* ---- METHOD.md §1, computed here independently of src/core/baseline.c ---- */

// answers: Map question id → 'yes' | 'partly' | 'no' | 'na' (absent: unanswered).
// Points and maximum in real numbers, as the method states them.
function tally(questions, answers) {
  let points = 0, max = 0, answered = 0, unanswered = 0, gaps = 0;
  for (const q of questions) {
    const a = answers.get(q.id);
    if (!a) { unanswered++; continue; }
    answered++;
    if (a === 'na') continue;
    const worth = q.top ? 3 : 1;
    max += worth;
    if (a === 'yes') points += worth;
    else if (a === 'partly') { points += worth / 2; gaps++; }
    else { points += q.top ? -3 : 0; gaps++; }
  }
  // points * 100 is exact (points are halves); one division then rounds
  // correctly, so an exact .5 stays .5 and Math.round takes it up.
  const percent = max === 0 ? -1 : Math.min(100, Math.max(0, Math.round(points * 100 / max)));
  const text = (x) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
  return { points: text(points), max: text(max), percent, answered, unanswered, gaps };
}

function trendOf(before, now) {
  if (before < 0 || now < 0) return '';
  return now > before ? 'better' : now < before ? 'worse' : 'same';
}

// The gaps in the order of METHOD.md §1 as the brief states it: top first,
// then weight (higher first), then "no" before "partly", then topic order,
// then question order. Also returns, for each neighbouring pair, which of
// those criteria decided it.
const CRITERIA = ['top', 'weight', 'answer', 'topic', 'question'];
function rankedGaps(answers) {
  const key = (q) => [q.top ? 0 : 1, -q.weight, answers.get(q.id) === 'no' ? 0 : 1,
    TOPICS.indexOf(q.topic), QUESTION.get(q.id).index];
  const gaps = QUESTIONS.filter((q) => ['no', 'partly'].includes(answers.get(q.id)));
  gaps.sort((a, b) => {
    const ka = key(a), kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] - kb[i];
    return 0;
  });
  const decidedBy = [];
  for (let k = 1; k < gaps.length; k++) {
    const ka = key(gaps[k - 1]), kb = key(gaps[k]);
    decidedBy.push(CRITERIA[ka.findIndex((v, i) => v !== kb[i])]);
  }
  return { ids: gaps.map((q) => q.id), decidedBy };
}

/* ---- answer patterns ------------------------------------------------------ */

// Run 1: a mix of everything; "Cyber insurance" all not applicable (a topic
// without a maximum) and the very last question left unanswered.
const CYCLE1 = ['yes', 'no', 'partly', 'yes', 'na', 'partly', 'no', 'yes'];
const RUN1 = new Map();
QUESTIONS.forEach((q, i) => {
  if (q.topic === 'insurance') RUN1.set(q.id, 'na');
  else if (i < QUESTIONS.length - 1) RUN1.set(q.id, CYCLE1[i % CYCLE1.length]);
});
// Run 2: better, every question answered.
const CYCLE2 = ['yes', 'yes', 'partly', 'yes', 'na'];
const RUN2 = new Map(QUESTIONS.map((q, i) => [q.id, CYCLE2[i % CYCLE2.length]]));
// Run 3: every top requirement failed, everything else not applicable: a
// negative score, shown as 0 %.
const RUN3 = new Map(QUESTIONS.map((q) => [q.id, q.top ? 'no' : 'na']));

function expectedTopics(answers, previous = null) {
  return TOPICS.map((t) => {
    const own = QUESTIONS.filter((q) => q.topic === t);
    const now = tally(own, answers);
    if (!previous) return { id: t, ...now };
    const before = tally(own, previous).percent;
    return { id: t, ...now, before, trend: trendOf(before, now.percent) };
  });
}

/* ---- helpers -------------------------------------------------------------- */

const unchanged = (what, action) => assertUnchanged(dir, what, action);

const A = () => `/o/${ids.orgA}`;
const B = () => `/o/${ids.orgB}`;

function storedAnswers(org, run) {
  const rows = sql(dir, `SELECT question, answer FROM answers WHERE org_id = ${org}
    AND assessment_id = ${run} ORDER BY question`);
  return new Map(rows ? rows.split('\n').map((l) => l.split('|')) : []);
}

// Starts a run in organisation A as the owner; returns its id.
async function start() {
  const r = await c.owner.post(`${A()}/baseline`);
  assert.equal(r.status, 303);
  const m = r.location.match(new RegExp(`^${A()}/baseline/(\\d+)$`));
  assert.ok(m, `start goes to the new run, got ${r.location}`);
  return Number(m[1]);
}

// Answers run id topic by topic as a browser would, reading the question
// ids of each topic from the questionnaire's JSON, and checking where each
// save leads.
async function answerAll(run, answers) {
  const first = await j.owner.get(`${A()}/baseline/${run}`);
  assert.equal(first.status, 200);
  assert.deepEqual(first.data.topics.map((t) => t.id), TOPICS, 'the topics, in order');
  assert.equal(first.data.topic.id, TOPICS[0], 'without ?topic the first topic');
  for (const [k, topic] of TOPICS.entries()) {
    const page = await j.owner.get(`${A()}/baseline/${run}?topic=${topic}`);
    assert.equal(page.status, 200);
    assert.equal(page.data.topic.id, topic);
    assert.equal(page.data.topic.number, k + 1);
    assert.equal(page.data.topic.last, k === TOPICS.length - 1);
    assert.deepEqual(page.data.topics.map((t) => t.current), TOPICS.map((t) => t === topic));
    const questionIds = page.data.questions.map((q) => q.id);
    assert.deepEqual(questionIds, QUESTIONS.filter((q) => q.topic === topic).map((q) => q.id),
      `the questions of ${topic}, in knowledge-base order`);
    for (const q of page.data.questions) {
      assert.equal(q.top, QUESTION.get(q.id).top, `${q.id}: top`);
      assert.deepEqual(q.options.map((o) => o.value), ['yes', 'partly', 'no', 'na']);
    }
    const go = k + 1 < TOPICS.length ? TOPICS[k + 1] : 'result';
    const fields = { topic, go };
    for (const id of questionIds) if (answers.get(id)) fields[id] = answers.get(id);
    const r = await c.owner.post(`${A()}/baseline/${run}`, fields);
    assert.equal(r.status, 303, `saving ${topic}`);
    assert.equal(r.location, go === 'result' ? `${A()}/baseline/${run}/result`
      : `${A()}/baseline/${run}?topic=${go}`);
  }
  assert.deepEqual(storedAnswers(ids.orgA, run), answers, 'every answer is stored as given');
}

async function complete(run) {
  const r = await c.owner.post(`${A()}/baseline/${run}/complete`);
  assert.equal(r.status, 303);
  assert.equal(r.location, `${A()}/baseline/${run}/result`);
  assert.notEqual(sql(dir, `SELECT completed_at FROM assessments WHERE org_id = ${ids.orgA}
    AND id = ${run}`), '0');
}

async function result(run, client = j.owner) {
  const r = await client.get(`${A()}/baseline/${run}/result`);
  assert.equal(r.status, 200);
  return r.data;
}

function checkScore(data, answers) {
  const strip = ({ points, max, percent, answered, unanswered, gaps }) =>
    ({ points, max, percent, answered, unanswered, gaps });
  assert.deepEqual(strip(data.score), tally(QUESTIONS, answers), 'the total score');
  assert.deepEqual(data.topics.map((t) => t.id), TOPICS);
  const expected = expectedTopics(answers);
  for (const [k, t] of data.topics.entries())
    assert.deepEqual(strip(t), strip(expected[k]), `the score of topic ${t.id}`);
  const ranked = rankedGaps(answers);
  assert.deepEqual(data.gaps.map((g) => g.id), ranked.ids, 'the gaps, ranked');
  assert.deepEqual(data.gaps.map((g) => g.rank), ranked.ids.map((_, k) => k + 1));
  for (const g of data.gaps) {
    assert.equal(g.answer, answers.get(g.id), `${g.id}: the answer given`);
    assert.equal(g.top, QUESTION.get(g.id).top, `${g.id}: top`);
  }
}

// Downloads a path as bytes with the client's cookies.
async function download(client, url) {
  const res = await fetch(srv.base + url, { headers: client.headers(), redirect: 'manual' });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

function pdfText(bytes) {
  const file = path.join(dir, `report-${Date.now()}.pdf`);
  fs.writeFileSync(file, bytes);
  const r = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `pdftotext: ${r.stderr}`);
  return r.stdout;
}

function action(org, id) {
  return sql(dir, `SELECT title, owner, due, status, note, source, source_ref FROM actions
    WHERE org_id = ${org} AND id = ${id}`);
}

/* ---- set-up ------------------------------------------------------------- */

before(async () => {
  dir = tempDir('ravelin-baseline-');
  // Each person is named after their key here, not their email.
  [ids.owner, ids.editor, ids.viewer, ids.ownerB] = addPeople(dir, PASSWORD, [
    ['owner@cafe-elise.test', ORG_A, 'owner', 'owner'],
    ['editor@cafe-elise.test', ORG_A, 'editor', 'editor'],
    ['viewer@cafe-elise.test', ORG_A, 'viewer', 'viewer'],
    ['owner@garage-dubois.test', ORG_B, 'owner', 'ownerB'],
  ]);
  ids.orgA = orgId(dir, ORG_A);
  ids.orgB = orgId(dir, ORG_B);
  // One worker: the test reads the database with sqlite3 while it runs.
  srv = await startServer({ dataDir: dir, args: ['--threads', '1'] });
  await logInEach(srv.base, PASSWORD, {
    owner: 'owner@cafe-elise.test', editor: 'editor@cafe-elise.test',
    viewer: 'viewer@cafe-elise.test', ownerB: 'owner@garage-dubois.test',
  }, c, j);
  // Organisation B gets more runs and actions than A will ever have, so
  // that B's highest ids exist nowhere in A.
  // A run still open is continued rather than doubled, so runs 1 to 4 are
  // closed before the next starts; run 5 stays open.
  for (let k = 1; k <= 5; k++) {
    assert.equal((await c.ownerB.post(`${B()}/baseline`)).status, 303);
    if (k === 1)
      await c.ownerB.post(`${B()}/baseline/1`, { topic: 'updates', 'upd-auto-os': 'yes' });
    if (k < 5)
      assert.equal((await c.ownerB.post(`${B()}/baseline/${k}/complete`)).status, 303);
  }
  for (let k = 1; k <= 8; k++)
    assert.equal((await c.ownerB.post(`${B()}/actions`, { title: `B's action ${k}` })).status, 303);
  ids.foreignRun = 5;
  ids.foreignAction = 8;
});

after(async () => {
  await srv?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/* ---- the tests ------------------------------------------------------------ */

test('the answer patterns exercise every rule they are meant to check', () => {
  // Guards for the test itself: a pattern that no longer covers a rule
  // (after a change to kb/baseline.json) would let that rule go untested.
  const t1 = tally(QUESTIONS, RUN1);
  assert.equal(t1.unanswered, 1);
  assert.ok(!Number.isInteger(Number(t1.points)), 'run 1 has half points');
  const kinds = new Set(QUESTIONS.map((q) => `${q.top ? 'top' : 'normal'}:${RUN1.get(q.id)}`));
  for (const k of ['top:yes', 'top:no', 'top:partly', 'normal:yes', 'normal:no', 'normal:partly', 'normal:na'])
    assert.ok(kinds.has(k), `run 1 has ${k}`);
  assert.ok(expectedTopics(RUN1).some((t) => t.percent === -1), 'a topic with nothing applicable');
  const decided = new Set(rankedGaps(RUN1).decidedBy);
  for (const criterion of CRITERIA)
    assert.ok(decided.has(criterion), `some neighbouring gaps of run 1 are ordered by ${criterion}`);
  const t2 = tally(QUESTIONS, RUN2);
  assert.ok(t2.percent > t1.percent && t2.unanswered === 0, 'run 2 is better and complete');
  const topicTrends = new Set(expectedTopics(RUN2, RUN1).map((t) => t.trend));
  assert.ok(topicTrends.has('better'), 'run 2 improves a topic');
  const t3 = tally(QUESTIONS, RUN3);
  assert.ok(Number(t3.points) < 0 && t3.percent === 0, 'run 3 scores below zero');
});

test('an assessment starts; the overview shows it open', async () => {
  ids.run1 = await start();
  assert.equal(ids.run1, 1, 'ids count per organisation: A\'s first run is 1 whatever B has');
  const r = await j.owner.get(`${A()}/baseline`);
  assert.equal(r.status, 200);
  assert.equal(r.data.open, true);
  assert.equal(r.data.question_count, QUESTIONS.length);
  assert.deepEqual(r.data.runs.map((x) => [x.id, x.done, x.answered]), [[1, false, 0]]);
  const html = await c.owner.get(`${A()}/baseline`);
  assert.match(html.text, new RegExp(`href="${A()}/baseline/1"`), 'a link to continue');
  assert.doesNotMatch(html.text, new RegExp(`action="${A()}/baseline"`),
    'no second run is offered while one is open');
  assert.match(html.text, /Café Élise &amp; Zoon/, 'the organisation name, escaped');
});

test('every topic is answered; the answers are stored and shown again', async () => {
  await answerAll(ids.run1, RUN1);
  const page = await j.owner.get(`${A()}/baseline/${ids.run1}?topic=updates`);
  for (const q of page.data.questions) {
    assert.equal(q.answer, RUN1.get(q.id) ?? '', `${q.id}: answer shown`);
    assert.deepEqual(q.options.filter((o) => o.checked).map((o) => o.value),
      RUN1.get(q.id) ? [RUN1.get(q.id)] : []);
  }
  const last = page.data.topics.at(-1);
  assert.equal(last.answered, last.total - 1, 'the last topic has one question open');
  assert.equal(last.complete, false);
  assert.equal(page.data.topics[0].complete, true);
  assert.equal(page.data.progress.answered, QUESTIONS.length - 1);
  const html = await c.owner.get(`${A()}/baseline/${ids.run1}?topic=updates`);
  const q0 = QUESTIONS[0];
  assert.match(html.text, new RegExp(`name="${q0.id}" value="${RUN1.get(q0.id)}" checked`));
});

test('a visitor sent to log in comes back to the same topic (the query is kept in next)', async () => {
  for (const url of [`${A()}/baseline/${ids.run1}?topic=wifi`, `${A()}/actions?status=open&q=backup`]) {
    const visitor = new Client(srv.base);
    const r = await visitor.get(url);
    assert.equal(r.status, 303);
    assert.equal(r.location, `/login?next=${encodeURIComponent(url)}`, `GET ${url} without a session`);
  }
});

test('absent questions keep their answers; a save without answers writes nothing', async () => {
  const [q0, q1] = QUESTIONS;
  const beforeRows = sql(dir, `SELECT question, answer, answered_at FROM answers
    WHERE org_id = ${ids.orgA} AND assessment_id = ${ids.run1} AND question != '${q0.id}' ORDER BY question`);
  const other = RUN1.get(q0.id) === 'yes' ? 'no' : 'yes';
  let r = await c.owner.post(`${A()}/baseline/${ids.run1}`, { topic: 'updates', go: 'updates', [q0.id]: other });
  assert.equal(r.status, 303);
  assert.equal(r.location, `${A()}/baseline/${ids.run1}?topic=updates`);
  assert.equal(storedAnswers(ids.orgA, ids.run1).get(q0.id), other);
  assert.equal(sql(dir, `SELECT question, answer, answered_at FROM answers
    WHERE org_id = ${ids.orgA} AND assessment_id = ${ids.run1} AND question != '${q0.id}' ORDER BY question`),
  beforeRows, 'the other answers are untouched');
  r = await c.owner.post(`${A()}/baseline/${ids.run1}`, { topic: 'updates', [q0.id]: RUN1.get(q0.id), [q1.id]: '' });
  assert.equal(r.status, 303);
  assert.equal(r.location, `${A()}/baseline/${ids.run1}?topic=updates`, 'without go: back to the topic');
  assert.equal(storedAnswers(ids.orgA, ids.run1).get(q1.id), RUN1.get(q1.id), 'an empty value is no answer');
  await unchanged('a save without answers', async () => {
    const r2 = await c.owner.post(`${A()}/baseline/${ids.run1}`, { topic: 'wifi', go: 'backups' });
    assert.equal(r2.status, 303);
    assert.equal(r2.location, `${A()}/baseline/${ids.run1}?topic=backups`);
  });
});

test('the result: score, per-topic scores and ranked gaps as METHOD.md §1 computes them', async () => {
  const data = await result(ids.run1);
  checkScore(data, RUN1);
  assert.equal(data.previous, undefined, 'a first run has nothing to compare with');
  assert.equal(data.assessment.done, false);
  const expected = tally(QUESTIONS, RUN1);
  const html = await c.owner.get(`${A()}/baseline/${ids.run1}/result`);
  assert.equal(html.status, 200);
  assert.match(html.text, new RegExp(`<p class="score">${expected.percent} %</p>`));
  const order = [...html.text.matchAll(/<li class="gap[^"]*" id="gap-([a-z0-9-]+)"/g)].map((m) => m[1]);
  assert.deepEqual(order, rankedGaps(RUN1).ids, 'the page lists the gaps in rank order');
  assert.doesNotMatch(html.text, /class="[^"]*\btrend\b/, 'no comparison on a first run');
  // A viewer may read the result.
  const viewer = await result(ids.run1, j.viewer);
  assert.deepEqual(viewer.score, data.score);
});

test('malformed answers are refused with 400 and change nothing', async (t) => {
  const run = `${A()}/baseline/${ids.run1}`;
  const cases = {
    'an unknown question id': { topic: 'updates', 'upd-no-such-question': 'yes' },
    'the answer "maybe"': { topic: 'updates', [QUESTIONS[0].id]: 'maybe' },
    'an answer in capitals': { topic: 'updates', [QUESTIONS[0].id]: 'YES' },
    'a field that is no question': { topic: 'updates', score: '100' },
    'a good answer next to a bad one': { topic: 'updates', [QUESTIONS[0].id]: 'yes', [QUESTIONS[1].id]: 'maybe' },
  };
  for (const [name, fields] of Object.entries(cases)) {
    await t.test(name, () => unchanged(name, async () => {
      const r = await c.owner.post(run, fields);
      assert.equal(r.status, 400);
      const json = await j.owner.post(run, fields);
      assert.equal(json.status, 400);
      assert.equal(typeof json.data?.error, 'string');
    }));
  }
});

test('another organisation\'s runs, and ids that exist only there, are not found', async (t) => {
  const fid = ids.foreignRun;
  assert.equal(sql(dir, `SELECT count(*) FROM assessments WHERE org_id = ${ids.orgB} AND id = ${fid}`), '1');
  assert.equal(sql(dir, `SELECT count(*) FROM assessments WHERE org_id = ${ids.orgA} AND id = ${fid}`), '0');
  const requests = [
    ['GET', `${A()}/baseline/${fid}`], ['GET', `${A()}/baseline/${fid}?topic=wifi`],
    ['POST', `${A()}/baseline/${fid}`, { topic: 'updates', [QUESTIONS[0].id]: 'no' }],
    ['POST', `${A()}/baseline/${fid}`, { topic: 'updates' }],
    ['POST', `${A()}/baseline/${fid}/complete`, {}],
    ['GET', `${A()}/baseline/${fid}/result`], ['GET', `${A()}/baseline/${fid}/report.pdf`],
    ['GET', `${B()}/baseline`], ['POST', `${B()}/baseline`, {}],
    ['GET', `${B()}/baseline/1`], ['GET', `${B()}/baseline/1/result`],
    ['GET', `${B()}/baseline/1/report.pdf`],
    ['POST', `${B()}/baseline/1`, { topic: 'updates', [QUESTIONS[0].id]: 'no' }],
    ['POST', `${B()}/baseline/1/complete`, {}],
    ['GET', `${B()}/actions`], ['POST', `${B()}/actions`, { title: 'Intruder' }],
    ['POST', `${B()}/actions/1`, { title: 'Intruder', status: 'done' }],
    ['POST', `${B()}/actions/1/delete`, {}],
    ['GET', `${A()}/baseline/0`], ['GET', `${A()}/baseline/999999/result`],
  ];
  for (const [method, url, fields] of requests) {
    await t.test(`${method} ${url}`, () => unchanged(url, async () => {
      for (const client of [c.owner, j.owner]) {
        const r = method === 'GET' ? await client.get(url) : await client.post(url, fields);
        assert.equal(r.status, 404, `${client.json ? 'JSON' : 'HTML'}`);
      }
    }));
  }
});

test('a viewer may read but not start, answer or close a run (403)', async () => {
  await unchanged('a viewer\'s writes', async () => {
    for (const [url, fields] of [[`${A()}/baseline`, {}],
      [`${A()}/baseline/${ids.run1}`, { topic: 'updates', [QUESTIONS[0].id]: 'no' }],
      [`${A()}/baseline/${ids.run1}/complete`, {}]]) {
      assert.equal((await c.viewer.post(url, fields)).status, 403, url);
    }
  });
  const page = await c.viewer.get(`${A()}/baseline/${ids.run1}?topic=updates`);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /type="radio"/, 'a viewer gets no form');
  assert.doesNotMatch((await c.viewer.get(`${A()}/baseline`)).text,
    new RegExp(`<form method="post" action="${A()}/baseline"`));
});

test('actions from gaps: created, shown as planned, listed in the plan', async () => {
  const gaps = (await result(ids.run1)).gaps;
  ids.gap1 = gaps[0].id;
  ids.gap2 = gaps[1].id;
  const back = `${A()}/baseline/${ids.run1}/result#gap-${ids.gap1}`;
  let r = await c.owner.post(`${A()}/actions`, { title: 'Patch every PC', owner: 'Eddy',
    due: FUTURE, note: 'Start with the till', source: 'baseline', source_ref: ids.gap1, back });
  assert.equal(r.status, 303);
  assert.equal(r.location, back, 'back to the gap on the result page');
  ids.action1 = 1;
  assert.equal(action(ids.orgA, 1), `Patch every PC|Eddy|${FUTURE}|planned|Start with the till|baseline|${ids.gap1}`);
  // An editor may add actions too.
  r = await c.editor.post(`${A()}/actions`, { title: 'offsite backup', owner: 'Olivia',
    due: PAST, source: 'baseline', source_ref: ids.gap2 });
  assert.equal(r.status, 303);
  assert.equal(r.location, `${A()}/actions`, 'without back: to the plan');
  ids.action2 = 2;
  r = await c.owner.post(`${A()}/actions`, { title: 'Zebra crossing sign', note: 'ask the TILL supplier' });
  assert.equal(r.status, 303);
  ids.action3 = 3;
  assert.equal(action(ids.orgA, 3), 'Zebra crossing sign|||planned|ask the TILL supplier||');
  // ids count per organisation: A's action 1 is not B's action 1.
  assert.equal(sql(dir, `SELECT title FROM actions WHERE org_id = ${ids.orgB} AND id = 1`), "B's action 1");

  const data = await result(ids.run1);
  const planned = Object.fromEntries(data.gaps.map((g) => [g.id, g.planned]));
  assert.equal(planned[ids.gap1], 'planned');
  assert.equal(planned[ids.gap2], 'planned');
  assert.deepEqual(Object.entries(planned).filter(([id, p]) => p && ![ids.gap1, ids.gap2].includes(id)), [],
    'the other gaps are not planned');
  const html = await c.owner.get(`${A()}/baseline/${ids.run1}/result`);
  const gapHtml = html.text.split(`id="gap-${ids.gap1}"`)[1].split('</li>')[0];
  assert.match(gapHtml, /class="planned"/);
  assert.doesNotMatch(gapHtml, /make-action/, 'no second form for a planned gap');
  assert.match(html.text.split(`id="gap-${gaps[2].id}"`)[1].split('</li>')[0], /make-action/);

  const list = await j.owner.get(`${A()}/actions`);
  assert.equal(list.status, 200);
  assert.deepEqual(list.data.actions.map((a) => a.title),
    ['offsite backup', 'Patch every PC', 'Zebra crossing sign'], 'by due date, undated last');
  const first = list.data.actions.find((a) => a.id === 1);
  assert.equal(first.from, QUESTION.get(ids.gap1).text.en, 'the question it came from');
  assert.equal(list.data.actions.find((a) => a.id === 3).from, '');
  assert.deepEqual(list.data.actions.map((a) => [a.title, a.overdue]),
    [['offsite backup', true], ['Patch every PC', false], ['Zebra crossing sign', false]],
    'an open action past its date is overdue');
  assert.match((await c.owner.get(`${A()}/actions`)).text, /<tr class="overdue">\s*<td>offsite backup/);
  assert.equal(list.data.open_count, 3);
  assert.ok(!list.data.actions.some((a) => a.title.startsWith("B's")), 'only A\'s plan');
});

test('action input errors are 422 with the field named, and nothing is written', async (t) => {
  const cases = {
    'an impossible date': [{ title: 'Check', due: '2026-02-30' }, 'due'],
    'a date in another format': [{ title: 'Check', due: '30/01/2026' }, 'due'],
    'an empty title': [{ title: '', owner: 'Eddy' }, 'title'],
    'a title of spaces': [{ title: '   ' }, 'title'],
    'a title of 1001 characters': [{ title: 'x'.repeat(1001) }, 'title'],
    'an owner of 201 characters': [{ title: 'Check', owner: 'o'.repeat(201) }, 'owner'],
    'a baseline source naming no question': [{ title: 'Check', source: 'baseline', source_ref: 'no-such-question' }, 'source_ref'],
    'a baseline source naming nothing': [{ title: 'Check', source: 'baseline', source_ref: '' }, 'source_ref'],
  };
  // Whatever a wrongly accepted case created is deleted again, so that
  // one failure here does not spread to the tests after it.
  const lastId = () => Number(sql(dir, `SELECT coalesce(max(id), 0) FROM actions WHERE org_id = ${ids.orgA}`));
  for (const [name, [fields, field]] of Object.entries(cases)) {
    const last = lastId();
    await t.test(name, () => unchanged(name, async () => {
      const r = await j.owner.post(`${A()}/actions`, fields);
      assert.equal(r.status, 422);
      assert.deepEqual(Object.keys(r.data.form.errors), [field]);
      const html = await c.owner.post(`${A()}/actions`, fields);
      assert.equal(html.status, 422);
      if (field !== 'source_ref')
        assert.match(html.text, new RegExp(`id="${field}"[^>]*aria-invalid="true"`));
    }));
    for (let id = lastId(); id > last; id--)
      await c.owner.post(`${A()}/actions/${id}/delete`);
  }
  await t.test('an unknown source is refused', () => unchanged('source', async () => {
    const r = await j.owner.post(`${A()}/actions`, { title: 'Check', source: 'risk' });
    assert.ok([400, 422].includes(r.status), `got ${r.status}`);
  }));
  await t.test('a title of exactly 300 characters is accepted', async () => {
    const r = await c.owner.post(`${A()}/actions`, { title: 'y'.repeat(300) });
    assert.equal(r.status, 303);
    const id = Number(sql(dir, `SELECT max(id) FROM actions WHERE org_id = ${ids.orgA}`));
    assert.equal(sql(dir, `SELECT length(title) FROM actions WHERE org_id = ${ids.orgA} AND id = ${id}`), '300');
    assert.equal((await c.owner.post(`${A()}/actions/${id}/delete`)).status, 303);
  });
  await t.test('back to another site goes to a local page instead', async () => {
    for (const back of ['https://evil.test/x', '//evil.test/x', '/\\evil.test']) {
      const r = await c.owner.post(`${A()}/actions`, { title: 'Redirect probe', back });
      assert.equal(r.status, 303);
      assert.match(r.location, /^\/(?![/\\])/, `${back} → ${r.location}`);
    }
    const probes = sql(dir, `SELECT id FROM actions WHERE org_id = ${ids.orgA} AND title = 'Redirect probe'`);
    assert.equal(probes.split('\n').length, 3);
    for (const id of probes.split('\n'))
      assert.equal((await c.owner.post(`${A()}/actions/${id}/delete`)).status, 303);
  });
});

test('an action is updated: status done; the gap shows it; bad updates are refused', async () => {
  const url = `${A()}/actions/${ids.action1}`;
  const b1 = action(ids.orgB, 1);
  let r = await c.owner.post(url, { title: 'Patch every PC', owner: 'Eddy', due: FUTURE,
    status: 'done', note: 'Done on all four' });
  assert.equal(r.status, 303);
  assert.equal(r.location, `${A()}/actions`);
  assert.equal(action(ids.orgA, ids.action1),
    `Patch every PC|Eddy|${FUTURE}|done|Done on all four|baseline|${ids.gap1}`,
    'updated; source and source_ref kept');
  assert.equal(action(ids.orgB, 1), b1, 'B\'s action with the same id is untouched');
  const gap = (await result(ids.run1)).gaps.find((g) => g.id === ids.gap1);
  assert.equal(gap.planned, 'done');

  await unchanged('refused updates', async () => {
    r = await j.owner.post(url, { title: 'Patch every PC', status: 'finished' });
    assert.equal(r.status, 422);
    assert.deepEqual(Object.keys(r.data.form.errors), ['status']);
    r = await j.owner.post(url, { title: 'Patch every PC' });
    assert.equal(r.status, 422, 'status is required');
    r = await j.owner.post(url, { title: '', status: 'planned' });
    assert.equal(r.status, 422);
    r = await j.owner.post(url, { title: 'Patch', status: 'planned', due: '2026-13-01' });
    assert.deepEqual(Object.keys(r.data.form.errors), ['due']);
    for (const id of [ids.foreignAction, 999999]) {
      r = await c.owner.post(`${A()}/actions/${id}`, { title: 'Hijack', status: 'done' });
      assert.equal(r.status, 404, `action ${id} of elsewhere`);
      r = await c.owner.post(`${A()}/actions/${id}/delete`);
      assert.equal(r.status, 404, `deleting action ${id} of elsewhere`);
    }
  });
});

test('the plan filters by status and text and sorts', async () => {
  const titles = async (query) => {
    const r = await j.viewer.get(`${A()}/actions${query}`);
    assert.equal(r.status, 200, query);
    return r.data.actions.map((a) => a.title);
  };
  assert.deepEqual(await titles('?status=open'), ['offsite backup', 'Zebra crossing sign']);
  assert.deepEqual(await titles('?status=done'), ['Patch every PC']);
  assert.deepEqual(await titles('?status=planned'), ['offsite backup', 'Zebra crossing sign']);
  assert.deepEqual(await titles('?status=cancelled'), []);
  assert.deepEqual(await titles('?q=PATCH'), ['Patch every PC'], 'title, any case');
  assert.deepEqual(await titles('?q=olivia'), ['offsite backup'], 'owner');
  assert.deepEqual(await titles('?q=till'), ['Zebra crossing sign'], 'note');
  assert.deepEqual(await titles('?q=till&status=done'), [], 'both filters at once');
  assert.deepEqual(await titles('?q=nothing-like-this'), []);
  assert.deepEqual(await titles('?sort=title'), ['offsite backup', 'Patch every PC', 'Zebra crossing sign']);
  assert.deepEqual(await titles('?sort=owner'), ['Zebra crossing sign', 'Patch every PC', 'offsite backup']);
  assert.deepEqual(await titles('?sort=status'), ['Patch every PC', 'offsite backup', 'Zebra crossing sign']);
  assert.deepEqual(await titles('?sort=due'), ['offsite backup', 'Patch every PC', 'Zebra crossing sign']);
  const r = await j.viewer.get(`${A()}/actions?status=open`);
  assert.equal(r.data.open_count, 2, 'the open count is of the whole plan');
  assert.deepEqual(r.data.filter, { status: 'open', sort: '', q: '', origin: '', owner: '',
    due_before: '' });
  // By origin (two from the baseline, one by hand), owner and due date.
  assert.deepEqual(await titles('?origin=baseline'), ['offsite backup', 'Patch every PC']);
  assert.deepEqual(await titles('?origin=manual'), ['Zebra crossing sign']);
  assert.deepEqual(await titles('?origin=measure'), []);
  assert.deepEqual(await titles('?owner=EDD'), ['Patch every PC'], 'part of the name, any case');
  assert.deepEqual(await titles(`?due_before=${PAST}`), ['offsite backup'], 'undated left out');
  assert.deepEqual(await titles(`?due_before=${FUTURE}&origin=baseline`),
    ['offsite backup', 'Patch every PC']);
  for (const bad of ['?origin=elsewhere', '?due_before=2026-02-30', '?due_before=soon'])
    assert.equal((await j.viewer.get(`${A()}/actions${bad}`)).status, 400, bad);
  for (const bad of ['?status=bogus', '?sort=random'])
    assert.equal((await j.viewer.get(`${A()}/actions${bad}`)).status, 400, bad);
  const html = await c.owner.get(`${A()}/actions?status=open&q=zebra`);
  assert.match(html.text, /<option value="open" selected>/);
  assert.match(html.text, /id="filter-q" name="q" value="zebra"/);
});

test('a viewer cannot create, update or delete actions (403)', async () => {
  await unchanged('a viewer\'s action writes', async () => {
    for (const [url, fields] of [[`${A()}/actions`, { title: 'Viewer action' }],
      [`${A()}/actions/${ids.action2}`, { title: 'Viewer edit', status: 'done' }],
      [`${A()}/actions/${ids.action2}/delete`, {}]]) {
      assert.equal((await c.viewer.post(url, fields)).status, 403, url);
      assert.equal((await j.viewer.post(url, fields)).status, 403, `${url} (JSON)`);
    }
  });
  const html = await c.viewer.get(`${A()}/actions`);
  assert.equal(html.status, 200);
  assert.match(html.text, /offsite backup/);
  assert.doesNotMatch(html.text, /<form method="post"[^>]*\/actions/, 'a viewer gets no forms');
});

test('an action is deleted; its gap is open again', async () => {
  const r = await c.editor.post(`${A()}/actions/${ids.action2}/delete`);
  assert.equal(r.status, 303);
  assert.equal(r.location, `${A()}/actions`);
  assert.equal(action(ids.orgA, ids.action2), '');
  const gap = (await result(ids.run1)).gaps.find((g) => g.id === ids.gap2);
  assert.equal(gap.planned, '');
  assert.deepEqual((await j.owner.get(`${A()}/actions`)).data.actions.map((a) => a.title),
    ['Patch every PC', 'Zebra crossing sign']);
  assert.equal((await c.editor.post(`${A()}/actions/${ids.action2}/delete`)).status, 404,
    'deleting twice');
});

// The forms of a result page that turn a gap into an action, as the
// browser would send them: {gap, fields} with the hidden fields' values.
function gapForms(html) {
  const unescape = (v) => v.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return [...html.matchAll(/<form method="post" action="[^"]*\/actions" class="inline make-action">([\s\S]*?)<\/form>/g)]
    .map(([, form]) => {
      const fields = {};
      for (const [, name, value] of form.matchAll(/<input type="hidden" name="([a-z_]+)" value="([^"]*)">/g))
        fields[name] = unescape(value);
      return { gap: fields.source_ref, fields };
    });
}

test('every gap can be added to the action plan from the result page, in every language', async (t) => {
  // In organisation B, whose open run 5 answers every question "no": then
  // each question of the knowledge base has its form on the result page.
  const run = `${B()}/baseline/5`;
  for (const topic of TOPICS) {
    const fields = { topic };
    for (const q of QUESTIONS.filter((x) => x.topic === topic)) fields[q.id] = 'no';
    assert.equal((await c.ownerB.post(run, fields)).status, 303);
  }
  for (const lang of ['nl', 'fr', 'de', 'en']) {
    await t.test(lang, async () => {
      const client = new Client(srv.base, { lang });
      client.cookies = c.ownerB.cookies;
      const page = await client.get(`${run}/result`);
      assert.equal(page.status, 200);
      assert.match(page.text, new RegExp(`<html lang="${lang}">`));
      const forms = gapForms(page.text);
      assert.deepEqual(forms.map((f) => f.gap).sort(), QUESTIONS.map((q) => q.id).sort(),
        'a form for every question');
      const refused = [];
      for (const { gap, fields } of forms) {
        assert.equal(fields.title, QUESTION.get(gap).how[lang], `${gap}: the action is the advice`);
        const r = await client.post(`${B()}/actions`, { ...fields, owner: 'Probe' });
        if (r.status !== 303) {
          const errors = [...r.text.matchAll(/class="field-error"[^>]*>([^<]*)/g)].map((m) => m[1]);
          refused.push(`${gap}: ${r.status} ${errors.join('; ')} (title of ${[...fields.title].length} characters)`);
          continue;
        }
        const id = sql(dir, `SELECT max(id) FROM actions WHERE org_id = ${ids.orgB}
          AND source_ref = '${gap}' AND owner = 'Probe'`);
        assert.equal((await client.post(`${B()}/actions/${id}/delete`)).status, 303);
      }
      assert.deepEqual(refused, [], `"Add to the action plan" refused in ${lang}`);
    });
  }
});

test('the PDF report holds the organisation, the score and the action plan', async () => {
  const { percent, points, max } = (await result(ids.run1)).score;
  for (const who of ['owner', 'viewer']) {
    const r = await download(c[who], `${A()}/baseline/${ids.run1}/report.pdf`);
    assert.equal(r.status, 200, who);
    assert.equal(r.headers.get('content-type'), 'application/pdf');
    assert.match(r.headers.get('content-disposition'), /^attachment; filename="[^"/\\]+\.pdf"$/);
    assert.equal(r.body.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.match(r.body.subarray(-1024).toString('latin1'), /%%EOF\s*$/);
    const text = pdfText(r.body);
    const flat = text.replace(/\s+/g, ' ');
    assert.ok(flat.includes(ORG_A), `the organisation name is in the PDF:\n${text.slice(0, 600)}`);
    assert.ok(new RegExp(`Score ${percent} ?% ${points.replace(".", "\\.")} of ${max} points`).test(flat),
      `the score ${percent} % (${points} of ${max} points) is in the PDF:\n${text.slice(0, 600)}`);
    assert.ok(flat.includes('Patch every PC'), 'the action is in the PDF');
    assert.ok(flat.includes(QUESTION.get(ids.gap1).text.en.split(' ').slice(0, 4).join(' ')),
      'the first gap is in the PDF');
  }
  const anon = await download(new Client(srv.base), `${A()}/baseline/${ids.run1}/report.pdf`);
  assert.equal(anon.status, 303);
});

test('closing a run keeps it as it is: answers are refused with 409', async () => {
  await complete(ids.run1);
  const completedAt = sql(dir, `SELECT completed_at FROM assessments WHERE org_id = ${ids.orgA} AND id = ${ids.run1}`);
  const data = await result(ids.run1);
  assert.equal(data.assessment.done, true);
  assert.match(data.assessment.completed, /^\d{4}-\d{2}-\d{2}$/);
  checkScore(data, RUN1);
  await unchanged('answers to a closed run', async () => {
    const fields = { topic: 'updates', [QUESTIONS[0].id]: 'yes', [QUESTIONS[1].id]: 'na' };
    const r = await c.owner.post(`${A()}/baseline/${ids.run1}`, fields);
    assert.equal(r.status, 409);
    const json = await j.owner.post(`${A()}/baseline/${ids.run1}`, fields);
    assert.equal(json.status, 409);
    assert.equal(typeof json.data?.error, 'string');
    const again = await c.owner.post(`${A()}/baseline/${ids.run1}/complete`);
    assert.equal(again.status, 303, 'closing again just shows the result');
  });
  assert.equal(sql(dir, `SELECT completed_at FROM assessments WHERE org_id = ${ids.orgA} AND id = ${ids.run1}`),
    completedAt);
  const q = await c.owner.get(`${A()}/baseline/${ids.run1}?topic=wifi`);
  assert.equal(q.status, 303, 'the questionnaire of a closed run leads to its result');
  assert.equal(q.location, `${A()}/baseline/${ids.run1}/result`);
  const overview = await j.owner.get(`${A()}/baseline`);
  assert.equal(overview.data.open, false);
  assert.equal(overview.data.runs[0].score.percent, tally(QUESTIONS, RUN1).percent);
});

test('a second, better run is compared with the first', async () => {
  ids.run2 = await start();
  assert.equal(ids.run2, 2);
  const overview = await j.owner.get(`${A()}/baseline`);
  assert.deepEqual(overview.data.runs.map((x) => [x.id, x.done]), [[2, false], [1, true]]);
  assert.equal(overview.data.open, true);
  await answerAll(ids.run2, RUN2);
  let data = await result(ids.run2);
  // An open run already compares with the last closed one.
  assert.equal(data.previous?.assessment?.id, ids.run1);
  await complete(ids.run2);
  data = await result(ids.run2);
  checkScore(data, RUN2);
  const t1 = tally(QUESTIONS, RUN1), t2 = tally(QUESTIONS, RUN2);
  assert.equal(data.previous.assessment.id, ids.run1);
  assert.equal(data.previous.percent, t1.percent);
  assert.equal(data.previous.points, t1.points);
  assert.equal(data.previous.max, t1.max);
  assert.equal(data.previous.trend, 'better');
  const expected = expectedTopics(RUN2, RUN1);
  for (const [k, t] of data.topics.entries()) {
    assert.equal(t.before, expected[k].before, `${t.id}: before`);
    assert.equal(t.trend, expected[k].trend, `${t.id}: trend`);
  }
  const html = await c.owner.get(`${A()}/baseline/${ids.run2}/result`);
  assert.match(html.text, new RegExp(`<p class="score">${t2.percent} %</p>`));
  assert.match(html.text, new RegExp(`class="trend better"[^<]*${t1.percent}`), 'the previous score, marked better');
  // The first run's result still has nothing before it.
  assert.equal((await result(ids.run1)).previous, undefined);
});

test('a third, worse run: a negative score shows as 0 % and compares with the second', async () => {
  ids.run3 = await start();
  await answerAll(ids.run3, RUN3);
  await complete(ids.run3);
  const data = await result(ids.run3);
  checkScore(data, RUN3);
  assert.ok(Number(data.score.points) < 0);
  assert.equal(data.score.percent, 0);
  assert.equal(data.previous.assessment.id, ids.run2, 'the run just before, not the first');
  assert.equal(data.previous.trend, 'worse');
  const expected = expectedTopics(RUN3, RUN2);
  assert.deepEqual(data.topics.map((t) => [t.id, t.before, t.trend]),
    expected.map((t) => [t.id, t.before, t.trend]));
  assert.equal((await result(ids.run2)).previous.assessment.id, ids.run1,
    'the second run still compares with the first');
});

test('the server stops cleanly: exit 0, no sanitizer report', async () => {
  await srv.stopChecked();
});
