// Bad input on the forms and the JSON interface, odd paths and methods,
// and what every answer carries (security headers, cookies, caching,
// language of error pages). Every refused request must leave the
// database exactly as it was.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, tempDir, sql, addUser } from '../lib/server.mjs';
import { assertUnchanged } from '../lib/fixture.mjs';
import { Client, rawRequest } from '../lib/client.mjs';

const PASSWORD = 'correct horse battery staple';

let srv;
let dir;
let owner;       // HTML client of the owner of Org A
let orgId;
let settings;    // /o/ORG/settings

before(async () => {
  dir = tempDir('ravelin-input-');
  addUser(dir, { email: 'owner@example.test', org: 'Org A', role: 'owner', password: PASSWORD });
  addUser(dir, { email: 'other@example.test', org: 'Org B', role: 'owner', password: PASSWORD });
  orgId = Number(sql(dir, "SELECT id FROM orgs WHERE name = 'Org A'"));
  settings = `/o/${orgId}/settings`;
  // One worker thread: see durability.test.mjs on what a second worker
  // does to other processes' view of the database (sqlite3 reads here).
  srv = await startServer({ dataDir: dir });
  owner = new Client(srv.base);
  await owner.login('owner@example.test', PASSWORD);
});

after(async () => { await srv?.stop(); });

const unchanged = (what, action) => assertUnchanged(dir, what, action);

// POSTs a raw body (string or Buffer) with the owner's session cookie.
// The CSRF token goes in the header so the body can be anything.
function postRaw(path, body, contentType = 'application/x-www-form-urlencoded') {
  return owner.request('POST', path, {
    body,
    headers: { 'content-type': contentType, 'x-csrf-token': owner.csrf },
  });
}

// A settings form, URL-encoded, with one field's raw (already encoded)
// value replaced.
function settingsBody(rawField) {
  return `name=Org+A&sector=Retail&staff=5&${rawField}`;
}

const orgRow = () => sql(dir, `SELECT name, address, contact, sector, staff FROM orgs WHERE id = ${orgId}`);

test('the settings form works with clean input (the control for what follows)', async () => {
  const r = await postRaw(settings, 'name=Org+A&sector=Retail&staff=5&address=Line+1%0D%0ALine+2&contact=%C3%A9t%C3%A9');
  assert.equal(r.status, 303);
  assert.equal(orgRow(), 'Org A|Line 1\r\nLine 2|été|Retail|5');
});

test('a body over 64 KiB is refused with 413', async (t) => {
  const big = 'address=' + 'a'.repeat(70 * 1024);
  await t.test('form with Content-Length', () => unchanged('413', async () => {
    const r = await postRaw(settings, `name=Org+A&${big}`);
    assert.equal(r.status, 413);
  }));
  await t.test('JSON', () => unchanged('413 JSON', async () => {
    const r = await postRaw(settings, JSON.stringify({ name: 'Org A', address: 'a'.repeat(70 * 1024) }),
      'application/json');
    assert.equal(r.status, 413);
  }));
  await t.test('chunked, without Content-Length', () => unchanged('413 chunked', async () => {
    const chunk = 'a'.repeat(8192);
    let body = `name=Org+A&address=`;
    let raw = `${body.length.toString(16)}\r\n${body}\r\n`;
    for (let i = 0; i < 9; i++) raw += `${chunk.length.toString(16)}\r\n${chunk}\r\n`;
    raw += '0\r\n\r\n';
    const r = await rawRequest(srv.base,
      `POST ${settings} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n` +
      `Cookie: ravelin_session=${owner.cookies.get('ravelin_session')}\r\n` +
      `X-CSRF-Token: ${owner.csrf}\r\n` +
      'Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n' + raw);
    assert.equal(r.status, 413);
  }));
  await t.test('just under the limit is read', async () => {
    const body = settingsBody('address=' + 'a'.repeat(400));
    assert.equal((await postRaw(settings, body.padEnd(60 * 1024, '&'))).status, 303);
  });
});

