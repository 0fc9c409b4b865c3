// The first-day journey in a real browser (Debian's Chromium, headless),
// against a real ravelin server with a fresh data folder:
//
//   an office manager opens /, is sent to /setup, creates the first
//   organisation and the owner account, lands on the dashboard and opens
//   every module from the navigation; the same person, as IT partner,
//   creates a second organisation and switches between the two; invites an
//   editor and a viewer, who accept in browsers of their own; the viewer
//   reads the settings and is refused a change, the editor saves them.
//
// On every page the language switcher is used (nl, fr, de, back) and
// <html lang> and translated texts are checked against po/*.po as they
// are at test time. Each page is photographed into tests/out/journey/.
//
// run: node --test tests/browser/        (from the repository root)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { startServer } from '../lib/server.mjs';
import { launchOptions } from './browser.mjs';
import { LANGUAGES, shown, translation } from './catalogue.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.resolve(here, '../out/journey');

const MODULES = ['baseline', 'assets', 'risks', 'treatment', 'privacy', 'incidents',
  'plans', 'programme', 'reports'];
const MODULE_TITLES = {
  baseline: 'Baseline', assets: 'Assets', risks: 'Risks', treatment: 'Treatment',
  privacy: 'Privacy', incidents: 'Incidents', plans: 'Plans', programme: 'Programme',
  reports: 'Reports',
};
const LOCALES = { nl: 'nl-BE', fr: 'fr-BE', de: 'de-DE', en: 'en-GB' };
// Words that must differ from English in every other language; the test
// fails while one of them is untranslated (some module names, such as
// "Incidents" in French, are rightly the same as in English).
const MUST_TRANSLATE = ['Log in', 'Dashboard'];

const OWNER = { name: 'Olivia Office', email: 'olivia@bakkerij-peeters.test', password: 'a long owner passphrase' };
const EDITOR = { name: 'Eddy Editor', email: 'eddy@bakkerij-peeters.test', password: 'editor passphrase 42' };
const VIEWER = { name: 'Ava Auditor', email: 'ava@audit.test', password: 'auditor passphrase 7' };
const ORG1 = 'Bakkerij Peeters';
const ORG2 = 'Garage Dubois';

let server;
let browser;
const contexts = [];
let shotNumber = 0;

// Steps depend on each other: once one fails, the rest are skipped rather
// than failing for the same reason. A check() is a step whose failure does
// not stop the journey.
let broken = null;
function step(name, fn, { independent = false } = {}) {
  it(name, async (t) => {
    if (broken) return t.skip(`an earlier step failed: ${broken}`);
    try {
      await fn(t);
    } catch (e) {
      if (!independent) broken = name;
      throw e;
    }
  });
}
const check = (name, fn) => step(name, fn, { independent: true });

async function newPage(locale = 'en-GB') {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(10000);
  contexts.push(context);
  return context.newPage();
}

