// The life of an installation through its web pages and its JSON
// interface, from the first-run set-up to API tokens: what an office
// manager and an IT partner actually do, in order. Each test builds on
// the previous ones (one server, one data folder for the whole file).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';

const PASSWORD = 'a sentence I can remember';
const NEW_PASSWORD = 'another sentence, longer';

let srv;
let anna;            // the owner who set the installation up (HTML client)
let annaJson;        // the same session, asking for JSON
const org = {};      // ids of the two organisations
const people = {};   // logged-in clients of the invited colleagues

function jsonOf(client) {
  const j = new Client(client.base, { json: true });
  j.cookies = client.cookies;
  j.csrf = client.csrf;
  return j;
}

// The members of an organisation as {email: role}, seen by client.
async function roles(client, orgId) {
  const r = await jsonOf(client).get(`/o/${orgId}/members`);
  assert.equal(r.status, 200);
  return Object.fromEntries(r.data.members.map((m) => [m.email, m.role]));
}

// Creates an invitation and returns the link shown (once) to the owner.
async function inviteLink(owner, orgId, email, role) {
  await owner.get(`/o/${orgId}/members`);
  const r = await owner.post(`/o/${orgId}/members/invite`, { email, role });
  assert.equal(r.status, 201, `invitation of ${email}`);
  const m = r.text.match(/value="(\/invite\/[0-9a-f]{64})"/);
  assert.ok(m, 'the page shows the invitation link');
  return m[1];
}

before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

test('a new installation sends every visitor to the set-up', async () => {
  const c = new Client(srv.base);
  let r = await c.get('/');
  assert.equal(r.status, 303);
  assert.equal(r.location, '/setup');
  r = await c.get('/setup');
  assert.equal(r.status, 200);
  assert.match(r.text, /name="org_name"/);
});

test('set-up refuses bad input and shows the form again', async () => {
  const c = new Client(srv.base);
  await c.get('/setup');
  let r = await c.post('/setup', { org_name: 'Bakkerij Peeters', name: 'Anna Peeters',
    email: 'anna@bakkerij.test', password: PASSWORD, password_confirm: 'something else!' });
  assert.equal(r.status, 422);
  assert.match(r.text, /id="password_confirm-error"/);
  assert.match(r.text, /value="Bakkerij Peeters"/, 'what was typed is kept');
  assert.doesNotMatch(r.text, new RegExp(PASSWORD), 'a password is never sent back');

  r = await c.post('/setup', { org_name: 'Bakkerij Peeters', name: 'Anna Peeters',
    email: 'anna@bakkerij.test', password: 'short', password_confirm: 'short' });
  assert.equal(r.status, 422);
  assert.match(r.text, /id="password-error"/);

  r = await c.post('/setup', { org_name: '', name: 'Anna Peeters', email: 'not an address',
    password: PASSWORD, password_confirm: PASSWORD });
  assert.equal(r.status, 422);
  assert.match(r.text, /id="org_name-error"/);
  assert.match(r.text, /id="email-error"/);
  assert.equal((await c.get('/setup')).status, 200, 'nothing was created');
});

test('set-up creates the organisation and its owner, and logs in', async () => {
  anna = new Client(srv.base);
  await anna.get('/setup');
  const r = await anna.post('/setup', { org_name: 'Bakkerij Peeters', name: 'Anna Peeters',
    email: 'Anna@Bakkerij.test', password: PASSWORD, password_confirm: PASSWORD });
  assert.equal(r.status, 303);
  const m = r.location.match(/^\/o\/(\d+)$/);
  assert.ok(m, `goes to the new organisation, not ${r.location}`);
  org.bakery = Number(m[1]);
  assert.match(anna.cookies.get('ravelin_session') || '', /^[0-9a-f]{64}$/);
  const cookie = r.headers.getSetCookie().find((l) => l.startsWith('ravelin_session='));
  assert.match(cookie, /HttpOnly/i);
  assert.match(cookie, /SameSite=(Lax|Strict)/i);

  const dash = await anna.get(r.location);
  assert.equal(dash.status, 200);
  assert.match(dash.text, /Bakkerij Peeters/);
  annaJson = jsonOf(anna);
  assert.deepEqual(await roles(anna, org.bakery), { 'anna@bakkerij.test': 'owner' },
    'the address is stored in lower case');

  assert.equal((await new Client(srv.base).get('/setup')).status, 404, 'set-up is closed now');
  const again = new Client(srv.base);
  await again.get('/login');
  const second = await again.post('/setup', { org_name: 'Other', name: 'Mallory',
    email: 'mallory@evil.test', password: PASSWORD, password_confirm: PASSWORD });
  assert.equal(second.status, 404, 'a second set-up is refused');
  assert.equal((await new Client(srv.base).get('/')).location, '/login');
});