test('text that is not clean UTF-8 is refused with 400', async (t) => {
  const cases = {
    'invalid sequence %C3%28': 'contact=%C3%28',
    'byte %FF': 'contact=%FF',
    'overlong slash %C0%AF': 'contact=%C0%AF',
    'surrogate %ED%A0%80': 'contact=%ED%A0%80',
    'truncated sequence %E2%82': 'contact=%E2%82',
    'NUL %00': 'contact=a%00b',
    'control character %01': 'contact=a%01b',
    'escape %1B': 'contact=%1B%5B31m',
    'bad escape %zz': 'contact=%zz',
    'truncated escape %4': 'contact=%4',
    'lone %': 'contact=100%',
    'NUL in a name': 'cont%00act=x',
  };
  for (const [name, field] of Object.entries(cases)) {
    await t.test(name, () => unchanged(name, async () => {
      const r = await postRaw(settings, settingsBody(field));
      assert.equal(r.status, 400);
      assert.match(r.text, /<p class="status">400<\/p>/);
    }));
  }
  await t.test('raw invalid bytes in the body', () => unchanged('raw bytes', async () => {
    const body = Buffer.concat([Buffer.from('name=Org+A&contact='), Buffer.from([0xff, 0xfe, 0x41])]);
    assert.equal((await postRaw(settings, body)).status, 400);
  }));
  await t.test('in the query string', () => unchanged('query', async () => {
    assert.equal((await owner.get(`${settings}?saved=%FF`)).status, 400);
    assert.equal((await owner.get(`${settings}?saved=%00`)).status, 400);
  }));
});

test('control characters DEL and C1 are refused as well (400 or 422)', async (t) => {
  const cases = { 'DEL %7F': 'contact=a%7Fb', 'C1 CSI %C2%9B': 'contact=%C2%9B31m',
                  'C1 NEL %C2%85': 'contact=a%C2%85b' };
  for (const [name, field] of Object.entries(cases)) {
    await t.test(name, () => unchanged(name, async () => {
      const r = await postRaw(settings, settingsBody(field));
      assert.ok(r.status === 400 || r.status === 422, `got ${r.status}, ${name} was accepted`);
    }));
  }
});

test('a line break in a one-line field is a field error (422)', () => unchanged('CR/LF', async () => {
  const r = await postRaw(settings, settingsBody('contact=a%0D%0ABcc:x@evil.test'));
  assert.equal(r.status, 422);
  assert.match(r.text, /id="contact-error"/);
}));

test('undeclared, repeated or misplaced fields are refused with 400', async (t) => {
  const cases = {
    'an unknown field': settingsBody('is_admin=1'),
    'a field of another form': settingsBody('role=owner'),
    'a repeated field': settingsBody('staff=6'),
    'a repeated CSRF token': `name=Org+A&csrf=${owner.csrf}&csrf=${owner.csrf}`,
    'a name without a value is still a name': settingsBody('debug'),
    'an empty name': settingsBody('=x'),
  };
  for (const [name, body] of Object.entries(cases)) {
    await t.test(name, () => unchanged(name, async () => {
      const r = await postRaw(settings, body);
      assert.equal(r.status, 400, name);
    }));
  }
  await t.test('JSON with an unknown member', () => unchanged('JSON unknown', async () => {
    const r = await postRaw(settings, JSON.stringify({ name: 'Org A', owner_id: 1 }), 'application/json');
    assert.equal(r.status, 400);
  }));
  await t.test('more parameters than any form has', () => unchanged('many params', async () => {
    const body = Array.from({ length: 100 }, (_, i) => `f${i}=1`).join('&');
    assert.equal((await postRaw(settings, body)).status, 400);
  }));
});

