// Development aid: logs in and takes full-page screenshots of the given
// paths, in the given language, so pages can be looked at as pictures.
// usage: node tests/browser/shoot.mjs BASE EMAIL PASSWORD LANG OUTDIR PATH...
import { chromium } from 'playwright-core';
import { launchOptions } from './browser.mjs';

const [base, email, password, lang, outdir, ...paths] = process.argv.slice(2);
const browser = await chromium.launch(launchOptions());
const page = await browser.newPage({ locale: lang, viewport: { width: 1280, height: 800 } });
await page.goto(base + '/login');
if (email !== '-') {
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click('form.stacked button[type=submit]');
}
for (const p of paths) {
  await page.goto(base + p);
  const name = (p.replace(/[^a-z0-9]+/gi, '_') || 'root') + '.' + lang + '.png';
  await page.screenshot({ path: `${outdir}/${name}`, fullPage: true });
  console.log(`${outdir}/${name}`);
}
await browser.close();
