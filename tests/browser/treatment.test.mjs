// Risk treatment in a real browser (Debian's Chromium, headless), in
// German, by an editor and an owner of the same organisation:
//
//   the editor logs in, answers four "what if" questions through the UI
//   and carries them over to the full method (the promotion makes risks
//   with impact 4, likelihood 3 and, as nothing is done yet, the top
//   vulnerability 5: value 60, above the acceptable level; no risk is
//   seeded with SQL), then treats four risks of four different threats,
//   one decision each, from each risk's page ("Decide what to do about
//   it"): reduce (one suggested measure removing 2 levels, with who and
//   by when), accept (with a reason), avoid, transfer (first without a
//   party: refused, nothing saved; then with one). The targeted values
//   follow METHOD.md §4. The editor sees no sign-off button and the
//   server refuses the editor's sign-off (403); the owner, in a second
//   browser, signs the acceptance off. The editor marks the measure's
//   action done on the action plan, and the reduced risk's current value
//   drops, with a line in its history. The treatment plan lists the four
//   decisions; the plan as PDF and the register as XLSX are downloaded
//   and read (pdftotext; LibreOffice to CSV when installed, else the
//   worksheet XML with unzip).
//
// Texts come from po/de.po at test time (catalogue.mjs); what the pages
// show is compared with the server's JSON of the same page and with
// METHOD.md's arithmetic. Each step is photographed into tests/out/treatment/.
//
// run: node --test tests/browser/treatment.test.mjs     (from the repository root)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { startServer, addUser, tempDir, dataSnapshot } from '../lib/server.mjs';
import { launchOptions } from './browser.mjs';
import { shown } from './catalogue.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.resolve(here, '../out/treatment');
const KB = JSON.parse(fs.readFileSync(path.resolve(here, '../../kb/risk.json'), 'utf8'));
const THREAT_TITLES = new Map(KB.threats.map((th) => [th.id, th.title]));

const LANG = 'de';
const ACCEPT_LANGUAGE = 'de-DE,de;q=0.9';
const t = (msgid) => shown(LANG, msgid);
// A translated message with its %s filled in order.
const tf = (msgid, ...args) => args.reduce((s, a) => s.replace('%s', String(a)), t(msgid));

const ORG = 'Bäckerei Schmitz';
const OWNER = { name: 'Petra Schmitz', email: 'petra@baeckerei-schmitz.test', password: 'a long owner passphrase' };
const EDITOR = { name: 'Jonas Weber', email: 'jonas@baeckerei-schmitz.test', password: 'a long editor passphrase' };
const inDays = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

// Four "what if" answers: impact 4, likelihood 3, nothing done yet.
const WHAT_IFS = KB.what_if.slice(0, 4);
const IMPACT = 4;
const LIKELIHOOD = 3;
const REDUCTION = 2;
const DECISIONS = ['reduce', 'accept', 'avoid', 'transfer'];
const DECISION_LABELS = { reduce: 'Reduce', accept: 'Accept', avoid: 'Avoid', transfer: 'Transfer' };
const JUSTIFICATION = 'Der Schaden ist gering und eine Lösung wäre teurer als der Schaden selbst.';
const PARTY = 'Rheinische Versicherung AG';
const MEASURE_OWNER = 'Jonas';
const MEASURE_DUE = inDays(30);

let server;
let browser;
let editorContext;
let ownerContext;
let page;           // the page being photographed: the editor's, or the owner's
let editorPage;
let ownerPage;
let org;
const chosen = {};  // decision → {id, threat, threatTitle, impact, likelihood, vuln, value}
let measure;        // the measure chosen for the reduced risk: {id, action, title}

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

// The JSON of a page, with the current page's session.
async function json(url) {
  const r = await page.request.get(server.base + url,
    { headers: { accept: 'application/json', 'accept-language': ACCEPT_LANGUAGE } });
  assert.equal(r.status(), 200, `JSON of ${url}`);
  return r.json();
}

