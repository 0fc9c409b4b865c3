// A small HTTP client that behaves like a browser session: it keeps
// cookies, reads the CSRF token from the pages it gets, and follows no
// redirects by itself (tests look at them).
export class Client {
  constructor(base, { json = false, token = null, lang = null } = {}) {
    this.base = base;
    this.cookies = new Map();
    this.csrf = null;
    this.json = json;
    this.token = token;
    this.lang = lang;
  }

  headers(extra = {}) {
    const h = { ...extra };
    if (this.cookies.size)
      h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.json) h.accept = 'application/json';
    if (this.token) h.authorization = `Bearer ${this.token}`;
    if (this.lang) h['accept-language'] = this.lang;
    return h;
  }

  keepCookies(res) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /max-age=0\b/i.test(a.trim()));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(method, path, { body, headers = {}, raw = false } = {}) {
    const init = { method, headers: this.headers(headers), redirect: 'manual' };
    if (body !== undefined) init.body = body;
    const res = await fetch(this.base + path, init);
    this.keepCookies(res);
    const text = await res.text();
    const m = text.match(/name="csrf" value="([0-9a-f]{64})"/);
    if (m) this.csrf = m[1];
    let data = null;
    if ((res.headers.get('content-type') || '').startsWith('application/json'))
      data = JSON.parse(text);
    return { status: res.status, headers: res.headers, text, data,
             location: res.headers.get('location') };
  }

  get(path, opts) { return this.request('GET', path, opts); }

  // POSTs a form; the CSRF token last seen is added unless csrf: false.
  post(path, fields = {}, { csrf = true, headers = {} } = {}) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) params.append(k, String(v));
    if (csrf && this.csrf && !('csrf' in fields)) params.append('csrf', this.csrf);
    return this.request('POST', path, {
      body: params.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
  }

  // POSTs a JSON object (with X-CSRF-Token when a session is used).
  postJson(path, object, { csrf = true } = {}) {
    const headers = { 'content-type': 'application/json' };
    if (csrf && this.csrf && !this.token) headers['x-csrf-token'] = this.csrf;
    return this.request('POST', path, { body: JSON.stringify(object), headers });
  }

  async login(email, password) {
    await this.get('/login');
    const r = await this.post('/login', { email, password });
    if (r.status !== 303 && r.status !== 200)
      throw new Error(`login failed for ${email}: ${r.status}`);
    await this.get('/profile');   // picks up the session's CSRF token
    return r;
  }
}

// A JSON twin of an HTML client: a Client that asks for JSON and shares
// the other's cookies (the same Map, so a later login or logout shows in
// both) and the CSRF token it holds now (copied: a token the HTML client
// reads later is not seen by the twin).
export function asJson(client) {
  const json = new Client(client.base, { json: true });
  json.cookies = client.cookies;
  json.csrf = client.csrf;
  return json;
}

// Sends bytes exactly as given (no URL normalisation, no header checks)
// on a fresh connection and returns {status, headers, text} of the
// answer. For what fetch() refuses or rewrites: "/static/../x", control
// characters, malformed requests. request is a string or a Buffer; the
// connection is closed after one answer.
export async function rawRequest(base, request) {
  const net = await import('node:net');
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    const chunks = [];
    socket.setTimeout(10000, () => socket.destroy(new Error('raw request timed out')));
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', reject);
    socket.on('end', () => {
      const all = Buffer.concat(chunks).toString('utf8');
      const split = all.indexOf('\r\n\r\n');
      const head = split < 0 ? all : all.slice(0, split);
      const [statusLine, ...lines] = head.split('\r\n');
      const headers = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const status = Number((statusLine.match(/^HTTP\/1\.[01] (\d{3})/) || [])[1] || 0);
      resolve({ status, headers, text: split < 0 ? '' : all.slice(split + 4) });
    });
    socket.write(request);
  });
}