test('the owner logs in again with the address in any case', async () => {
  const c = new Client(srv.base);
  await c.login('ANNA@bakkerij.test', PASSWORD);
  assert.equal((await c.get(`/o/${org.bakery}`)).status, 200);
});

test('a second organisation is created and the user switches between them', async () => {
  await anna.get('/orgs');
  let r = await anna.post('/orgs', { name: 'Garage Janssens' });
  assert.equal(r.status, 303);
  org.garage = Number(r.location.match(/^\/o\/(\d+)$/)[1]);
  assert.notEqual(org.garage, org.bakery);

  r = await anna.post('/orgs', { name: 'Garage Janssens' });
  assert.equal(r.status, 422, 'names are unique');
  assert.match(r.text, /id="name-error"/);

  r = await annaJson.get('/orgs');
  assert.deepEqual(r.data.orgs.map((o) => [o.name, o.role]).sort(),
    [['Bakkerij Peeters', 'owner'], ['Garage Janssens', 'owner']]);

  r = await anna.get('/');
  assert.equal(r.status, 303);
  assert.equal(r.location, '/orgs', 'with two organisations, the list comes first');

  // The switcher in the header marks the organisation shown.
  for (const [id, name] of [[org.garage, 'Garage Janssens'], [org.bakery, 'Bakkerij Peeters']]) {
    const page = await anna.get(`/o/${id}`);
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`<title>${name} · Ravelin</title>`));
    assert.match(page.text, new RegExp(`href="/o/${id}" aria-current="true"`));
  }
});

test('a colleague invited as editor accepts the link in a fresh browser', async () => {
  const link = await inviteLink(anna, org.bakery, 'tom@bakkerij.test', 'editor');
  const tom = new Client(srv.base);
  let r = await tom.get(link);
  assert.equal(r.status, 200);
  assert.match(r.text, /Bakkerij Peeters/);
  assert.match(r.text, /tom@bakkerij\.test/);

  r = await tom.post(link, { name: '', password: PASSWORD, password_confirm: PASSWORD });
  assert.equal(r.status, 422, 'a new account needs a name');
  r = await tom.post(link, { name: 'Tom', password: PASSWORD, password_confirm: 'different one!!' });
  assert.equal(r.status, 422);

  r = await tom.post(link, { name: 'Tom Claes', password: PASSWORD, password_confirm: PASSWORD });
  assert.equal(r.status, 303);
  assert.equal(r.location, `/o/${org.bakery}`);
  assert.equal((await tom.get(r.location)).status, 200, 'the colleague is logged in');
  people.tom = tom;
  assert.equal((await roles(anna, org.bakery))['tom@bakkerij.test'], 'editor');

  const reuse = new Client(srv.base);
  await reuse.get('/login');
  r = await reuse.post(link, { name: 'Someone', password: PASSWORD, password_confirm: PASSWORD });
  assert.equal(r.status, 404, 'a link works once');
  assert.equal((await reuse.get(link)).status, 404);
});

test('an auditor invited as viewer can read but not change', async () => {
  const link = await inviteLink(anna, org.bakery, 'ines@audit.test', 'viewer');
  const ines = new Client(srv.base);
  await ines.get(link);
  const r = await ines.post(link, { name: 'Ines Audit', password: PASSWORD,
                                    password_confirm: PASSWORD });
  assert.equal(r.status, 303);
  people.ines = ines;
  assert.equal((await roles(anna, org.bakery))['ines@audit.test'], 'viewer');
  const settings = await ines.get(`/o/${org.bakery}/settings`);
  assert.equal(settings.status, 200);
  assert.doesNotMatch(settings.text, /<form method="post" action="\/o\/\d+\/settings"/,
    'a viewer gets no form');
  const save = await ines.post(`/o/${org.bakery}/settings`, { name: 'Changed by a viewer' });
  assert.equal(save.status, 403);
  assert.equal((await ines.get(`/o/${org.bakery}/audit`)).status, 403, 'the log is for owners');
  assert.equal((await ines.get(`/o/${org.garage}`)).status, 404, 'other organisations are invisible');
});