test('numbers out of range or not whole are field errors (422)', async (t) => {
  for (const staff of ['-1', '99999999999', '1000001', '99999999999999999999999', '1.5', '1e3',
                       'abc', '0x10', ' 5', '+5']) {
    await t.test(`staff=${staff}`, () => unchanged(staff, async () => {
      const r = await postRaw(settings, `name=Org+A&staff=${encodeURIComponent(staff)}`);
      assert.equal(r.status, 422);
      assert.match(r.text, /id="staff-error"/);
      const j = await postRaw(`${settings}`, JSON.stringify({ name: 'Org A', staff }), 'application/json');
      // (a JSON body, answered in HTML: this client does not ask for JSON)
      assert.equal(j.status, 422);
    }));
  }
  await t.test('the JSON answer names the field', () => unchanged('JSON 422', async () => {
    const json = new Client(srv.base, { json: true });
    json.cookies = owner.cookies;
    json.csrf = owner.csrf;
    const r = await json.postJson(settings, { name: 'Org A', staff: -1, sector: 'kept' });
    assert.equal(r.status, 422);
    assert.equal(typeof r.data.error, 'string');
    assert.deepEqual(Object.keys(r.data.form.errors), ['staff']);
    assert.equal(r.data.form.values.sector, 'kept', 'the values come back to correct them');
    assert.equal(r.data.form.values.staff, '-1');
  }));
  await t.test('the limits themselves are accepted', async () => {
    assert.equal((await postRaw(settings, 'name=Org+A&staff=1000000')).status, 303);
    assert.equal((await postRaw(settings, 'name=Org+A&staff=0')).status, 303);
    assert.equal(orgRow().split('|')[4], '0');
  });
});

test('text limits count characters, not bytes', async (t) => {
  const post = (fields) => postRaw(settings, new URLSearchParams({ name: 'Org A', ...fields }).toString());
  await t.test('200 characters of "é" (400 bytes) fit a 200-character field', async () => {
    assert.equal((await post({ sector: 'é'.repeat(200) })).status, 303);
    assert.equal(sql(dir, `SELECT length(sector) FROM orgs WHERE id = ${orgId}`), '200');
  });
  await t.test('200 emoji (800 bytes) fit as well', async () => {
    assert.equal((await post({ sector: '😀'.repeat(200) })).status, 303);
  });
  await t.test('201 characters are too long', () => unchanged('201', async () => {
    for (const s of ['a'.repeat(201), 'é'.repeat(201), '😀'.repeat(201)]) {
      const r = await post({ sector: s });
      assert.equal(r.status, 422);
      assert.match(r.text, /id="sector-error"/);
    }
  }));
  await t.test('the address allows 500 characters and line breaks', () => unchanged('501', async () => {
    assert.equal((await post({ address: 'ü'.repeat(501) })).status, 422);
  }));
  await t.test('500 characters with line breaks are fine', async () => {
    assert.equal((await post({ address: 'ü\n'.repeat(250) })).status, 303);
  });
});

test('a missing or empty required field is a field error (422)', async (t) => {
  for (const [name, body] of [['missing', 'sector=x'], ['empty', 'name=&sector=x'],
                              ['no body at all', '']]) {
    await t.test(name, () => unchanged(name, async () => {
      const r = await postRaw(settings, body);
      assert.equal(r.status, 422);
      assert.match(r.text, /id="name-error"/);
    }));
  }
  await t.test('invitation without an address', () => unchanged('invite', async () => {
    await owner.get(`/o/${orgId}/members`);
    const r = await owner.post(`/o/${orgId}/members/invite`, { email: '', role: 'viewer' });
    assert.equal(r.status, 422);
    assert.match(r.text, /id="email-error"/);
  }));
  await t.test('invitation with a role that does not exist', () => unchanged('role', async () => {
    const r = await owner.post(`/o/${orgId}/members/invite`, { email: 'x@example.test', role: 'admin' });
    assert.equal(r.status, 422);
  }));
});

