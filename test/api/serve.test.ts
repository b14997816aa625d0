// Browser mode's gate: a wrong token, a foreign Origin or Host, and a payload that fails its schema are refused and logged.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect as netConnect, type Socket } from 'node:net';
import WebSocket from 'ws';
import { MAX_MESSAGE_BYTES, type Served } from '../../electron/serve.js';
import { startTestServer, type TestServer } from '../helpers/browser-mode.js';

let server: TestServer;
let served: Served;
let port: number;
let token: string;
let log: string[];

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a WebSocket with the given headers; resolves to the socket or to the HTTP status the upgrade was refused with. */
function connect(opts: { token?: string; origin?: string; host?: string; path?: string } = {}): Promise<WebSocket | number> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}${opts.path ?? '/api'}?token=${opts.token ?? token}`, {
    headers: { Host: opts.host ?? `127.0.0.1:${port}` },
    origin: opts.origin ?? `http://127.0.0.1:${port}`,
  });
  return new Promise((resolve) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(-1));
  });
}

function call(ws: WebSocket, id: number, method: unknown, params: unknown): Promise<{ id: number; ok: boolean; result?: unknown; error?: { kind: string; message: string } }> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const msg = JSON.parse(data.toString()) as { id: number; ok: boolean };
      if (msg.id === id || (id === -1 && msg.id === null)) {
        ws.off('message', onMessage);
        resolve(msg);
      }
    };
    ws.on('message', onMessage);
    ws.send(typeof method === 'string' && method.startsWith('raw:') ? method.slice(4) : JSON.stringify({ id, method, params }));
  });
}

beforeAll(async () => {
  server = await startTestServer();
  ({ served, port, token, log } = server);
});

afterAll(() => server.stop());

const lastLog = () => log.at(-1) ?? '';