test('an existing user accepts an invitation with her own password', async () => {
  const link = await inviteLink(anna, org.garage, 'INES@audit.test', 'viewer');
  const c = new Client(srv.base);
  let r = await c.get(link);
  assert.equal(r.status, 200);
  assert.doesNotMatch(r.text, /name="password_confirm"/, 'no new password is asked');
  r = await c.post(link, { password: 'not her password' });
  assert.equal(r.status, 422);
  r = await c.post(link, { password: PASSWORD });
  assert.equal(r.status, 303);
  assert.equal(r.location, `/o/${org.garage}`);
  assert.equal((await roles(anna, org.garage))['ines@audit.test'], 'viewer');
});

test('an open invitation can be withdrawn', async () => {
  const link = await inviteLink(anna, org.bakery, 'nobody@elsewhere.test', 'owner');
  const page = await annaJson.get(`/o/${org.bakery}/members`);
  const open = page.data.invites.find((i) => i.email === 'nobody@elsewhere.test');
  assert.ok(open, 'the invitation is listed');
  const r = await anna.post(`/o/${org.bakery}/invites/${open.id}/revoke`);
  assert.equal(r.status, 303);
  assert.equal((await new Client(srv.base).get(link)).status, 404);
  const after = await annaJson.get(`/o/${org.bakery}/members`);
  assert.equal(after.data.invites.some((i) => i.id === open.id), false);
});

test('the owner changes a role, and the new role counts at once', async () => {
  let r = await anna.post(`/o/${org.bakery}/members/${await userId('ines@audit.test')}/role`,
    { role: 'editor' });
  assert.equal(r.status, 303);
  assert.equal((await roles(anna, org.bakery))['ines@audit.test'], 'editor');
  await people.ines.get(`/o/${org.bakery}/settings`);
  r = await people.ines.post(`/o/${org.bakery}/settings`, { name: 'Bakkerij Peeters', staff: '4' });
  assert.equal(r.status, 303, 'an editor may save');

  r = await anna.post(`/o/${org.bakery}/members/${await userId('ines@audit.test')}/role`,
    { role: 'viewer' });
  assert.equal(r.status, 303);
  r = await people.ines.post(`/o/${org.bakery}/settings`, { name: 'Bakkerij Peeters', staff: '5' });
  assert.equal(r.status, 403, 'a viewer again');

  r = await anna.post(`/o/${org.bakery}/members/${await userId('ines@audit.test')}/role`,
    { role: 'boss' });
  assert.equal(r.status, 400, 'only the three roles exist');
});

// A member's user id, from the members list the owner sees.
async function userId(email) {
  const r = await annaJson.get(`/o/${org.bakery}/members`);
  const m = r.data.members.find((x) => x.email === email);
  assert.ok(m, `${email} is a member`);
  return m.id;
}

test('the last owner cannot step down or leave (409)', async () => {
  const me = await userId('anna@bakkerij.test');
  let r = await anna.post(`/o/${org.bakery}/members/${me}/role`, { role: 'editor' });
  assert.equal(r.status, 409);
  assert.match(r.text, /role="alert"/, 'the members page explains why');
  r = await anna.post(`/o/${org.bakery}/members/${me}/remove`);
  assert.equal(r.status, 409);
  r = await annaJson.postJson(`/o/${org.bakery}/members/${me}/role`, { role: 'viewer' });
  assert.equal(r.status, 409);
  assert.equal(typeof r.data.error, 'string');
  assert.equal((await roles(anna, org.bakery))['anna@bakkerij.test'], 'owner');

  // With a second owner, the first may step down; then the second is last.
  const tom = await userId('tom@bakkerij.test');
  assert.equal((await anna.post(`/o/${org.bakery}/members/${tom}/role`, { role: 'owner' })).status, 303);
  assert.equal((await anna.post(`/o/${org.bakery}/members/${me}/role`, { role: 'editor' })).status, 303);
  await people.tom.get(`/o/${org.bakery}/members`);
  r = await people.tom.post(`/o/${org.bakery}/members/${tom}/role`, { role: 'viewer' });
  assert.equal(r.status, 409, 'tom is the last owner now');
  assert.equal((await people.tom.post(`/o/${org.bakery}/members/${me}/role`, { role: 'owner' })).status, 303);
  assert.equal((await roles(anna, org.bakery))['anna@bakkerij.test'], 'owner');
});

test('the owner removes a member, who loses access at once', async () => {
  const ines = (await annaJson.get(`/o/${org.garage}/members`)).data.members
    .find((m) => m.email === 'ines@audit.test');
  await anna.get(`/o/${org.garage}/members`);
  const r = await anna.post(`/o/${org.garage}/members/${ines.id}/remove`);
  assert.equal(r.status, 303);
  assert.equal(r.location, `/o/${org.garage}/members`);
  assert.equal((await roles(anna, org.garage))['ines@audit.test'], undefined);
  assert.equal((await people.ines.get(`/o/${org.garage}`)).status, 404);
  assert.equal((await people.ines.get(`/o/${org.bakery}`)).status, 200, 'other memberships stay');
});

