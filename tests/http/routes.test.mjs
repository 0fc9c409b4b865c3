// Every route of the route table, driven by `ravelin routes`: who may use
// it (no session, viewer, editor, owner, member of another organisation),
// what a missing CSRF token does, and that a refused request writes
// nothing. A route this file does not know makes the first test fail: a
// new route must be added to ROUTES below, with its positive control.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, ravelin, tempDir, sql, addUser, createToken } from '../lib/server.mjs';
import { Client, asJson } from '../lib/client.mjs';
import { addPeople, orgId, logInEach, assertUnchanged } from '../lib/fixture.mjs';

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'another long passphrase here';

let srv;
let dir;
const ids = {};       // org, user, invite and token ids
const clients = {};   // logged-in HTML clients by person

const unchanged = (what, action) => assertUnchanged(dir, what, action);

// Sends a route's request. fields: the form (or JSON object); csrf: send
// the client's token (form field, or X-CSRF-Token for JSON).
function send(client, method, path, { fields = {}, csrf = true, json = false } = {}) {
  const c = json ? asJson(client) : client;
  if (method === 'GET') return c.get(path);
  return json ? c.postJson(path, fields, { csrf }) : c.post(path, fields, { csrf });
}

// An anonymous client holding the visitor CSRF token (as after viewing
// the login page), so that public forms can be sent.
async function visitor() {
  const c = new Client(srv.base);
  const r = await c.get('/login');
  assert.equal(r.status, 200);
  assert.ok(c.csrf, 'the login page carries a CSRF token');
  return c;
}

// Creates an invitation in an organisation as its owner; returns {id, token}.
async function invite(owner, org, email, role) {
  const r = await owner.post(`/o/${org}/members/invite`, { email, role });
  assert.equal(r.status, 201, `invitation of ${email}: ${r.status}`);
  const token = r.text.match(/\/invite\/([0-9a-f]{64})/)[1];
  const id = Number(sql(dir, `SELECT id FROM invites WHERE email = '${email}' AND org_id = ${org}`));
  assert.ok(id > 0, `the invitation of ${email} is in the database`);
  return { id, token };
}

/*
 * The known routes. For each:
 *   path(ids)     the address in organisation A, with ids valid there
 *   otherOrg(ids) the same route in organisation B, with B's own ids
 *   foreign(ids)  A's address holding an id that belongs elsewhere
 *                 (a member or invitation of B, another user's token)
 *   fields(ids)   a valid form, so that only access decides the answer
 *   anon          for public routes, the answer to a visitor without a
 *                 session and without a CSRF token: {status, location}
 *   ok(ids)       the positive control: the request by someone allowed,
 *                 answered as it should be (run last, in table order)
 */
const ROUTES = {
  'GET /healthz': {
    path: () => '/healthz', anon: { status: 200 },
    async ok() {
      const r = await new Client(srv.base).get('/healthz');
      assert.equal(r.status, 200);
      assert.deepEqual(r.data, { status: 'ok' });
    },
  },
  'GET /static/*': {
    path: () => '/static/ravelin.css', anon: { status: 200 },
    async ok() {
      const r = await new Client(srv.base).get('/static/ravelin.css');
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type'), /^text\/css/);
    },
  },
  'GET /': {
    path: () => '/', anon: { status: 303, location: '/login' },
    async ok(i) {
      const r = await clients.viewerB.get('/');
      assert.equal(r.status, 303);
      assert.equal(r.location, `/o/${i.orgB}`, 'a member of one organisation goes to it');
    },
  },
  'POST /lang': {
    path: () => '/lang', fields: () => ({ lang: 'fr', next: '/login' }), anon: { status: 403 },
    async ok() {
      const c = await visitor();
      const r = await unchanged('the language switch of a visitor', () =>
        c.post('/lang', { lang: 'fr', next: '/login' }));
      assert.equal(r.status, 303);
      assert.equal(r.location, '/login');
      assert.equal(c.cookies.get('ravelin_lang'), 'fr');
      assert.match((await c.get('/login')).text, /<html lang="fr">/);
    },
  },
  'GET /setup': {
    path: () => '/setup', anon: { status: 404 },
    async ok() {
      // Set-up exists only before the first organisation (journey.test.mjs
      // goes through it); here it must stay closed.
      const r = await new Client(srv.base).get('/setup');
      assert.equal(r.status, 404);
    },
  },
  'POST /setup': {
    path: () => '/setup', anon: { status: 403 },
    fields: () => ({ org_name: 'Takeover', name: 'Mallory', email: 'mallory@example.test',
                     password: PASSWORD, password_confirm: PASSWORD }),
    async ok() {
      const c = await visitor();
      const r = await unchanged('a second set-up', () => c.post('/setup', {
        org_name: 'Takeover', name: 'Mallory', email: 'mallory@example.test',
        password: PASSWORD, password_confirm: PASSWORD }));
      assert.equal(r.status, 404, 'set-up is closed once an organisation exists');
      assert.equal(r.headers.getSetCookie().some((l) => l.startsWith('ravelin_session=')), false);
    },
  },
  'GET /login': {
    path: () => '/login', anon: { status: 200 },
    async ok() {
      const r = await clients.viewerB.get('/login?next=/orgs');
      assert.equal(r.status, 303, 'a logged-in user is sent on');
      assert.equal(r.location, '/orgs');
    },
  },
  'POST /login': {
    path: () => '/login', anon: { status: 403 },
    fields: () => ({ email: 'viewer-a@example.test', password: PASSWORD }),
    async ok() {
      const c = await visitor();
      const r = await c.post('/login', { email: 'viewer-a@example.test', password: PASSWORD,
                                         next: '/orgs' });
      assert.equal(r.status, 303);
      assert.equal(r.location, '/orgs');
      assert.match(c.cookies.get('ravelin_session') || '', /^[0-9a-f]{64}$/);
      assert.equal((await c.get('/profile')).status, 200);
    },
  },
  'POST /logout': {
    path: () => '/logout', fields: () => ({}),
    async ok() {
      const c = new Client(srv.base);
      await c.login('viewer-a@example.test', PASSWORD);
      const cookie = c.cookies.get('ravelin_session');
      const r = await c.post('/logout');
      assert.equal(r.status, 303);
      assert.equal(r.location, '/login');
      const old = new Client(srv.base);
      old.cookies.set('ravelin_session', cookie);
      assert.equal((await old.get('/profile')).status, 303, 'the old cookie no longer works');
    },
  },
  'GET /invite/:token': {
    path: (i) => `/invite/${i.inviteA.token}`, anon: { status: 200 },
    async ok(i) {
      const r = await new Client(srv.base).get(`/invite/${i.inviteA.token}`);
      assert.equal(r.status, 200);
      assert.match(r.text, /newcomer@example\.test/);
      const wrong = await new Client(srv.base).get(`/invite/${'0'.repeat(64)}`);
      assert.equal(wrong.status, 404);
    },
  },
  'POST /invite/:token': {
    path: (i) => `/invite/${i.inviteA.token}`, anon: { status: 403 },
    fields: () => ({ name: 'Newcomer', password: PASSWORD, password_confirm: PASSWORD }),
    async ok(i) {
      const c = await visitor();
      const r = await c.post(`/invite/${i.inviteA.token}`,
        { name: 'Newcomer', password: PASSWORD, password_confirm: PASSWORD });
      assert.equal(r.status, 303);
      assert.equal(r.location, `/o/${i.orgA}`);
      assert.equal(sql(dir, `SELECT m.role FROM members m JOIN users u ON u.id = m.user_id
        WHERE u.email = 'newcomer@example.test' AND m.org_id = ${i.orgA}`), 'viewer');
    },
  },
  'GET /profile': {
    path: () => '/profile',
    async ok() {
      const r = await clients.spare.get('/profile');
      assert.equal(r.status, 200);
      assert.match(r.text, /spare@example\.test/);
    },
  },
  'POST /profile/language': {
    path: () => '/profile/language', fields: () => ({ lang: 'nl' }),
    async ok(i) {
      const r = await clients.spare.post('/profile/language', { lang: 'de' });
      assert.equal(r.status, 303);
      assert.equal(sql(dir, `SELECT lang FROM users WHERE id = ${i.spare}`), 'de');
    },
  },
  'POST /profile/password': {
    path: () => '/profile/password',
    fields: () => ({ current_password: PASSWORD, password: NEW_PASSWORD,
                     password_confirm: NEW_PASSWORD }),
    async ok(i) {
      const before = sql(dir, `SELECT password_hash FROM users WHERE id = ${i.spare}`);
      const r = await clients.spare.post('/profile/password', { current_password: PASSWORD,
        password: NEW_PASSWORD, password_confirm: NEW_PASSWORD });
      assert.equal(r.status, 303);
      assert.notEqual(sql(dir, `SELECT password_hash FROM users WHERE id = ${i.spare}`), before);
      assert.equal((await clients.spare.get('/profile')).status, 200, 'this browser stays in');
    },
  },
  'POST /profile/tokens': {
    path: () => '/profile/tokens', fields: () => ({ name: 'refused token' }),
    async ok(i) {
      const r = await clients.spare.post('/profile/tokens', { name: 'sync script' });
      assert.equal(r.status, 201);
      const token = r.text.match(/class="copy" readonly value="([0-9a-f]{64})"/)?.[1];
      assert.ok(token, 'the new token is shown');
      const api = new Client(srv.base, { json: true, token });
      assert.equal((await api.get('/profile')).data?.profile?.email, 'spare@example.test');
      assert.equal(sql(dir, `SELECT count(*) FROM api_tokens WHERE user_id = ${i.spare}
        AND name = 'sync script'`), '1');
    },
  },
  'POST /profile/tokens/:id/revoke': {
    path: (i) => `/profile/tokens/${i.tokenA}/revoke`,
    foreign: (i) => `/profile/tokens/${i.tokenB}/revoke`,
    fields: () => ({}),
    async ok(i) {
      const r = await clients.ownerA.post(`/profile/tokens/${i.tokenA}/revoke`);
      assert.equal(r.status, 303);
      assert.notEqual(sql(dir, `SELECT revoked_at FROM api_tokens WHERE id = ${i.tokenA}`), '0');
    },
  },
  'GET /orgs': {
    path: () => '/orgs',
    async ok() {
      const r = await asJson(clients.ownerA).get('/orgs');
      assert.equal(r.status, 200);
      assert.deepEqual(r.data.orgs.map((o) => o.name), ['Org A']);
    },
  },
  'POST /orgs': {
    path: () => '/orgs', fields: () => ({ name: 'Org Refused' }),
    async ok() {
      const r = await clients.spare.post('/orgs', { name: 'Org C' });
      assert.equal(r.status, 303);
      const id = sql(dir, "SELECT id FROM orgs WHERE name = 'Org C'");
      assert.equal(r.location, `/o/${id}`);
    },
  },
  'GET /o/:org': {
    path: (i) => `/o/${i.orgA}`, otherOrg: (i) => `/o/${i.orgB}`,
    async ok(i) {
      const r = await clients.viewerA.get(`/o/${i.orgA}`);
      assert.equal(r.status, 200);
      assert.match(r.text, /Org A/);
    },
  },
  'GET /o/:org/settings': {
    path: (i) => `/o/${i.orgA}/settings`, otherOrg: (i) => `/o/${i.orgB}/settings`,
    async ok(i) {
      const r = await asJson(clients.viewerA).get(`/o/${i.orgA}/settings`);
      assert.equal(r.status, 200);
      assert.equal(r.data.org.name, 'Org A');
    },
  },
  'POST /o/:org/settings': {
    path: (i) => `/o/${i.orgA}/settings`, otherOrg: (i) => `/o/${i.orgB}/settings`,
    fields: () => ({ name: 'Org Hijacked', sector: 'refused', staff: '7' }),
    async ok(i) {
      const r = await clients.editorA.post(`/o/${i.orgA}/settings`,
        { name: 'Org A', sector: 'bakery', staff: '12' });
      assert.equal(r.status, 303);
      assert.equal(r.location, `/o/${i.orgA}/settings?saved=1`);
      assert.equal(sql(dir, `SELECT sector, staff FROM orgs WHERE id = ${i.orgA}`), 'bakery|12');
    },
  },
  'GET /o/:org/audit': {
    path: (i) => `/o/${i.orgA}/audit`, otherOrg: (i) => `/o/${i.orgB}/audit`,
    async ok(i) {
      const r = await asJson(clients.ownerA).get(`/o/${i.orgA}/audit`);
      assert.equal(r.status, 200);
      assert.ok(r.data.entries.some((e) => e.action === 'org.update'),
        'the settings change is in the log');
    },
  },
  'GET /o/:org/members': {
    path: (i) => `/o/${i.orgA}/members`, otherOrg: (i) => `/o/${i.orgB}/members`,
    async ok(i) {
      const r = await asJson(clients.viewerA).get(`/o/${i.orgA}/members`);
      assert.equal(r.status, 200);
      assert.ok(r.data.members.some((m) => m.email === 'owner-a@example.test'));
      assert.equal(r.data.invites, undefined, 'a viewer does not see invitations');
    },
  },
  'POST /o/:org/members/invite': {
    path: (i) => `/o/${i.orgA}/members/invite`, otherOrg: (i) => `/o/${i.orgB}/members/invite`,
    fields: () => ({ email: 'refused@example.test', role: 'owner' }),
    async ok(i) {
      const r = await clients.ownerA.post(`/o/${i.orgA}/members/invite`,
        { email: 'later@example.test', role: 'editor' });
      assert.equal(r.status, 201);
      assert.match(r.text, /\/invite\/[0-9a-f]{64}/);
      assert.equal(sql(dir, `SELECT role FROM invites WHERE email = 'later@example.test'`), 'editor');
    },
  },
  'POST /o/:org/members/:id/role': {
    path: (i) => `/o/${i.orgA}/members/${i.editorA}/role`,
    otherOrg: (i) => `/o/${i.orgB}/members/${i.viewerB}/role`,
    foreign: (i) => `/o/${i.orgA}/members/${i.viewerB}/role`,
    fields: () => ({ role: 'owner' }),
    async ok(i) {
      const r = await clients.ownerA.post(`/o/${i.orgA}/members/${i.editorA}/role`, { role: 'viewer' });
      assert.equal(r.status, 303);
      assert.equal(sql(dir, `SELECT role FROM members WHERE org_id = ${i.orgA}
        AND user_id = ${i.editorA}`), 'viewer');
    },
  },
  'POST /o/:org/members/:id/remove': {
    path: (i) => `/o/${i.orgA}/members/${i.editorA}/remove`,
    otherOrg: (i) => `/o/${i.orgB}/members/${i.viewerB}/remove`,
    foreign: (i) => `/o/${i.orgA}/members/${i.viewerB}/remove`,
    fields: () => ({}),
    async ok(i) {
      const r = await clients.ownerA.post(`/o/${i.orgA}/members/${i.editorA}/remove`);
      assert.equal(r.status, 303);
      assert.equal(sql(dir, `SELECT count(*) FROM members WHERE org_id = ${i.orgA}
        AND user_id = ${i.editorA}`), '0');
    },
  },
  'POST /o/:org/invites/:id/revoke': {
    path: (i) => `/o/${i.orgA}/invites/${i.inviteA2.id}/revoke`,
    otherOrg: (i) => `/o/${i.orgB}/invites/${i.inviteB.id}/revoke`,
    foreign: (i) => `/o/${i.orgA}/invites/${i.inviteB.id}/revoke`,
    fields: () => ({}),
    async ok(i) {
      const r = await clients.ownerA.post(`/o/${i.orgA}/invites/${i.inviteA2.id}/revoke`);
      assert.equal(r.status, 303);
      assert.notEqual(sql(dir, `SELECT revoked_at FROM invites WHERE id = ${i.inviteA2.id}`), '0');
      assert.equal((await new Client(srv.base).get(`/invite/${i.inviteA2.token}`)).status, 404,
        'a withdrawn invitation no longer opens');
    },
  },
};

