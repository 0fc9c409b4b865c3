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
