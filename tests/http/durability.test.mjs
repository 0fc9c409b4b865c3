// What the server has acknowledged is on disk: a SIGKILL in the middle of
// a burst of writes loses nothing that was answered as done, leaves no
// half-written change, and leaves a database SQLite and the audit chain
// check accept.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, ravelin, tempDir, sql, addUser, createToken } from '../lib/server.mjs';
import { Client } from '../lib/client.mjs';

const PASSWORD = 'correct horse battery staple';

function installation() {
  const dir = tempDir('ravelin-durability-');
  addUser(dir, { email: 'it@partner.test', org: 'Partner', role: 'owner', password: PASSWORD });
  const token = createToken(dir, { email: 'it@partner.test', org: 'Partner', name: 'burst' });
  return { dir, token };
}

// The names of the organisations the token's user belongs to, by JSON.
async function orgNames(base, token) {
  const r = await new Client(base, { json: true, token }).get('/orgs');
  assert.equal(r.status, 200);
  return new Set(r.data.orgs.map((o) => o.name));
}

// Checks a stopped server's data folder: SQLite's own check, the audit
// chains, and that each organisation came with its owner and its
// org.create entry (a change is whole or absent).
function checkConsistent(dir) {
  assert.equal(sql(dir, 'PRAGMA integrity_check'), 'ok');
  assert.equal(sql(dir, 'PRAGMA foreign_key_check'), '');
  const verify = ravelin(['audit', 'verify', '--data', dir]);
  assert.equal(verify.status, 0, `ravelin audit verify: ${verify.stderr}`);
  assert.equal(sql(dir, `SELECT count(*) FROM orgs o WHERE NOT EXISTS
    (SELECT 1 FROM members m WHERE m.org_id = o.id AND m.role = 'owner')`), '0',
    'every organisation has its owner');
  assert.equal(sql(dir, `SELECT count(*) FROM orgs o WHERE NOT EXISTS
    (SELECT 1 FROM audit a WHERE a.org_id = o.id AND a.action = 'org.create')`), '0',
    'every organisation has its org.create entry');
}

test('SIGKILL during a burst of writes loses nothing acknowledged', async () => {
  const { dir, token } = installation();
  let srv = await startServer({ dataDir: dir });
  const api = new Client(srv.base, { json: true, token });
  const TOTAL = 300;
  const KILL_AFTER = 100;
  const acknowledged = [];
  let failedBeforeKill = 0;
  let killed = false;
  let next = 0;

  // 24 writers, each sending its next create as soon as the last is answered.
  async function writer() {
    while (next < TOTAL) {
      const name = `Customer ${String(next++).padStart(3, '0')}`;
      try {
        const r = await api.postJson('/orgs', { name });
        if (r.status === 200 && r.data?.ok === true) acknowledged.push(name);
        else if (!killed) failedBeforeKill++;
      } catch {
        if (!killed) failedBeforeKill++;   // the connection died with the server
      }
      if (!killed && acknowledged.length >= KILL_AFTER) {
        killed = true;
        srv.child.kill('SIGKILL');
      }
    }
  }
  await Promise.all(Array.from({ length: 24 }, writer));
  await srv.stop();   // waits for the exit
  assert.equal(srv.child.signalCode, 'SIGKILL', 'the server was killed, not stopped');
  assert.equal(failedBeforeKill, 0, 'every write before the kill succeeded');
  assert.ok(acknowledged.length >= KILL_AFTER && acknowledged.length < TOTAL,
    `killed mid-burst (${acknowledged.length} of ${TOTAL} acknowledged)`);

  srv = await startServer({ dataDir: dir });
  try {
    const names = await orgNames(srv.base, token);
    const lost = acknowledged.filter((n) => !names.has(n));
    assert.deepEqual(lost, [], 'acknowledged organisations missing after the restart');
    const r = await new Client(srv.base, { json: true, token }).postJson('/orgs',
      { name: 'After the crash' });
    assert.equal(r.status, 200, 'the restarted server writes');
  } finally {
    await srv.stopChecked();
  }
  checkConsistent(dir);
});

// `ravelin user list` and `ravelin backup` are documented to work while
// the server runs (ravelin serve --help). After a second worker thread of
// the server has opened its database connection, such a command must not
// make the server's later writes invisible to other processes, nor lose
// them when the server dies.
test('a command run alongside the server does not hide or lose later writes', async () => {
  const { dir, token } = installation();
  const srv = await startServer({ dataDir: dir, args: ['--threads', '4'] });
  const api = new Client(srv.base, { json: true, token });
  const memberships = () => ravelin(['user', 'list', '--data', dir]).stdout;
  let killed = false;
  try {
    assert.equal((await api.postJson('/orgs', { name: 'Before' })).status, 200);
    // Every worker opens its connection: after five failed logins each
    // answer waits a second, so five at once keep all four workers busy.
    const wrongLogin = async () => {
      const c = new Client(srv.base);
      await c.get('/login');
      return (await c.post('/login', { email: 'it@partner.test', password: 'not the password' })).status;
    };
    for (let i = 0; i < 5; i++) assert.equal(await wrongLogin(), 401);
    for (const status of await Promise.all(Array.from({ length: 5 }, wrongLogin)))
      assert.ok(status === 401 || status === 429, `a wrong login: ${status}`);
    assert.match(memberships(), /Before:owner/);

    const names = ['Written 1', 'Written 2', 'Written 3'];
    for (const name of names) {
      const r = await api.postJson('/orgs', { name });
      assert.equal(r.status, 200, `creating ${name}: ${r.text} ${srv.stderr()}`);
    }
    const listed = memberships();
    for (const name of names)
      assert.ok(listed.includes(`${name}:owner`), `'ravelin user list' sees ${name}`);

    srv.child.kill('SIGKILL');
    killed = true;
    await srv.stop();
    const stored = sql(dir, 'SELECT name FROM orgs').split('\n');
    for (const name of ['Before', ...names])
      assert.ok(stored.includes(name), `${name} survives the kill`);
  } finally {
    if (!killed) await srv.stop();
  }
});