// The baseline self-assessment and the action plan. In A: run 1 open with
// one answer, action 1; B has more runs and actions than A, so that B's
// last ids (foreignRun, foreignAction) exist only there.
const ANSWER = { topic: 'updates', 'upd-auto-os': 'no', go: 'wifi' };
Object.assign(ROUTES, {
  'GET /o/:org/baseline': {
    path: (i) => `/o/${i.orgA}/baseline`, otherOrg: (i) => `/o/${i.orgB}/baseline`,
    async ok(i) {
      const r = await asJson(clients.viewerA).get(`/o/${i.orgA}/baseline`);
      assert.equal(r.status, 200);
      assert.deepEqual(r.data.runs.map((x) => x.id), [1], 'A\'s runs only');
      const html = await clients.viewerA.get(`/o/${i.orgA}/baseline`);
      assert.match(html.text, new RegExp(`href="/o/${i.orgA}/baseline" aria-current="page"`));
    },
  },
  'POST /o/:org/baseline': {
    path: (i) => `/o/${i.orgA}/baseline`, otherOrg: (i) => `/o/${i.orgB}/baseline`,
    fields: () => ({}),
    async ok(i) {
      // A's run 1 is still open: starting continues it instead of
      // leaving a second half-done run.
      const r = await clients.authorA.post(`/o/${i.orgA}/baseline`);
      assert.equal(r.status, 303);
      assert.equal(r.location, `/o/${i.orgA}/baseline/${i.runA}`);
      assert.equal(sql(dir, `SELECT count(*) FROM assessments WHERE org_id = ${i.orgA}`), '1');
    },
  },
  'GET /o/:org/baseline/:id': {
    path: (i) => `/o/${i.orgA}/baseline/${i.runA}`,
    otherOrg: (i) => `/o/${i.orgB}/baseline/${i.runB}?topic=wifi`,
    foreign: (i) => `/o/${i.orgA}/baseline/${i.foreignRun}?topic=wifi`,
    async ok(i) {
      const r = await asJson(clients.viewerA).get(`/o/${i.orgA}/baseline/${i.runA}?topic=wifi`);
      assert.equal(r.status, 200);
      assert.equal(r.data.topic.id, 'wifi');
      assert.ok(r.data.questions.length > 0 && r.data.questions.every((q) => q.id.startsWith('wifi-')));
      const first = await asJson(clients.viewerA).get(`/o/${i.orgA}/baseline/${i.runA}?topic=updates`);
      assert.equal(first.data.questions.find((q) => q.id === 'upd-auto-os').answer, 'no');
    },
  },
  'POST /o/:org/baseline/:id': {
    path: (i) => `/o/${i.orgA}/baseline/${i.runA}`,
    otherOrg: (i) => `/o/${i.orgB}/baseline/${i.runB}`,
    foreign: (i) => `/o/${i.orgA}/baseline/${i.foreignRun}`,
    fields: () => ({ ...ANSWER, 'upd-auto-os': 'yes' }),
    async ok(i) {
      const r = await clients.authorA.post(`/o/${i.orgA}/baseline/${i.runA}`,
        { topic: 'updates', 'upd-auto-os': 'partly', 'upd-apps': 'na', go: 'wifi' });
      assert.equal(r.status, 303);
      assert.equal(r.location, `/o/${i.orgA}/baseline/${i.runA}?topic=wifi`);
      assert.equal(sql(dir, `SELECT group_concat(question || '=' || answer || '@' || answered_by, ' ')
        FROM (SELECT * FROM answers WHERE org_id = ${i.orgA} AND assessment_id = ${i.runA}
        ORDER BY question)`), `upd-apps=na@${i.authorA} upd-auto-os=partly@${i.authorA}`);
    },
  },
  'POST /o/:org/baseline/:id/complete': {
    path: (i) => `/o/${i.orgA}/baseline/${i.runA}/complete`,
    otherOrg: (i) => `/o/${i.orgB}/baseline/${i.runB}/complete`,
    foreign: (i) => `/o/${i.orgA}/baseline/${i.foreignRun}/complete`,
    fields: () => ({}),
    async ok(i) {
      const r = await clients.authorA.post(`/o/${i.orgA}/baseline/${i.runA}/complete`);
      assert.equal(r.status, 303);
      assert.equal(r.location, `/o/${i.orgA}/baseline/${i.runA}/result`);
      assert.notEqual(sql(dir, `SELECT completed_at FROM assessments WHERE org_id = ${i.orgA}
        AND id = ${i.runA}`), '0');
      assert.equal(sql(dir, `SELECT completed_at FROM assessments WHERE org_id = ${i.orgB}
        AND id = ${i.runA}`), i.runBCompleted, 'B\'s run with the same id is untouched');
    },
  },
  'GET /o/:org/baseline/:id/result': {
    path: (i) => `/o/${i.orgA}/baseline/${i.runA}/result`,
    otherOrg: (i) => `/o/${i.orgB}/baseline/${i.runB}/result`,
    foreign: (i) => `/o/${i.orgA}/baseline/${i.foreignRun}/result`,
    async ok(i) {
      const r = await asJson(clients.viewerA).get(`/o/${i.orgA}/baseline/${i.runA}/result`);
      assert.equal(r.status, 200);
      assert.equal(r.data.assessment.done, true);
      // upd-auto-os (top) partly: 1.5 of 3 points; upd-apps not applicable.
      assert.deepEqual([r.data.score.points, r.data.score.max, r.data.score.percent], ['1.5', '3', 50]);
      assert.deepEqual(r.data.gaps.map((g) => g.id), ['upd-auto-os']);
    },
  },
  'GET /o/:org/baseline/:id/report.pdf': {
    path: (i) => `/o/${i.orgA}/baseline/${i.runA}/report.pdf`,
    otherOrg: (i) => `/o/${i.orgB}/baseline/${i.runB}/report.pdf`,
    foreign: (i) => `/o/${i.orgA}/baseline/${i.foreignRun}/report.pdf`,
    async ok(i) {
      const res = await fetch(`${srv.base}/o/${i.orgA}/baseline/${i.runA}/report.pdf`,
        { headers: clients.viewerA.headers(), redirect: 'manual' });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/pdf');
      assert.match(res.headers.get('content-disposition'), /^attachment; filename="[^"]+\.pdf"$/);
      const body = Buffer.from(await res.arrayBuffer());
      assert.equal(body.subarray(0, 5).toString('latin1'), '%PDF-');
    },
  },
  'GET /o/:org/actions': {
    path: (i) => `/o/${i.orgA}/actions`, otherOrg: (i) => `/o/${i.orgB}/actions`,
    async ok(i) {
      const r = await asJson(clients.viewerA).get(`/o/${i.orgA}/actions?status=open&sort=title`);
      assert.equal(r.status, 200);
      assert.deepEqual(r.data.actions.map((a) => a.title), ['Action of A']);
    },
  },
  'POST /o/:org/actions': {
    path: (i) => `/o/${i.orgA}/actions`, otherOrg: (i) => `/o/${i.orgB}/actions`,
    fields: () => ({ title: 'Refused action', owner: 'Mallory', due: '2026-05-01',
                     source: 'baseline', source_ref: 'upd-auto-os' }),
    async ok(i) {
      const r = await clients.authorA.post(`/o/${i.orgA}/actions`, { title: 'Second action of A',
        owner: 'Ann', due: '2026-05-01', source: 'baseline', source_ref: 'upd-auto-os' });
      assert.equal(r.status, 303);
      assert.equal(r.location, `/o/${i.orgA}/actions`);
      assert.equal(sql(dir, `SELECT id, owner, due, status, source, source_ref FROM actions
        WHERE org_id = ${i.orgA} AND title = 'Second action of A'`),
      '2|Ann|2026-05-01|planned|baseline|upd-auto-os');
    },
  },
  'POST /o/:org/actions/:id': {
    path: (i) => `/o/${i.orgA}/actions/${i.actionA}`,
    otherOrg: (i) => `/o/${i.orgB}/actions/${i.actionB}`,
    foreign: (i) => `/o/${i.orgA}/actions/${i.foreignAction}`,
    fields: () => ({ title: 'Hijacked', owner: 'Mallory', status: 'cancelled' }),
    async ok(i) {
      const r = await clients.authorA.post(`/o/${i.orgA}/actions/${i.actionA}`,
        { title: 'Action of A', owner: 'Ann', due: '2026-06-30', status: 'in_progress', note: 'begun' });
      assert.equal(r.status, 303);
      assert.equal(sql(dir, `SELECT title, owner, due, status, note FROM actions
        WHERE org_id = ${i.orgA} AND id = ${i.actionA}`), 'Action of A|Ann|2026-06-30|in_progress|begun');
      assert.equal(sql(dir, `SELECT title, status FROM actions WHERE org_id = ${i.orgB}
        AND id = ${i.actionA}`), 'Action 1 of B|planned', 'B\'s action with the same id is untouched');
    },
  },
  'POST /o/:org/actions/:id/delete': {
    path: (i) => `/o/${i.orgA}/actions/${i.actionA}/delete`,
    otherOrg: (i) => `/o/${i.orgB}/actions/${i.actionB}/delete`,
    foreign: (i) => `/o/${i.orgA}/actions/${i.foreignAction}/delete`,
    fields: () => ({}),
    async ok(i) {
      const r = await clients.authorA.post(`/o/${i.orgA}/actions/${i.actionA}/delete`);
      assert.equal(r.status, 303);
      assert.equal(r.location, `/o/${i.orgA}/actions`);
      assert.equal(sql(dir, `SELECT count(*) FROM actions WHERE org_id = ${i.orgA}
        AND id = ${i.actionA}`), '0');
      assert.equal(sql(dir, `SELECT count(*) FROM actions WHERE org_id = ${i.orgB}
        AND id = ${i.actionA}`), '1', 'B\'s action with the same id stays');
    },
  },
});

