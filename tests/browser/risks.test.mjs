// The risk assessment in a real browser (Debian's Chromium, headless), in
// French, from an empty organisation:
//
//   the owner logs in, opens Risks from the navigation, finds the register
//   empty, answers twelve "what if" questions by clicking their labels,
//   sees the register and the heat map of the answers (the SVG and its
//   table), opens a cell of the map and finds exactly its risks, carries
//   the answers over to the full method, edits three risks in the grid
//   with the keyboard only (no page reload: each value and level is
//   recomputed by the server as the cell is left), and finds the register
//   showing the new values.
//
// Texts come from po/fr.po at test time (catalogue.mjs); what the pages
// show is compared with the server's JSON of the same page, whose
// arithmetic tests/http/ checks against METHOD.md. Each step is
// photographed into tests/out/risks/.
//
// run: node --test tests/browser/risks.test.mjs     (from the repository root)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { startServer, addUser, tempDir } from '../lib/server.mjs';
import { launchOptions } from './browser.mjs';
import { shown } from './catalogue.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.resolve(here, '../out/risks');
const KB = JSON.parse(fs.readFileSync(path.resolve(here, '../../kb/risk.json'), 'utf8'));

const LANG = 'fr';
const t = (msgid) => shown(LANG, msgid);
const ORG = 'Boulangerie Dupont';
const OWNER = { name: 'Camille Dupont', email: 'camille@boulangerie-dupont.test', password: 'a long owner passphrase' };

// Twelve answers: [impact, likelihood, what is done already].
const ANSWERS = [
  [3, 2, 'Une box 4G de secours'], [4, 2, ''], [4, 3, 'Sauvegarde chaque nuit'], [3, 1, ''],
  [2, 3, ''], [3, 3, 'Portables chiffrés'], [4, 2, ''], [2, 2, ''], [3, 2, 'Contrat signé'],
  [4, 1, ''], [1, 1, ''], [2, 4, 'Onduleur'],
];
const WHAT_IFS = KB.what_if.slice(0, ANSWERS.length);
// Three risks edited in the grid: [likelihood, vulnerability level].
const EDITS = [[4, 5], [1, 1], [0, 3]];

let server;
let browser;
let context;
let page;
let org;
let edited = [];     // [{id, value, level}] after the grid

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

let shotNumber = 0;
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

async function json(url) {
  const r = await page.request.get(server.base + url,
    { headers: { accept: 'application/json', 'accept-language': 'fr-BE,fr;q=0.9' } });
  assert.equal(r.status(), 200, `JSON of ${url}`);
  return r.json();
}

// Every risk of the register (all pages), from its JSON.
async function registerRisks(query = '') {
  const all = [];
  for (let p = 1; ; p += 1) {
    const data = await json(`/o/${org}/risks?${query}${query ? '&' : ''}page=${p}`);
    all.push(...data.risks);
    if (!data.pager.next) return { all, data };
  }
}