test('SIGTERM finishes cleanly and keeps everything', async () => {
  const { dir, token } = installation();
  let srv = await startServer({ dataDir: dir });
  const api = new Client(srv.base, { json: true, token });
  const names = Array.from({ length: 20 }, (_, i) => `Calm ${i}`);
  const answers = await Promise.all(names.map((name) => api.postJson('/orgs', { name })));
  assert.deepEqual(answers.map((r) => r.status), names.map(() => 200));
  await srv.stopChecked();
  srv = await startServer({ dataDir: dir });
  try {
    const stored = await orgNames(srv.base, token);
    assert.deepEqual(names.filter((n) => !stored.has(n)), []);
  } finally {
    await srv.stopChecked();
  }
  checkConsistent(dir);
});

/* ---- races: what the database must decide when requests collide --------- */

test('simultaneous set-ups create exactly one installation', async () => {
  const srv = await startServer({ args: ['--threads', '4'] });
  try {
    const visitors = await Promise.all(Array.from({ length: 8 }, async () => {
      const c = new Client(srv.base);
      assert.equal((await c.get('/setup')).status, 200);
      return c;
    }));
    const answers = await Promise.all(visitors.map((c, i) => c.post('/setup', {
      org_name: `Company ${i}`, name: `Person ${i}`, email: `p${i}@example.test`,
      password: PASSWORD, password_confirm: PASSWORD })));
    const statuses = answers.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 303).length, 1, `answers: ${statuses}`);
    assert.ok(statuses.every((s) => [303, 404, 409].includes(s)), `answers: ${statuses}`);
    const winner = visitors[statuses.indexOf(303)];
    const orgs = await new Client(srv.base, { json: true }).request('GET', '/orgs', {
      headers: { cookie: `ravelin_session=${winner.cookies.get('ravelin_session')}` } });
    assert.equal(orgs.data.orgs.length, 1);
    await srv.stopChecked();
    assert.equal(sql(srv.dataDir, 'SELECT count(*) FROM orgs'), '1');
    assert.equal(sql(srv.dataDir, 'SELECT count(*) FROM users'), '1');
  } finally {
    await srv.stop();
  }
});

test('simultaneous creations of one name make one organisation', async () => {
  const { dir, token } = installation();
  const srv = await startServer({ dataDir: dir, args: ['--threads', '4'] });
  try {
    const api = new Client(srv.base, { json: true, token });
    const answers = await Promise.all(Array.from({ length: 10 }, () =>
      api.postJson('/orgs', { name: 'Same Name' })));
    const statuses = answers.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 200).length, 1, `answers: ${statuses}`);
    assert.equal(statuses.filter((s) => s === 422).length, 9, `answers: ${statuses}`);
    await srv.stopChecked();
  } finally {
    await srv.stop();
  }
  assert.equal(sql(dir, "SELECT count(*) FROM orgs WHERE name = 'Same Name'"), '1');
});

test('two owners demoting each other at once never leave the organisation ownerless', async () => {
  const { dir } = installation();
  addUser(dir, { email: 'second@partner.test', org: 'Partner', role: 'owner', password: PASSWORD });
  const ids = sql(dir, "SELECT id FROM users ORDER BY email").split('\n').map(Number);
  const org = sql(dir, "SELECT id FROM orgs WHERE name = 'Partner'");
  const tokens = ['it@partner.test', 'second@partner.test'].map((email) =>
    createToken(dir, { email, org: 'Partner' }));
  const srv = await startServer({ dataDir: dir, args: ['--threads', '4'] });
  try {
    // users ordered by e-mail: it@ (tokens[0]) then second@ (tokens[1])
    const [first, second] = tokens.map((token) => new Client(srv.base, { json: true, token }));
    for (let round = 0; round < 10; round++) {
      const answers = await Promise.all([
        first.postJson(`/o/${org}/members/${ids[1]}/role`, { role: 'viewer' }),
        second.postJson(`/o/${org}/members/${ids[0]}/role`, { role: 'viewer' }),
      ]);
      const statuses = answers.map((r) => r.status).sort();
      assert.ok(['200,403', '200,409'].includes(String(statuses)), `round ${round}: ${statuses}`);
      const owners = (await first.get(`/o/${org}/members`)).data?.members
        ?? (await second.get(`/o/${org}/members`)).data.members;
      assert.equal(owners.filter((m) => m.role === 'owner').length, 1, `round ${round}`);
      // The remaining owner makes the other an owner again.
      const still = owners.find((m) => m.role === 'owner').id === ids[0] ? first : second;
      const other = still === first ? ids[1] : ids[0];
      assert.equal((await still.postJson(`/o/${org}/members/${other}/role`, { role: 'owner' })).status, 200);
    }
    await srv.stopChecked();
  } finally {
    await srv.stop();
  }
});
