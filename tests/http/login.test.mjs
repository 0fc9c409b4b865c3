// Password guessing is slowed and then refused, per e-mail address and
// per client address; sessions end when idle or too old. Expiry cannot
// be waited for, so those tests age session rows in the database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';

import { startServer, tempDir, sql, addUser } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';

const PASSWORD = 'correct horse battery staple';
const IDLE_SECONDS = 2 * 3600;       // src/web/session.h
const ABSOLUTE_SECONDS = 12 * 3600;

let srv;
let dir;

function people(dataDir) {
  addUser(dataDir, { email: 'anna@example.test', org: 'Org A', role: 'owner', password: PASSWORD });
  addUser(dataDir, { email: 'bert@example.test', org: 'Org A', role: 'viewer', password: PASSWORD });
}

before(async () => {
  dir = tempDir('ravelin-login-');
  people(dir);
  // One worker thread: see durability.test.mjs on what a second worker
  // does to other processes' view of the database (sqlite3 writes here).
  srv = await startServer({ dataDir: dir });
});

after(async () => { await srv?.stop(); });

// One login attempt from a fresh visitor; returns {status, ms, session}.
async function attempt(base, email, password, { json = false } = {}) {
  const c = new Client(base);
  await c.get('/login');
  const t0 = performance.now();
  let r;
  if (json) {
    const j = new Client(base, { json: true });
    j.cookies = c.cookies;
    j.csrf = c.csrf;
    r = await j.postJson('/login', { email, password });
  } else {
    r = await c.post('/login', { email, password });
  }
  return { status: r.status, ms: performance.now() - t0, session: c.cookies.get('ravelin_session'),
           data: r.data };
}

// The same, from another loopback address (the server listens on
// 127.0.0.1; the connection comes from localAddress), with node:http since
// fetch cannot choose its source address.
function request(base, localAddress, method, path, { headers = {}, body } = {}) {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, path, method, localAddress,
      headers: { connection: 'close', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on('error', reject);
    if (body) req.end(body); else req.end();
  });
}

