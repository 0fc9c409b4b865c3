// The risk grid's script (static/grid.js) in a real browser (Debian's
// Chromium, headless) against a real ravelin server: a changed cell is
// saved without a page load and the row's value and level follow; Enter
// saves and goes down, arrows move between rows and, at an input's edge,
// between cells; a value off the scale shows the server's error under
// the cell, marked aria-invalid, and nothing is saved; the focused cell
// comes back after a visit to a risk's page; the new-risk form narrows
// the vulnerabilities to the chosen asset's type. No console error (a
// Content-Security-Policy violation would be one).
//
// run: node --test tests/browser/grid.test.mjs     (from the repository root)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

import { startServer, addUser, tempDir, sql } from '../lib/server.mjs';
import { launchOptions } from './browser.mjs';

const PASSWORD = 'a long editor passphrase';
const T0 = 1700000000;
let server;
let browser;
let page;
let dir;
let org;
const errors = [];

before(async () => {
  dir = tempDir('ravelin-grid-browser-');
  addUser(dir, { email: 'eva@example.test', org: 'Grid Ltd', role: 'owner', password: PASSWORD,
                 name: 'Eva' });
  org = Number(sql(dir, "SELECT id FROM orgs WHERE name = 'Grid Ltd'"));
  // Laptop (C3 I2 A1); risks 1..3 on it, in this order in the grid
  // (threats in knowledge-base order: theft, phishing, ransomware).
  sql(dir, `INSERT INTO assets (org_id, id, name, type, is_primary, impact_c, impact_i, impact_a,
      created_at, updated_at) VALUES (${org}, 1, 'Laptop', 'hw-laptop', 0, 3, 2, 1, ${T0}, ${T0}),
      (${org}, 2, 'Customer file', 'info-customers', 1, 4, 4, 4, ${T0}, ${T0});
    INSERT INTO risks (org_id, id, asset_id, threat, vulnerability, likelihood, vuln_level,
      created_at, updated_at) VALUES
      (${org}, 1, 1, 'thr-theft-equipment', 'vul-laptop-disk-unencrypted', 1, 1, ${T0}, ${T0}),
      (${org}, 2, 1, 'thr-phishing', 'vul-no-antivirus', 1, 1, ${T0}, ${T0}),
      (${org}, 3, 1, 'thr-ransomware', 'vul-no-antivirus', 1, 1, ${T0}, ${T0});`);
  server = await startServer({ dataDir: dir, args: ['--threads', '1'] });
  browser = await chromium.launch(launchOptions());
  page = await browser.newPage({ locale: 'en', viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(server.base + '/login');
  await page.fill('#email', 'eva@example.test');
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('form.stacked button[type=submit]')]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const grid = () => `${server.base}/o/${org}/risks/grid`;
const stored = (id) => sql(dir, `SELECT likelihood, vuln_level, impact_c, impact_i, impact_a
  FROM risks WHERE org_id = ${org} AND id = ${id}`);
const focused = () => page.evaluate(() => document.activeElement.id);

test('a changed cell saves its row and shows the new value; Enter goes down', async () => {
  await page.goto(grid());
  const loads = [];
  page.on('load', () => loads.push(1));
  await page.click('#lik-1');
  await page.fill('#lik-1', '4');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.getElementById('value-1').textContent === '12');
  assert.equal(await page.textContent('#level-1'), 'Medium', 'C 3 × 4 × 1');
  assert.equal(await page.getAttribute('#level-1 span', 'class'), 'badge level-medium');
  assert.equal(stored(1), '4|1|-1|-1|-1');
  assert.equal(await focused(), 'lik-2', 'Enter moves to the row below');
  await page.fill('#lik-2', '3');
  await page.keyboard.press('Tab');   // leaving the cell saves too
  await page.waitForFunction(() => document.getElementById('value-2').textContent === '9');
  assert.equal(stored(2), '3|1|-1|-1|-1');
  assert.deepEqual(loads, [], 'no page load');
});

test('arrows: up and down by row, left and right at the edge of an input', async () => {
  await page.goto(grid());
  await page.focus('#vul-2');
  await page.keyboard.press('ArrowDown');
  assert.equal(await focused(), 'vul-3');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  assert.equal(await focused(), 'vul-1');
  await page.keyboard.press('ArrowUp');
  assert.equal(await focused(), 'vul-1', 'nothing above the first row');
  // The caret at the end of "1": right goes to the next enabled cell.
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowRight');
  assert.equal(await focused(), 'imp-c-1');
  await page.keyboard.press('ArrowRight');
  assert.equal(await focused(), 'imp-a-1', 'integrity is not hit by theft: skipped');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await focused(), 'imp-c-1');
  // imp-i-1 is disabled; from imp-i-2 (phishing hits I) up finds no
  // enabled cell of that column above and stays.
  await page.focus('#imp-i-2');
  await page.keyboard.press('ArrowUp');
  assert.equal(await focused(), 'imp-i-2');
});

test('a value off the scale: the error under the cell, nothing saved', async () => {
  await page.goto(grid());
  await page.fill('#vul-3', '9');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#vul-3-error');
  assert.equal(await page.textContent('#vul-3-error'), 'Choose a value from 0 to 5.');
  assert.equal(await page.getAttribute('#vul-3', 'aria-invalid'), 'true');
  assert.equal(await page.getAttribute('#vul-3', 'aria-describedby'), 'vul-3-error');
  assert.equal(stored(3), '1|1|-1|-1|-1');
  await page.fill('#vul-3', '5');
  await page.focus('#lik-3');   // the change event saves the row
  await page.waitForFunction(() => !document.getElementById('vul-3-error'));
  assert.equal(await page.getAttribute('#vul-3', 'aria-invalid'), null);
  assert.equal(stored(3), '1|5|-1|-1|-1');
  assert.equal(await page.textContent('#value-3'), '15', 'ransomware: max(3, 2, 1) × 1 × 5');
});

test('the focused cell comes back after a visit to a risk\'s page', async () => {
  await page.goto(grid() + '?asset=1');
  await page.focus('#imp-a-3');
  await Promise.all([page.waitForNavigation(), page.click('#risk-2 td.threat a')]);
  assert.match(page.url(), /\/risks\/2\?back=/);
  await Promise.all([page.waitForNavigation(), page.click('p.step-label a')]);
  assert.match(page.url(), /\/risks\/grid\?asset=1$/);
  assert.equal(await focused(), 'imp-a-3');
});

test('the new risk form offers the vulnerabilities of the asset\'s type', async () => {
  await page.goto(grid());
  await page.selectOption('#new-asset', '1');
  const offered = await page.$$eval('#new-vulnerability option', (os) =>
    os.filter((o) => o.value && !o.disabled).map((o) => o.value));
  assert.ok(offered.includes('vul-laptop-disk-unencrypted'));
  assert.ok(!offered.includes('vul-phone-no-screen-lock'), 'a phone\'s weakness is not offered');
  await page.selectOption('#new-threat', 'thr-fire');
  await page.selectOption('#new-vulnerability', 'vul-no-remote-wipe');
  await Promise.all([page.waitForNavigation(), page.click('#risk-new button[type=submit]')]);
  assert.match(page.url(), /\/risks\/4$/);
  // The browser logs the 422 of the off-scale value; anything else is wrong.
  assert.deepEqual(errors.filter((e) => !/status of 422/.test(e)), [], 'no console error');
});