// Every risk of the register (all pages), from its JSON.
async function registerRisks(query = '') {
  const all = [];
  for (let p = 1; ; p += 1) {
    const data = await json(`/o/${org}/risks?${query}${query ? '&' : ''}page=${p}`);
    all.push(...data.risks);
    if (!data.pager.next) return all;
  }
}

async function logIn(user) {
  await page.goto(server.base + '/login');
  if (await page.locator('html').getAttribute('lang') !== LANG)
    await clickAndLoad(page.locator(`header form.languages button[value=${LANG}]`));
  assert.equal(await page.locator('html').getAttribute('lang'), LANG);
  await page.fill('#email', user.email);
  await page.fill('#password', user.password);
  await clickAndLoad(page.getByRole('button', { name: t('Log in'), exact: true }));
  const m = pathOf().match(/^\/o\/(\d+)$/);
  assert.ok(m, `logged in: ${pathOf()}`);
  return m[1];
}

// From the risk's page, "Decide what to do about it" to its treatment page.
async function openTreatment(risk) {
  await page.goto(`${server.base}/o/${org}/risks/${risk.id}`);
  const treat = page.locator('#treat');
  assert.equal(await text(treat), t('Decide what to do about it'));
  const response = await clickAndLoad(treat);
  assert.equal(response.status(), 200);
  assert.equal(pathOf(), `/o/${org}/risks/${risk.id}/treatment`);
  assert.equal(await text(page.locator('main h1')), tf('Treatment: %s', risk.threatTitle));
}

// Chooses a decision by its label, fills the fields, saves; returns the
// response of the form's submission.
async function decide(decision, fields = {}) {
  const label = page.locator(`label[for="decision-${decision}"]`);
  assert.ok((await text(label)).startsWith(t(DECISION_LABELS[decision])), `the label of ${decision}`);
  await label.click();
  assert.equal(await page.locator(`#decision-${decision}`).isChecked(), true);
  if (fields.justification !== undefined) await page.fill('#justification', fields.justification);
  if (fields.party !== undefined) await page.fill('#party', fields.party);
  return clickAndLoad(page.locator('#save-decision'));
}

// The three values of the treatment page, as shown and as its JSON says.
async function values(riskId) {
  const data = await json(`/o/${org}/risks/${riskId}/treatment`);
  const shownValue = async (id) => {
    const s = await text(page.locator(`#${id}`));
    return s === '–' ? null : Number(s.split(/\s/)[0]);
  };
  return {
    data,
    before: await shownValue('value-before'),
    current: await shownValue('value-current'),
    targeted: await shownValue('value-targeted'),
  };
}

function pdfText(file) {
  const r = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `pdftotext: ${r.stderr}`);
  return r.stdout;
}

// The first worksheet of an XLSX as text: CSV through LibreOffice when it
// is installed, else the worksheet's XML (inline strings or the shared
// strings table) through unzip.
function xlsxText(file, dir) {
  const lo = spawnSync('sh', ['-c', 'command -v libreoffice'], { encoding: 'utf8' });
  if (lo.status === 0) {
    const r = spawnSync('libreoffice', [`-env:UserInstallation=file://${dir}/lo-profile`,
      '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', dir, file],
    { encoding: 'utf8', timeout: 60000 });
    const csv = path.join(dir, path.basename(file).replace(/\.xlsx$/, '.csv'));
    assert.ok(fs.existsSync(csv), `libreoffice made no CSV (${r.status}): ${r.stderr}`);
    return { how: 'libreoffice', text: fs.readFileSync(csv, 'utf8') };
  }
  const unzip = (member) => spawnSync('unzip', ['-p', file, member], { encoding: 'utf8' });
  const sheet = unzip('xl/worksheets/sheet1.xml');
  assert.equal(sheet.status, 0, `unzip: ${sheet.stderr}`);
  const strings = unzip('xl/sharedStrings.xml');
  return { how: 'unzip', text: sheet.stdout + (strings.status === 0 ? strings.stdout : '') };
}

