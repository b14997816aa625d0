// The ControlMaster's socket protocol (host/ssh/mux.ts) against stand-in masters: what a real master answers is tested in ssh.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { muxAlive, muxTerminate } from '../../electron/host/ssh/mux.js';

const dir = mkdtempSync(join(tmpdir(), 'pmc-mux-'));
const servers: Server[] = [];
afterAll(() => {
  for (const s of servers) s.close();
  rmSync(dir, { recursive: true, force: true });
});

const words = (...ws: number[]) => {
  const b = Buffer.alloc(4 + 4 * ws.length);
  b.writeUInt32BE(4 * ws.length, 0);
  ws.forEach((w, i) => b.writeUInt32BE(w >>> 0, 4 + 4 * i));
  return b;
};

/** A stand-in master on a socket of its own: `answer` gets each connection and what the client sent so far. */
async function master(name: string, answer: (conn: Socket, sent: Buffer) => void): Promise<string> {
  const path = join(dir, name);
  const server = createServer((conn) => {
    let sent = Buffer.alloc(0);
    conn.on('data', (d: Buffer) => { sent = Buffer.concat([sent, d]); answer(conn, sent); });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return path;
}

describe('the ControlMaster protocol', () => {
  it('asks hello (version 4) then one request, and reads the pid of an alive master or the OK to a terminate', async () => {
    const seen: Buffer[] = [];
    const path = await master('good', (conn, sent) => {
      if (sent.length < 20) return; // hello (12 bytes) and the request (12 bytes)
      seen.push(sent);
      const type = sent.readUInt32BE(16);
      conn.write(Buffer.concat([words(0x1, 4), type === 0x10000004 ? words(0x80000005, 1, 4242) : words(0x80000001, 1)]));
    });
    expect(await muxAlive(path)).toBe(4242);
    expect(await muxTerminate(path)).toBe(true);
    expect(seen[0]!.subarray(0, 12)).toEqual(words(0x1, 4));
    expect(seen[0]!.subarray(12, 24)).toEqual(words(0x10000004, 1));
    expect(seen[1]!.subarray(12, 24)).toEqual(words(0x10000005, 1));
  });

  it('answers null for no socket, another protocol, another version, a refusal, and silence past the limit', async () => {
    expect(await muxAlive(join(dir, 'nothing-here'))).toBeNull();
    const junk = await master('junk', (conn) => conn.end('SSH-2.0-not-a-master\r\n'));
    expect(await muxAlive(junk)).toBeNull();
    const v3 = await master('v3', (conn) => conn.write(Buffer.concat([words(0x1, 3), words(0x80000005, 1, 7)])));
    expect(await muxAlive(v3)).toBeNull();
    const denied = await master('denied', (conn, sent) => { if (sent.length >= 24) conn.write(Buffer.concat([words(0x1, 4), words(0x80000002, 1)])); });
    expect(await muxTerminate(denied)).toBe(false);
    const silent = await master('silent', () => {});
    expect(await muxAlive(silent, 300)).toBeNull();
  });

  it('reads an answer that comes in pieces', async () => {
    const path = await master('slow', (conn, sent) => {
      if (sent.length < 24) return;
      const all = Buffer.concat([words(0x1, 4), words(0x80000005, 1, 99)]);
      for (let i = 0; i < all.length; i += 5) setTimeout(() => conn.write(all.subarray(i, i + 5)), i);
    });
    expect(await muxAlive(path)).toBe(99);
  });
});