// The first-steps registers of the baseline (backups, Wi-Fi, software),
// four routes each. In A: entry 1 of each register; B has entries 1..3
// of each, so that B's entry 3 (foreignEntry) exists only there.
// register: a valid form (what refused requests send), the entries the
// set-up and the positive controls write, and an entry's data as stored
// (the declared fields, typed, keys sorted).
const REGISTERS = {
  backups: {
    flaggedA: [1],   // never restore-tested, no off-site copy
    refused: () => ({ what: 'Refused backup', copies: '3', media: '2', offsite: '1' }),
    entry: (title) => ({ what: title, copies: '3', media: '2' }),
    created: { what: 'Second backup of A', location: 'office', medium: 'NAS',
               frequency: 'daily', copies: '3', media: '2', offsite: '1',
               last_restore_test: '2026-01-15', note: 'checked by Ann' },
    stored: { copies: 3, frequency: 'daily', last_restore_test: '2026-01-15',
              location: 'office', media: 2, medium: 'NAS', note: 'checked by Ann',
              offsite: true, what: 'Second backup of A' },
    updated: { what: 'Entry of A', copies: '2', media: '1', frequency: 'weekly' },
    storedUpdate: { copies: 2, frequency: 'weekly', last_restore_test: '', location: '',
                    media: 1, medium: '', note: '', offsite: false, what: 'Entry of A' },
  },
  wifi: {
    flaggedA: [1],   // unknown key age
    refused: () => ({ name: 'Refused network', purpose: 'guest', security: 'open' }),
    entry: (title) => ({ name: title, purpose: 'business', security: 'WPA2' }),
    created: { name: 'Guests of A', purpose: 'guest', security: 'WPA3', separated: '1',
               key_changed: '2026-03-01', note: 'in the shop' },
    stored: { key_changed: '2026-03-01', name: 'Guests of A', note: 'in the shop',
              purpose: 'guest', security: 'WPA3', separated: true },
    updated: { name: 'Entry of A', purpose: 'guest', security: 'WEP' },
    storedUpdate: { key_changed: '', name: 'Entry of A', note: '', purpose: 'guest',
                    security: 'WEP', separated: false },
  },
  software: {
    flaggedA: [],    // updated automatically, no end of support
    refused: () => ({ name: 'Refused program', kind: 'application' }),
    entry: (title) => ({ name: title, kind: 'computer', automatic_updates: '1' }),
    created: { name: 'Accounting package', kind: 'application', automatic_updates: '1',
               end_of_support: '2030-12-31', note: 'licence in the safe' },
    stored: { automatic_updates: true, end_of_support: '2030-12-31', kind: 'application',
              name: 'Accounting package', note: 'licence in the safe' },
    updated: { name: 'Entry of A', kind: 'website' },
    storedUpdate: { automatic_updates: false, end_of_support: '', kind: 'website',
                    name: 'Entry of A', note: '' },
  },
};

// An entry's data as the server stores it: compact JSON, keys sorted.
const entryData = (object) => JSON.stringify(Object.fromEntries(
  Object.entries(object).sort(([a], [b]) => (a < b ? -1 : 1))));
const storedEntry = (org, register, id) => sql(dir, `SELECT data FROM register_entries
  WHERE org_id = ${org} AND register = '${register}' AND id = ${id}`);