// A file of the organisation, downloaded through its link on the first
// of the pages that offers one.
async function download(linkPages, href, file) {
  for (const p of linkPages) {
    await page.goto(server.base + p);
    const link = page.locator(`main a[href="${href}"]`);
    if (await link.count()) {
      const [dl] = await Promise.all([page.waitForEvent('download'), link.first().click()]);
      await dl.saveAs(file);
      return { via: `link on ${p}`, body: fs.readFileSync(file) };
    }
  }
  throw new Error(`no page of ${linkPages.join(', ')} links to ${href}`);
}

before(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  for (const f of fs.readdirSync(OUT)) if (/\.png$/.test(f)) fs.rmSync(path.join(OUT, f));
  const dataDir = tempDir('ravelin-browser-treatment-');
  addUser(dataDir, { email: OWNER.email, org: ORG, role: 'owner', name: OWNER.name, password: OWNER.password });
  addUser(dataDir, { email: EDITOR.email, org: ORG, role: 'editor', name: EDITOR.name, password: EDITOR.password });
  server = await startServer({ dataDir, args: ['--threads', '1'] });
  browser = await chromium.launch(launchOptions());
  editorContext = await browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 900 } });
  editorContext.setDefaultTimeout(10000);
  ownerContext = await browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 900 } });
  ownerContext.setDefaultTimeout(10000);
  editorPage = await editorContext.newPage();
  ownerPage = await ownerContext.newPage();
  page = editorPage;
});

after(async () => {
  await editorContext?.close().catch(() => {});
  await ownerContext?.close().catch(() => {});
  await browser?.close();
  if (server) {
    await server.stop();
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  }
});

