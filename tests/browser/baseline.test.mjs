// The baseline self-assessment in a real browser (Debian's Chromium,
// headless), in Dutch, against a real ravelin server with a fresh data
// folder:
//
//   an owner (created with the command line) logs in through the login
//   page, opens Baseline from the navigation, starts an assessment and
//   answers every topic by clicking the answers' labels, sees the score
//   and the ranked gaps, turns two gaps into actions with "who" and "by
//   when", finds them on the action plan, downloads the PDF report, closes
//   the run; then a second run with other answers, closed as well, shows
//   the comparison with the first.
//
// Button and link texts come from po/nl.po as it is at test time (the
// msgid while a message is untranslated), through catalogue.mjs. What the
// page shows is checked against the server's own JSON of the same page
// (whose scoring tests/http/baseline.test.mjs checks against METHOD.md).
// Each step is photographed into tests/out/baseline/.
//
// run: node --test tests/browser/baseline.test.mjs     (from the repository root)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { startServer, addUser, tempDir } from '../lib/server.mjs';
import { launchOptions } from './browser.mjs';
import { shown } from './catalogue.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.resolve(here, '../out/baseline');
const KB = JSON.parse(fs.readFileSync(path.resolve(here, '../../kb/baseline.json'), 'utf8'));
const TOPICS = KB.topics.map((t) => t.id);

const LANG = 'nl';
const t = (msgid) => shown(LANG, msgid);
const REBUILD = `(po/${LANG}.po; rebuild if the catalogue changed)`;

const ORG = 'Bakkerij Peeters';
const OWNER = { name: 'Olivia Peeters', email: 'olivia@bakkerij-peeters.test', password: 'a long owner passphrase' };
// Due dates in the future, so that neither shows as overdue.
const inDays = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
const PLANS = [
  { owner: 'Eddy', due: inDays(30) },
  { owner: 'Olivia', due: inDays(60) },
];

// Answers by position in the questionnaire (0..53): the first run is
// mixed, the second better.
const FIRST = ['yes', 'partly', 'no', 'na', 'no', 'yes'];
const SECOND = ['yes', 'yes', 'partly', 'yes', 'na'];
const LABELS = { yes: 'Yes', partly: 'Partly', no: 'No', na: 'Not applicable' };

let server;
let browser;
let context;
let page;
let org;            // organisation id, from the address
let run1;           // assessment ids
let run2;
let first;          // the JSON result of the first run
let shotNumber = 0;

// Steps depend on each other: once one fails, the rest are skipped.
let broken = null;
function step(name, fn) {
  it(name, async (tc) => {
    if (broken) return tc.skip(`an earlier step failed: ${broken}`);
    try {
      await fn(tc);
    } catch (e) {
      broken = name;
      await shot(`FAILED-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`).catch(() => {});
      throw e;
    }
  });
}

async function shot(name) {
  shotNumber += 1;
  await page.screenshot({ path: path.join(OUT, `${String(shotNumber).padStart(2, '0')}-${name}.png`), fullPage: true });
}

const pathOf = () => new URL(page.url()).pathname;
const text = async (locator) => (await locator.textContent()).trim();

async function clickAndLoad(locator) {
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    locator.click(),
  ]);
  return response;
}

// The JSON of a page, with the browser's own session and language (the
// request context shares the cookies, not the locale's Accept-Language).
async function json(url) {
  const r = await page.request.get(server.base + url,
    { headers: { accept: 'application/json', 'accept-language': 'nl-BE,nl;q=0.9' } });
  assert.equal(r.status(), 200, `JSON of ${url}`);
  return r.json();
}

function pdfText(file) {
  const r = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `pdftotext: ${r.stderr}`);
  return r.stdout;
}