for (const [name, reg] of Object.entries(REGISTERS)) {
  Object.assign(ROUTES, {
    [`GET /o/:org/${name}`]: {
      path: (i) => `/o/${i.orgA}/${name}`, otherOrg: (i) => `/o/${i.orgB}/${name}`,
      async ok(i) {
        const r = await asJson(clients.viewerA).get(`/o/${i.orgA}/${name}`);
        assert.equal(r.status, 200);
        assert.deepEqual(r.data.entries.map((e) => [e.id, e.cells[0]]), [[1, 'Entry of A']],
          'A\'s entries only');
        const flagged = await asJson(clients.viewerA).get(`/o/${i.orgA}/${name}?show=flagged`);
        assert.equal(flagged.status, 200);
        assert.deepEqual(flagged.data.entries.map((e) => e.id), reg.flaggedA, 'show=flagged');
        const html = await clients.viewerA.get(`/o/${i.orgA}/${name}`);
        assert.equal(html.status, 200);
        assert.match(html.text, /<tr id="entry-1"/);
        assert.doesNotMatch(html.text, /of B/);
      },
    },
    [`POST /o/:org/${name}`]: {
      path: (i) => `/o/${i.orgA}/${name}`, otherOrg: (i) => `/o/${i.orgB}/${name}`,
      fields: reg.refused,
      async ok(i) {
        const r = await clients.authorA.post(`/o/${i.orgA}/${name}`, reg.created);
        assert.equal(r.status, 303);
        assert.equal(r.location, `/o/${i.orgA}/${name}#entry-2`);
        assert.equal(storedEntry(i.orgA, name, 2), entryData(reg.stored));
        assert.equal(sql(dir, `SELECT count(*) FROM register_entries
          WHERE org_id = ${i.orgB} AND register = '${name}'`), '3', 'B\'s register is untouched');
      },
    },
    [`POST /o/:org/${name}/:id`]: {
      path: (i) => `/o/${i.orgA}/${name}/${i.entryA}`,
      otherOrg: (i) => `/o/${i.orgB}/${name}/${i.entryB}`,
      foreign: (i) => `/o/${i.orgA}/${name}/${i.foreignEntry}`,
      fields: reg.refused,
      async ok(i) {
        const r = await clients.authorA.post(`/o/${i.orgA}/${name}/${i.entryA}`, reg.updated);
        assert.equal(r.status, 303);
        assert.equal(r.location, `/o/${i.orgA}/${name}#entry-${i.entryA}`);
        assert.equal(storedEntry(i.orgA, name, i.entryA), entryData(reg.storedUpdate),
          'the entry is replaced: fields left out are emptied');
        assert.equal(storedEntry(i.orgB, name, i.entryA), entryData(regEntry(reg, 'Entry 1 of B')),
          'B\'s entry with the same id is untouched');
      },
    },
    [`POST /o/:org/${name}/:id/delete`]: {
      path: (i) => `/o/${i.orgA}/${name}/${i.entryA}/delete`,
      otherOrg: (i) => `/o/${i.orgB}/${name}/${i.entryB}/delete`,
      foreign: (i) => `/o/${i.orgA}/${name}/${i.foreignEntry}/delete`,
      fields: () => ({}),
      async ok(i) {
        const r = await clients.authorA.post(`/o/${i.orgA}/${name}/${i.entryA}/delete`);
        assert.equal(r.status, 303);
        assert.equal(r.location, `/o/${i.orgA}/${name}`);
        assert.equal(storedEntry(i.orgA, name, i.entryA), '', 'A\'s entry is gone');
        assert.equal(sql(dir, `SELECT count(*) FROM register_entries WHERE org_id = ${i.orgA}
          AND register = '${name}'`), '1', 'the entry created by the control stays');
        assert.notEqual(storedEntry(i.orgB, name, i.entryA), '', 'B\'s entry with the same id stays');
      },
    },
  });
}

// A register entry as stored, from the form reg.entry(title) sends.
function regEntry(reg, title) {
  const form = reg.entry(title);
  const all = Object.fromEntries(Object.keys(reg.stored).map((k) =>
    [k, typeof reg.stored[k] === 'boolean' ? false : '']));
  for (const [k, v] of Object.entries(form))
    all[k] = typeof reg.stored[k] === 'number' ? Number(v)
      : typeof reg.stored[k] === 'boolean' ? v === '1' : v;
  return all;
}

// The "what if" questions and their promotion (what_if.test.mjs goes
// further). A has no answer until the positive control of the save.
Object.assign(ROUTES, {
  'GET /o/:org/what-if': {
    path: (i) => `/o/${i.orgA}/what-if`, otherOrg: (i) => `/o/${i.orgB}/what-if`,
    async ok(i) {
      const r = await asJson(clients.viewerA).get(`/o/${i.orgA}/what-if`);
      assert.equal(r.status, 200);
      assert.ok(r.data.what_ifs.some((w) => w.id === 'wi-ransomware'));
      assert.equal(r.data.progress.total, r.data.what_ifs.length);
    },
  },
  'POST /o/:org/what-if': {
    path: (i) => `/o/${i.orgA}/what-if`, otherOrg: (i) => `/o/${i.orgB}/what-if`,
    fields: () => ({ 'impact_wi-ransomware': '3', 'likelihood_wi-ransomware': '2',
                     'measures_wi-ransomware': 'nightly backup' }),
    async ok(i) {
      const r = await clients.authorA.post(`/o/${i.orgA}/what-if`, { 'impact_wi-ransomware': '3',
        'likelihood_wi-ransomware': '2', 'measures_wi-ransomware': 'nightly backup' });
      assert.equal(r.status, 303);
      assert.equal(r.location, `/o/${i.orgA}/what-if`);
      assert.equal(sql(dir, `SELECT what_if, impact, likelihood, measures FROM what_if_answers
        WHERE org_id = ${i.orgA}`), 'wi-ransomware|3|2|nightly backup');
      assert.equal(sql(dir, `SELECT count(*) FROM what_if_answers WHERE org_id = ${i.orgB}`), '0');
    },
  },
  'POST /o/:org/what-if/promote': {
    path: (i) => `/o/${i.orgA}/what-if/promote`, otherOrg: (i) => `/o/${i.orgB}/what-if/promote`,
    fields: () => ({}),
    async ok(i) {
      const r = await clients.authorA.post(`/o/${i.orgA}/what-if/promote`);
      assert.equal(r.status, 303);
      assert.equal(r.location, `/o/${i.orgA}/risks/grid`);
      assert.notEqual(sql(dir, `SELECT count(*) FROM risks WHERE org_id = ${i.orgA}
        AND origin = 'wi-ransomware'`), '0', 'the answer became risks');
      assert.equal(sql(dir, `SELECT count(*) FROM risks WHERE org_id = ${i.orgB}`), '0');
    },
  },
});

// The asset inventory. In A: asset 1 (a customer file); B has assets
// 1..3, so that B's asset 3 (foreignAsset) exists only there. The
// controls add A's asset 2, link 1 to it, unlink it and delete asset 1.
const assetRow = (org, id) => sql(dir, `SELECT name, type, is_primary, classification, tlp,
  impact_c, impact_i, impact_a FROM assets WHERE org_id = ${org} AND id = ${id}`);
Object.assign(ROUTES, {
  'GET /o/:org/assets': {
    path: (i) => `/o/${i.orgA}/assets`, otherOrg: (i) => `/o/${i.orgB}/assets`,
    async ok(i) {
      const r = await asJson(clients.viewerA).get(`/o/${i.orgA}/assets?kind=primary&sort=type`);
      assert.equal(r.status, 200);
      assert.deepEqual(r.data.assets.map((a) => [a.id, a.name]), [[1, 'Asset of A']], 'A\'s assets only');
      const html = await clients.viewerA.get(`/o/${i.orgA}/assets`);
      assert.match(html.text, new RegExp(`href="/o/${i.orgA}/assets" aria-current="page"`));
      assert.match(html.text, new RegExp(`<a href="/o/${i.orgA}/assets/1">Asset of A</a>`));
    },
  },
  'POST /o/:org/assets': {
    path: (i) => `/o/${i.orgA}/assets`, otherOrg: (i) => `/o/${i.orgB}/assets`,
    fields: () => ({ name: 'Refused asset', type: 'info-customers', impact_c: '4' }),
    async ok(i) {
      const r = await clients.authorA.post(`/o/${i.orgA}/assets`,
        { name: 'Laptop of A', type: 'hw-laptop', tlp: 'white', classification: 'confidential' });
      assert.equal(r.status, 303);
      assert.equal(r.location, `/o/${i.orgA}/assets/2`);
      assert.equal(assetRow(i.orgA, 2), 'Laptop of A|hw-laptop|0|confidential|clear|-1|-1|-1');
      assert.equal(sql(dir, `SELECT count(*) FROM assets WHERE org_id = ${i.orgB}`), '3',
        'B\'s inventory is untouched');
    },
  },
  'GET /o/:org/assets/:id': {
    path: (i) => `/o/${i.orgA}/assets/${i.assetA}`,
    otherOrg: (i) => `/o/${i.orgB}/assets/${i.assetB}`,
    foreign: (i) => `/o/${i.orgA}/assets/${i.foreignAsset}`,
    async ok(i) {
      const r = await asJson(clients.viewerA).get(`/o/${i.orgA}/assets/${i.assetA}`);
      assert.equal(r.status, 200);
      assert.equal(r.data.asset.name, 'Asset of A');
      assert.deepEqual(r.data.candidates.supporting.map((a) => a.name), ['Laptop of A']);
      const html = await clients.viewerA.get(`/o/${i.orgA}/assets/${i.assetA}`);
      assert.match(html.text, /<h1>Asset of A<\/h1>/);
      assert.doesNotMatch(html.text, /of B/);
    },
  },
  'POST /o/:org/assets/:id': {
    path: (i) => `/o/${i.orgA}/assets/${i.assetA}`,
    otherOrg: (i) => `/o/${i.orgB}/assets/${i.assetB}`,
    foreign: (i) => `/o/${i.orgA}/assets/${i.foreignAsset}`,
    fields: () => ({ name: 'Hijacked', type: 'hw-server', impact_a: '0' }),
    async ok(i) {
      const r = await clients.authorA.post(`/o/${i.orgA}/assets/${i.assetA}`,
        { name: 'Asset of A', type: 'info-customers', impact_c: '3', impact_i: '0' });
      assert.equal(r.status, 303);
      assert.equal(r.location, `/o/${i.orgA}/assets/${i.assetA}`);
      assert.equal(assetRow(i.orgA, i.assetA), 'Asset of A|info-customers|1|internal|amber|3|0|-1');
      assert.equal(assetRow(i.orgB, i.assetA), 'Asset 1 of B|info-customers|1|internal|amber|-1|-1|-1',
        'B\'s asset with the same id is untouched');
    },
  },
  'POST /o/:org/assets/:id/links': {
    path: (i) => `/o/${i.orgA}/assets/${i.assetA}/links`,
    otherOrg: (i) => `/o/${i.orgB}/assets/${i.assetB}/links`,
    foreign: (i) => `/o/${i.orgA}/assets/${i.foreignAsset}/links`,
    fields: (i) => ({ support: i.assetA }),
    async ok(i) {
      const r = await clients.authorA.post(`/o/${i.orgA}/assets/${i.assetA}/links`, { support: 2 });
      assert.equal(r.status, 303);
      assert.equal(r.location, `/o/${i.orgA}/assets/${i.assetA}#links`);
      assert.equal(sql(dir, `SELECT group_concat(org_id || ':' || asset_id || '>' || support_id)
        FROM asset_links`), `${i.orgA}:1>2`);
      const list = await asJson(clients.viewerA).get(`/o/${i.orgA}/assets`);
      assert.deepEqual(list.data.assets.find((a) => a.id === 2).impacts.map((x) => x.value), [3, 0, -1],
        'the laptop inherits the impacts of the asset relying on it');
    },
  },
  'POST /o/:org/assets/:id/unlink': {
    path: (i) => `/o/${i.orgA}/assets/${i.assetA}/unlink`,
    otherOrg: (i) => `/o/${i.orgB}/assets/${i.assetB}/unlink`,
    foreign: (i) => `/o/${i.orgA}/assets/${i.foreignAsset}/unlink`,
    fields: () => ({ support: 2 }),
    async ok(i) {
      const r = await clients.authorA.post(`/o/${i.orgA}/assets/${i.assetA}/unlink`, { support: 2 });
      assert.equal(r.status, 303);
      assert.equal(r.location, `/o/${i.orgA}/assets/${i.assetA}#links`);
      assert.equal(sql(dir, 'SELECT count(*) FROM asset_links'), '0');
    },
  },
  'POST /o/:org/assets/:id/delete': {
    path: (i) => `/o/${i.orgA}/assets/${i.assetA}/delete`,
    otherOrg: (i) => `/o/${i.orgB}/assets/${i.assetB}/delete`,
    foreign: (i) => `/o/${i.orgA}/assets/${i.foreignAsset}/delete`,
    fields: () => ({}),
    async ok(i) {
      const r = await clients.authorA.post(`/o/${i.orgA}/assets/${i.assetA}/delete`);
      assert.equal(r.status, 303);
      assert.equal(r.location, `/o/${i.orgA}/assets`);
      assert.equal(assetRow(i.orgA, i.assetA), '', 'A\'s asset is gone');
      assert.equal(sql(dir, `SELECT count(*) FROM assets WHERE org_id = ${i.orgA}`), '1',
        'the asset created by the control stays');
      assert.notEqual(assetRow(i.orgB, i.assetA), '', 'B\'s asset with the same id stays');
    },
  },
});

