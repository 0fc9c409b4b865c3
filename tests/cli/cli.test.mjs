// cli.test.mjs - the ravelin command line, run as a user runs it.
//
// Every test drives the built binary (RAVELIN_BIN, default build/ravelin
// under the project root) in a throw-away data directory and checks exit
// codes, output and the database itself (with the sqlite3 CLI). Run with:
//
//     node --test tests/cli/
//
// Needs sqlite3 and flock (util-linux) on PATH.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = process.env.RAVELIN_BIN
  ? path.resolve(process.env.RAVELIN_BIN)
  : path.join(root, 'build', 'ravelin');

const PASSWORD = 'correct horse battery';
const PASSPHRASE = 'a long backup passphrase';
const ORG = 'Bakkerij Peeters';
const SUBCOMMANDS = ['serve', 'user', 'token', 'backup', 'restore', 'audit', 'routes', 'version'];

// The environment of every run: quick argon2, and no secret inherited
// from the shell that started the tests.
function environment(extra = {}) {
  const env = { ...process.env, RAVELIN_FAST_PASSWORDS: '1' };
  delete env.RAVELIN_PASSWORD;
  delete env.RAVELIN_BACKUP_PASSPHRASE;
  return { ...env, ...extra };
}

// Runs ravelin with args; input goes to its standard input.
function ravelin(args, { input = '', env = {} } = {}) {
  const result = spawnSync(BIN, args, {
    input, env: environment(env), encoding: 'utf8', timeout: 60_000,
  });
  // EPIPE only means ravelin exited without reading its input, as it
  // does when it refuses its arguments; the exit status still counts.
  if (result.error && !(result.error.code === 'EPIPE' && result.status !== null)) {
    throw result.error;
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function sqlite(db, sql) {
  const result = spawnSync('sqlite3', [db, sql], { encoding: 'utf8' });
  assert.equal(result.status, 0, `sqlite3 ${sql}: ${result.stderr}`);
  return result.stdout;
}

// Everything a database holds, as its dump with the statements sorted: a
// snapshot (VACUUM INTO) writes the same schema and rows, but may list
// the indexes in another order than the migrations created them.
function contents(db) {
  return sqlite(db, '.dump').split('\n').sort().join('\n');
}

function sha256(file) {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ravelin-cli-'));
let counter = 0;
// A new, not yet existing directory path inside the scratch directory.
function freshPath(name = 'dir') {
  return path.join(scratch, `${name}-${++counter}`);
}

// A data directory with an organisation, its owner and an editor.
function installation() {
  const data = freshPath('data');
  let r = ravelin(['user', 'add', '--email', 'Anna@Example.be', '--org', ORG,
    '--role', 'owner', '--name', 'Anna Peeters', '--data', data], { input: `${PASSWORD}\n` });
  assert.equal(r.status, 0, r.stderr);
  r = ravelin(['user', 'add', '--email', 'tom@example.be', '--org', ORG,
    '--role', 'editor', '--data', data], { input: `${PASSWORD}\n` });
  assert.equal(r.status, 0, r.stderr);
  return data;
}

function backupOf(data, passphrase = PASSPHRASE) {
  const file = path.join(freshPath('backups'), 'ravelin.rbk');
  fs.mkdirSync(path.dirname(file));
  const r = ravelin(['backup', file, '--data', data], { input: `${passphrase}\n` });
  assert.equal(r.status, 0, r.stderr);
  return file;
}

after(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('help and usage', () => {
  test('the binary exists', () => {
    assert.ok(fs.existsSync(BIN), `no binary at ${BIN}; build first or set RAVELIN_BIN`);
  });

  test('ravelin --help and help list every subcommand, exit 0', () => {
    for (const args of [['--help'], ['help'], ['-h']]) {
      const r = ravelin(args);
      assert.equal(r.status, 0);
      for (const name of SUBCOMMANDS) assert.match(r.stdout, new RegExp(`^  ${name} `, 'm'));
    }
  });

  test('no arguments is a usage error (exit 2)', () => {
    const r = ravelin([]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /usage: ravelin COMMAND/);
  });

  test('an unknown subcommand exits 2', () => {
    const r = ravelin(['frobnicate']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /'frobnicate' is not a command/);
  });

  for (const name of SUBCOMMANDS) {
    test(`ravelin ${name} --help exits 0 with a manual page`, () => {
      const r = ravelin([name, '--help']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^NAME\\n    ravelin ${name} - `));
      for (const section of ['SYNOPSIS', 'DESCRIPTION', 'OPTIONS', 'EXIT STATUS']) {
        assert.match(r.stdout, new RegExp(`^${section}$`, 'm'));
      }
      assert.match(r.stdout, /--data DIR/);
      assert.equal(ravelin(['help', name]).stdout, r.stdout);
    });

    test(`ravelin ${name} rejects an unknown flag with exit 2`, () => {
      const r = ravelin([name, '--no-such-flag']);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /unknown option '--no-such-flag'/);
      assert.match(r.stderr, /^usage: ravelin /m);
    });
  }

  test('actions take --help and reject unknown flags too', () => {
    for (const action of [['user', 'add'], ['user', 'passwd'], ['user', 'list'],
      ['token', 'create'], ['audit', 'verify']]) {
      assert.equal(ravelin([...action, '--help']).status, 0);
      assert.equal(ravelin([...action, '--bogus', 'x']).status, 2);
      assert.equal(ravelin([...action, '-x']).status, 2);
    }
    assert.equal(ravelin(['user', 'rename']).status, 2);
    assert.equal(ravelin(['user']).status, 2);
    assert.equal(ravelin(['token']).status, 2);
    assert.equal(ravelin(['audit', 'fix']).status, 2);
  });

  test('bad option values exit 2 and create nothing', () => {
    const data = freshPath('data');
    const base = ['user', 'add', '--data', data];
    const cases = [
      [...base, '--org', ORG, '--role', 'owner'],                          // no --email
      [...base, '--email', 'a@example.be', '--org', ORG],                  // no --role
      [...base, '--email', 'not-an-address', '--org', ORG, '--role', 'owner'],
      [...base, '--email', 'a@example.be', '--org', ORG, '--role', 'boss'],
      [...base, '--email', 'a@example.be', '--org', 'Tab\there', '--role', 'owner'],
      [...base, '--email', 'a@example.be', '--email', 'b@example.be', '--org', ORG, '--role', 'owner'],
      [...base, '--email'],                                                // no value
      [...base, '--email', 'a@example.be', '--org', ORG, '--role', 'owner', 'stray'],
    ];
    for (const args of cases) {
      const r = ravelin(args, { input: `${PASSWORD}\n` });
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    }
    assert.equal(fs.existsSync(data), false);
    for (const listen of ['localhost:8080', '127.0.0.1', '127.0.0.1:0', '127.0.0.1:65536',
      '::1:8080', '[::1]8080', '[zz]:80']) {
      assert.equal(ravelin(['serve', '--listen', listen, '--data', data]).status, 2, listen);
    }
    assert.equal(ravelin(['serve', '--threads', 'many', '--data', data]).status, 2);
    assert.equal(ravelin(['backup', '--data', data]).status, 2);           // no FILE
    assert.equal(ravelin(['restore', 'a', 'b', '--data', data]).status, 2);
  });

  test('version prints the version', () => {
    const r = ravelin(['version']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^ravelin \d+\.\d+\.\d+\n$/);
    assert.equal(ravelin(['--version']).stdout, r.stdout);
  });

  test('routes prints the route table', () => {
    const r = ravelin(['routes']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^GET\s+\/\S*\s+\S+/m);
  });
});

describe('user', () => {
  test('add creates the organisation with its owner, then adds an editor', () => {
    const data = freshPath('data');
    let r = ravelin(['user', 'add', '--email', 'Anna@Example.be', '--org', ORG,
      '--role', 'owner', '--name', 'Anna Peeters', '--data', data], { input: `${PASSWORD}\n` });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `created user anna@example.be\ncreated organisation ${ORG}\n` +
      `anna@example.be is owner of ${ORG}\n`);
    r = ravelin(['user', 'add', '--email', 'tom@example.be', '--org', ORG,
      '--role', 'editor', '--data', data], { input: `${PASSWORD}\r\n` });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `created user tom@example.be\ntom@example.be is editor of ${ORG}\n`);

    r = ravelin(['user', 'list', '--data', data]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `anna@example.be\tAnna Peeters\t${ORG}:owner\n` +
      `tom@example.be\ttom\t${ORG}:editor\n`);

    const db = path.join(data, 'ravelin.db');
    assert.equal(sqlite(db, 'SELECT count(*) FROM orgs'), '1\n');
    assert.match(sqlite(db, "SELECT password_hash FROM users WHERE email = 'tom@example.be'"),
      /^\$argon2id\$/);
    assert.equal(fs.statSync(data).mode & 0o777, 0o700);
  });

  test('an existing user joins another organisation without a password', () => {
    const data = installation();
    const r = ravelin(['user', 'add', '--email', 'tom@example.be', '--org', 'Second BV',
      '--role', 'owner', '--data', data]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(ravelin(['user', 'list', '--data', data]).stdout,
      `anna@example.be\tAnna Peeters\t${ORG}:owner\n` +
      `tom@example.be\ttom\t${ORG}:editor\tSecond BV:owner\n`);
  });

  test('an editor for an organisation that does not exist is refused', () => {
    const data = installation();
    const db = path.join(data, 'ravelin.db');
    const before = sqlite(db, '.dump');
    const r = ravelin(['user', 'add', '--email', 'new@example.be', '--org', 'Nobody NV',
      '--role', 'editor', '--data', data], { input: `${PASSWORD}\n` });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no organisation 'Nobody NV'.*--role owner/);
    assert.equal(sqlite(db, '.dump'), before);
  });

  test('a short password is refused and nothing is created', () => {
    const data = installation();
    const db = path.join(data, 'ravelin.db');
    const before = sqlite(db, '.dump');
    for (const input of ['short\n', '\n', '']) {
      const r = ravelin(['user', 'add', '--email', 'eve@example.be', '--org', ORG,
        '--role', 'viewer', '--data', data], { input });
      assert.equal(r.status, 1, JSON.stringify(input));
      assert.match(r.stderr, /password/);
    }
    assert.equal(sqlite(db, '.dump'), before);
  });

  test('the password may come from RAVELIN_PASSWORD', () => {
    const data = installation();
    const r = ravelin(['user', 'add', '--email', 'eve@example.be', '--org', ORG,
      '--role', 'viewer', '--data', data], { env: { RAVELIN_PASSWORD: PASSWORD } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(ravelin(['user', 'list', '--data', data]).stdout,
      new RegExp(`^eve@example.be\teve\t${ORG}:viewer$`, 'm'));
  });

  test('the last owner cannot be demoted', () => {
    const data = installation();
    const r = ravelin(['user', 'add', '--email', 'anna@example.be', '--org', ORG,
      '--role', 'viewer', '--data', data]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /last owner/);
  });

  test('passwd changes the password hash and ends sessions', () => {
    const data = installation();
    const db = path.join(data, 'ravelin.db');
    const query = "SELECT password_hash FROM users WHERE email = 'tom@example.be'";
    const before = sqlite(db, query);
    sqlite(db, "INSERT INTO sessions (id_hash, user_id, csrf, created_at, last_seen) " +
      "SELECT 'x', id, 'y', 1, 1 FROM users WHERE email = 'tom@example.be'");
    let r = ravelin(['user', 'passwd', '--email', 'TOM@example.be', '--data', data],
      { input: 'a brand new password\n' });
    assert.equal(r.status, 0, r.stderr);
    assert.notEqual(sqlite(db, query), before);
    assert.equal(sqlite(db, 'SELECT count(*) FROM sessions'), '0\n');

    r = ravelin(['user', 'passwd', '--email', 'tom@example.be', '--data', data], { input: 'short\n' });
    assert.equal(r.status, 1);
    r = ravelin(['user', 'passwd', '--email', 'nobody@example.be', '--data', data], { input: `${PASSWORD}\n` });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no user nobody@example.be/);
  });

  test('options may be written --name=VALUE, and -- ends the options', () => {
    const data = installation();
    const r = ravelin(['user', 'list', `--data=${data}`]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^anna@example.be\t/);
    assert.equal(ravelin(['user', 'list', '--', '--data', data]).status, 2);
  });

  test('list and audit verify refuse a directory without a database', () => {
    const data = freshPath('data');
    assert.equal(ravelin(['user', 'list', '--data', data]).status, 1);
    assert.equal(ravelin(['audit', 'verify', '--data', data]).status, 1);
    assert.equal(fs.existsSync(data), false);
  });
});

describe('token', () => {
  test('create prints a 64-hex token and nothing else; only its hash is stored', () => {
    const data = installation();
    const r = ravelin(['token', 'create', '--email', 'tom@example.be', '--org', ORG,
      '--name', 'inventory sync', '--data', data]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^[0-9a-f]{64}\n$/);
    const token = r.stdout.trim();
    const db = path.join(data, 'ravelin.db');
    assert.equal(sqlite(db, 'SELECT name FROM api_tokens'), 'inventory sync\n');
    assert.ok(!sqlite(db, '.dump').includes(token), 'the token itself is in the database');
    const second = ravelin(['token', 'create', '--email', 'tom@example.be', '--org', ORG,
      '--data', data]);
    assert.notEqual(second.stdout, r.stdout);
  });

  test('create is refused for a non-member, an unknown user or organisation', () => {
    const data = installation();
    ravelin(['user', 'add', '--email', 'other@example.be', '--org', 'Other BV',
      '--role', 'owner', '--data', data], { input: `${PASSWORD}\n` });
    for (const [email, org] of [['other@example.be', ORG], ['nobody@example.be', ORG],
      ['tom@example.be', 'Nobody NV']]) {
      const r = ravelin(['token', 'create', '--email', email, '--org', org, '--data', data]);
      assert.equal(r.status, 1, `${email} ${org}`);
      assert.equal(r.stdout, '');
    }
    assert.equal(sqlite(path.join(data, 'ravelin.db'), 'SELECT count(*) FROM api_tokens'), '0\n');
  });
});

describe('backup and restore', () => {
  let data, file, db;
  before(() => {
    data = installation();
    // More than one 64 KiB chunk, so chunk boundaries are exercised.
    sqlite(path.join(data, 'ravelin.db'),
      "UPDATE orgs SET address = printf('%.100000c', 'x')");
    ravelin(['token', 'create', '--email', 'tom@example.be', '--org', ORG, '--data', data]);
    file = backupOf(data);
    db = path.join(data, 'ravelin.db');
  });

  test('the backup is encrypted and leaves no other file behind', () => {
    const bytes = fs.readFileSync(file);
    assert.equal(bytes.subarray(0, 16).toString('latin1'), 'RAVELIN-BACKUP\n\x01');
    assert.ok(!bytes.includes(Buffer.from('anna@example.be')));
    assert.ok(!bytes.includes(Buffer.from('SQLite format')));
    assert.ok(bytes.length > 72 + 65536 + 17, 'expected more than one chunk');
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['ravelin.rbk']);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  });

  test('restore into a fresh directory reproduces the data exactly', () => {
    const target = freshPath('restored');
    const r = ravelin(['restore', file, '--data', target], { input: `${PASSPHRASE}\n` });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(ravelin(['user', 'list', '--data', target]).stdout,
      ravelin(['user', 'list', '--data', data]).stdout);
    assert.equal(contents(path.join(target, 'ravelin.db')), contents(db));
    assert.deepEqual(fs.readdirSync(target).filter((f) => f.startsWith('.')), []);
  });

  test('restore replaces an existing database, stale WAL files included', () => {
    const target = freshPath('other');
    ravelin(['user', 'add', '--email', 'someone@example.be', '--org', 'Other BV',
      '--role', 'owner', '--data', target], { input: `${PASSWORD}\n` });
    fs.writeFileSync(path.join(target, 'ravelin.db-wal'), 'stale');
    const r = ravelin(['restore', file, '--data', target],
      { env: { RAVELIN_BACKUP_PASSPHRASE: PASSPHRASE } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(fs.existsSync(path.join(target, 'ravelin.db-wal')), false);
    assert.equal(contents(path.join(target, 'ravelin.db')), contents(db));
  });

  // Restores a backup that must fail into a copy of the installation and
  // checks the data directory is left as it was: the same database bytes
  // and no other file, except the lock file (empty, and part of every data
  // directory a server or a restore has used).
  function refusedRestore(backupFile, passphrase, message = /wrong passphrase or damaged backup file/) {
    const target = freshPath('target');
    fs.cpSync(data, target, { recursive: true });
    const targetDb = path.join(target, 'ravelin.db');
    const sum = sha256(targetDb);
    const files = () => fs.readdirSync(target).filter((f) => f !== 'ravelin.lock').sort();
    const listing = files();
    const r = ravelin(['restore', backupFile, '--data', target], { input: `${passphrase}\n` });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, message);
    assert.equal(sha256(targetDb), sum);
    assert.deepEqual(files(), listing);
  }

  test('a wrong passphrase is refused and the data directory is unchanged', () => {
    refusedRestore(file, 'not the passphrase');
  });

  test('a file with one byte flipped is refused', () => {
    const bytes = fs.readFileSync(file);
    for (const offset of [15, 20, 40, 60, 100, 72 + 65536 + 17 + 10, bytes.length - 1]) {
      const damaged = Buffer.from(bytes);
      damaged[offset] ^= 0x01;
      const copy = freshPath('flipped');
      fs.writeFileSync(copy, damaged);
      refusedRestore(copy, PASSPHRASE, offset === 15 ? /format version/ : undefined);
    }
  });

  test('a truncated file is refused, at a chunk boundary too', () => {
    const bytes = fs.readFileSync(file);
    for (const length of [10, 72, 72 + 65536 + 17, 72 + 65536 + 17 + 100, bytes.length - 1]) {
      const copy = freshPath('truncated');
      fs.writeFileSync(copy, bytes.subarray(0, length));
      refusedRestore(copy, PASSPHRASE, length === 10 ? /not a Ravelin backup file/ : undefined);
    }
  });

  test('a file with bytes appended is refused', () => {
    const copy = freshPath('appended');
    fs.writeFileSync(copy, Buffer.concat([fs.readFileSync(file), Buffer.from('x')]));
    refusedRestore(copy, PASSPHRASE);
  });

  test('backup refuses to overwrite an existing file', () => {
    const before = sha256(file);
    const r = ravelin(['backup', file, '--data', data], { input: `${PASSPHRASE}\n` });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /exists; refusing to overwrite/);
    assert.equal(sha256(file), before);
  });

  test('backup refuses a short or missing passphrase and leaves nothing', () => {
    const dir = freshPath('backups');
    fs.mkdirSync(dir);
    for (const input of ['short\n', '']) {
      const r = ravelin(['backup', path.join(dir, 'b.rbk'), '--data', data], { input });
      assert.equal(r.status, 1);
    }
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  test('backup of a directory without a database is refused', () => {
    const r = ravelin(['backup', freshPath('b'), '--data', freshPath('empty')],
      { input: `${PASSPHRASE}\n` });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no Ravelin database/);
  });

  test('restore refuses while the data directory is locked', async () => {
    const target = freshPath('locked');
    fs.cpSync(data, target, { recursive: true });
    const lock = path.join(target, 'ravelin.lock');
    const holder = spawn('flock', [lock, 'sleep', '5'], { stdio: 'ignore' });
    try {
      // Wait until flock holds the lock.
      for (let i = 0; i < 100; i++) {
        if (spawnSync('flock', ['-n', lock, 'true']).status !== 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const sum = sha256(path.join(target, 'ravelin.db'));
      const r = ravelin(['restore', file, '--data', target], { input: `${PASSPHRASE}\n` });
      assert.equal(r.status, 1);
      assert.match(r.stderr, /in use by a running ravelin server/);
      assert.equal(sha256(path.join(target, 'ravelin.db')), sum);
    } finally {
      holder.kill();
    }
  });
});

describe('audit', () => {
  test('verify passes, then fails after an audit row is edited', () => {
    const data = installation();
    const db = path.join(data, 'ravelin.db');
    let r = ravelin(['audit', 'verify', '--data', data]);
    assert.equal(r.status, 0, r.stderr);
    const entries = Number(sqlite(db, 'SELECT count(*) FROM audit'));
    assert.ok(entries >= 3);
    assert.equal(r.stdout, `audit log intact: ${entries} entries\n`);

    const org = sqlite(db, `SELECT id FROM orgs WHERE name = '${ORG}'`).trim();
    sqlite(db, 'DROP TRIGGER audit_no_update; ' +
      `UPDATE audit SET detail = '{"role":"owner"}' WHERE org_id = ${org} AND seq = 2`);
    r = ravelin(['audit', 'verify', '--data', data]);
    assert.equal(r.status, 1);
    assert.equal(r.stderr, `audit log broken at organisation ${org} entry 2\n`);
  });
});

describe('serve', () => {
  test('serve holds the data directory lock: restore is refused while it runs', async () => {
    const data = installation();
    const file = backupOf(data);
    const port = 20000 + Math.floor(Math.random() * 30000);
    const server = spawn(BIN, ['serve', '--listen', `127.0.0.1:${port}`, '--data', data],
      { env: environment(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    server.stdout.on('data', (chunk) => { output += chunk; });
    server.stderr.on('data', (chunk) => { output += chunk; });
    const exited = new Promise((resolve) => server.on('exit', (code) => resolve(code)));
    try {
      for (let i = 0; i < 400 && !output.includes('listening'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      assert.match(output, new RegExp(`listening on http://127.0.0.1:${port}`));

      const second = ravelin(['serve', '--listen', `127.0.0.1:${port + 1}`, '--data', data]);
      assert.equal(second.status, 1);
      assert.match(second.stderr, /in use/);
      const r = ravelin(['restore', file, '--data', data], { input: `${PASSPHRASE}\n` });
      assert.equal(r.status, 1);
      assert.match(r.stderr, /in use by a running ravelin server/);
      // A backup works while the server runs.
      backupOf(data);
    } finally {
      server.kill('SIGTERM');
    }
    assert.equal(await exited, 0, output);
  });
});