test('an editor saves the organisation\'s profile', async () => {
  const tom = people.tom;
  await tom.get(`/o/${org.bakery}/settings`);
  const fields = { name: 'Bakkerij Peeters', address: 'Kerkstraat 1\n2000 Antwerpen',
    contact: 'info@bakkerij.test', sector: 'Food', staff: '12' };
  // tom is an owner by now; make him an editor to test the editor's right.
  const tomId = await userId('tom@bakkerij.test');
  assert.equal((await anna.post(`/o/${org.bakery}/members/${tomId}/role`, { role: 'editor' })).status, 303);
  let r = await tom.post(`/o/${org.bakery}/settings`, fields);
  assert.equal(r.status, 303);
  assert.equal(r.location, `/o/${org.bakery}/settings?saved=1`);
  r = await tom.get(r.location);
  assert.equal(r.status, 200);
  assert.match(r.text, /role="status"/, 'the page says it was saved');
  r = await jsonOf(tom).get(`/o/${org.bakery}/settings`);
  assert.deepEqual(r.data.org, { id: org.bakery, name: 'Bakkerij Peeters',
    address: 'Kerkstraat 1\n2000 Antwerpen', contact: 'info@bakkerij.test', sector: 'Food',
    staff: 12 });

  r = await tom.post(`/o/${org.bakery}/settings`, { ...fields, name: 'Garage Janssens' });
  assert.equal(r.status, 422, 'another organisation\'s name is taken');
  assert.match(r.text, /id="name-error"/);
  assert.equal((await jsonOf(tom).get(`/o/${org.bakery}/settings`)).data.org.name, 'Bakkerij Peeters');
});

test('the audit page lists the changes, newest first, with who made them', async () => {
  const r = await annaJson.get(`/o/${org.bakery}/audit`);
  assert.equal(r.status, 200);
  const entries = r.data.entries;
  const actions = entries.map((e) => e.action);
  for (const action of ['org.create', 'invite.create', 'invite.accept', 'invite.revoke',
                        'member.set', 'org.update'])
    assert.ok(actions.includes(action), `${action} is logged`);
  const seqs = entries.map((e) => e.seq);
  assert.deepEqual(seqs, [...seqs].sort((a, b) => b - a), 'newest first');
  assert.equal(entries[0].action, 'org.update');
  assert.equal(entries[0].user, 'tom@bakkerij.test');
  assert.ok(entries.some((e) => e.action === 'member.set' && e.user === 'anna@bakkerij.test'));
  const garage = await annaJson.get(`/o/${org.garage}/audit`);
  assert.ok(garage.data.entries.some((e) => e.action === 'member.remove'));
  assert.equal(garage.data.entries.some((e) => e.action === 'org.update'), false,
    'each organisation has its own log');
  const html = await anna.get(`/o/${org.bakery}/audit`);
  assert.match(html.text, /<code>org\.update<\/code>/);
});

test('logging out ends the session: the old cookie no longer works', async () => {
  const c = new Client(srv.base);
  await c.login('ines@audit.test', PASSWORD);
  const cookie = c.cookies.get('ravelin_session');
  const r = await c.post('/logout');
  assert.equal(r.status, 303);
  assert.equal(r.location, '/login');
  assert.equal(c.cookies.has('ravelin_session'), false, 'the browser is told to drop it');
  const thief = new Client(srv.base);
  thief.cookies.set('ravelin_session', cookie);
  const after = await thief.get(`/o/${org.bakery}`);
  assert.equal(after.status, 303);
  assert.match(after.location, /^\/login/);
  assert.equal((await people.ines.get(`/o/${org.bakery}`)).status, 200,
    'her other session is not affected by logging out here');
});

test('changing the password ends the other sessions, not this one', async () => {
  const other = new Client(srv.base);
  await other.login('anna@bakkerij.test', PASSWORD);
  assert.equal((await other.get('/profile')).status, 200);

  await anna.get('/profile');
  let r = await anna.post('/profile/password', { current_password: 'wrong password!',
    password: NEW_PASSWORD, password_confirm: NEW_PASSWORD });
  assert.equal(r.status, 422);
  assert.match(r.text, /id="current_password-error"/);
  r = await anna.post('/profile/password', { current_password: PASSWORD,
    password: NEW_PASSWORD, password_confirm: NEW_PASSWORD });
  assert.equal(r.status, 303);
  assert.equal((await anna.get('/profile')).status, 200, 'this browser stays logged in');
  annaJson = jsonOf(anna);
  assert.equal((await other.get('/profile')).status, 303, 'the other session has ended');

  const oldPw = new Client(srv.base);
  await oldPw.get('/login');
  r = await oldPw.post('/login', { email: 'anna@bakkerij.test', password: PASSWORD });
  assert.equal(r.status, 401, 'the old password no longer works');
  await new Client(srv.base).login('anna@bakkerij.test', NEW_PASSWORD);
});