// The full method's grid, one risk's page and risks added by hand
// (grid.test.mjs goes further). The control of the creation adds A's
// own server (by SQL) and a risk on it, which the next controls read,
// change and delete. A foreign risk: 7777 of Org R, a third organisation,
// so that B keeps no risk for the "what if" controls.
Object.assign(ROUTES, {
  'GET /o/:org/risks/grid': {
    path: (i) => `/o/${i.orgA}/risks/grid`, otherOrg: (i) => `/o/${i.orgB}/risks/grid`,
    async ok(i) {
      const r = await asJson(clients.viewerA).get(`/o/${i.orgA}/risks/grid?level=none`);
      assert.equal(r.status, 200);
      assert.equal(r.data.pagination.total, Number(sql(dir, `SELECT count(*) FROM risks
        WHERE org_id = ${i.orgA}`)), 'A\'s risks, none evaluated yet');
      const html = await clients.viewerA.get(`/o/${i.orgA}/risks/grid`);
      assert.match(html.text, new RegExp(`href="/o/${i.orgA}/risks" aria-current="page"`));
      assert.match(html.text, /<script src="\/static\/grid.js" defer><\/script>/);
    },
  },
  'POST /o/:org/risks': {
    path: (i) => `/o/${i.orgA}/risks`, otherOrg: (i) => `/o/${i.orgB}/risks`,
    fields: () => ({ asset: '1', threat: 'thr-fire', vulnerability: 'vul-no-antivirus' }),
    async ok(i) {
      const asset = Number(sql(dir, `SELECT coalesce(max(id), 0) + 1 FROM assets
        WHERE org_id = ${i.orgA}`));
      sql(dir, `INSERT INTO assets (org_id, id, name, type, is_primary, impact_c, impact_i,
        impact_a, created_at, updated_at) VALUES (${i.orgA}, ${asset}, 'Server of A', 'hw-server',
        0, 2, 3, 4, 1700000000, 1700000000)`);
      const r = await clients.authorA.post(`/o/${i.orgA}/risks`, { asset,
        threat: 'thr-ransomware', vulnerability: 'vul-no-antivirus' });
      assert.equal(r.status, 303);
      i.riskA = Number(sql(dir, `SELECT id FROM risks WHERE org_id = ${i.orgA}
        AND asset_id = ${asset}`));
      assert.equal(r.location, `/o/${i.orgA}/risks/${i.riskA}`);
      assert.equal(sql(dir, `SELECT threat, vulnerability, likelihood, vuln_level FROM risks
        WHERE org_id = ${i.orgA} AND id = ${i.riskA}`), 'thr-ransomware|vul-no-antivirus|-1|-1');
    },
  },
  'GET /o/:org/risks/:id': {
    path: (i) => `/o/${i.orgA}/risks/${i.riskA}`,
    otherOrg: (i) => `/o/${i.orgB}/risks/${i.riskA}`,
    foreign: (i) => `/o/${i.orgA}/risks/${i.foreignRisk}`,
    async ok(i) {
      const r = await asJson(clients.viewerA).get(`/o/${i.orgA}/risks/${i.riskA}`);
      assert.equal(r.status, 200);
      assert.equal(r.data.risk.asset.name, 'Server of A');
      assert.equal(r.data.risk.threat.id, 'thr-ransomware');
      assert.equal(r.data.risk.level, 'none');
    },
  },
  'POST /o/:org/risks/:id': {
    path: (i) => `/o/${i.orgA}/risks/${i.riskA}`,
    otherOrg: (i) => `/o/${i.orgB}/risks/${i.riskA}`,
    foreign: (i) => `/o/${i.orgA}/risks/${i.foreignRisk}`,
    fields: () => ({ likelihood: '4', vuln_level: '5', note: 'refused' }),
    async ok(i) {
      const r = await asJson(clients.authorA).postJson(`/o/${i.orgA}/risks/${i.riskA}`,
        { likelihood: '2', vuln_level: '3', impact_c: '', impact_i: '', impact_a: '' });
      assert.equal(r.status, 200);
      assert.deepEqual([r.data.value, r.data.level], [24, 'medium'], 'ransomware: 4 × 2 × 3');
      assert.equal(sql(dir, `SELECT likelihood, vuln_level FROM risks WHERE org_id = ${i.orgA}
        AND id = ${i.riskA}`), '2|3');
    },
  },
  'POST /o/:org/risks/:id/delete': {
    path: (i) => `/o/${i.orgA}/risks/${i.riskA}/delete`,
    otherOrg: (i) => `/o/${i.orgB}/risks/${i.riskA}/delete`,
    foreign: (i) => `/o/${i.orgA}/risks/${i.foreignRisk}/delete`,
    fields: () => ({}),
    async ok(i) {
      const r = await clients.authorA.post(`/o/${i.orgA}/risks/${i.riskA}/delete`);
      assert.equal(r.status, 303);
      assert.equal(r.location, `/o/${i.orgA}/risks/grid`);
      assert.equal(sql(dir, `SELECT count(*) FROM risks WHERE org_id = ${i.orgA}
        AND id = ${i.riskA}`), '0');
      assert.equal(sql(dir, `SELECT count(*) FROM risks WHERE id = ${i.foreignRisk}`), '1',
        'the other organisation\'s risk stays');
    },
  },
});

// The risk register, its CSV and its heat map (register.test.mjs goes
// further). By the time these controls run, A's risks are those the
// controls above left: counted here rather than assumed.
const registerSize = (org) => Number(sql(dir, `SELECT (SELECT count(*) FROM risks
  WHERE org_id = ${org}) + (SELECT count(*) FROM what_if_answers WHERE org_id = ${org}
  AND promoted_at = 0)`));
Object.assign(ROUTES, {
  'GET /o/:org/risks': {
    path: (i) => `/o/${i.orgA}/risks`, otherOrg: (i) => `/o/${i.orgB}/risks`,
    async ok(i) {
      const r = await asJson(clients.viewerA).get(`/o/${i.orgA}/risks?sort=asset`);
      assert.equal(r.status, 200);
      assert.equal(r.data.pager.matched, registerSize(i.orgA), 'A\'s risks and open answers');
      assert.ok(r.data.risks.every((x) => !x.asset || !/ of R$/.test(x.asset.name)),
        'no risk of another organisation');
      const html = await clients.viewerA.get(`/o/${i.orgA}/risks`);
      assert.equal(html.status, 200);
      assert.match(html.text, new RegExp(`href="/o/${i.orgA}/risks" aria-current="page"`));
      assert.match(html.text, /<svg [^>]*role="img"/);
    },
  },
  'GET /o/:org/risks.csv': {
    path: (i) => `/o/${i.orgA}/risks.csv`, otherOrg: (i) => `/o/${i.orgB}/risks.csv`,
    async ok(i) {
      const r = await clients.viewerA.get(`/o/${i.orgA}/risks.csv`);
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type'), /^text\/csv; charset=utf-8/);
      assert.match(r.headers.get('content-disposition'), /^attachment; filename="[^"]+\.csv"$/);
      assert.equal(r.text.split('\r\n').filter(Boolean).length, 1 + registerSize(i.orgA),
        'a header and one line per risk');
    },
  },
  'GET /o/:org/risks/heatmap.svg': {
    path: (i) => `/o/${i.orgA}/risks/heatmap.svg`,
    otherOrg: (i) => `/o/${i.orgB}/risks/heatmap.svg`,
    async ok(i) {
      const r = await clients.viewerA.get(`/o/${i.orgA}/risks/heatmap.svg`);
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type'), /^image\/svg\+xml/);
      assert.match(r.text, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg [^>]*role="img"/);
      const counted = [...r.text.matchAll(/data-count="(\d+)"/g)].reduce((n, m) => n + Number(m[1]), 0);
      const page = await asJson(clients.viewerA).get(`/o/${i.orgA}/risks`);
      const full = page.data.heatmaps.find((m) => m.kind === 'full');
      assert.equal(counted, full.on_map, 'the same counts as the page\'s map');
      assert.equal(full.on_map + full.left_out, Number(sql(dir, `SELECT count(*) FROM risks
        WHERE org_id = ${i.orgA}`)), 'every risk of A, on the map or left out');
    },
  },
});

// The programme's modules still to be built: one page each.
for (const module of ['privacy', 'incidents', 'plans', 'programme', 'reports']) {
  ROUTES[`GET /o/:org/${module}`] = {
    path: (i) => `/o/${i.orgA}/${module}`, otherOrg: (i) => `/o/${i.orgB}/${module}`,
    async ok(i) {
      const r = await clients.viewerA.get(`/o/${i.orgA}/${module}`);
      assert.equal(r.status, 200);
      assert.match(r.text, new RegExp(`href="/o/${i.orgA}/${module}" aria-current="page"`));
    },
  };
}