before(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  for (const f of fs.readdirSync(OUT)) if (/\.png$/.test(f)) fs.rmSync(path.join(OUT, f));
  const dataDir = tempDir('ravelin-browser-risks-');
  addUser(dataDir, { email: OWNER.email, org: ORG, role: 'owner', name: OWNER.name, password: OWNER.password });
  server = await startServer({ dataDir, args: ['--threads', '1'] });
  browser = await chromium.launch(launchOptions());
  context = await browser.newContext({ locale: 'fr-BE', viewport: { width: 1280, height: 900 } });
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

describe('risks in French: what if, heat map, promotion, grid, register', () => {
  step('the owner logs in, in French, and opens Risks: nothing yet', async () => {
    await page.goto(server.base + '/login');
    if (await page.locator('html').getAttribute('lang') !== LANG)
      await clickAndLoad(page.locator(`header form.languages button[value=${LANG}]`));
    await page.fill('#email', OWNER.email);
    await page.fill('#password', OWNER.password);
    await clickAndLoad(page.getByRole('button', { name: t('Log in'), exact: true }));
    org = pathOf().match(/^\/o\/(\d+)$/)[1];
    assert.equal(await page.locator('html').getAttribute('lang'), LANG);
    const response = await clickAndLoad(page.locator('nav.modules')
      .getByRole('link', { name: t('Risks'), exact: true }));
    assert.equal(response.status(), 200);
    assert.equal(pathOf(), `/o/${org}/risks`);
    const data = await json(`/o/${org}/risks`);
    assert.equal(data.total, 0, 'an empty organisation has no risk');
    await shot('register-empty');
  });

  step('answers twelve "what if" questions by clicking their labels', async () => {
    await clickAndLoad(page.locator(`main a[href="/o/${org}/what-if"]`).first());
    assert.equal(pathOf(), `/o/${org}/what-if`);
    assert.equal(await text(page.locator('main h1')), t('What if…?'));
    for (const [k, w] of WHAT_IFS.entries()) {
      const [impact, likelihood, measures] = ANSWERS[k];
      assert.ok((await text(page.locator(`fieldset#${w.id} > legend`))).includes(w.question.fr),
        `the question ${w.id} in French`);
      await page.locator(`label[for="impact-${w.id}-${impact}"]`).click();
      await page.locator(`label[for="likelihood-${w.id}-${likelihood}"]`).click();
      if (measures) await page.fill(`#measures-${w.id}`, measures);
    }
    await shot('what-if-answered');
    const response = await clickAndLoad(page.locator('#save-what-if'));
    assert.equal(response.status(), 200);
    assert.match(await text(page.locator('#what-if-progress')), new RegExp(`^${ANSWERS.length}\\D`));
    // Each answer shows impact × likelihood.
    for (const [k, w] of WHAT_IFS.entries())
      assert.equal(await text(page.locator(`fieldset#${w.id} .risk-value`)),
        String(ANSWERS[k][0] * ANSWERS[k][1]), w.id);
    await shot('what-if-saved');
  });

  step('the register lists the answers and the heat map counts them', async () => {
    await clickAndLoad(page.locator(`main a[href="/o/${org}/risks"]`).first());
    const { all, data } = await registerRisks();
    assert.equal(all.length, ANSWERS.length, 'one risk per answer');
    assert.equal(data.total, ANSWERS.length);
    const map = page.locator('figure#map-what-if');
    assert.equal(await map.locator('svg[role=img]').count(), 1, 'the what-if map is an SVG image');
    assert.ok((await map.locator('svg title').count()) >= 1, 'with a title for screen readers');
    // The table alternative counts each answer once, in its cell.
    const counts = await map.locator('table tbody td').evaluateAll((tds) =>
      tds.map((td) => Number(td.textContent.trim().split(/\s/)[0]) || 0));
    assert.equal(counts.reduce((a, b) => a + b, 0), ANSWERS.length);
    await shot('register-what-if');
  });

  step('a cell of the heat map lists exactly its risks', async () => {
    // Impact 4 × likelihood 2 was answered twice (the 2nd and 7th questions).
    const cell = page.locator('figure#map-what-if svg a').filter({ has: page.locator('text') })
      .first();
    const href = await page.locator('figure#map-what-if table a').first().getAttribute('href');
    assert.ok(href, 'the table alternative links each non-empty cell');
    assert.ok(await cell.count(), 'the SVG links its cells');
    const response = await clickAndLoad(page.locator(`figure#map-what-if svg a[href="${href}"]`));
    assert.equal(response.status(), 200);
    const q = new URL(page.url()).searchParams;
    const [ri, rl] = [Number(q.get('rimpact')), Number(q.get('rlikelihood'))];
    const expected = ANSWERS.filter(([i, l]) => i === ri && l === rl).length;
    assert.ok(expected > 0, `the first linked cell (${ri} × ${rl}) holds answers`);
    const rows = page.locator('table.risks tbody tr');
    assert.equal(await rows.count(), expected, `the cell ${ri} × ${rl}`);
    await shot('register-cell');
  });

  step('carries the answers over to the full method: the grid opens', async () => {
    await page.goto(`${server.base}/o/${org}/what-if`);
    const response = await clickAndLoad(page.locator('#promote'));
    assert.equal(response.status(), 200);
    assert.equal(pathOf(), `/o/${org}/risks/grid`);
    const { all } = await registerRisks('kind=full');
    assert.ok(all.length >= ANSWERS.length, `risks of the full method: ${all.length}`);
    assert.ok(all.every((r) => r.kind === 'full'));
    const whatIfLeft = await registerRisks('kind=what-if');
    assert.equal(whatIfLeft.all.length, 0, 'the answers carried over leave the register');
    await shot('grid');
  });

  step('edits three risks in the grid with the keyboard, without reloading', async () => {
    const ids = await page.locator('table#risk-grid tbody tr[id^=risk-]')
      .evaluateAll((trs) => trs.slice(0, 3).map((tr) => tr.id.replace(/^risk-/, '')));
    assert.equal(ids.length, 3);
    // A page reload would lose this mark.
    await page.evaluate(() => { window.stillHere = true; });
    for (const [k, id] of ids.entries()) {
      const [likelihood, vulnerability] = EDITS[k];
      const before = await text(page.locator(`#value-${id}`));
      await page.locator(`#lik-${id}`).click();
      await page.keyboard.press('Control+A');
      await page.keyboard.type(String(likelihood));
      await page.keyboard.press('ArrowRight');   // caret at the end: next cell
      assert.equal(await page.evaluate(() => document.activeElement.id), `vul-${id}`,
        'the arrow key moves to the vulnerability cell');
      await page.keyboard.press('Control+A');
      await page.keyboard.type(String(vulnerability));
      await page.keyboard.press('Enter');        // saves and goes down
      // The register (the server's JSON) has the new factors: its
      // exposure is likelihood × vulnerability, its value impact × that.
      let row;
      for (let tries = 0; tries < 50; tries += 1) {
        row = (await registerRisks('kind=full')).all.find((r) => String(r.id) === id);
        if (row.exposure === likelihood * vulnerability) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(row.exposure, likelihood * vulnerability, `risk ${id} saved`);
      if (row.impact !== null) assert.equal(row.value, row.impact * likelihood * vulnerability);
      await page.waitForFunction(([cell, want]) =>
        document.getElementById(cell).textContent.trim().startsWith(want),
      [`value-${id}`, row.evaluated ? String(row.value) : t('not evaluated')]);
      assert.equal(await page.locator(`#level-${id} .badge`).textContent(), row.level_label);
      edited.push({ id, value: row.value, evaluated: row.evaluated, level: row.level_label, before });
    }
    assert.equal(await page.evaluate(() => window.stillHere), true, 'no page reload');
    assert.ok(edited.some((e) => e.evaluated && String(e.value) !== e.before.split(/\s/)[0]),
      'at least one value changed');
    await shot('grid-edited');
  });

  step('the register shows the new values', async () => {
    await page.goto(`${server.base}/o/${org}/risks?kind=full&sort=value`);
    for (const e of edited) {
      let found = false;
      for (let p = 1; !found; p += 1) {
        const row = page.locator(`table.risks tbody tr:has(a[href="/o/${org}/risks/${e.id}"])`);
        if (await row.count()) {
          const cells = await row.locator('td').allTextContents();
          const value = cells.find((c) => /^\s*\d+\s*\/\s*\d+\s*$/.test(c) || c.includes(t('not evaluated')));
          assert.ok(value, `risk ${e.id} shows a value`);
          if (e.evaluated) assert.equal(value.trim().split(/\s/)[0], String(e.value), `risk ${e.id}`);
          else assert.ok(value.includes(t('not evaluated')));
          assert.equal(await text(row.locator('.badge')), e.level);
          found = true;
        } else {
          const next = page.locator('nav.pager a[rel=next]');
          assert.ok(await next.count(), `risk ${e.id} is on a page of the register`);
          await clickAndLoad(next);
        }
      }
      await page.goto(`${server.base}/o/${org}/risks?kind=full&sort=value`);
    }
    await shot('register-after');
  });
});
