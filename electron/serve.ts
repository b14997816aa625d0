// Browser mode: the built renderer and the same API over a WebSocket, on 127.0.0.1 only, behind a random token and Host/Origin checks.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { dispatch, type Log } from './api/dispatch.js';
import type { ConsoleSession } from './api/session.js';

/** How to serve. */
export interface ServeOptions {
  session: ConsoleSession;
  /** 0 picks a free port. */
  port: number;
  /** The built renderer (index.html and assets/). */
  rendererDir: string;
  log: Log;
}

/** A running server. */
export interface Served {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The address browser mode listens on; never anything else. */
export const LOOPBACK = '127.0.0.1';
/** Largest API message accepted, in bytes. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.woff2': 'font/woff2',
};

/** The Content-Security-Policy of browser mode: nothing but this origin's scripts, styles and WebSocket. */
export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
    `connect-src ws://${LOOPBACK}:${port} ws://localhost:${port}`, "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
  ].join('; ');
}

function sameSecret(given: string | null, token: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Serves the console in browser mode. */
export async function serve(opts: ServeOptions): Promise<Served> {
  const token = randomBytes(24).toString('base64url');
  let port = opts.port;
  const hosts = () => new Set([`${LOOPBACK}:${port}`, `localhost:${port}`]);
  const origins = () => new Set([`http://${LOOPBACK}:${port}`, `http://localhost:${port}`]);
  const who = (req: IncomingMessage) => `${req.socket.remoteAddress ?? '?'} ${req.method} ${(req.url ?? '').replace(/token=[^&]*/, 'token=…')}`;

  /** Refuses a request whose Host header is not this server (DNS rebinding). */
  const hostOk = (req: IncomingMessage) => hosts().has(req.headers.host ?? '');

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const headers = {
      'Content-Security-Policy': contentSecurityPolicy(port), 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY', 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Resource-Policy': 'same-origin', 'Cache-Control': 'no-store',
    };
    const deny = (status: number, why: string) => {
      opts.log(`refused ${who(req)}: ${why}`);
      res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end(`${why}\n`);
    };
    if (!hostOk(req)) return deny(421, `wrong Host header ${JSON.stringify(req.headers.host ?? '')}`);
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(405, 'only GET is served');
    const url = new URL(req.url ?? '/', `http://${LOOPBACK}:${port}`);
    let path = url.pathname;
    if (path === '/' || path === '/index.html') {
      if (!sameSecret(url.searchParams.get('token'), token)) return deny(403, 'a wrong or missing token: open the URL pmem-console serve printed');
      path = '/index.html';
    }
    const file = normalize(join(opts.rendererDir, decodeURIComponent(path)));
    if (!file.startsWith(normalize(opts.rendererDir) + sep)) return deny(404, 'not found');
    try {
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
    }
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const sockets = new Set<WebSocket>();
  const unsubscribe = opts.session.subscribe((event, payload) => {
    const text = JSON.stringify({ event, payload });
    for (const ws of sockets) ws.send(text);
  });

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const refuse = (status: number, why: string) => {
      opts.log(`refused ${who(req)}: ${why}`);
      socket.end(`HTTP/1.1 ${status} ${status === 403 ? 'Forbidden' : 'Misdirected Request'}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${why}\n`);
    };
    const url = new URL(req.url ?? '/', `http://${LOOPBACK}:${port}`);
    if (!hostOk(req)) return refuse(421, `wrong Host header ${JSON.stringify(req.headers.host ?? '')}`);
    if (!origins().has(req.headers.origin ?? '')) return refuse(403, `foreign Origin ${JSON.stringify(req.headers.origin ?? '(none)')}`);
    if (url.pathname !== '/api') return refuse(403, 'no such endpoint');
    if (!sameSecret(url.searchParams.get('token'), token)) return refuse(403, 'a wrong or missing token');
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      // An oversized or malformed frame closes the socket; it must never take the server down.
      ws.on('error', (e) => opts.log(`closed a WebSocket from ${req.socket.remoteAddress ?? '?'}: ${e.message}`));
      ws.on('message', (data, isBinary) => void onMessage(ws, data.toString(), isBinary));
    });
  }

  async function onMessage(ws: WebSocket, text: string, isBinary: boolean): Promise<void> {
    let msg: { id?: unknown; method?: unknown; params?: unknown };
    try {
      if (isBinary) throw new Error('binary');
      msg = JSON.parse(text) as typeof msg;
      if (typeof msg !== 'object' || msg === null || typeof msg.id !== 'number') throw new Error('shape');
    } catch {
      opts.log('refused a WebSocket message that is not a JSON call {id, method, params}');
      ws.send(JSON.stringify({ id: null, ok: false, error: { kind: 'bad-request', message: 'a message must be JSON: {id, method, params}' } }));
      return;
    }
    const result = await dispatch(opts.session, msg.method, msg.params, opts.log);
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: msg.id, ...result }));
  }

  const server = createServer((req, res) => void onRequest(req, res));
  server.on('upgrade', onUpgrade);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, LOOPBACK, () => resolve());
  });
  port = (server.address() as { port: number }).port;
  return {
    url: `http://${LOOPBACK}:${port}/?token=${token}`,
    port,
    close: async () => {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
