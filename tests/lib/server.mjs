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

// Starts `ravelin serve` and resolves once it prints its address.
export async function startServer({ dataDir = tempDir(), env = {} } = {}) {
  const port = await freePort();
  const child = spawn(BIN, ['serve', '--listen', `127.0.0.1:${port}`, '--data', dataDir],
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
  };
}