describe('risk treatment in German: four decisions, sign-off, a measure done, PDF and XLSX', () => {
  step('the editor logs in, in German, answers four "what if" questions and carries them over', async () => {
    page = editorPage;
    org = await logIn(EDITOR);
    await page.goto(`${server.base}/o/${org}/what-if`);
    assert.equal(await text(page.locator('main h1')), t('What if…?'));
    for (const w of WHAT_IFS) {
      assert.ok((await text(page.locator(`fieldset#${w.id} > legend`))).includes(w.question.de),
        `the question ${w.id} in German`);
      await page.locator(`label[for="impact-${w.id}-${IMPACT}"]`).click();
      await page.locator(`label[for="likelihood-${w.id}-${LIKELIHOOD}"]`).click();
    }
    let response = await clickAndLoad(page.locator('#save-what-if'));
    assert.equal(response.status(), 200);
    assert.match(await text(page.locator('#what-if-progress')), new RegExp(`^${WHAT_IFS.length}\\D`));
    response = await clickAndLoad(page.locator('#promote'));
    assert.equal(response.status(), 200);
    assert.equal(pathOf(), `/o/${org}/risks/grid`);

    // Four risks of four different threats, highest value first.
    const risks = (await registerRisks('kind=full&sort=value'))
      .filter((r) => r.evaluated && r.impact !== null && r.exposure !== null);
    const threats = new Set();
    const picked = [];
    for (const r of risks) {
      if (threats.has(r.threat.id) || !THREAT_TITLES.has(r.threat.id)) continue;
      threats.add(r.threat.id);
      picked.push(r);
    }
    assert.ok(picked.length >= 4, `four threats among the promoted risks (${picked.length})`);
    // The risk to reduce needs a suggested measure for its vulnerability.
    let reduceAt = -1;
    for (const [k, r] of picked.entries()) {
      const data = await json(`/o/${org}/risks/${r.id}/treatment`);
      if (data.catalogue.suggested.length && data.risk.vuln_level >= REDUCTION) { reduceAt = k; break; }
    }
    assert.ok(reduceAt >= 0, 'a risk with a suggested measure (kb/measures.json loaded?)');
    const order = [picked[reduceAt], ...picked.filter((_, k) => k !== reduceAt)].slice(0, 4);
    for (const [k, r] of order.entries()) {
      const data = await json(`/o/${org}/risks/${r.id}/treatment`);
      const vuln = data.risk.vuln_level;
      const risk = {
        id: r.id, threat: r.threat.id, threatTitle: THREAT_TITLES.get(r.threat.id).de,
        impact: r.impact, vuln, likelihood: r.exposure / vuln, value: r.value,
      };
      assert.equal(r.threat.title, risk.threatTitle, 'the register names the threat in German');
      assert.equal(risk.value, risk.impact * risk.likelihood * risk.vuln, `risk ${r.id}: METHOD.md §3`);
      assert.ok(data.before.level !== 'low', `risk ${r.id} is above the acceptable level`);
      chosen[DECISIONS[k]] = risk;
    }
    await shot('grid-after-promotion');
  });

  step('reduce: one suggested measure removing two levels, with who and by when', async () => {
    const risk = chosen.reduce;
    await openTreatment(risk);
    assert.equal(await page.locator('#sign').count(), 0, 'nothing to sign');
    let response = await decide('reduce');
    assert.equal(response.status(), 200);
    assert.equal(pathOf(), `/o/${org}/risks/${risk.id}/treatment`);
    assert.equal(await page.locator('#decision-reduce').isChecked(), true, 'the decision is kept');

    const data = await json(`/o/${org}/risks/${risk.id}/treatment`);
    const suggested = data.catalogue.suggested[0];
    // The select groups the suggested measures first.
    const group = page.locator('#measure optgroup').first();
    assert.equal(await group.getAttribute('label'), t('Suggested for this vulnerability'));
    assert.equal(await group.locator('option').first().getAttribute('value'), suggested.id);
    await page.selectOption('#measure', suggested.id);
    await page.fill('#reduction', String(REDUCTION));
    await page.fill('#owner', MEASURE_OWNER);
    await page.fill('#due', MEASURE_DUE);
    await shot('reduce-measure-filled');
    response = await clickAndLoad(page.locator('#save-measure'));
    assert.equal(response.status(), 200);
    assert.equal(pathOf(), `/o/${org}/risks/${risk.id}/treatment`);

    const v = await values(risk.id);
    const [m] = v.data.chosen;
    assert.equal(v.data.chosen.length, 1);
    assert.equal(m.id, suggested.id);
    assert.equal(m.reduction, REDUCTION);
    assert.equal(m.owner, MEASURE_OWNER);
    assert.equal(m.due, MEASURE_DUE);
    assert.equal(m.status, 'planned');
    measure = { id: m.id, action: m.action, title: m.title };
    const row = page.locator(`#measure-${m.id}`);
    const cells = (await row.locator('td').allTextContents()).map((c) => c.trim());
    assert.deepEqual(cells.slice(0, 4), [suggested.title, String(REDUCTION), MEASURE_OWNER, MEASURE_DUE]);
    // METHOD.md §4: targeted = impact × likelihood × (vulnerability − reduction);
    // nothing is done yet, so the current value is the assessed one.
    const targeted = risk.impact * risk.likelihood * (risk.vuln - REDUCTION);
    assert.equal(v.data.targeted.value, targeted);
    assert.equal(v.targeted, targeted);
    assert.equal(v.data.current.value, risk.value);
    assert.equal(v.current, risk.value);
    assert.equal(v.before, risk.value);
    assert.equal(v.data.treatment.decision, 'reduce');
    await shot('reduce-saved');
  });

  step('accept: with a reason, waiting for an owner', async () => {
    const risk = chosen.accept;
    await openTreatment(risk);
    // Without a reason: refused, next to the field.
    const snapshot = dataSnapshot(server.dataDir);
    let response = await decide('accept', { justification: '' });
    assert.equal(response.status(), 422);
    assert.equal(await text(page.locator('#justification-error')), t('Say why the risk can be accepted.'));
    assert.equal(await page.locator('#justification').getAttribute('aria-invalid'), 'true');
    assert.equal(dataSnapshot(server.dataDir), snapshot, 'nothing saved');
    await shot('accept-without-reason');

    response = await decide('accept', { justification: JUSTIFICATION });
    assert.equal(response.status(), 200);
    assert.equal(pathOf(), `/o/${org}/risks/${risk.id}/treatment`);
    const v = await values(risk.id);
    assert.equal(v.data.treatment.decision, 'accept');
    assert.equal(v.data.treatment.justification, JUSTIFICATION);
    assert.equal(v.data.treatment.acceptance, 'proposed');
    assert.equal(await text(page.locator('#acceptance')), t("Waiting for an owner's sign-off"));
    assert.equal(await page.inputValue('#justification'), JUSTIFICATION);
    // Accepting keeps the value (METHOD.md §4).
    assert.equal(v.data.targeted.value, risk.value);
    assert.equal(v.targeted, risk.value);
    assert.equal(v.current, risk.value);
    await shot('accept-proposed');
  });

  step('avoid: the targeted risk is 0', async () => {
    const risk = chosen.avoid;
    await openTreatment(risk);
    const response = await decide('avoid');
    assert.equal(response.status(), 200);
    const v = await values(risk.id);
    assert.equal(v.data.treatment.decision, 'avoid');
    assert.equal(v.data.targeted.value, 0);
    assert.equal(v.targeted, 0);
    assert.equal(v.data.targeted.level, 'low');
    assert.equal(v.current, risk.value, 'until the activity stops, the risk is there');
    await shot('avoid-saved');
  });

  step('transfer: a party is required; the value stays, shared', async () => {
    const risk = chosen.transfer;
    await openTreatment(risk);
    const snapshot = dataSnapshot(server.dataDir);
    let response = await decide('transfer', { party: '' });
    assert.equal(response.status(), 422);
    assert.equal(await text(page.locator('#party-error')),
      t('Name the insurer or partner who takes the risk.'));
    assert.equal(await page.locator('#decision-transfer').isChecked(), true, 'the choice is kept');
    assert.equal(dataSnapshot(server.dataDir), snapshot, 'nothing saved');
    assert.equal((await json(`/o/${org}/risks/${risk.id}/treatment`)).treatment.decision, '');
    await shot('transfer-without-party');

    response = await decide('transfer', { party: PARTY });
    assert.equal(response.status(), 200);
    const v = await values(risk.id);
    assert.equal(v.data.treatment.decision, 'transfer');
    assert.equal(v.data.treatment.party, PARTY);
    assert.equal(v.data.treatment.shared, true);
    assert.equal(v.data.targeted.value, risk.value, 'transfer keeps the value');
    assert.equal(v.targeted, risk.value);
    assert.equal(await text(page.locator('#value-targeted small')), t('shared'));
    await shot('transfer-saved');
  });

  step('the editor cannot sign the acceptance off: no button, and the server refuses', async () => {
    const risk = chosen.accept;
    await page.goto(`${server.base}/o/${org}/risks/${risk.id}/treatment`);
    assert.equal(await page.locator('#sign').count(), 0, 'no sign-off button for an editor');
    assert.equal(await page.locator('#revoke').count(), 0);
    const csrf = await page.locator('#decide input[name=csrf]').inputValue();
    assert.ok(csrf, 'the page carries a CSRF token');
    const snapshot = dataSnapshot(server.dataDir);
    const r = await page.request.post(`${server.base}/o/${org}/risks/${risk.id}/treatment/sign`,
      { form: { csrf }, headers: { 'accept-language': ACCEPT_LANGUAGE }, maxRedirects: 0 });
    assert.equal(r.status(), 403);
    assert.equal(dataSnapshot(server.dataDir), snapshot, 'nothing signed');
    assert.equal((await json(`/o/${org}/risks/${risk.id}/treatment`)).treatment.acceptance, 'proposed');
    await shot('editor-no-sign');
  });

  step('the owner, in a second browser, signs the acceptance off', async () => {
    page = ownerPage;
    try {
      assert.equal(await logIn(OWNER), org);
      const risk = chosen.accept;
      await page.goto(`${server.base}/o/${org}/treatment`);
      const link = page.locator(`#plan-${risk.id} a[href="/o/${org}/risks/${risk.id}/treatment"]`);
      assert.equal(await text(link), risk.threatTitle);
      await clickAndLoad(link);
      assert.equal(await text(page.locator('#acceptance')), t("Waiting for an owner's sign-off"));
      const sign = page.locator('#sign');
      assert.equal(await text(sign), t('Sign off the acceptance'));
      await shot('owner-before-sign');
      const response = await clickAndLoad(sign);
      assert.equal(response.status(), 200);
      assert.equal(pathOf(), `/o/${org}/risks/${risk.id}/treatment`);
      const data = await json(`/o/${org}/risks/${risk.id}/treatment`);
      assert.equal(data.treatment.acceptance, 'accepted');
      assert.equal(data.treatment.accepted, true);
      // Who signed and when (METHOD.md §4: an approver with a date).
      const today = new Date().toISOString().slice(0, 10);
      assert.equal(data.treatment.signature, `${OWNER.name}, ${today}`);
      assert.equal(await text(page.locator('#acceptance')), `${t('Accepted')} (${OWNER.name}, ${today})`);
      assert.equal(await page.locator('#sign').count(), 0, 'signed once');
      assert.equal(await page.locator('#revoke').count(), 1, 'the owner can revoke it');
      await shot('owner-signed');
    } finally {
      page = editorPage;
    }
  });

  step('the editor marks the measure done on the action plan: the current risk drops', async () => {
    const risk = chosen.reduce;
    await page.goto(`${server.base}/o/${org}/risks/${risk.id}/treatment`);
    // The measure's status links to the action plan.
    const response = await clickAndLoad(page.locator(`#measure-${measure.id} a[href="/o/${org}/actions"]`));
    assert.equal(response.status(), 200);
    const plan = await json(`/o/${org}/actions`);
    const action = plan.actions.find((a) => a.id === measure.action);
    assert.ok(action, 'the measure is an action of the plan');
    assert.equal(action.title, measure.title);
    assert.equal(action.status, 'planned');
    const form = page.locator(`form:has(#status-${measure.action})`);
    await page.locator(`details.edit:has(#status-${measure.action}) > summary`).click();
    await page.selectOption(`#status-${measure.action}`, 'done');
    await shot('action-done-chosen');
    const saved = await clickAndLoad(form.getByRole('button', { name: t('Save'), exact: true }));
    assert.equal(saved.status(), 200);
    assert.equal((await json(`/o/${org}/actions`)).actions.find((a) => a.id === measure.action).status,
      'done');

    await page.goto(`${server.base}/o/${org}/risks/${risk.id}/treatment`);
    const v = await values(risk.id);
    const lowered = risk.impact * risk.likelihood * (risk.vuln - REDUCTION);
    assert.equal(v.data.current.value, lowered, 'METHOD.md §4: the done measure lowers the vulnerability');
    assert.equal(v.current, lowered);
    assert.ok(v.current < risk.value, 'the current risk dropped');
    assert.equal(v.before, risk.value, 'the assessed value stays');
    assert.equal(v.data.current_vulnerability, risk.vuln - REDUCTION);
    assert.equal(v.data.chosen[0].status, 'done');
    // The history lists the change.
    assert.equal(v.data.history.length, 1);
    const [h] = v.data.history;
    assert.equal(h.before, risk.vuln);
    assert.equal(h.after, risk.vuln - REDUCTION);
    assert.equal(h.action, measure.action);
    const items = page.locator('ul.history li');
    assert.equal(await items.count(), 1);
    assert.equal(await text(items.first()),
      tf('%s: vulnerability %s → %s', h.date, risk.vuln, risk.vuln - REDUCTION));
    await shot('reduce-current-dropped');
  });

  step('the treatment plan lists the four decisions', async () => {
    await page.goto(`${server.base}/o/${org}`);
    const response = await clickAndLoad(page.locator('nav.modules')
      .getByRole('link', { name: t('Treatment'), exact: true }));
    assert.equal(response.status(), 200);
    assert.equal(pathOf(), `/o/${org}/treatment`);
    const data = await json(`/o/${org}/treatment`);
    for (const decision of DECISIONS) {
      const risk = chosen[decision];
      const item = data.risks.find((r) => r.id === risk.id);
      assert.ok(item, `risk ${risk.id} (${decision}) on the plan`);
      assert.equal(item.decision, decision);
      const cells = (await page.locator(`#plan-${risk.id} td`).allTextContents()).map((c) => c.trim());
      assert.equal(await text(page.locator(`#plan-${risk.id} td:nth-child(2) a`)), risk.threatTitle);
      assert.equal(cells[1], risk.threatTitle + item.vulnerability, 'the threat, then the weakness');
      assert.ok(cells[3].startsWith(t(DECISION_LABELS[decision])), `${decision}: ${cells[3]}`);
      assert.equal(cells[2].split(/\s/)[0], String(item.now.value));
      assert.equal(cells[4].split(/\s/)[0], String(item.after.value));
    }
    assert.equal(data.risks.find((r) => r.id === chosen.accept.id).acceptance, t('Accepted'));
    assert.equal(data.risks.find((r) => r.id === chosen.avoid.id).after.value, 0);
    await shot('treatment-plan');
  });

  step('downloads the plan as PDF and the register as XLSX', async () => {
    const dir = tempDir('ravelin-treatment-files-');
    try {
      const pages = [`/o/${org}/treatment`, `/o/${org}/risks`];
      const pdf = await download(pages, `/o/${org}/treatment/plan.pdf`, path.join(dir, 'plan.pdf'));
      assert.equal(pdf.body.subarray(0, 5).toString('latin1'), '%PDF-');
      const pdfWords = pdfText(path.join(dir, 'plan.pdf')).replace(/\s+/g, ' ');
      for (const decision of DECISIONS)
        assert.ok(pdfWords.includes(chosen[decision].threatTitle),
          `the PDF names "${chosen[decision].threatTitle}" (${decision})`);
      for (const decision of DECISIONS)
        assert.ok(pdfWords.includes(t(DECISION_LABELS[decision])), `the PDF says ${decision} in German`);

      const xlsx = await download(pages, `/o/${org}/risks.xlsx`, path.join(dir, 'risks.xlsx'));
      assert.equal(xlsx.body.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004', 'a zip file');
      const sheet = xlsxText(path.join(dir, 'risks.xlsx'), dir);
      for (const decision of DECISIONS) {
        assert.ok(sheet.text.includes(t(DECISION_LABELS[decision])),
          `the workbook (${sheet.how}) holds the decision ${decision} in German`);
        assert.ok(sheet.text.includes(chosen[decision].threatTitle),
          `the workbook (${sheet.how}) names "${chosen[decision].threatTitle}"`);
      }
      if (sheet.how === 'libreoffice') {
        // One line per risk: the transferred one names its insurer.
        const line = sheet.text.split('\n').find((l) => l.includes(PARTY));
        assert.ok(line && line.includes(chosen.transfer.threatTitle), 'the insurer on the transferred risk');
      }
      console.log(`# PDF: ${pdf.via}; XLSX: ${xlsx.via}, read with ${sheet.how}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
