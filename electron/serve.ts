// Browser mode: the built renderer and the same API over a WebSocket, on 127.0.0.1 only, behind a random token and Host/Origin checks.
// No request can take it down: every handler answers inside a catch, paths are decoded and normalised before the token check, and the
// token never reaches a log line.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { dispatch, type Log } from './api/dispatch.js';
import type { ConsoleSession } from './api/session.js';
import { assetFile, contentType, decodePath, PUBLIC_ASSET } from './assets.js';

/** How to serve. */
export interface ServeOptions {
  session: ConsoleSession;
  /** 0 picks a free port. */
  port: number;
  /** The built renderer (index.html and assets/). */
  rendererDir: string;
  log: Log;
  /** How long a connection may take to send its request's headers, and to sit idle, before it is closed (default 10 s and 30 s). */
  slowClientMs?: { headers: number; idle: number };
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
/** Longest request target logged; the rest is cut. */
const MAX_LOGGED_PATH = 200;

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

/** A cookie's value from the request, or null. */
function cookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** The request's path and query, or null when the target cannot be parsed. */
function target(req: IncomingMessage, port: number): URL | null {
  try {
    return new URL(req.url ?? '/', `http://${LOOPBACK}:${port}`);
  } catch {
    return null;
  }
}

/** Serves the console in browser mode. */
export async function serve(opts: ServeOptions): Promise<Served> {
  const token = randomBytes(24).toString('base64url');
  /** What the page cookie holds: derived from the token, so the cookie never reveals it. */
  const pageKey = createHmac('sha256', token).update('pmem-console page').digest('base64url');
  let port = opts.port;
  const pageCookie = () => `pmem-console-page-${port}`;
  const hosts = () => new Set([`${LOOPBACK}:${port}`, `localhost:${port}`]);
  const origins = () => new Set([`http://${LOOPBACK}:${port}`, `http://localhost:${port}`]);
  /** Never the query (it may hold the token, in any spelling) and never the token itself, and no control characters. */
  const masked = (text: string) => text.split(token).join('…').replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  const who = (req: IncomingMessage) => {
    const path = (req.url ?? '').split('?')[0]!.slice(0, MAX_LOGGED_PATH);
    return masked(`${req.socket.remoteAddress ?? '?'} ${String(req.method).slice(0, 16)} ${path}${(req.url ?? '').includes('?') ? '?…' : ''}`);
  };
  const log = (line: string) => opts.log(masked(line));

  /** Refuses a request whose Host header is not this server (DNS rebinding). */
  const hostOk = (req: IncomingMessage) => hosts().has(req.headers.host ?? '');

  const headers = () => ({
    'Content-Security-Policy': contentSecurityPolicy(port), 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY', 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Resource-Policy': 'same-origin', 'Cache-Control': 'no-store',
  });

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const deny = (status: number, why: string) => {
      log(`refused ${who(req)}: ${why}`);
      res.writeHead(status, { ...headers(), 'Content-Type': 'text/plain; charset=utf-8' }).end(`${why}\n`);
    };
    if (!hostOk(req)) return deny(421, `wrong Host header ${JSON.stringify((req.headers.host ?? '').slice(0, 100))}`);
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(405, 'only GET is served');
    const url = target(req, port);
    // Decoded and normalised first, so no spelling of /index.html (/%69ndex.html, //index.html, /x/../index.html) escapes the token check.
    const path = url ? decodePath(url.pathname) : null;
    if (url === null || path === null) return deny(400, 'a request path that cannot be read');
    const extra: Record<string, string> = {};
    if (path === '/index.html') {
      // The first load brings the token in the URL (the page then takes it out of the address bar and the history); a reload
      // brings the page cookie instead. The cookie opens the page only: the API takes nothing but the token.
      if (sameSecret(url.searchParams.get('token'), token)) extra['Set-Cookie'] = `${pageCookie()}=${pageKey}; Path=/; HttpOnly; SameSite=Strict`;
      else if (!sameSecret(cookie(req, pageCookie()), pageKey)) return deny(403, 'a wrong or missing token: open the URL pmem-console serve printed');
    }
    // The page (behind the token) and the build's public assets: any other path is nothing to serve.
    const file = path === '/index.html' || PUBLIC_ASSET.test(path) ? assetFile(path, opts.rendererDir) : null;
    if (file === null) return deny(404, 'not found');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      res.writeHead(404, { ...headers(), 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    res.writeHead(200, { ...headers(), ...extra, 'Content-Type': contentType(file) }).end(req.method === 'HEAD' ? undefined : body);
  }

  function onRequest(req: IncomingMessage, res: ServerResponse): void {
    answer(req, res).catch((e: unknown) => {
      log(`error answering ${who(req)}: ${(e as Error).message}`);
      if (!res.headersSent) res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end();
    });
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const sockets = new Set<WebSocket>();
  const unsubscribe = opts.session.subscribe((event, payload) => {
    const text = JSON.stringify({ event, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => {});
    // A WebSocket may be quiet for as long as the page is open: the idle limit was for the request.
    (socket as Duplex & { setTimeout?: (ms: number) => void }).setTimeout?.(0);
    const refuse = (status: number, why: string) => {
      log(`refused ${who(req)}: ${why}`);
      socket.end(`HTTP/1.1 ${status} ${status === 403 ? 'Forbidden' : status === 400 ? 'Bad Request' : 'Misdirected Request'}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${why}\n`);
    };
    try {
      const url = target(req, port);
      if (!hostOk(req)) return refuse(421, `wrong Host header ${JSON.stringify((req.headers.host ?? '').slice(0, 100))}`);
      if (!origins().has(req.headers.origin ?? '')) return refuse(403, `foreign Origin ${JSON.stringify((req.headers.origin ?? '(none)').slice(0, 100))}`);
      if (url === null || decodePath(url.pathname) !== '/api') return refuse(403, 'no such endpoint');
      if (!sameSecret(url.searchParams.get('token'), token)) return refuse(403, 'a wrong or missing token');
      wss.handleUpgrade(req, socket, head, (ws) => {
        sockets.add(ws);
        ws.on('close', () => sockets.delete(ws));
        // An oversized or malformed frame closes the socket; it must never take the server down.
        ws.on('error', (e) => log(`closed a WebSocket from ${req.socket.remoteAddress ?? '?'}: ${e.message}`));
        ws.on('message', (data, isBinary) => void onMessage(ws, data.toString(), isBinary));
        // The view is sent as soon as there is one, so a page paints without waiting to ask (its view.get still gets the read's error).
        void opts.session.view().then((view) => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event: 'view', payload: view }));
        }, () => {});
      });
    } catch (e) {
      refuse(400, `a request that cannot be read (${(e as Error).message})`);
    }
  }

  async function onMessage(ws: WebSocket, text: string, isBinary: boolean): Promise<void> {
    let msg: { id?: unknown; method?: unknown; params?: unknown };
    try {
      if (isBinary) throw new Error('binary');
      msg = JSON.parse(text) as typeof msg;
      if (typeof msg !== 'object' || msg === null || Array.isArray(msg) || typeof msg.id !== 'number' || !Number.isSafeInteger(msg.id)) throw new Error('shape');
    } catch {
      log('refused a WebSocket message that is not a JSON call {id, method, params}');
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: null, ok: false, error: { kind: 'bad-request', message: 'a message must be JSON: {id, method, params}' } }));
      return;
    }
    try {
      const result = await dispatch(opts.session, msg.method, msg.params, log);
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: msg.id, ...result }));
    } catch (e) {
      log(`internal error answering a WebSocket call: ${(e as Error).message}`);
    }
  }

  // A client that connects and sends nothing, or a request's headers a byte at a time, is closed: a page on this machine sends its
  // request at once, and a pile of slow sockets must not hold the server open.
  const slow = opts.slowClientMs ?? { headers: 10_000, idle: 30_000 };
  const server = createServer({ headersTimeout: slow.headers, requestTimeout: slow.idle, keepAliveTimeout: Math.min(5_000, slow.headers), connectionsCheckingInterval: Math.min(1_000, slow.headers) }, onRequest);
  server.on('connection', (socket) => socket.setTimeout(slow.idle, () => socket.destroy()));
  server.on('upgrade', onUpgrade);
  // A malformed request line or header never reaches a handler: Node answers 400 and closes the connection; it is logged here.
  server.on('clientError', (e: NodeJS.ErrnoException, socket: Duplex) => {
    if (e.code !== 'ECONNRESET') log(`refused a malformed HTTP request: ${e.code ?? e.message}`);
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, LOOPBACK, () => resolve());
  });
  port = (server.address() as { port: number }).port;
  // The machine is read while the browser starts and loads the page, so the first page finds the read done or under way (a read that
  // fails here is asked again, and its error shown, by the page's own view.get).
  void opts.session.view().catch(() => {});
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