// `ravelin routes`: METHOD PATTERN ACCESS, one a line.
function routeTable() {
  const r = ravelin(['routes']);
  assert.equal(r.status, 0, r.stderr);
  const table = r.stdout.trim().split('\n').map((line) => {
    const [method, pattern, access] = line.trim().split(/\s+/);
    return { method, pattern, access, key: `${method} ${pattern}` };
  });
  assert.ok(table.length > 10, 'the route table is printed');
  return table;
}

// A's open run 1 with one answer and A's action 1; B's runs 1..3 and
// actions 1..3, of which the last exist only in B.
async function baselineData() {
  const created = async (client, url, fields) => {
    const r = await client.post(url, fields);
    assert.equal(r.status, 303, `${url}: ${r.status}`);
    return Number(r.location.match(/\/(\d+)$/)?.[1]);
  };
  ids.runA = await created(clients.ownerA, `/o/${ids.orgA}/baseline`);
  assert.equal((await clients.ownerA.post(`/o/${ids.orgA}/baseline/${ids.runA}`, ANSWER)).status, 303);
  // An open run is continued, not doubled: B closes runs 1 and 2 before
  // starting the next, and keeps run 3 open.
  for (let k = 1; k <= 3; k++) {
    ids.foreignRun = await created(clients.ownerB, `/o/${ids.orgB}/baseline`);
    await clients.ownerB.post(`/o/${ids.orgB}/baseline/${ids.foreignRun}`, ANSWER);
    if (k < 3)
      assert.equal((await clients.ownerB.post(
        `/o/${ids.orgB}/baseline/${ids.foreignRun}/complete`)).status, 303);
  }
  ids.runB = 1;
  ids.runBCompleted = sql(dir, `SELECT completed_at FROM assessments WHERE org_id = ${ids.orgB}
    AND id = ${ids.runB}`);
  await created(clients.ownerA, `/o/${ids.orgA}/actions`, { title: 'Action of A', source: 'baseline',
    source_ref: 'upd-auto-os' });
  ids.actionA = 1;
  for (let k = 1; k <= 3; k++)
    await created(clients.ownerB, `/o/${ids.orgB}/actions`, { title: `Action ${k} of B` });
  ids.actionB = 1;
  ids.foreignAction = 3;
  assert.deepEqual([ids.runA, ids.foreignRun], [1, 3]);
  assert.equal(sql(dir, `SELECT count(*) FROM actions WHERE org_id = ${ids.orgA}`), '1');
  assert.equal(sql(dir, `SELECT count(*) FROM actions WHERE org_id = ${ids.orgB}`), '3');
}