// Answers every topic of the open questionnaire by clicking the labels of
// the answers, topic after topic with "Save and continue", and the last
// with "Save and see the result". Returns the answers given by question id.
async function answerEverything(runId, pattern) {
  const given = new Map();
  let position = 0;
  for (const [k, topic] of TOPICS.entries()) {
    assert.equal(new URL(page.url()).searchParams.get('topic') ?? TOPICS[0], topic,
      `topic ${k + 1} follows`);
    assert.equal(await page.locator('nav.topics li[aria-current=step] a').getAttribute('href'),
      `?topic=${topic}`);
    const ids = await page.locator('form.questions fieldset.question')
      .evaluateAll((fs) => fs.map((f) => f.id.replace(/^q-/, '')));
    assert.deepEqual(ids, KB.questions.filter((q) => q.topic === topic).map((q) => q.id),
      `the questions of ${topic}`);
    for (const id of ids) {
      const answer = pattern[position++ % pattern.length];
      const label = page.locator(`fieldset#q-${id} label`).filter({ has: page.locator(`input[value="${answer}"]`) });
      assert.equal(await text(label), t(LABELS[answer]), `the label of "${answer}" in ${LANG} ${REBUILD}`);
      await label.click();
      assert.equal(await page.locator(`fieldset#q-${id} input[value="${answer}"]`).isChecked(), true);
      given.set(id, answer);
    }
    if (k === 0 && runId === run1) await shot('topic-1-answered');
    const last = k === TOPICS.length - 1;
    const button = page.getByRole('button', { name: t(last ? 'Save and see the result' : 'Save and continue'), exact: true });
    const response = await clickAndLoad(button);
    assert.equal(response.status(), 200);
    assert.equal(pathOf(), last ? `/o/${org}/baseline/${runId}/result` : `/o/${org}/baseline/${runId}`);
  }
  return given;
}

// Closes the run shown on its (open) result page: back to the questions,
// "Close the assessment", and the result again.
async function closeRun(runId) {
  await clickAndLoad(page.getByRole('link', { name: t('Back to the questions'), exact: true }));
  assert.equal(pathOf(), `/o/${org}/baseline/${runId}`);
  const response = await clickAndLoad(page.getByRole('button', { name: t('Close the assessment'), exact: true }));
  assert.equal(response.status(), 200);
  assert.equal(pathOf(), `/o/${org}/baseline/${runId}/result`);
  assert.equal(await page.getByRole('link', { name: t('Back to the questions'), exact: true }).count(), 0,
    'a closed run cannot be changed');
}