async function attemptFrom(base, localAddress, email, password) {
  const page = await request(base, localAddress, 'GET', '/login');
  assert.equal(page.status, 200);
  const cookie = page.headers['set-cookie'].find((l) => l.startsWith('ravelin_csrf=')).split(';')[0];
  const csrf = page.text.match(/name="csrf" value="([0-9a-f]{64})"/)[1];
  const body = new URLSearchParams({ email, password, csrf }).toString();
  const r = await request(base, localAddress, 'POST', '/login', { body,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' } });
  return { status: r.status };
}

test('failed logins: slowed after 5, refused after 10, even with the right password', async (t) => {
  await t.test('the first five wrong passwords are answered at once', async () => {
    for (let i = 1; i <= 5; i++) {
      const r = await attempt(srv.base, 'anna@example.test', `wrong password ${i}`);
      assert.equal(r.status, 401, `attempt ${i}`);
      assert.ok(r.ms < 900, `attempt ${i} took ${Math.round(r.ms)} ms`);
      assert.equal(r.session, undefined);
    }
  });
  await t.test('the sixth answer takes at least a second', async () => {
    const r = await attempt(srv.base, 'anna@example.test', 'wrong password 6');
    assert.equal(r.status, 401);
    assert.ok(r.ms >= 1000, `took ${Math.round(r.ms)} ms`);
  });
  await t.test('up to the tenth, each answer is slow', async () => {
    for (let i = 7; i <= 10; i++) {
      const r = await attempt(srv.base, 'ANNA@example.test', `wrong password ${i}`);
      assert.equal(r.status, 401, `attempt ${i}`);
      assert.ok(r.ms >= 1000, `attempt ${i} took ${Math.round(r.ms)} ms`);
    }
  });
  await t.test('after ten, the right password is refused with 429', async () => {
    const r = await attempt(srv.base, 'anna@example.test', PASSWORD);
    assert.equal(r.status, 429);
    assert.equal(r.session, undefined, 'no session is started');
    const j = await attempt(srv.base, 'anna@example.test', PASSWORD, { json: true });
    assert.equal(j.status, 429);
    assert.equal(typeof j.data.error, 'string');
  });
  await t.test('another account from the same address is refused too', async () => {
    const r = await attempt(srv.base, 'bert@example.test', PASSWORD);
    assert.equal(r.status, 429);
  });
  await t.test('from another address, the guessed account stays refused', async () => {
    const r = await attemptFrom(srv.base, '127.0.0.2', 'anna@example.test', PASSWORD);
    assert.equal(r.status, 429);
  });
  await t.test('from another address, another account logs in', async () => {
    const r = await attemptFrom(srv.base, '127.0.0.2', 'bert@example.test', PASSWORD);
    assert.equal(r.status, 303);
  });
  await t.test('a restart does not forget the failures', async () => {
    await srv.stopChecked();
    srv = await startServer({ dataDir: dir });
    assert.equal((await attempt(srv.base, 'anna@example.test', PASSWORD)).status, 429);
  });
  await t.test('failures older than the 15-minute window do not count', async () => {
    // Age every failure by 16 minutes: the window has passed.
    sql(dir, 'UPDATE login_failures SET at = at - 16 * 60');
    const r = await attempt(srv.base, 'anna@example.test', PASSWORD);
    assert.equal(r.status, 303);
    assert.ok(r.ms < 900, `took ${Math.round(r.ms)} ms`);
  });
});

test('another installation (a fresh data folder) is not affected', async () => {
  const fresh = tempDir('ravelin-login-fresh-');
  people(fresh);
  const other = await startServer({ dataDir: fresh });
  try {
    const r = await attempt(other.base, 'anna@example.test', PASSWORD);
    assert.equal(r.status, 303);
    assert.ok(r.ms < 900, `took ${Math.round(r.ms)} ms`);
  } finally {
    await other.stopChecked();
  }
});

test('a successful login clears the count of its address and account', async () => {
  const fresh = tempDir('ravelin-login-clear-');
  people(fresh);
  const other = await startServer({ dataDir: fresh });
  try {
    for (let i = 0; i < 4; i++)
      assert.equal((await attempt(other.base, 'bert@example.test', 'wrong one!')).status, 401);
    assert.equal((await attempt(other.base, 'bert@example.test', PASSWORD)).status, 303);
    for (let i = 0; i < 4; i++) {
      const r = await attempt(other.base, 'bert@example.test', 'wrong two!');
      assert.equal(r.status, 401);
      assert.ok(r.ms < 900, `after the success, attempt ${i + 1} took ${Math.round(r.ms)} ms`);
    }
  } finally {
    await other.stopChecked();
  }
});

test('guesses at accounts that do not exist count against the client address', async () => {
  const fresh = tempDir('ravelin-login-unknown-');
  people(fresh);
  const other = await startServer({ dataDir: fresh });
  try {
    for (let i = 0; i < 10; i++)
      assert.equal((await attempt(other.base, `nobody${i}@example.test`, 'guess guess')).status, 401);
    assert.equal((await attempt(other.base, 'anna@example.test', PASSWORD)).status, 429,
      'ten guesses at any accounts from one address block that address');
  } finally {
    await other.stopChecked();
  }
});

/* ---- session expiry ------------------------------------------------------ */

// The hash a session cookie is stored under: BLAKE2b-256 of the cookie's
// hex text, as hex (src/core/secret.c, secret_hash).
function sessionHash(cookie) {
  const r = spawnSync('python3', ['-c',
    'import hashlib,sys; print(hashlib.blake2b(sys.argv[1].encode(), digest_size=32).hexdigest())',
    cookie], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

// Inserts a session for the user with the given times; returns a client
// holding its cookie.
function plantSession(email, createdAt, lastSeen) {
  const cookie = randomBytes(32).toString('hex');
  const csrf = randomBytes(32).toString('hex');
  const hash = sessionHash(cookie);
  const userId = sql(dir, `SELECT id FROM users WHERE email = '${email}'`);
  sql(dir, `INSERT INTO sessions (id_hash, user_id, csrf, created_at, last_seen)
            VALUES ('${hash}', ${userId}, '${csrf}', ${createdAt}, ${lastSeen})`);
  const c = new Client(srv.base);
  c.cookies.set('ravelin_session', cookie);
  return { client: c, hash, csrf };
}

const now = () => Math.floor(Date.now() / 1000);
const rowCount = (hash) => sql(dir, `SELECT count(*) FROM sessions WHERE id_hash = '${hash}'`);

test('a planted fresh session works (the control for the expiry tests)', async () => {
  const s = plantSession('bert@example.test', now() - 60, now() - 30);
  const r = await s.client.get('/profile');
  assert.equal(r.status, 200);
  assert.match(r.text, /bert@example\.test/);
  assert.match(r.text, new RegExp(`name="csrf" value="${s.csrf}"`), 'its CSRF token is used');
});

test('a session idle for more than 2 hours is refused and removed', async () => {
  const s = plantSession('bert@example.test', now() - 3 * 3600, now() - IDLE_SECONDS - 60);
  const r = await s.client.get('/profile');
  assert.equal(r.status, 303);
  assert.equal(r.location, '/login?next=%2Fprofile');
  assert.equal(rowCount(s.hash), '0', 'the row is deleted');
  const j = new Client(srv.base, { json: true });
  j.cookies = s.client.cookies;
  assert.equal((await j.get('/profile')).status, 401);
});

test('a session idle for a little less than 2 hours works, and is touched', async () => {
  const lastSeen = now() - IDLE_SECONDS + 300;
  const s = plantSession('bert@example.test', now() - 3 * 3600, lastSeen);
  assert.equal((await s.client.get('/profile')).status, 200);
  const seen = Number(sql(dir, `SELECT last_seen FROM sessions WHERE id_hash = '${s.hash}'`));
  assert.ok(seen >= now() - 5, 'last_seen moves to now');
});

test('a session older than 12 hours is refused, however active', async () => {
  const s = plantSession('bert@example.test', now() - ABSOLUTE_SECONDS - 60, now() - 10);
  const r = await s.client.get('/profile');
  assert.equal(r.status, 303);
  assert.equal(rowCount(s.hash), '0');
  const post = await s.client.post('/orgs', { name: 'Made by an old session', csrf: s.csrf });
  assert.equal(post.status, 303);
  assert.match(post.location, /^\/login/);
  assert.equal(sql(dir, "SELECT count(*) FROM orgs WHERE name = 'Made by an old session'"), '0');
});

test('a session of a user who no longer exists is no session', async () => {
  const cookie = randomBytes(32).toString('hex');
  sql(dir, `INSERT INTO sessions (id_hash, user_id, csrf, created_at, last_seen)
            VALUES ('${sessionHash(cookie)}', 999999, '${'0'.repeat(64)}', ${now()}, ${now()})`);
  const c = new Client(srv.base);
  c.cookies.set('ravelin_session', cookie);
  assert.equal((await c.get('/profile')).status, 303);
});

test('logging in again in the same browser replaces its session', async () => {
  const c = new Client(srv.base);
  await c.login('bert@example.test', PASSWORD);
  const first = c.cookies.get('ravelin_session');
  // The login form posted again from this browser, with its session's token.
  const r = await c.post('/login', { email: 'bert@example.test', password: PASSWORD });
  assert.equal(r.status, 303);
  assert.notEqual(c.cookies.get('ravelin_session'), first, 'a new session id');
  const old = new Client(srv.base);
  old.cookies.set('ravelin_session', first);
  assert.equal((await old.get('/profile')).status, 303, 'the old id no longer works');
});

test('the server stops cleanly: exit 0, no sanitizer report', async () => {
  await srv.stopChecked();
});