// Entry 1 of each register in A ("Entry of A"); entries 1..3 of each in
// B ("Entry k of B"), of which entry 3 exists only in B.
async function registerData() {
  for (const [name, reg] of Object.entries(REGISTERS)) {
    const created = async (client, org, title) => {
      const r = await client.post(`/o/${org}/${name}`, reg.entry(title));
      assert.equal(r.status, 303, `${name} in ${org}: ${r.status}`);
      return Number(r.location.match(/#entry-(\d+)$/)?.[1]);
    };
    assert.equal(await created(clients.ownerA, ids.orgA, 'Entry of A'), 1);
    for (let k = 1; k <= 3; k++)
      assert.equal(await created(clients.ownerB, ids.orgB, `Entry ${k} of B`), k);
    assert.equal(storedEntry(ids.orgB, name, 1), entryData(regEntry(reg, 'Entry 1 of B')));
  }
  ids.entryA = 1;
  ids.entryB = 1;
  ids.foreignEntry = 3;
}

// Asset 1 of A ("Asset of A"); assets 1..3 of B ("Asset k of B"), of
// which asset 3 exists only in B.
async function assetData() {
  const created = async (client, org, name) => {
    const r = await client.post(`/o/${org}/assets`, { name, type: 'info-customers' });
    assert.equal(r.status, 303, `asset in ${org}: ${r.status}`);
    return Number(r.location.match(/\/assets\/(\d+)$/)?.[1]);
  };
  assert.equal(await created(clients.ownerA, ids.orgA, 'Asset of A'), 1);
  for (let k = 1; k <= 3; k++)
    assert.equal(await created(clients.ownerB, ids.orgB, `Asset ${k} of B`), k);
  ids.assetA = 1;
  ids.assetB = 1;
  ids.foreignAsset = 3;
}

// Org R with its asset 1 and risk 7777, an id A never reaches (foreign
// risk); A's risk id 1 for the refusals, until the creation's control.
function riskData() {
  addUser(dir, { email: 'owner-r@example.test', org: 'Org R', role: 'owner', password: PASSWORD });
  const org = Number(sql(dir, "SELECT id FROM orgs WHERE name = 'Org R'"));
  sql(dir, `INSERT INTO assets (org_id, id, name, type, is_primary, created_at, updated_at)
    VALUES (${org}, 1, 'Laptop of R', 'hw-laptop', 0, 1700000000, 1700000000);
    INSERT INTO risks (org_id, id, asset_id, threat, vulnerability, created_at, updated_at)
    VALUES (${org}, 7777, 1, 'thr-fire', 'vul-ageing-hardware', 1700000000, 1700000000);`);
  ids.riskA = 1;
  ids.foreignRisk = 7777;
}

let table;
const ROLE_RANK = { viewer: 1, editor: 2, owner: 3 };

// The organisation's risk scales and limits, and its own threats and
// vulnerabilities (risk_settings.test.mjs and catalogue.test.mjs go
// further). The control of the scales stores the defaults (the controls of
// the risk pages expect them); the control of the threat adds A's
// own-thr-1, which the control of the deletion removes.
const SCALES = { impact_min: '0', impact_max: '4', likelihood_min: '0', likelihood_max: '4',
  vuln_min: '0', vuln_max: '5', low_max: '8', medium_max: '27', rud_low_max: '4',
  rud_medium_max: '9', confirm: '1' };
Object.assign(ROUTES, {
  'GET /o/:org/risks/settings': {
    path: (i) => `/o/${i.orgA}/risks/settings`, otherOrg: (i) => `/o/${i.orgB}/risks/settings`,
    async ok(i) {
      const r = await asJson(clients.viewerA).get(`/o/${i.orgA}/risks/settings`);
      assert.equal(r.status, 200);
      assert.equal(r.data.settings.medium_max, 27);
    },
  },
  'POST /o/:org/risks/settings': {
    path: (i) => `/o/${i.orgA}/risks/settings`, otherOrg: (i) => `/o/${i.orgB}/risks/settings`,
    fields: () => SCALES,
    async ok(i) {
      const r = await clients.authorA.post(`/o/${i.orgA}/risks/settings`, SCALES);
      assert.equal(r.status, 303);
      assert.equal(sql(dir, 'SELECT org_id, impact_max, low_max, medium_max FROM risk_settings'),
        `${i.orgA}|4|8|27`, 'stored for A only');
    },
  },
  'GET /o/:org/risks/catalogue': {
    path: (i) => `/o/${i.orgA}/risks/catalogue`, otherOrg: (i) => `/o/${i.orgB}/risks/catalogue`,
    async ok(i) {
      const r = await asJson(clients.viewerA).get(`/o/${i.orgA}/risks/catalogue`);
      assert.equal(r.status, 200);
      assert.ok(r.data.themes.length === 7 && r.data.base_counts.threats > 30);
    },
  },
  'POST /o/:org/risks/catalogue/asset-types': {
    path: (i) => `/o/${i.orgA}/risks/catalogue/asset-types`,
    otherOrg: (i) => `/o/${i.orgB}/risks/catalogue/asset-types`,
    fields: () => ({ title: 'Bread oven', kind: 'hardware' }),
    async ok(i) {
      const r = await clients.authorA.post(`/o/${i.orgA}/risks/catalogue/asset-types`,
        { title: 'Bread oven', kind: 'hardware' });
      assert.equal(r.status, 303);
      assert.equal(sql(dir, "SELECT org_id, id FROM kb_additions WHERE kind = 'asset_type'"),
        `${i.orgA}|own-type-1`);
    },
  },
  'POST /o/:org/risks/catalogue/threats': {
    path: (i) => `/o/${i.orgA}/risks/catalogue/threats`,
    otherOrg: (i) => `/o/${i.orgB}/risks/catalogue/threats`,
    fields: () => ({ title: 'Flooded cellar', theme: 'natural', a: '1' }),
    async ok(i) {
      const r = await clients.authorA.post(`/o/${i.orgA}/risks/catalogue/threats`,
        { title: 'Flooded cellar', theme: 'natural', a: '1' });
      assert.equal(r.status, 303);
      assert.equal(sql(dir, "SELECT org_id, id FROM kb_additions WHERE kind = 'threat'"),
        `${i.orgA}|own-thr-1`);
    },
  },
  'POST /o/:org/risks/catalogue/vulnerabilities': {
    path: (i) => `/o/${i.orgA}/risks/catalogue/vulnerabilities`,
    otherOrg: (i) => `/o/${i.orgB}/risks/catalogue/vulnerabilities`,
    fields: () => ({ text: 'Server on the cellar floor', asset_type: 'hw-server' }),
    async ok(i) {
      const r = await clients.authorA.post(`/o/${i.orgA}/risks/catalogue/vulnerabilities`,
        { text: 'Server on the cellar floor', asset_type: 'hw-server' });
      assert.equal(r.status, 303);
      assert.equal(sql(dir, "SELECT org_id, id FROM kb_additions WHERE kind = 'vulnerability'"),
        `${i.orgA}|own-vul-1`);
    },
  },
  'POST /o/:org/risks/catalogue/delete': {
    path: (i) => `/o/${i.orgA}/risks/catalogue/delete`,
    otherOrg: (i) => `/o/${i.orgB}/risks/catalogue/delete`,
    fields: () => ({ kind: 'threat', id: 'own-thr-1' }),
    async ok(i) {
      const r = await clients.authorA.post(`/o/${i.orgA}/risks/catalogue/delete`,
        { kind: 'threat', id: 'own-thr-1' });
      assert.equal(r.status, 303);
      assert.equal(sql(dir, "SELECT count(*) FROM kb_additions WHERE kind = 'threat'"), '0');
    },
  },
});

// The Statement of Applicability (soa.test.mjs goes further): the control
// of the save stores A's decision on 5.1 only.
Object.assign(ROUTES, {
  'GET /o/:org/treatment/soa': {
    path: (i) => `/o/${i.orgA}/treatment/soa`, otherOrg: (i) => `/o/${i.orgB}/treatment/soa`,
    async ok(i) {
      const r = await asJson(clients.viewerA).get(`/o/${i.orgA}/treatment/soa`);
      assert.equal(r.status, 200);
      assert.deepEqual(r.data.themes.map((t) => t.count), [37, 8, 14, 34]);
    },
  },
  'POST /o/:org/treatment/soa': {
    path: (i) => `/o/${i.orgA}/treatment/soa`, otherOrg: (i) => `/o/${i.orgB}/treatment/soa`,
    fields: () => ({ control: '5.1', applicable: 'yes', status: 'planned' }),
    async ok(i) {
      const r = await clients.authorA.post(`/o/${i.orgA}/treatment/soa`,
        { control: '5.1', applicable: 'yes', status: 'planned' });
      assert.equal(r.status, 303);
      assert.equal(sql(dir, 'SELECT org_id, control, applicable, status FROM soa'),
        `${i.orgA}|5.1|1|planned`);
    },
  },
  'GET /o/:org/treatment/soa.csv': {
    path: (i) => `/o/${i.orgA}/treatment/soa.csv`, otherOrg: (i) => `/o/${i.orgB}/treatment/soa.csv`,
    async ok(i) {
      const r = await clients.viewerA.get(`/o/${i.orgA}/treatment/soa.csv`);
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type'), /^text\/csv; charset=utf-8/);
      assert.equal(r.text.split('\r\n').filter(Boolean).length, 1 + 93);
    },
  },
});

// The measures catalogue (measures.test.mjs goes further): a filter
// keeps only the measures of its kind, and the page sits in the treatment
// module of the navigation.
Object.assign(ROUTES, {
  'GET /o/:org/treatment/measures': {
    path: (i) => `/o/${i.orgA}/treatment/measures`,
    otherOrg: (i) => `/o/${i.orgB}/treatment/measures`,
    async ok(i) {
      const r = await asJson(clients.viewerA).get(`/o/${i.orgA}/treatment/measures?kind=people`);
      assert.equal(r.status, 200);
      assert.ok(r.data.measures.every((m) => m.kind === 'people'));
      assert.equal(r.data.filter.kind, 'people');
      const html = await clients.viewerA.get(`/o/${i.orgA}/treatment/measures`);
      assert.equal(html.status, 200);
      assert.match(html.text, new RegExp(`href="/o/${i.orgA}/treatment" aria-current="page"`));
    },
  },
});

// The treatment of one risk (treatment.test.mjs goes further). The risk
// of the grid's controls is deleted by then: the first control here adds
// A's risk 90 (on its own asset 90) by SQL; the later ones decide, choose
// a measure, remove it, and have an owner sign and revoke an acceptance.
const TREATED = 90;
Object.assign(ROUTES, {
  'GET /o/:org/treatment': {
    path: (i) => `/o/${i.orgA}/treatment`, otherOrg: (i) => `/o/${i.orgB}/treatment`,
    async ok(i) {
      const r = await asJson(clients.viewerA).get(`/o/${i.orgA}/treatment`);
      assert.equal(r.status, 200);
      assert.equal(r.data.summary.risks, Number(sql(dir, `SELECT count(*) FROM risks
        WHERE org_id = ${i.orgA}`)));
      const html = await clients.viewerA.get(`/o/${i.orgA}/treatment`);
      assert.match(html.text, new RegExp(`href="/o/${i.orgA}/treatment" aria-current="page"`));
    },
  },
  'GET /o/:org/risks/:id/treatment': {
    path: (i) => `/o/${i.orgA}/risks/${TREATED}/treatment`,
    otherOrg: (i) => `/o/${i.orgB}/risks/${TREATED}/treatment`,
    foreign: (i) => `/o/${i.orgA}/risks/${i.foreignRisk}/treatment`,
    async ok(i) {
      sql(dir, `INSERT INTO assets (org_id, id, name, type, is_primary, impact_c, impact_i,
          impact_a, created_at, updated_at) VALUES (${i.orgA}, 90, 'Laptop of A', 'hw-laptop', 0,
          3, 3, 3, 0, 0);
        INSERT INTO risks (org_id, id, asset_id, threat, vulnerability, likelihood, vuln_level,
          created_at, updated_at) VALUES (${i.orgA}, ${TREATED}, 90, 'thr-theft-equipment',
          'vul-laptop-disk-unencrypted', 2, 4, 0, 0)`);
      const r = await asJson(clients.viewerA).get(`/o/${i.orgA}/risks/${TREATED}/treatment`);
      assert.equal(r.status, 200);
      assert.equal(r.data.before.value, 3 * 2 * 4);
      assert.ok(r.data.catalogue.suggested.length > 0, 'measures are suggested');
    },
  },
  'POST /o/:org/risks/:id/treatment': {
    path: (i) => `/o/${i.orgA}/risks/${TREATED}/treatment`,
    otherOrg: (i) => `/o/${i.orgB}/risks/${TREATED}/treatment`,
    foreign: (i) => `/o/${i.orgA}/risks/${i.foreignRisk}/treatment`,
    fields: () => ({ decision: 'accept', justification: 'Old laptop, no data on it' }),
    async ok(i) {
      const r = await clients.authorA.post(`/o/${i.orgA}/risks/${TREATED}/treatment`,
        { decision: 'accept', justification: 'Old laptop, no data on it' });
      assert.equal(r.status, 303);
      assert.equal(sql(dir, 'SELECT org_id, risk_id, decision, acceptance FROM treatments'),
        `${i.orgA}|${TREATED}|accept|proposed`);
    },
  },
  'POST /o/:org/risks/:id/treatment/sign': {
    path: (i) => `/o/${i.orgA}/risks/${TREATED}/treatment/sign`,
    otherOrg: (i) => `/o/${i.orgB}/risks/${TREATED}/treatment/sign`,
    foreign: (i) => `/o/${i.orgA}/risks/${i.foreignRisk}/treatment/sign`,
    fields: () => ({}),
    async ok(i) {
      const r = await clients.ownerA.post(`/o/${i.orgA}/risks/${TREATED}/treatment/sign`);
      assert.equal(r.status, 303);
      assert.equal(sql(dir, 'SELECT acceptance, approved_by FROM treatments'),
        `accepted|${i.ownerA}`);
    },
  },
  'POST /o/:org/risks/:id/treatment/revoke': {
    path: (i) => `/o/${i.orgA}/risks/${TREATED}/treatment/revoke`,
    otherOrg: (i) => `/o/${i.orgB}/risks/${TREATED}/treatment/revoke`,
    foreign: (i) => `/o/${i.orgA}/risks/${i.foreignRisk}/treatment/revoke`,
    fields: () => ({}),
    async ok(i) {
      const r = await clients.ownerA.post(`/o/${i.orgA}/risks/${TREATED}/treatment/revoke`);
      assert.equal(r.status, 303);
      assert.equal(sql(dir, 'SELECT acceptance FROM treatments'), 'revoked');
    },
  },
  'POST /o/:org/risks/:id/measures': {
    path: (i) => `/o/${i.orgA}/risks/${TREATED}/measures`,
    otherOrg: (i) => `/o/${i.orgB}/risks/${TREATED}/measures`,
    foreign: (i) => `/o/${i.orgA}/risks/${i.foreignRisk}/measures`,
    fields: () => ({ measure: 'msr-full-disk-encryption', reduction: '2' }),
    async ok(i) {
      const measure = 'msr-full-disk-encryption';
      const r = await clients.authorA.post(`/o/${i.orgA}/risks/${TREATED}/measures`,
        { measure, reduction: '2', owner: 'Eddy' });
      assert.equal(r.status, 303, r.text.slice(0, 400));
      assert.equal(sql(dir, 'SELECT risk_id, measure, reduction FROM risk_measures'),
        `${TREATED}|${measure}|2`);
      assert.equal(sql(dir, `SELECT owner FROM actions WHERE org_id = ${i.orgA}
        AND source = 'measure'`), 'Eddy');
    },
  },
  'POST /o/:org/risks/:id/measures/remove': {
    path: (i) => `/o/${i.orgA}/risks/${TREATED}/measures/remove`,
    otherOrg: (i) => `/o/${i.orgB}/risks/${TREATED}/measures/remove`,
    foreign: (i) => `/o/${i.orgA}/risks/${i.foreignRisk}/measures/remove`,
    fields: () => ({ measure: 'msr-full-disk-encryption' }),
    async ok(i) {
      const r = await clients.authorA.post(`/o/${i.orgA}/risks/${TREATED}/measures/remove`,
        { measure: 'msr-full-disk-encryption' });
      assert.equal(r.status, 303);
      assert.equal(sql(dir, 'SELECT count(*) FROM risk_measures'), '0');
    },
  },
});

// The treatment as files (exports.test.mjs goes further): the plan as a
// PDF, the register with decisions as an XLSX with one row per risk of A.
Object.assign(ROUTES, {
  'GET /o/:org/treatment/plan.pdf': {
    path: (i) => `/o/${i.orgA}/treatment/plan.pdf`,
    otherOrg: (i) => `/o/${i.orgB}/treatment/plan.pdf`,
    async ok(i) {
      const res = await fetch(`${srv.base}/o/${i.orgA}/treatment/plan.pdf`,
        { headers: clients.viewerA.headers(), redirect: 'manual' });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/pdf');
      assert.match(res.headers.get('content-disposition'), /^attachment; filename="[^"]+\.pdf"$/);
      const body = Buffer.from(await res.arrayBuffer());
      assert.equal(body.subarray(0, 5).toString('latin1'), '%PDF-');
    },
  },
  'GET /o/:org/risks.xlsx': {
    path: (i) => `/o/${i.orgA}/risks.xlsx`, otherOrg: (i) => `/o/${i.orgB}/risks.xlsx`,
    async ok(i) {
      const res = await fetch(`${srv.base}/o/${i.orgA}/risks.xlsx`,
        { headers: clients.viewerA.headers(), redirect: 'manual' });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'),
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      assert.match(res.headers.get('content-disposition'), /^attachment; filename="[^"]+\.xlsx"$/);
      const body = Buffer.from(await res.arrayBuffer());
      const { spawnSync } = await import('node:child_process');
      const rows = spawnSync('python3', ['-c', 'import sys, io, zipfile; print(zipfile.ZipFile(' +
        'io.BytesIO(sys.stdin.buffer.read())).read("xl/worksheets/sheet1.xml").decode().count("<row ")) '],
      { input: body, encoding: 'utf8' });
      assert.equal(rows.status, 0, rows.stderr);
      assert.equal(Number(rows.stdout), 1 + Number(sql(dir, `SELECT count(*) FROM risks
        WHERE org_id = ${i.orgA}`)), 'a header and one row per risk of A');
    },
  },
});

before(async () => {
  dir = tempDir('ravelin-routes-');
  [ids.ownerA, ids.editorA, ids.viewerA, ids.spare, ids.authorA, ids.ownerB, ids.viewerB] =
    addPeople(dir, PASSWORD, [
      ['owner-a@example.test', 'Org A', 'owner'],
      ['editor-a@example.test', 'Org A', 'editor'],
      ['viewer-a@example.test', 'Org A', 'viewer'],
      ['spare@example.test', 'Org A', 'viewer'],
      // The editor of the positive controls of the baseline and the action
      // plan (editor-a is demoted and removed by the members' controls).
      ['author-a@example.test', 'Org A', 'editor'],
      ['owner-b@example.test', 'Org B', 'owner'],
      ['viewer-b@example.test', 'Org B', 'viewer'],
    ]);
  ids.orgA = orgId(dir, 'Org A');
  ids.orgB = orgId(dir, 'Org B');
  createToken(dir, { email: 'owner-a@example.test', org: 'Org A', name: 'token of A' });
  createToken(dir, { email: 'owner-b@example.test', org: 'Org B', name: 'token of B' });
  ids.tokenA = Number(sql(dir, `SELECT id FROM api_tokens WHERE user_id = ${ids.ownerA}`));
  ids.tokenB = Number(sql(dir, `SELECT id FROM api_tokens WHERE user_id = ${ids.ownerB}`));

  // One worker thread: see durability.test.mjs on what a second worker
  // does to other processes' view of the database (sqlite3 reads here).
  srv = await startServer({ dataDir: dir });
  // HTML clients only: the tests make a JSON twin (asJson) where they need one.
  await logInEach(srv.base, PASSWORD, {
    ownerA: 'owner-a@example.test', editorA: 'editor-a@example.test',
    viewerA: 'viewer-a@example.test', spare: 'spare@example.test',
    ownerB: 'owner-b@example.test', viewerB: 'viewer-b@example.test',
    authorA: 'author-a@example.test',
  }, clients);
  ids.inviteA = await invite(clients.ownerA, ids.orgA, 'newcomer@example.test', 'viewer');
  ids.inviteA2 = await invite(clients.ownerA, ids.orgA, 'withdrawn@example.test', 'editor');
  ids.inviteB = await invite(clients.ownerB, ids.orgB, 'guest-b@example.test', 'viewer');
  await baselineData();
  await registerData();
  await assetData();
  riskData();
  table = routeTable();
});

after(async () => { await srv?.stop(); });

test('every route in the table is known to this test, and every known route exists', () => {
  const unknown = table.filter((r) => !ROUTES[r.key]).map((r) => r.key);
  assert.deepEqual(unknown, [], 'add these routes to ROUTES in tests/http/routes.test.mjs');
  const stale = Object.keys(ROUTES).filter((k) => !table.some((r) => r.key === k));
  assert.deepEqual(stale, [], 'these routes are no longer in the table');
  for (const r of known()) {
    const spec = ROUTES[r.key];
    assert.equal(Boolean(spec.anon), r.access === 'public',
      `${r.key}: public routes (and only they) declare their anonymous answer`);
    assert.equal(Boolean(spec.otherOrg), r.pattern.includes(':org'), `${r.key}: otherOrg`);
    assert.equal(Boolean(spec.foreign), r.pattern.includes(':id'), `${r.key}: foreign`);
    assert.equal(Boolean(spec.fields), r.method === 'POST', `${r.key}: fields`);
  }
});

// The routes the per-route tests below go through: those of the table
// that ROUTES knows (the first test fails for the others, naming them).
const known = () => table.filter((r) => ROUTES[r.key]);

test('(a) without a session: public routes answer, the others ask to log in', async (t) => {
  for (const r of known()) {
    await t.test(r.key, () => unchanged(`${r.key} without a session`, async () => {
      const spec = ROUTES[r.key];
      const path = spec.path(ids);
      const fields = spec.fields?.(ids);
      if (spec.anon) {
        const res = await send(new Client(srv.base), r.method, path, { fields, csrf: false });
        assert.equal(res.status, spec.anon.status);
        if (spec.anon.location) assert.equal(res.location, spec.anon.location);
        return;
      }
      const html = await send(new Client(srv.base), r.method, path, { fields, csrf: false });
      assert.equal(html.status, 303);
      // After the login a POST address comes back as the nearest page
      // above it that a browser can open (router_page_path).
      let page = path;
      if (r.method === 'POST') {
        const segs = path.split('/').filter(Boolean);
        const gets = table.filter((x) => x.method === 'GET').map((x) => new RegExp('^' + x.pattern
          .replace(/:org|:id/g, '[1-9][0-9]*').replace(/:token/g, '[0-9a-f]{64}') + '$'));
        let k = segs.length;
        while (k > 0 && !gets.some((g) => g.test('/' + segs.slice(0, k).join('/')))) k--;
        page = '/' + segs.slice(0, k).join('/');
      }
      assert.equal(html.location, `/login?next=${encodeURIComponent(page)}`);

      const json = await send(new Client(srv.base), r.method, path,
        { fields, csrf: false, json: true });
      assert.equal(json.status, 401);
      assert.equal(typeof json.data?.error, 'string');

      // A cookie that looks right but names no session is no session.
      const forged = new Client(srv.base);
      forged.cookies.set('ravelin_session', 'ab'.repeat(32));
      const res = await send(forged, r.method, path, { fields, csrf: false });
      assert.equal(res.status, 303, 'forged session cookie');

      // Nor is an API token that does not exist.
      const bearer = new Client(srv.base, { json: true, token: 'cd'.repeat(32) });
      const res2 = await send(bearer, r.method, path, { fields, csrf: false });
      assert.equal(res2.status, 401, 'unknown API token');
    }));
  }
});

test('(b) a role below the route\'s gets 403 and changes nothing', async (t) => {
  for (const r of known().filter((x) => x.access === 'editor' || x.access === 'owner')) {
    const spec = ROUTES[r.key];
    const lower = r.access === 'owner' ? ['viewerA', 'editorA'] : ['viewerA'];
    await t.test(`${r.key} as ${lower.join(', ')}`, () => unchanged(r.key, async () => {
      for (const who of lower) {
        for (const json of [false, true]) {
          const res = await send(clients[who], r.method, spec.path(ids),
            { fields: spec.fields?.(ids), json });
          assert.equal(res.status, 403, `as ${who}${json ? ' (JSON)' : ''}`);
        }
      }
    }));
  }
});

test('(c) another organisation, or an id from elsewhere, is not found', async (t) => {
  for (const r of known().filter((x) => x.pattern.includes(':org') || x.pattern.includes(':id'))) {
    const spec = ROUTES[r.key];
    const fields = spec.fields?.(ids);
    await t.test(r.key, () => unchanged(r.key, async () => {
      if (spec.otherOrg) {
        for (const json of [false, true]) {
          const res = await send(clients.ownerA, r.method, spec.otherOrg(ids), { fields, json });
          assert.equal(res.status, 404, `organisation B as owner of A${json ? ' (JSON)' : ''}`);
        }
        const path = spec.path(ids).replace(`/o/${ids.orgA}`, '/o/999999');
        const res = await send(clients.ownerA, r.method, path, { fields });
        assert.equal(res.status, 404, 'an organisation that does not exist');
      }
      if (spec.foreign) {
        for (const json of [false, true]) {
          const res = await send(clients.ownerA, r.method, spec.foreign(ids), { fields, json });
          assert.equal(res.status, 404, `an id of elsewhere in A's address${json ? ' (JSON)' : ''}`);
        }
        const path = spec.path(ids)
          .replace(/(\/(?:members|invites|tokens|baseline|actions|backups|wifi|software|assets|risks)\/)\d+/, '$1999999');
        assert.notEqual(path, spec.path(ids));
        const res = await send(clients.ownerA, r.method, path, { fields });
        assert.equal(res.status, 404, 'an id that does not exist');
      }
    }));
  }
});

test('(d) every POST without a valid CSRF token is refused with 403', async (t) => {
  for (const r of known().filter((x) => x.method === 'POST')) {
    const spec = ROUTES[r.key];
    const path = spec.path(ids);
    const fields = spec.fields(ids);
    await t.test(r.key, () => unchanged(r.key, async () => {
      // The owner of A may do everything in A, so only the token is wrong.
      let res = await send(clients.ownerA, 'POST', path, { fields, csrf: false });
      assert.equal(res.status, 403, 'no token');
      res = await send(clients.ownerA, 'POST', path, { fields, csrf: false, json: true });
      assert.equal(res.status, 403, 'JSON without X-CSRF-Token');
      res = await clients.ownerA.post(path, { ...fields, csrf: clients.ownerB.csrf });
      assert.equal(res.status, 403, 'the token of another session');
      res = await clients.ownerA.post(path, { ...fields, csrf: '' });
      assert.equal(res.status, 403, 'an empty token');
      if (spec.anon) {
        const c = await visitor();
        const token = c.csrf;
        c.cookies.delete('ravelin_csrf');
        res = await c.post(path, { ...fields, csrf: token });
        assert.equal(res.status, 403, 'a visitor\'s token without its cookie');
      }
    }));
  }
});

test('positive controls: each route does its work for someone allowed', async (t) => {
  for (const r of known()) {
    await t.test(r.key, () => ROUTES[r.key].ok(ids));
  }
});

test('the server stops cleanly: exit 0, no sanitizer report', async () => {
  await srv.stopChecked();
});