test('an API token from the profile reads and writes without CSRF, until revoked', async () => {
  await anna.get('/profile');
  let r = await anna.post('/profile/tokens', { name: 'inventory sync' });
  assert.equal(r.status, 201);
  const token = r.text.match(/class="copy" readonly value="([0-9a-f]{64})"/)[1];
  const listed = (await annaJson.get('/profile')).data.tokens;
  const mine = listed.find((t) => t.name === 'inventory sync');
  assert.ok(mine, 'the token is listed');
  assert.equal(JSON.stringify(listed).includes(token), false, 'the list never shows the secret');

  const api = new Client(srv.base, { json: true, token });
  r = await api.get(`/o/${org.bakery}`);
  assert.equal(r.status, 200);
  assert.equal(r.data.org.name, 'Bakkerij Peeters');
  assert.equal((await api.get(`/o/${org.garage}`)).status, 200);

  r = await api.postJson(`/o/${org.bakery}/settings`,
    { name: 'Bakkerij Peeters', sector: 'Bakery', staff: 14 });
  assert.equal(r.status, 200);
  assert.deepEqual([r.data.ok, r.data.location], [true, `/o/${org.bakery}/settings?saved=1`]);
  r = await api.get(`/o/${org.bakery}/settings`);
  assert.equal(r.data.org.sector, 'Bakery');
  assert.equal(r.data.org.staff, 14);

  r = await api.postJson(`/o/${org.bakery}/settings`, { name: 'Bakkerij Peeters', staff: -3 });
  assert.equal(r.status, 422);
  assert.equal(typeof r.data.form.errors.staff, 'string');

  // A token acts with its user's roles: no more.
  const tomToken = (await people.tom.post('/profile/tokens', { name: 'tom' })).text
    .match(/class="copy" readonly value="([0-9a-f]{64})"/)[1];
  const tomApi = new Client(srv.base, { json: true, token: tomToken });
  assert.equal((await tomApi.get(`/o/${org.bakery}/audit`)).status, 403);
  assert.equal((await tomApi.get(`/o/${org.garage}`)).status, 404);

  r = await anna.post(`/profile/tokens/${mine.id}/revoke`);
  assert.equal(r.status, 303);
  r = await api.get(`/o/${org.bakery}`);
  assert.equal(r.status, 401, 'a revoked token is refused');
  r = await api.postJson(`/o/${org.bakery}/settings`, { name: 'Bakkerij Peeters', staff: 1 });
  assert.equal(r.status, 401);
  assert.equal((await annaJson.get(`/o/${org.bakery}/settings`)).data.org.staff, 14);
  assert.equal((await tomApi.get(`/o/${org.bakery}`)).status, 200, 'other tokens still work');
});

test('the language: browser, then the switcher\'s cookie, then the saved choice', async () => {
  const visitor = new Client(srv.base, { lang: 'de-DE,de;q=0.9,en;q=0.5' });
  let r = await visitor.get('/login');
  assert.match(r.text, /<html lang="de">/, 'Accept-Language');
  r = await visitor.post('/lang', { lang: 'nl', next: '/login' });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/login');
  r = await visitor.get('/login');
  assert.match(r.text, /<html lang="nl">/, 'the cookie wins over the browser');

  const tom = people.tom;
  tom.lang = 'en';
  await tom.get('/profile');
  r = await tom.post('/profile/language', { lang: 'fr' });
  assert.equal(r.status, 303);
  r = await tom.get(`/o/${org.bakery}`);
  assert.match(r.text, /<html lang="fr">/, 'the saved choice wins over the browser');
  tom.cookies.set('ravelin_lang', 'de');
  r = await tom.get(`/o/${org.bakery}`);
  assert.match(r.text, /<html lang="fr">/, 'and over the cookie');
  tom.cookies.delete('ravelin_lang');
  await tom.post('/profile/language', { lang: '' });
  r = await tom.get(`/o/${org.bakery}`);
  assert.match(r.text, /<html lang="en">/, 'no saved choice: the browser again');
});

test('the server stops cleanly: exit 0, no sanitizer report', async () => {
  await srv.stopChecked();
});