test('JSON bodies must be one flat object of strings, integers and booleans', async (t) => {
  const cases = {
    'a nested object': JSON.stringify({ name: 'Org A', address: { street: 'x' } }),
    'an array value': JSON.stringify({ name: ['Org A', 'Org B'] }),
    'a real number': JSON.stringify({ name: 'Org A', staff: 1.5 }),
    'an array body': JSON.stringify([{ name: 'Org A' }]),
    'a string body': JSON.stringify('name=Org A'),
    'invalid JSON': '{"name": "Org A",}',
    'truncated JSON': '{"name": "Org A"',
    'a duplicate key': '{"name": "Org A", "name": "Org B"}',
    'NUL in a string': '{"name": "Org\\u0000A"}',
    'a control character in a string': '{"name": "Org\\u0001A"}',
    'a lone surrogate': '{"name": "Org \\ud800"}',
    'invalid UTF-8 in a string': Buffer.concat([Buffer.from('{"name": "Org '),
                                               Buffer.from([0xff]), Buffer.from('"}')]),
  };
  for (const [name, body] of Object.entries(cases)) {
    await t.test(name, () => unchanged(name, async () => {
      const r = await postRaw(settings, body, 'application/json');
      assert.equal(r.status, 400, name);
    }));
  }
});

test('a body in a format no form accepts is refused with 400', async (t) => {
  for (const type of ['text/plain', 'multipart/form-data; boundary=x', 'application/xml',
                      'application/jsonp', 'application/x-www-form-urlencodedX']) {
    await t.test(type, () => unchanged(type, async () => {
      const r = await postRaw(settings, 'name=Org+B', type);
      assert.equal(r.status, 400);
    }));
  }
  await t.test('a charset parameter is fine', async () => {
    const r = await postRaw(settings, 'name=Org+A&staff=3', 'application/x-www-form-urlencoded; charset=UTF-8');
    assert.equal(r.status, 303);
  });
});

test('query parameters are refused where the route declares none (400)', async (t) => {
  for (const path of [`/o/${orgId}?x=1`, `/o/${orgId}/members?debug`, '/profile?tab=tokens',
                      '/orgs?page=2', `/o/${orgId}/baseline?x=1`, '/healthz?x=1']) {
    await t.test(path, async () => {
      assert.equal((await owner.get(path)).status, 400);
    });
  }
  await t.test('on a POST, even a declared name', () => unchanged('POST query', async () => {
    assert.equal((await postRaw(`${settings}?saved=1`, 'name=Org+B')).status, 400);
  }));
  await t.test('declared parameters are checked by type', async () => {
    assert.equal((await owner.get(`${settings}?saved=1`)).status, 200);
    assert.equal((await owner.get(`${settings}?saved=maybe`)).status, 400);
    assert.equal((await owner.get(`/o/${orgId}/audit?page=1`)).status, 200);
    assert.equal((await owner.get(`/o/${orgId}/audit?page=0`)).status, 400);
    assert.equal((await owner.get(`/o/${orgId}/audit?page=x`)).status, 400);
    assert.equal((await owner.get(`/o/${orgId}/audit?page=1&page=2`)).status, 400);
  });
});

