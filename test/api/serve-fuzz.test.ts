// Browser mode under a bounded, seeded fuzz: random paths, headers, raw request lines and WebSocket frames. After every batch the
// server still serves the page with the token and answers an API call, and no log line holds the token.
import { request } from 'node:http';
import { connect as tcpConnect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '../helpers/browser-mode.js';

let server: TestServer;
let port: number;
let token: string;
let log: string[];

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['/', '..', '.', '%', '%2e', '%2f', '%5c', '%00', '%E0%A4%A', '%ff', '%c0%af', 'index.html', 'assets', 'api', '?', '#', '&', '=', 'token', '\\', '~', ';', '%20', 'é', '\u202e', ' '];
function randomPath(r: () => number): string {
  let p = r() < 0.8 ? '/' : '';
  const n = 1 + Math.floor(r() * 12);
  for (let i = 0; i < n; i++) p += PIECES[Math.floor(r() * PIECES.length)]!;
  return p;
}

function randomBytes(r: () => number, n: number): Buffer {
  return Buffer.from(Array.from({ length: n }, () => Math.floor(r() * 256)));
}

/** Sends raw bytes on a TCP connection and resolves with whatever came back (or nothing) when it closes or after a while. */
function raw(bytes: Buffer | string): Promise<string> {
  return new Promise((resolve) => {
    const s = tcpConnect(port, '127.0.0.1');
    let got = '';
    const done = () => { s.destroy(); resolve(got); };
    s.setTimeout(3000, done);
    s.on('data', (d) => (got += d.toString('latin1')));
    s.on('close', done);
    s.on('error', done);
    s.write(bytes);
    s.end();
  });
}

function get(path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    try {
      const req = request({ host: '127.0.0.1', port, path, headers, timeout: 5000 }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode ?? 0)); });
      req.on('error', () => resolve(-1));
      req.on('timeout', () => { req.destroy(); resolve(-2); });
      req.end();
    } catch {
      resolve(-3); // Node itself refuses to send some of these (invalid characters in the path or a header)
    }
  });
}

/** The server still does its job: the page with the token, and an API call over a fresh WebSocket. */
async function stillAnswers(): Promise<void> {
  expect(await get(`/?token=${token}`, { host: `127.0.0.1:${port}` })).toBe(200);
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api?token=${token}`, { origin: `http://127.0.0.1:${port}`, headers: { Host: `127.0.0.1:${port}` } });
  const answer = await new Promise<{ ok: boolean }>((resolve, reject) => {
    ws.once('open', () => ws.send(JSON.stringify({ id: 1, method: 'session.get', params: {} })));
    ws.on('message', (d) => { const m = JSON.parse(d.toString()) as { id?: number; ok: boolean }; if (m.id === 1) resolve(m); });
    ws.once('error', reject);
  });
  ws.close();
  expect(answer.ok).toBe(true);
}

beforeAll(async () => {
  server = await startTestServer();
  ({ port, token, log } = server);
});

afterAll(() => server.stop());

describe('browser mode under fuzz (seeded, bounded)', () => {
  it('survives random paths and headers', async () => {
    const r = prng(1);
    for (let i = 0; i < 300; i++) {
      const headers: Record<string, string> = { host: r() < 0.7 ? `127.0.0.1:${port}` : randomPath(r).slice(0, 40) };
      if (r() < 0.3) headers.origin = randomPath(r);
      if (r() < 0.3) headers.cookie = `pmem-console-page-${port}=${randomPath(r)}`;
      const path = r() < 0.2 ? `${randomPath(r)}?token=${token}` : randomPath(r);
      await get(path, headers);
    }
    await stillAnswers();
  }, 120_000);

  it('survives malformed request lines, headers and bodies on the raw socket', async () => {
    const r = prng(2);
    const lines = ['GET / HTTP/1.1\r\n\r\n', 'GET\r\n\r\n', 'FOO /%%% HTTP/9.9\r\nHost: x\r\n\r\n', `GET /${'a'.repeat(20000)} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`,
      `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX: ${'b'.repeat(20000)}\r\n\r\n`, 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', '\u0000\u0001\u0002\r\n\r\n',
      `POST /api HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 5\r\n\r\nhello`, `GET /api HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`,
      `GET /api?token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n`];
    for (const l of lines) await raw(l);
    for (let i = 0; i < 60; i++) await raw(randomBytes(r, 1 + Math.floor(r() * 400)));
    await stillAnswers();
  }, 120_000);

  it('survives random WebSocket frames and calls', async () => {
    const r = prng(3);
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api?token=${token}`, { origin: `http://127.0.0.1:${port}`, headers: { Host: `127.0.0.1:${port}` } });
    await new Promise((resolve) => ws.once('open', resolve));
    const methods = ['session.get', 'view.get', 'plan.make', 'plan.run', 'session.open', 'journal.list', 'x', '__proto__', 'constructor'];
    for (let i = 0; i < 200 && ws.readyState === ws.OPEN; i++) {
      const kind = r();
      if (kind < 0.2) ws.send(randomBytes(r, Math.floor(r() * 300)));
      else if (kind < 0.4) ws.send(randomPath(r));
      else {
        const params = r() < 0.5 ? { action: randomPath(r), params: { [randomPath(r).slice(0, 10)]: randomPath(r) } } : r() < 0.5 ? null : [randomPath(r)];
        ws.send(JSON.stringify({ id: r() < 0.9 ? i : randomPath(r), method: methods[Math.floor(r() * methods.length)], params }));
      }
    }
    ws.close();
    await stillAnswers();
    expect(log.join('\n')).not.toContain(token);
  }, 120_000);
});