describe('browser mode over HTTP', () => {
  it('listens on 127.0.0.1 only, with a long random token in the URL', () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
  });

  it('serves the page with the token, and a CSP from default-src none', async () => {
    const r = await get(`/?token=${token}`);
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>console</title>');
    expect(String(r.headers['content-security-policy'])).toMatch(/^default-src 'none'; script-src 'self'/);
    expect(r.headers['referrer-policy']).toBe('no-referrer');
  });

  it('refuses and logs the page without the token or with a wrong one', async () => {
    expect((await get('/')).status).toBe(403);
    expect(lastLog()).toMatch(/refused .*GET \/: a wrong or missing token/);
    // One character off (never the same one: a token ending in x would be let in by an x).
    const wrong = token.slice(0, -1) + (token.endsWith('x') ? 'y' : 'x');
    expect((await get(`/?token=${wrong}`)).status).toBe(403);
    expect(lastLog()).toMatch(/GET \/\?…: a wrong or missing token/);
    expect(lastLog()).not.toContain(token.slice(0, -1));
  });

  it('decodes and normalises the path before the token check: no spelling of the page gets past it', async () => {
    for (const path of ['/%69ndex.html', '//index.html', '/x/../index.html', '/assets/..%2findex.html', '/%2e/index.html', '/./index.html']) {
      expect((await get(path)).status, path).toBe(403);
    }
  });

  it('serves nothing else without the token: a backslash is no spelling of the page, and only the build\'s assets are public', async () => {
    for (const path of ['/%5cindex.html', '/x%5c..%5cindex.html', '/%5c%5cindex.html']) {
      expect((await get(path)).status, path).toBe(400);
      expect(lastLog()).toMatch(/a request path that cannot be read/);
    }
    for (const path of ['/favicon.ico', '/index.htm', '/assets/', '/assets/x/../../index.html', '/assets/%2e%2e/index.html']) {
      const r = await get(path);
      expect([403, 404], path).toContain(r.status);
      expect(r.body, path).not.toMatch(/<html/i);
    }
  });

  it('never dies on a request it cannot decode, and answers the next one', async () => {
    expect((await get('/%E0%A4%A')).status).toBe(400);
    expect(lastLog()).toMatch(/a request path that cannot be read/);
    expect((await get('/%00')).status).toBe(400);
    expect((await get(`/?token=${token}`)).status).toBe(200);
  });

  it('never writes the token into a log line, however it is spelled', async () => {
    const before = log.length;
    const spelled = [`/?%74oken=${token}`, `/?%74oken=${token}x`, `/?token=x&y=${encodeURIComponent(token)}`, `/?token=${token}&token=x`, `/nope?token=${token}`, `/${token}`, `/assets/${encodeURIComponent(token)}.js?token=${token}`];
    for (const path of spelled) await get(path);
    await connect({ origin: `http://evil.example/${token}` });
    await connect({ path: `/api/${token}` });
    const lines = log.slice(before);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const l of lines) expect(l).not.toContain(token);
    expect(log.join('\n')).not.toContain(token);
  });

  it('reloads the page with the cookie set on the first load; the cookie opens the page only, not the API', async () => {
    const first = await get(`/?token=${token}`);
    const setCookie = String(first.headers['set-cookie']);
    expect(setCookie).toMatch(new RegExp(`^pmem-console-page-${port}=[\\w-]+; Path=/; HttpOnly; SameSite=Strict$`));
    expect(setCookie).not.toContain(token);
    const cookie = setCookie.split(';')[0]!;
    expect((await get('/', { cookie })).status).toBe(200);
    expect((await get('/', { cookie: `${cookie}x` })).status).toBe(403);
    expect(await connect({ token: cookie.split('=')[1]! })).toBe(403);
  });

  it('refuses and logs a foreign Host header (DNS rebinding)', async () => {
    expect((await get(`/?token=${token}`, { host: `evil.example:${port}` })).status).toBe(421);
    expect(lastLog()).toMatch(/wrong Host header "evil\.example:\d+"/);
  });

  it('closes clients that send nothing, or their headers a byte at a time, and answers the next one', async () => {
    const closed = (socket: Socket) => new Promise<void>((resolve) => socket.on('close', () => resolve()));
    const sockets = Array.from({ length: 60 }, (_, i) => {
      const socket = netConnect(port, '127.0.0.1');
      socket.on('error', () => {});
      socket.resume(); // reads what the server sends (its 400 or 408), so that its end is seen
      if (i % 2) socket.on('connect', () => socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`));
      return socket;
    });
    // The test server's limits are 1 s for headers and 2 s idle; 60 s is only a bound for a loaded machine.
    await Promise.race([Promise.all(sockets.map(closed)), new Promise((_, reject) => setTimeout(() => reject(new Error('slow clients were not closed')), 60_000))]);
    expect((await get(`/?token=${token}`)).status).toBe(200);
  }, 90_000);

  it('never serves a file outside the renderer folder', async () => {
    expect((await get('/..%2f..%2f..%2fetc%2fpasswd')).status).toBe(404);
    expect((await get('/assets/../../etc/passwd')).status).toBe(404);
  });
});

describe('browser mode over the WebSocket', () => {
  it('refuses and logs a wrong token', async () => {
    expect(await connect({ token: 'nope' })).toBe(403);
    expect(lastLog()).toMatch(/a wrong or missing token/);
  });

  it('refuses and logs a foreign Origin', async () => {
    expect(await connect({ origin: 'http://evil.example' })).toBe(403);
    expect(lastLog()).toMatch(/foreign Origin "http:\/\/evil\.example"/);
    expect(await connect({ origin: `http://127.0.0.1:${port + 1}` })).toBe(403);
  });

  it('refuses and logs a foreign Host', async () => {
    expect(await connect({ host: 'evil.example' })).toBe(421);
    expect(lastLog()).toMatch(/wrong Host header/);
  });

  it('answers calls that fit the contract, and refuses and logs those that do not', async () => {
    const ws = await connect();
    expect(ws).toBeInstanceOf(WebSocket);
    const sock = ws as WebSocket;
    try {
      const view = await call(sock, 1, 'view.get', {});
      expect(view.ok).toBe(true);
      expect((view.result as { session: { spec: string } }).session.spec).toBe('sim:seed-qemu');

      const extra = await call(sock, 2, 'plan.make', { action: 'dax.system-ram', params: { device: 'dax0.0' }, sneaky: true });
      expect(extra).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
      expect(lastLog()).toMatch(/refused plan\.make: the request does not fit its schema/);

      const wrongType = await call(sock, 3, 'plan.run', { planId: 'not-a-uuid', yes: 'yes' });
      expect(wrongType).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
      expect(lastLog()).toMatch(/refused plan\.run/);

      const action = await call(sock, 4, 'plan.make', { action: 'rm -rf', params: {} });
      expect(action).toMatchObject({ ok: false, error: { kind: 'bad-request' } });

      const unknown = await call(sock, 5, 'shell.exec', { argv: ['id'] });
      expect(unknown).toMatchObject({ ok: false, error: { kind: 'bad-request', message: 'unknown method' } });
      expect(lastLog()).toMatch(/unknown method "shell\.exec"/);

      const garbage = await call(sock, -1, 'raw:{not json', null);
      expect(garbage).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
      expect(lastLog()).toMatch(/not a JSON call/);

      const gone = await call(sock, 6, 'plan.run', { planId: '00000000-0000-4000-8000-000000000000', yes: true });
      expect(gone).toMatchObject({ ok: false, error: { kind: 'bad-input' } });

      for (const [i, raw] of ['{"id":7,"method":"plan.make","params":{"action":"dax.system-ram","params":{"__proto__":"x"}}}',
        '{"id":8,"method":"plan.make","params":{"action":"dax.system-ram","params":{"constructor":"x"}}}',
        '{"id":9,"method":"plan.make","params":{"action":"dax.system-ram","params":{"toString":"x"}}}'].entries()) {
        expect(await call(sock, 7 + i, `raw:${raw}`, null), raw).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
      }
    } finally {
      sock.close();
    }
  });

  it('closes a connection that sends more than the largest message', async () => {
    const ws = (await connect()) as WebSocket;
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(JSON.stringify({ id: 1, method: 'view.get', params: { pad: 'x'.repeat(MAX_MESSAGE_BYTES) } }));
    expect(await closed).toBe(1009);
    expect(lastLog()).toMatch(/closed a WebSocket .*Max payload size exceeded/);
  });

  it('sends a new connection the current view at once, without being asked', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api?token=${token}`, { origin: `http://127.0.0.1:${port}` });
    // Listening before the socket opens: the view may come in the same read as the upgrade's answer.
    const first = new Promise<{ event?: string; payload?: { session: { spec: string }; version: number } }>((resolve) => ws.once('message', (d) => resolve(JSON.parse(d.toString()))));
    try {
      const m = await first;
      expect(m.event).toBe('view');
      expect(m.payload!.session.spec).toBe('sim:seed-qemu');
      const asked = await call(ws, 1, 'view.get', {});
      expect((asked.result as { version: number }).version).toBe(m.payload!.version);
    } finally {
      ws.close();
    }
  });

  it('runs a plan by its id and pushes step progress and the new view', async () => {
    const ws = (await connect()) as WebSocket;
    const events: { event: string; payload: { status?: string; version?: number } }[] = [];
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as { event?: string; payload: never };
      if (m.event) events.push({ event: m.event, payload: m.payload });
    });
    try {
      const before = ((await call(ws, 9, 'view.get', {})).result as { version: number }).version;
      const made = await call(ws, 10, 'plan.make', { action: 'namespace.reconfigure', params: { namespace: 'namespace0.0', mode: 'devdax' } });
      expect(made.ok).toBe(true);
      const { planId, plan } = made.result as { planId: string; plan: { risk: string } };
      expect(plan.risk).toBe('destructive');
      const unconfirmed = await call(ws, 11, 'plan.run', { planId, yes: true });
      expect(unconfirmed).toMatchObject({ ok: false, error: { kind: 'not-confirmed' } });
      const ran = await call(ws, 12, 'plan.run', { planId, typedName: 'namespace0.0' });
      expect(ran).toMatchObject({ ok: true, result: { outcome: 'done' } });
      await expect.poll(() => events.some((e) => e.event === 'view' && e.payload.version! > before)).toBe(true);
      expect(events.filter((e) => e.event === 'run.step').map((e) => e.payload.status)).toEqual(['running', 'ok']);
      const again = await call(ws, 13, 'plan.run', { planId, typedName: 'namespace0.0' });
      expect(again).toMatchObject({ ok: false, error: { kind: 'bad-input' } });
    } finally {
      ws.close();
    }
  });
});