// The status and body of a raw GET of target (sent exactly as written).
function rawGet(target) {
  return rawRequest(srv.base, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
}

test('paths that climb out of /static never serve a file', async (t) => {
  for (const target of ['/static/../meson.build', '/static/%2e%2e/meson.build',
    '/static/%2E%2E/%2E%2E/etc/passwd', '/static/..%2f..%2fetc%2fpasswd', '/static/..%5c..%5cmeson.build',
    '/static/./ravelin.css', '/static/%2e/ravelin.css', '/static/%252e%252e/meson.build',
    '/static//etc/passwd', '/static/../src/main.c',
    '/static/../../../../../../etc/passwd', '/%2e%2e/etc/passwd']) {
    await t.test(target, async () => {
      const r = await rawGet(target);
      assert.ok(r.status === 400 || r.status === 404, `${target}: ${r.status}`);
      assert.doesNotMatch(r.text, /root:|project\(|#include|ravelin \{/);
    });
  }
  await t.test('a static file is served with its type and cached', async () => {
    const r = await rawGet('/static/ravelin.css');
    assert.equal(r.status, 200);
    assert.match(r.headers['content-type'], /^text\/css/);
    assert.match(r.headers['cache-control'], /max-age=\d+/);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    const svg = await new Client(srv.base).get('/static/ravelin.svg');
    assert.equal(svg.headers.get('content-type'), 'image/svg+xml');
  });
  await t.test('a static file that does not exist', async () => {
    assert.equal((await rawGet('/static/nothing.css')).status, 404);
    assert.equal((await rawGet('/static/')).status, 404);
  });
});

// A fresh server for each target here: until the server survives them,
// one crash must not take the other tests down with it.
test('a path that does not decode is refused with 400, and the server lives on', async (t) => {
  const targets = ['/%FF', '/o/%C3%28', '/%00', '/static/ravelin.css%00.txt', '/o/1%01',
                   '/%zz', '/a%', '/%4', `/${'a'.repeat(3000)}`];
  for (const target of targets) {
    for (const accept of ['text/html', 'application/json']) {
      await t.test(`${target.slice(0, 40)} (${accept})`, async () => {
        const own = await startServer();
        try {
          const r = await rawRequest(own.base, `GET ${target} HTTP/1.1\r\nHost: x\r\n` +
            `Accept: ${accept}\r\nConnection: close\r\n\r\n`).catch((e) => ({ status: e.code }));
          const alive = await fetch(`${own.base}/healthz`).then((x) => x.status).catch((e) => e.cause?.code);
          if (alive !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
          assert.equal(alive, 200, `the server still answers (it ended with ${own.child.signalCode || own.child.exitCode})`);
          const allowed = target.length > 2000 ? [400, 404, 414] : [400];
          assert.ok(allowed.includes(r.status), `${target.slice(0, 40)}: got ${r.status}`);
        } finally {
          await own.stop();
        }
      });
    }
  }
});

test('unknown paths are 404, unknown methods 405, and nothing is written', async (t) => {
  await t.test('unknown paths', () => unchanged('404', async () => {
    for (const path of ['/nothing', '/o', `/o/${orgId}/nothing`, '/o/abc', '/o/0', '/o/01',
                        `/o/${orgId}/members/0/role`, '/invite/xyz', `/invite/${'A'.repeat(64)}`,
                        '/profile/tokens/1']) {
      const r = await owner.get(path);
      assert.equal(r.status, 404, path);
    }
    const json = await new Client(srv.base, { json: true }).get('/nothing');
    assert.equal(json.status, 404);
    assert.equal(typeof json.data.error, 'string');
  }));
  await t.test('PUT, DELETE, PATCH', () => unchanged('405', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const r = await owner.request(method, settings, {
        body: 'name=Deleted', headers: { 'content-type': 'application/x-www-form-urlencoded',
                                         'x-csrf-token': owner.csrf } });
      assert.equal(r.status, 405, method);
      assert.match(r.headers.get('allow') || '', /GET/);
    }
    const del = await owner.request('DELETE', `/o/${orgId}/members/1/remove`,
      { headers: { 'x-csrf-token': owner.csrf } });
    assert.equal(del.status, 405);
  }));
  await t.test('GET on a POST-only route, POST on a GET-only route', () => unchanged('405', async () => {
    assert.equal((await owner.get(`/o/${orgId}/members/invite`)).status, 405);
    assert.equal((await postRaw('/healthz', '')).status, 405);
  }));
  await t.test('HEAD answers like GET, without changing anything', () => unchanged('HEAD', async () => {
    const r = await owner.request('HEAD', `/o/${orgId}`);
    assert.equal(r.status, 200);
  }));
});

test('text is escaped in pages, never interpreted', async () => {
  const evil = '<script>alert(1)</script>"\'&';
  const r = await postRaw(settings, new URLSearchParams({ name: 'Org A', sector: evil }).toString());
  assert.equal(r.status, 303);
  const page = await owner.get(settings);
  assert.equal(page.text.includes('<script>alert(1)</script>'), false);
  assert.match(page.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  const json = new Client(srv.base, { json: true });
  json.cookies = owner.cookies;
  assert.equal((await json.get(settings)).data.org.sector, evil, 'JSON carries the exact text');
});

test('every answer carries the security headers', async (t) => {
  const answers = {
    'a page': () => owner.get(`/o/${orgId}`),
    'the login page': () => new Client(srv.base).get('/login'),
    'an error page': () => owner.get('/nothing'),
    'a JSON answer': () => new Client(srv.base, { json: true }).get(`/o/${orgId}`),
    'a redirect': () => new Client(srv.base).get(`/o/${orgId}`),
    'a static file': () => owner.get('/static/ravelin.css'),
    'the health check': () => owner.get('/healthz'),
  };
  for (const [name, get] of Object.entries(answers)) {
    await t.test(name, async () => {
      const r = await get();
      const csp = r.headers.get('content-security-policy') || '';
      assert.match(csp, /default-src 'self'/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      assert.doesNotMatch(csp, /script-src[^;]*\*/);
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
      assert.match(r.headers.get('referrer-policy') || '', /^(same-origin|no-referrer|strict-origin)/);
    });
  }
  await t.test('pages are not cached, static files are', async () => {
    assert.equal((await owner.get(`/o/${orgId}`)).headers.get('cache-control'), 'no-store');
    assert.equal((await new Client(srv.base, { json: true }).get(`/o/${orgId}`)).headers.get('cache-control'), 'no-store');
    assert.match((await owner.get('/static/ravelin.css')).headers.get('cache-control'), /public, max-age=\d+/);
  });
  await t.test('content types', async () => {
    assert.equal((await owner.get(`/o/${orgId}`)).headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal((await owner.get('/healthz')).headers.get('content-type'), 'application/json');
  });
});

test('cookies are HttpOnly and SameSite', async () => {
  const c = new Client(srv.base);
  let r = await c.get('/login');
  const visitor = r.headers.getSetCookie().find((l) => l.startsWith('ravelin_csrf='));
  assert.ok(visitor, 'a visitor gets a CSRF cookie');
  assert.match(visitor, /;\s*HttpOnly/i);
  assert.match(visitor, /;\s*SameSite=(Lax|Strict)/i);
  assert.match(visitor, /;\s*Path=\//i);
  r = await c.post('/login', { email: 'owner@example.test', password: PASSWORD });
  assert.equal(r.status, 303);
  const session = r.headers.getSetCookie().find((l) => l.startsWith('ravelin_session='));
  assert.ok(session, 'login sets the session cookie');
  assert.match(session, /^ravelin_session=[0-9a-f]{64};/);
  assert.match(session, /;\s*HttpOnly/i);
  assert.match(session, /;\s*SameSite=(Lax|Strict)/i);
  assert.notEqual(c.cookies.get('ravelin_session'), owner.cookies.get('ravelin_session'),
    'each login gets its own session');
});

test('the health check answers without a session', async () => {
  const r = await new Client(srv.base).get('/healthz');
  assert.equal(r.status, 200);
  assert.deepEqual(r.data, { status: 'ok' });
  assert.equal(r.headers.getSetCookie().length, 0, 'no cookie for a health check');
});

test('error pages speak the browser\'s language', async (t) => {
  for (const [lang, code] of [['fr-BE,fr;q=0.9', 'fr'], ['nl', 'nl'], ['de-DE', 'de'], ['en', 'en'],
                              ['xx', 'en']]) {
    await t.test(lang, async () => {
      const r = await new Client(srv.base, { lang }).get('/nothing');
      assert.equal(r.status, 404);
      assert.match(r.text, new RegExp(`<html lang="${code}">`));
      assert.match(r.text, /<p class="status">404<\/p>/, 'the error page');
    });
  }
  await t.test('French title and message', async () => {
    const r = await new Client(srv.base, { lang: 'fr' }).get('/nothing');
    const en = await new Client(srv.base, { lang: 'en' }).get('/nothing');
    assert.match(en.text, /<h1>Page not found<\/h1>/);
    assert.match(r.text, /<h1>Page introuvable<\/h1>/);
  });
  await t.test('an error for a logged-in user, in the language of the request', async () => {
    const c = new Client(srv.base, { lang: 'fr' });
    c.cookies = owner.cookies;
    const r = await c.get('/o/999/members');
    assert.equal(r.status, 404);
    assert.match(r.text, /<html lang="fr">/);
  });
});

test('a "next" address never leads to another site', async (t) => {
  const origin = new URL(srv.base).origin;
  const hostile = ['//evil.test/x', '/\\evil.test/x', '/\t/evil.test/x', '/\t\\evil.test/x',
                   'https://evil.test/x', 'http:/evil.test', '\t//evil.test', '/%2F/evil.test'];
  // Where a browser goes with this Location (the URL parser drops tabs).
  const target = (location) => new URL(location, `${origin}/o/1`).origin;
  for (const next of hostile) {
    await t.test(JSON.stringify(next), async () => {
      const c = new Client(srv.base);
      await c.get('/login');
      let r = await c.post('/login', { email: 'owner@example.test', password: PASSWORD, next });
      assert.ok([303, 422].includes(r.status), `login: ${r.status}`);
      if (r.status === 303) assert.equal(target(r.location), origin, `login sends to ${r.location}`);
      if (!c.cookies.has('ravelin_session')) await c.login('owner@example.test', PASSWORD);
      r = await c.get(`/login?next=${encodeURIComponent(next)}`);
      assert.ok([303, 400].includes(r.status), `login page: ${r.status}`);
      if (r.status === 303) assert.equal(target(r.location), origin, `login page sends to ${r.location}`);
      await c.get('/profile');
      r = await c.post('/lang', { lang: 'en', next });
      assert.ok([303, 400].includes(r.status), `language switch: ${r.status}`);
      if (r.status === 303) assert.equal(target(r.location), origin, `language switch sends to ${r.location}`);
    });
  }
  await t.test('a local address is kept', async () => {
    const c = new Client(srv.base);
    await c.get('/login');
    const r = await c.post('/login', { email: 'owner@example.test', password: PASSWORD,
                                       next: `/o/${orgId}/members` });
    assert.equal(r.location, `/o/${orgId}/members`);
  });
});

test('JSON answers never carry password hashes, session ids or token hashes', async () => {
  const json = new Client(srv.base, { json: true });
  json.cookies = owner.cookies;
  await owner.get('/profile');
  const made = await owner.post('/profile/tokens', { name: 'leak check' });
  assert.equal(made.status, 201);
  const secrets = sql(dir, `SELECT password_hash FROM users UNION ALL SELECT token_hash FROM api_tokens
                            UNION ALL SELECT id_hash FROM sessions`).split('\n');
  secrets.push(owner.cookies.get('ravelin_session'));
  for (const path of ['/profile', '/orgs', `/o/${orgId}`, `/o/${orgId}/members`, `/o/${orgId}/audit`,
                      `/o/${orgId}/settings`]) {
    const r = await json.get(path);
    assert.equal(r.status, 200, path);
    for (const secret of secrets)
      assert.equal(r.text.includes(secret), false, `${path} shows a secret`);
    assert.doesNotMatch(r.text, /argon2/, path);
  }
});

test('the server stops cleanly: exit 0, no sanitizer report', async () => {
  await srv.stopChecked();
});
