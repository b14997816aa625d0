import { connect } from 'node:net';
import { startTestServer } from '../test/helpers/browser-mode.js';
const srv = await startTestServer();
const t0 = Date.now();
const res: unknown[] = [];
for (let i = 0; i < 60; i++) {
  const s = connect(srv.port, '127.0.0.1');
  s.on('error', (e) => res.push([i, 'error', e.message]));
  s.on('data', (d) => res.push([i, 'data', String(d).slice(0, 30)]));
  if (i % 2) s.on('connect', () => s.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\n`));
  s.on('close', () => res.push([i, 'close', Date.now() - t0]));
}
await new Promise((r) => setTimeout(r, 8000));
console.log(res.filter((r) => (r as unknown[])[1] === "close").length, (res as unknown[][]).slice(-3));
await srv.stop();
process.exit(0);