async function shot(page, name) {
  shotNumber += 1;
  const file = path.join(OUT, `${String(shotNumber).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const htmlLang = (page) => page.locator('html').getAttribute('lang');
const pathOf = (page) => new URL(page.url()).pathname;

// Clicks something that loads a page; resolves to the final response
// (after any redirects) once the page has loaded.
async function clickAndLoad(page, locator) {
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    locator.click(),
  ]);
  return response;
}

async function goto(page, url) {
  const response = await page.goto(server.base + url);
  return response;
}

// Everything the checks below look at, in one round trip to the browser.
function facts(page) {
  return page.evaluate(() => {
    const all = (sel) => [...document.querySelectorAll(sel)];
    const text = (el) => (el ? el.textContent.trim() : null);
    const current = document.querySelector('header form.languages button[aria-current=true]');
    return {
      lang: document.documentElement.getAttribute('lang'),
      buttons: all('header form.languages button[name=lang]').map(text),
      current: current ? current.value : null,
      main: all('main#main').length,
      h1: all('main h1').length,
      loginButton: text(document.querySelector('form[action="/login"] button[type=submit]')),
      nav: all('nav.modules a').map(text),
    };
  });
}

// What every page of the application has: the layout, the language form
// with its four buttons (the current one marked), a main region, one h1;
// and the translated texts it must show, as the catalogue has them.
async function checkPage(page, lang) {
  const f = await facts(page);
  const where = page.url();
  assert.equal(f.lang, lang, `html lang on ${where}`);
  assert.deepEqual(f.buttons, ['Nederlands', 'Français', 'Deutsch', 'English'], `switcher on ${where}`);
  assert.equal(f.current, lang, `the current language is marked on ${where}`);
  assert.equal(f.main, 1, `main on ${where}`);
  assert.equal(f.h1, 1, `one h1 on ${where}`);
  const rebuild = `(po/${lang}.po; rebuild if the catalogue changed)`;
  if (f.loginButton !== null)
    assert.equal(f.loginButton, shown(lang, 'Log in'), `login button in ${lang} ${rebuild}`);
  if (f.nav.length) {
    const expected = [shown(lang, 'Dashboard'), ...MODULES.map((m) => shown(lang, MODULE_TITLES[m]))];
    assert.deepEqual(f.nav, expected, `navigation in ${lang} on ${where} ${rebuild}`);
  }
  return f;
}

// Uses the switcher to go through the other three languages and back to
// the page's own; each time the same page comes back in that language.
async function switchLanguages(page) {
  const start = await htmlLang(page);
  const where = pathOf(page);
  const i = LANGUAGES.indexOf(start);
  assert.ok(i >= 0, `page language ${start} is one of ${LANGUAGES}`);
  const order = [...LANGUAGES.slice(i + 1), ...LANGUAGES.slice(0, i + 1)];
  for (const lang of order) {
    const response = await clickAndLoad(page, page.locator(`header form.languages button[value=${lang}]`));
    assert.equal(response.status(), 200, `after switching to ${lang} on ${where}`);
    assert.equal(pathOf(page), where, 'the switcher comes back to the same page');
    await checkPage(page, lang);
  }
}

// A visited page: checked, photographed, switched through the languages.
async function visit(page, name, lang = 'en') {
  await checkPage(page, lang);
  await shot(page, name);
  await switchLanguages(page);
}

before(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  for (const f of fs.readdirSync(OUT)) if (f.endsWith('.png')) fs.rmSync(path.join(OUT, f));
  server = await startServer();
  browser = await chromium.launch(launchOptions());
});

after(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  if (browser) await browser.close();
  if (server) {
    await server.stop();
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  }
});

describe('the catalogues', () => {
  for (const lang of ['nl', 'fr', 'de']) {
    it(`${lang}: ${MUST_TRANSLATE.join(', ')} are translated`, () => {
      for (const id of MUST_TRANSLATE) {
        const str = translation(lang, id);
        assert.notEqual(str, undefined, `"${id}" missing from po/${lang}.po`);
        assert.notEqual(str, '', `"${id}" untranslated in po/${lang}.po`);
        assert.notEqual(str, id, `"${id}" in po/${lang}.po is still the English text`);
      }
    });
  }
});

describe('first-day journey', () => {
  let owner;      // the office manager's (and later IT partner's) page
  let org1;       // ids, from the URLs
  let org2;
  let editorLink;
  let viewerLink;
  let editor;
  let viewer;

  step('the office manager opens / and is sent to /setup', async () => {
    owner = await newPage('en-GB');
    const response = await goto(owner, '/');
    assert.equal(response.status(), 200);
    assert.equal(pathOf(owner), '/setup');
    for (const id of ['org_name', 'name', 'email', 'password', 'password_confirm'])
      assert.equal(await owner.locator(`form[action="/setup"] #${id}`).count(), 1, `#${id}`);
    await visit(owner, 'setup');
  });

  step('a too short password is refused and the form kept', async () => {
    await owner.fill('#org_name', ORG1);
    await owner.fill('#name', OWNER.name);
    await owner.fill('#email', OWNER.email);
    await owner.fill('#password', 'short');
    await owner.fill('#password_confirm', 'short');
    const response = await clickAndLoad(owner, owner.locator('form[action="/setup"] button[type=submit]'));
    assert.equal(response.status(), 422);
    assert.equal(await owner.locator('#password[aria-invalid=true]').count(), 1);
    assert.equal(await owner.inputValue('#org_name'), ORG1);
    assert.equal(await owner.inputValue('#email'), OWNER.email);
    await shot(owner, 'setup-error');
  });

  step('creates the first organisation and the owner account, lands on the dashboard', async () => {
    await owner.fill('#password', OWNER.password);
    await owner.fill('#password_confirm', OWNER.password);
    const response = await clickAndLoad(owner, owner.locator('form[action="/setup"] button[type=submit]'));
    assert.equal(response.status(), 200);
    const m = pathOf(owner).match(/^\/o\/(\d+)$/);
    assert.ok(m, `dashboard address, got ${pathOf(owner)}`);
    org1 = m[1];
    assert.equal((await owner.locator('main h1').textContent()).trim(), ORG1);
    assert.equal((await owner.locator('header a.profile').textContent()).trim(), OWNER.name);
    assert.equal(await owner.title(), `${ORG1} · Ravelin`);
    await visit(owner, 'dashboard');
  });

  step('set-up is closed once done', async () => {
    const page = await newPage('en-GB');
    const response = await goto(page, '/setup');
    assert.equal(response.status(), 404);
    const home = await goto(page, '/');
    assert.equal(home.status(), 200);
    assert.equal(pathOf(page), '/login', 'a visitor is sent to the login page');
    await page.context().close();
  });

  step('the navigation shows the dashboard and all nine modules; each opens', async () => {
    await goto(owner, `/o/${org1}`);
    const hrefs = await owner.locator('nav.modules a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(hrefs, [`/o/${org1}`, ...MODULES.map((m) => `/o/${org1}/${m}`)]);
    assert.equal(await owner.locator('nav.modules a[aria-current=page]').getAttribute('href'), `/o/${org1}`);
    // the dashboard's cards lead to the same nine modules, in order
    const cards = await owner.locator('main ol.cards li.card h2 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(cards, MODULES.map((m) => `/o/${org1}/${m}`));
    for (const [i, m] of MODULES.entries()) {
      const response = await clickAndLoad(owner, owner.locator(`nav.modules a[href="/o/${org1}/${m}"]`));
      assert.equal(response.status(), 200, `module ${m}`);
      assert.equal(pathOf(owner), `/o/${org1}/${m}`);
      assert.equal((await owner.locator('main h1').textContent()).trim(), shown('en', MODULE_TITLES[m]));
      assert.equal(await owner.locator('nav.modules a[aria-current=page]').getAttribute('href'), `/o/${org1}/${m}`);
      assert.match(await owner.locator('main .step-label').textContent(), new RegExp(`\\b${i + 1}\\b`));
      await visit(owner, `module-${m}`);
    }
    const back = await clickAndLoad(owner, owner.locator(`main a[href="/o/${org1}"]`));
    assert.equal(back.status(), 200);
    assert.equal(pathOf(owner), `/o/${org1}`);
  });

  step('an unknown module is a 404 page in the layout', async () => {
    const response = await goto(owner, `/o/${org1}/nonsense`);
    assert.equal(response.status(), 404);
    await checkPage(owner, 'en');
  });

  step('the profile and the organisation pages switch languages too', async () => {
    for (const [url, name] of [['/profile', 'profile'], [`/o/${org1}/settings`, 'settings-owner'],
      [`/o/${org1}/members`, 'members-owner'], [`/o/${org1}/audit`, 'audit'], ['/orgs', 'orgs']]) {
      const response = await goto(owner, url);
      assert.equal(response.status(), 200, url);
      await visit(owner, name);
    }
  });

  step('the IT partner creates a second organisation via /orgs', async () => {
    await goto(owner, '/orgs');
    assert.equal(await owner.locator('main table.list tbody tr').count(), 1);
    await owner.fill('form[action="/orgs"] #name', ORG2);
    const response = await clickAndLoad(owner, owner.locator('form[action="/orgs"] button[type=submit]'));
    assert.equal(response.status(), 200);
    const m = pathOf(owner).match(/^\/o\/(\d+)$/);
    assert.ok(m, `dashboard of the new organisation, got ${pathOf(owner)}`);
    org2 = m[1];
    assert.notEqual(org2, org1);
    assert.equal((await owner.locator('main h1').textContent()).trim(), ORG2);
    await visit(owner, 'dashboard-org2');

    await goto(owner, '/orgs');
    const names = (await owner.locator('main table.list tbody tr td:first-child a').allTextContents()).map((s) => s.trim());
    assert.deepEqual(names.sort(), [ORG1, ORG2].sort());
    // with two organisations, / asks which one
    await goto(owner, '/');
    assert.equal(pathOf(owner), '/orgs');
  });

  step('a second organisation with the same name is refused', async () => {
    await goto(owner, '/orgs');
    await owner.fill('form[action="/orgs"] #name', ORG1);
    const response = await clickAndLoad(owner, owner.locator('form[action="/orgs"] button[type=submit]'));
    assert.equal(response.status(), 422);
    assert.equal(await owner.locator('#name[aria-invalid=true]').count(), 1);
    assert.equal(await owner.locator('main table.list tbody tr').count(), 2);
  });

  step('switches between the two with the organisation switcher', async () => {
    await goto(owner, `/o/${org2}`);
    const switcher = owner.locator('header details.switcher');
    assert.match(await switcher.locator('summary').textContent(), new RegExp(ORG2));
    assert.equal(await switcher.getAttribute('open'), null, 'closed at first');
    await switcher.locator('summary').click();
    assert.notEqual(await switcher.getAttribute('open'), null, 'opens on a click');
    const items = switcher.locator('ul a');
    const texts = (await items.allTextContents()).map((s) => s.trim());
    assert.ok(texts.includes(ORG1) && texts.includes(ORG2) && texts.includes('All organisations'), texts.join('|'));
    assert.equal(await switcher.locator('a[aria-current=true]').textContent(), ORG2);
    await shot(owner, 'switcher-open');

    let response = await clickAndLoad(owner, switcher.locator(`a[href="/o/${org1}"]`));
    assert.equal(response.status(), 200);
    assert.equal(pathOf(owner), `/o/${org1}`);
    assert.equal((await owner.locator('main h1').textContent()).trim(), ORG1);
    assert.match(await owner.locator('header details.switcher summary').textContent(), new RegExp(ORG1));
    assert.equal(await owner.locator('header details.switcher a[aria-current=true]').textContent(), ORG1);
    // the navigation follows the organisation
    assert.equal(await owner.locator('nav.modules a').first().getAttribute('href'), `/o/${org1}`);

    await owner.locator('header details.switcher summary').click();
    response = await clickAndLoad(owner, owner.locator(`header details.switcher a[href="/o/${org2}"]`));
    assert.equal(pathOf(owner), `/o/${org2}`);
    assert.equal((await owner.locator('main h1').textContent()).trim(), ORG2);

    await owner.locator('header details.switcher summary').click();
    response = await clickAndLoad(owner, owner.locator('header details.switcher li.all a'));
    assert.equal(pathOf(owner), '/orgs');
  });

  async function invite(email, role) {
    await goto(owner, `/o/${org1}/members`);
    await owner.fill('form[action$="/members/invite"] #email', email);
    await owner.selectOption('form[action$="/members/invite"] #role', role);
    const response = await clickAndLoad(owner, owner.locator('form[action$="/members/invite"] button[type=submit]'));
    assert.equal(response.status(), 201);
    const copy = owner.locator('main input.copy');
    assert.equal(await copy.count(), 1, 'the invitation link is shown');
    assert.notEqual(await copy.getAttribute('readonly'), null);
    const link = await copy.inputValue();
    assert.match(link, /^\/invite\/[0-9a-f]{64}$/);
    assert.match(await owner.locator('main .alert.ok').textContent(), new RegExp(escapeRe(email)));
    assert.equal(await owner.inputValue('form[action$="/members/invite"] #email'), '', 'the form is empty again');
    return link;
  }

  step('invites a colleague as editor and an auditor as viewer', async () => {
    editorLink = await invite(EDITOR.email, 'editor');
    await shot(owner, 'invite-editor');
    viewerLink = await invite(VIEWER.email, 'viewer');
    assert.notEqual(editorLink, viewerLink);
    const open = (await owner.locator('main table.list').last().locator('tbody tr td:first-child').allTextContents()).map((s) => s.trim());
    assert.deepEqual(open.sort(), [EDITOR.email, VIEWER.email].sort());
    await shot(owner, 'invite-viewer');
    await goto(owner, `/o/${org1}/members`);
    await visit(owner, 'members-invited');
  });

  // The switcher sends back to the address of the page it is on; a page
  // that answered a POST (a form shown again with its errors, the link of
  // a new invitation) has an address that only takes POSTs.
  check('the switcher on a page that answered a form comes back to a page that exists', async () => {
    await goto(owner, `/o/${org1}/members`);
    await owner.fill('form[action$="/members/invite"] #email', 'not an address');
    let response = await clickAndLoad(owner, owner.locator('form[action$="/members/invite"] button[type=submit]'));
    assert.equal(response.status(), 422);
    assert.equal(await owner.locator('#email[aria-invalid=true]').count(), 1);
    const before = pathOf(owner);
    response = await clickAndLoad(owner, owner.locator('header form.languages button[value=nl]'));
    const after = pathOf(owner);
    await shot(owner, 'switcher-after-post');
    // put the owner back into English whatever happened
    await goto(owner, `/o/${org1}/members`);
    if (await htmlLang(owner) !== 'en')
      await clickAndLoad(owner, owner.locator('header form.languages button[value=en]'));
    assert.equal(response.status(), 200,
      `POST /lang with next=${before} (the page's own address) sent the browser to GET ${after}`);
  });

  async function accept(page, link, person, lang) {
    let response = await page.goto(server.base + link);
    assert.equal(response.status(), 200);
    assert.equal(await htmlLang(page), lang, 'the browser\'s language is used');
    assert.match(await page.locator('main h1').textContent(), new RegExp(ORG1));
    assert.match(await page.locator('main p.lead').textContent(), new RegExp(escapeRe(person.email)));
    await visit(page, `accept-${person.name.split(' ')[1].toLowerCase()}`, lang);
    await page.fill('#name', person.name);
    await page.fill('#password', person.password);
    await page.fill('#password_confirm', person.password);
    response = await clickAndLoad(page, page.locator(`form[action="${link}"] button[type=submit]`));
    assert.equal(response.status(), 200);
    assert.equal(pathOf(page), `/o/${org1}`, 'lands in the organisation');
    assert.equal((await page.locator('main h1').textContent()).trim(), ORG1);
    assert.equal((await page.locator('header a.profile').textContent()).trim(), person.name);
    assert.equal(await htmlLang(page), lang);
    // strict separation: only the organisation invited to
    const orgs = (await page.locator('header details.switcher ul a').allTextContents()).map((s) => s.trim());
    assert.ok(orgs.includes(ORG1) && !orgs.includes(ORG2), orgs.join('|'));
    response = await page.goto(server.base + `/o/${org2}`);
    assert.equal(response.status(), 404, 'another customer\'s organisation stays hidden');
    response = await page.goto(server.base + `/o/${org1}`);
    assert.equal(response.status(), 200);
  }

  step('the colleague accepts in a browser of their own (Dutch) and lands in the organisation', async () => {
    editor = await newPage(LOCALES.nl);
    await accept(editor, editorLink, EDITOR, 'nl');
    await visit(editor, 'dashboard-editor', 'nl');
  });

  step('the auditor accepts in another browser (German) and lands in the organisation', async () => {
    viewer = await newPage(LOCALES.de);
    await accept(viewer, viewerLink, VIEWER, 'de');
    await visit(viewer, 'dashboard-viewer', 'de');
  });

  step('an invitation link works only once', async () => {
    const page = await newPage('en-GB');
    const response = await page.goto(server.base + editorLink);
    assert.equal(response.status(), 404);
    await page.context().close();
  });

  step('the owner sees both as members with their roles', async () => {
    await goto(owner, `/o/${org1}/members`);
    const rows = owner.locator('main table.list').first().locator('tbody tr');
    assert.equal(await rows.count(), 3);
    const roleOf = async (email) => {
      const row = rows.filter({ hasText: email });
      return row.locator('select[name=role]').inputValue();
    };
    assert.equal(await roleOf(OWNER.email), 'owner');
    assert.equal(await roleOf(EDITOR.email), 'editor');
    assert.equal(await roleOf(VIEWER.email), 'viewer');
    assert.equal(await owner.locator('main table.list').last().locator('tbody td[colspan]').count(), 1,
      'no open invitations left');
    await shot(owner, 'members-after');
  });

  step('the viewer sees the settings read-only and gets 403 when posting', async () => {
    let response = await viewer.goto(server.base + `/o/${org1}/settings`);
    assert.equal(response.status(), 200);
    assert.equal(await viewer.locator(`form[action="/o/${org1}/settings"]`).count(), 0, 'no form');
    assert.equal(await viewer.locator('main input, main textarea').count(), 0, 'no fields');
    assert.equal(await viewer.locator('main dl.facts').count(), 1);
    assert.match(await viewer.locator('main dl.facts dd').first().textContent(), new RegExp(ORG1));
    await visit(viewer, 'settings-viewer', 'de');

    // A hand-made post with the viewer's valid session and CSRF token.
    const csrf = await viewer.locator('header form.languages input[name=csrf]').inputValue();
    response = await viewer.context().request.post(server.base + `/o/${org1}/settings`, {
      form: { csrf, name: 'Taken over', address: '', contact: '', sector: '', staff: '1' },
      maxRedirects: 0,
    });
    assert.equal(response.status(), 403, 'the viewer may not change the settings');
    response = await viewer.context().request.post(server.base + `/o/${org1}/members/invite`, {
      form: { csrf, email: 'friend@audit.test', role: 'owner' },
      maxRedirects: 0,
    });
    assert.equal(response.status(), 403, 'the viewer may not invite');
    await viewer.reload();
    assert.match(await viewer.locator('main dl.facts dd').first().textContent(), new RegExp(ORG1), 'unchanged');

    // The members page: the list, without the owner's controls.
    response = await viewer.goto(server.base + `/o/${org1}/members`);
    assert.equal(response.status(), 200);
    assert.equal(await viewer.locator('main form').count(), 0);
    assert.equal(await viewer.locator('main input.copy').count(), 0);
    await shot(viewer, 'members-viewer');
    response = await viewer.goto(server.base + `/o/${org1}/audit`);
    assert.equal(response.status(), 403, 'the audit log is for owners');
  });

  step('the editor saves the organisation profile', async () => {
    let response = await editor.goto(server.base + `/o/${org1}/settings`);
    assert.equal(response.status(), 200);
    const form = editor.locator(`form[action="/o/${org1}/settings"]`);
    assert.equal(await form.count(), 1);
    assert.equal(await editor.inputValue('#name'), ORG1);
    await editor.fill('#address', 'Kerkstraat 1\n2000 Antwerpen');
    await editor.fill('#contact', 'info@bakkerij-peeters.test');
    await editor.fill('#sector', 'Bakery');
    await editor.fill('#staff', '12');
    response = await clickAndLoad(editor, form.locator('button[type=submit]'));
    assert.equal(response.status(), 200);
    assert.equal(pathOf(editor), `/o/${org1}/settings`);
    assert.equal(new URL(editor.url()).search, '?saved=1');
    assert.equal(await editor.locator('main .alert.ok').count(), 1, 'says it was saved');
    assert.equal(await editor.inputValue('#address'), 'Kerkstraat 1\n2000 Antwerpen');
    assert.equal(await editor.inputValue('#contact'), 'info@bakkerij-peeters.test');
    assert.equal(await editor.inputValue('#sector'), 'Bakery');
    assert.equal(await editor.inputValue('#staff'), '12');
    await visit(editor, 'settings-editor', 'nl');

    // The viewer reads what the editor wrote.
    await viewer.goto(server.base + `/o/${org1}/settings`);
    const facts = (await viewer.locator('main dl.facts dd').allTextContents()).map((s) => s.trim());
    assert.ok(facts.includes('Bakery') && facts.includes('12'), facts.join('|'));

    // The editor does not manage members.
    await editor.goto(server.base + `/o/${org1}/members`);
    assert.equal(await editor.locator('form[action$="/members/invite"]').count(), 0);
  });

  step('the audit log shows the changes', async () => {
    await goto(owner, `/o/${org1}/audit`);
    const actions = await owner.locator('main table.list tbody td code').allTextContents();
    assert.ok(actions.length > 0);
    await shot(owner, 'audit-after');
  });

  describe('the login page and the dashboard in four languages', () => {
    for (const lang of LANGUAGES) {
      step(`${lang}: login page by the browser's language, dashboard after logging in`, async () => {
        const page = await newPage(LOCALES[lang]);
        let response = await page.goto(server.base + '/login');
        assert.equal(response.status(), 200);
        await checkPage(page, lang);
        assert.equal((await page.locator('main h1').textContent()).trim(), shown(lang, 'Log in'));
        for (const id of ['email', 'password'])
          assert.equal(await page.locator(`form[action="/login"] #${id}`).count(), 1);
        if (lang !== 'en')
          assert.notEqual((await page.locator('form[action="/login"] button').textContent()).trim(), 'Log in',
            `the login button is translated into ${lang}`);
        await shot(page, `login-${lang}`);

        // The owner last chose English with the switcher; that choice is
        // kept with the account, so the switcher picks the language here.
        await page.fill('#email', OWNER.email);
        await page.fill('#password', OWNER.password);
        response = await clickAndLoad(page, page.locator('form[action="/login"] button[type=submit]'));
        assert.equal(response.status(), 200);
        assert.equal(pathOf(page), '/orgs', 'two organisations: choose one');
        await goto(page, `/o/${org1}`);
        if (await htmlLang(page) !== lang)
          await clickAndLoad(page, page.locator(`header form.languages button[value=${lang}]`));
        await checkPage(page, lang);
        assert.equal((await page.locator('main h1').textContent()).trim(), ORG1);
        assert.equal(await page.locator('nav.modules a').count(), 10);
        assert.equal(await page.locator('main ol.cards li.card').count(), 9);
        if (lang !== 'en')
          assert.notEqual((await page.locator('nav.modules a').first().textContent()).trim(), 'Dashboard',
            `the navigation is translated into ${lang}`);
        await shot(page, `dashboard-${lang}`);
        // back to English for the next round, and log out
        if (lang !== 'en')
          await clickAndLoad(page, page.locator('header form.languages button[value=en]'));
        response = await clickAndLoad(page, page.locator('header form[action="/logout"] button'));
        assert.equal(pathOf(page), '/login');
        await page.context().close();
      });
    }
  });

  step('the server logged no template or handler errors', async () => {
    assert.doesNotMatch(server.stderr(), /template .* failed|gave no answer/);
  });
});
