// Starting a real ravelin server for a test: a fresh data folder, a free
// loopback port, and a helper to stop (or kill) it. Shared by the HTTP,
// command-line and browser tests.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const BIN = path.resolve(process.env.RAVELIN_BIN || 'build/ravelin');

// Environment for every ravelin process a test starts: quick password
// hashing (the hash records its parameters, so nothing else changes).
export const ENV = { ...process.env, RAVELIN_FAST_PASSWORDS: '1' };

export function tempDir(prefix = 'ravelin-test-') {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// Runs `ravelin ARGS...` to completion; input goes to its stdin.
export function ravelin(args, { input = '', env = {} } = {}) {
  const r = spawnSync(BIN, args, { input, env: { ...ENV, ...env }, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Starts `ravelin serve` and resolves once it prints its address; args
// are added to the command line (e.g. ['--threads', '1']).
export async function startServer({ dataDir = tempDir(), env = {}, args = [] } = {}) {
  const port = await freePort();
  const child = spawn(BIN, ['serve', '--listen', `127.0.0.1:${port}`, '--data', dataDir, ...args],
    { env: { ...ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('server did not start: ' + stderr)), 10000);
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('listening on')) { clearTimeout(timer); resolve(); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${stderr}`)); });
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    base, port, dataDir, child,
    stderr: () => stderr,
    // Stops with SIGTERM (or the given signal) and waits for the exit.
    stop(signal = 'SIGTERM') {
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      });
    },
    // Stops with SIGTERM and throws unless the server exited with 0 and
    // printed no sanitizer report: under ASan/UBSan (make asan-test) a
    // leak or undefined behaviour shows only here.
    async stopChecked() {
      const already = child.exitCode !== null || child.signalCode !== null;
      await this.stop();
      const report = /ERROR: (Address|Leak)Sanitizer|runtime error:/.test(stderr);
      if (already || child.exitCode !== 0 || report)
        throw new Error(`the server ${already ? 'had already stopped' : 'did not stop cleanly'} ` +
          `(exit ${child.exitCode}, signal ${child.signalCode}):\n${stderr.slice(0, 4000)}`);
    },
  };
}

// The database file of a data folder.
export function dbPath(dataDir) {
  return path.join(dataDir, 'ravelin.db');
}

// Runs SQL with the sqlite3 command-line tool on a data folder's
// database, waiting for a lock if the server holds one; returns the
// output (rows one a line, columns separated by "|"), trimmed. Throws
// when sqlite3 fails, so a typo in a test's SQL cannot pass silently.
export function sql(dataDir, query) {
  const r = spawnSync('sqlite3', ['-cmd', '.timeout 5000', dbPath(dataDir), query],
    { encoding: 'utf8' });
  if (r.status !== 0 || r.stderr)
    throw new Error(`sqlite3 failed (${r.status}): ${r.stderr}\n  for: ${query}`);
  return r.stdout.trim();
}

// `ravelin user add` for a test: creates the user (password on stdin) and
// the organisation if missing. Returns the user's id.
export function addUser(dataDir, { email, org, role, name, password }) {
  const args = ['user', 'add', '--data', dataDir, '--email', email, '--org', org,
                '--role', role];
  if (name) args.push('--name', name);
  const r = ravelin(args, { input: `${password}\n` });
  if (r.status !== 0)
    throw new Error(`ravelin user add ${email} failed (${r.status}): ${r.stderr}`);
  return Number(sql(dataDir, `SELECT id FROM users WHERE email = '${email.toLowerCase()}'`));
}

// `ravelin token create` for a test; returns the token.
export function createToken(dataDir, { email, org, name }) {
  const args = ['token', 'create', '--data', dataDir, '--email', email, '--org', org];
  if (name) args.push('--name', name);
  const r = ravelin(args);
  if (r.status !== 0 || !/^[0-9a-f]{64}\n$/.test(r.stdout))
    throw new Error(`ravelin token create failed (${r.status}): ${r.stderr}`);
  return r.stdout.trim();
}

// Everything a refused request must leave as it was, as text to compare:
// the audit entries per chain, organisations, users, memberships,
// invitations, tokens, baseline assessments with their answers, the
// action plans, the entries of the registers (backups, Wi-Fi, software),
// and the number of sessions and failed logins.
// Left out: session rows' last_seen and tokens' last_used, which reading
// a page may update.
export function dataSnapshot(dataDir) {
  return sql(dataDir, `
    SELECT 'audit', org_id, count(*) FROM audit GROUP BY org_id;
    SELECT 'org', id, name, address, contact, sector, staff FROM orgs ORDER BY id;
    SELECT 'user', id, email, name, password_hash, lang FROM users ORDER BY id;
    SELECT 'member', org_id, user_id, role FROM members ORDER BY org_id, user_id;
    SELECT 'invite', id, org_id, email, role, used_at, revoked_at FROM invites ORDER BY id;
    SELECT 'token', id, user_id, name, revoked_at FROM api_tokens ORDER BY id;
    SELECT 'assessment', org_id, id, started_at, started_by, completed_at FROM assessments
      ORDER BY org_id, id;
    SELECT 'answer', org_id, assessment_id, question, answer, answered_at, answered_by
      FROM answers ORDER BY org_id, assessment_id, question;
    SELECT 'action', org_id, id, title, owner, due, status, note, source, source_ref,
      created_at, updated_at, cost FROM actions ORDER BY org_id, id;
    SELECT 'register_entry', org_id, register, id, data, created_at, updated_at
      FROM register_entries ORDER BY org_id, register, id;
    SELECT 'asset', * FROM assets ORDER BY org_id, id;
    SELECT 'asset_link', * FROM asset_links ORDER BY org_id, asset_id, support_id;
    SELECT 'what_if', * FROM what_if_answers ORDER BY org_id, what_if;
    SELECT 'risk', * FROM risks ORDER BY org_id, id;
    SELECT 'risk_settings', * FROM risk_settings ORDER BY org_id;
    SELECT 'kb_addition', * FROM kb_additions ORDER BY org_id, kind, id;
    SELECT 'treatment', * FROM treatments ORDER BY org_id, risk_id;
    SELECT 'risk_measure', * FROM risk_measures ORDER BY org_id, risk_id, measure;
    SELECT 'risk_history', * FROM risk_history ORDER BY org_id, risk_id, seq;
    SELECT 'soa', * FROM soa ORDER BY org_id, control;
    SELECT 'sessions', count(*) FROM sessions;
    SELECT 'login_failures', count(*) FROM login_failures;`);
}