before(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  for (const f of fs.readdirSync(OUT)) if (/\.(png|pdf)$/.test(f)) fs.rmSync(path.join(OUT, f));
  const dataDir = tempDir('ravelin-browser-baseline-');
  addUser(dataDir, { email: OWNER.email, org: ORG, role: 'owner', name: OWNER.name, password: OWNER.password });
  server = await startServer({ dataDir, args: ['--threads', '1'] });
  browser = await chromium.launch(launchOptions());
  context = await browser.newContext({ locale: 'nl-BE', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  context.setDefaultTimeout(10000);
  page = await context.newPage();
});

after(async () => {
  await context?.close().catch(() => {});
  await browser?.close();
  if (server) {
    await server.stop();
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  }
});

describe('baseline in Dutch: assess, plan, report, compare', () => {
  step('the owner logs in through the login page, in Dutch', async () => {
    const response = await page.goto(server.base + '/');
    assert.equal(response.status(), 200);
    assert.equal(pathOf(), '/login');
    if (await page.locator('html').getAttribute('lang') !== LANG)
      await clickAndLoad(page.locator(`header form.languages button[value=${LANG}]`));
    assert.equal(await page.locator('html').getAttribute('lang'), LANG);
    await page.fill('#email', OWNER.email);
    await page.fill('#password', OWNER.password);
    await shot('login');
    await clickAndLoad(page.getByRole('button', { name: t('Log in'), exact: true }));
    const m = pathOf().match(/^\/o\/(\d+)$/);
    assert.ok(m, `the dashboard, got ${pathOf()}`);
    org = m[1];
    if (await page.locator('html').getAttribute('lang') !== LANG)
      await clickAndLoad(page.locator(`header form.languages button[value=${LANG}]`));
    assert.equal(await page.locator('html').getAttribute('lang'), LANG);
    assert.equal(await text(page.locator('main h1')), ORG);
  });

  step('opens Baseline from the navigation and starts the assessment', async () => {
    const link = page.locator('nav.modules').getByRole('link', { name: t('Baseline'), exact: true });
    let response = await clickAndLoad(link);
    assert.equal(response.status(), 200);
    assert.equal(pathOf(), `/o/${org}/baseline`);
    assert.equal(await text(page.locator('main h1')), t('Baseline'), `the title ${REBUILD}`);
    await shot('overview-empty');
    response = await clickAndLoad(page.getByRole('button', { name: t('Start the assessment'), exact: true }));
    assert.equal(response.status(), 200);
    const m = pathOf().match(new RegExp(`^/o/${org}/baseline/(\\d+)$`));
    assert.ok(m, `the questionnaire, got ${pathOf()}`);
    run1 = m[1];
  });

  step('answers every topic by clicking the answers', async () => {
    await answerEverything(run1, FIRST);
  });

  step('sees the score and the gaps, most important first', async () => {
    first = await json(`/o/${org}/baseline/${run1}/result`);
    assert.equal(first.score.unanswered, 0, 'every question is answered');
    assert.equal(first.score.answered, KB.questions.length);
    assert.equal(await text(page.locator('main h1')), t('Your result'), `the title ${REBUILD}`);
    assert.equal(await text(page.locator('.score-card .score')), `${first.score.percent} %`);
    const topics = await page.locator('table.topics-score tbody tr td:nth-child(2)').allTextContents();
    assert.deepEqual(topics.map((s) => s.trim()),
      first.topics.map((x) => (x.percent === -1 ? '–' : `${x.percent} %`)), 'the score per topic');
    const gaps = await page.locator('ol.gaps li.gap').evaluateAll((ls) => ls.map((l) => l.id.replace(/^gap-/, '')));
    assert.ok(gaps.length >= 2, 'there are gaps to plan');
    assert.deepEqual(gaps, first.gaps.map((g) => g.id), 'the gaps in rank order');
    // Essential (top) requirements come first.
    const tops = first.gaps.map((g) => g.top);
    assert.equal(tops.indexOf(false) === -1 ? tops.length : tops.indexOf(false), tops.filter(Boolean).length);
    assert.ok(tops.some(Boolean) && tops.some((x) => !x), 'both kinds of gap are there');
    assert.equal(await page.locator('.score-card .trend').count(), 0, 'nothing to compare with yet');
    await shot('result-first');
  });

  step('turns the two most important gaps into actions', async () => {
    for (const [k, plan] of PLANS.entries()) {
      const gap = first.gaps[k];
      const item = page.locator(`li#gap-${gap.id}`);
      await item.getByLabel(t('Who'), { exact: true }).fill(plan.owner);
      await item.getByLabel(t('By when'), { exact: true }).fill(plan.due);
      if (k === 0) await shot('gap-filled');
      const response = await clickAndLoad(item.getByRole('button', { name: t('Add to the action plan'), exact: true }));
      assert.equal(response.status(), 200);
      assert.equal(pathOf(), `/o/${org}/baseline/${run1}/result`, 'back on the result');
      assert.equal(new URL(page.url()).hash, `#gap-${gap.id}`);
      const planned = page.locator(`li#gap-${gap.id} .planned`);
      assert.equal(await planned.count(), 1, `gap ${k + 1} shows as planned`);
      assert.match(await text(planned), new RegExp(`^${t('In the action plan')}`), REBUILD);
      assert.equal(await text(planned.locator('a')), t('Planned'), REBUILD);
      assert.equal(await page.locator(`li#gap-${gap.id} form.make-action`).count(), 0);
    }
    assert.equal(await page.locator('ol.gaps .planned').count(), 2, 'only those two are planned');
    await shot('result-planned');
  });

  step('finds both on the action plan', async () => {
    const response = await clickAndLoad(page.locator(`li#gap-${first.gaps[0].id} .planned a`));
    assert.equal(response.status(), 200);
    assert.equal(pathOf(), `/o/${org}/actions`);
    assert.equal(await text(page.locator('main h1')), t('Action plan'), REBUILD);
    const rows = await page.locator('table.actions tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [...tr.children].map((td) => td.textContent.trim())));
    assert.equal(rows.length, 2);
    const plan = await json(`/o/${org}/actions`);
    for (const [k, p] of PLANS.entries()) {
      const row = rows[k];   // the plan is sorted by due date, as PLANS is
      const action = plan.actions[k];
      assert.equal(action.title, first.gaps[k].how, 'the action is the gap\'s advice');
      assert.ok(row[0].startsWith(action.title), `row ${k + 1}: ${row[0]}`);
      assert.ok(row[0].includes(first.gaps[k].text), 'it names the question it comes from');
      assert.equal(row[1], p.owner);
      assert.equal(row[2], p.due);
      assert.ok(row[3].startsWith(t('Planned')), `status ${REBUILD}`);
    }
    await shot('action-plan');
  });

  step('downloads the PDF report: a PDF with the score', async () => {
    await page.goto(`${server.base}/o/${org}/baseline/${run1}/result`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: t('Download as PDF'), exact: true }).click(),
    ]);
    assert.match(download.suggestedFilename(), /\.pdf$/);
    const file = path.join(OUT, 'report-first.pdf');
    await download.saveAs(file);
    const bytes = fs.readFileSync(file);
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    const flat = pdfText(file).replace(/\s+/g, ' ');
    assert.ok(flat.includes(ORG), 'the organisation is named');
    const { percent, points, max } = first.score;
    assert.match(flat, new RegExp(` ${percent} ?% ${points.replace('.', '[.,]')} \\S+ ${max} `),
      `the score, ${percent} % (${points} of ${max}), in: ${flat.slice(0, 400)}`);
    assert.ok(flat.includes(PLANS[0].owner) && flat.includes(PLANS[0].due), 'the action plan is in it');
  });

  step('closes the first run', async () => {
    await closeRun(run1);
    await shot('result-first-closed');
  });

  step('a second run with other answers, closed, compares with the first', async () => {
    await clickAndLoad(page.locator('nav.modules').getByRole('link', { name: t('Baseline'), exact: true }));
    const rows = page.locator('main table.list tbody tr');
    assert.equal(await rows.count(), 1);
    assert.equal(await text(rows.first().locator('td.number')), `${first.score.percent} %`);
    const response = await clickAndLoad(page.getByRole('button', { name: t('Start a new assessment'), exact: true }));
    assert.equal(response.status(), 200);
    run2 = pathOf().match(new RegExp(`^/o/${org}/baseline/(\\d+)$`))?.[1];
    assert.ok(run2 && run2 !== run1, `a new run, got ${pathOf()}`);
    await answerEverything(run2, SECOND);
    await closeRun(run2);
    const second = await json(`/o/${org}/baseline/${run2}/result`);
    assert.equal(second.previous.assessment.id, Number(run1));
    assert.ok(second.score.percent > first.score.percent, 'the second run is better');
    assert.equal(await text(page.locator('.score-card .score')), `${second.score.percent} %`);
    const trend = page.locator('.score-card p.trend');
    assert.equal(await trend.count(), 1, 'the previous score is shown');
    assert.equal(await trend.getAttribute('class'), 'trend better');
    assert.match(await text(trend), new RegExp(`\\b${first.score.percent} %`));
    assert.match(await text(trend), new RegExp(second.previous.assessment.completed));
    const cells = await page.locator('table.topics-score tbody td.trend').evaluateAll((tds) =>
      tds.map((td) => [td.className, td.textContent.trim()]));
    assert.deepEqual(cells, second.topics.map((x) =>
      [`number trend ${x.trend}`.trim(), x.before === -1 ? '–' : `${x.before} %`]), 'before and trend per topic');
    assert.ok(cells.some(([c]) => c.endsWith('better')), 'some topics improved');
    await shot('result-second-compared');

    await clickAndLoad(page.locator('nav.modules').getByRole('link', { name: t('Baseline'), exact: true }));
    const scores = (await page.locator('main table.list tbody td.number').allTextContents()).map((s) => s.trim());
    assert.deepEqual(scores, [`${second.score.percent} %`, `${first.score.percent} %`], 'both runs, newest first');
    await shot('overview-two-runs');
  });
});
