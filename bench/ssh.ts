// Reading a machine over ssh through a real sshd on 127.0.0.1, directly and through a relay that delays every packet 25 ms each way
// (a 50 ms round trip): round trips and time for a snapshot (connect and read), and for what a plan reads on an open connection.
import { appendFileSync, readFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { readPlanInput } from '../electron/actions/plan.js';
import { SshHost } from '../electron/host/ssh/index.js';
import { snapshot } from '../electron/system/snapshot.js';
import { startSshd, type TestSshd } from '../test/helpers/sshd.js';
import { canMakeUsers, makeTestUser, TEST_USER } from '../test/helpers/test-user.js';

const ROUNDS = 5;
const TARGET_MS = 1000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const msOf = (n: number) => `${n.toFixed(0)} ms`.padStart(9);

/** A TCP relay on 127.0.0.1 that holds each chunk `delayMs` before passing it on, in order, both ways. */
async function delayingRelay(port: number, delayMs: number): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const pipe = (from: Socket, to: Socket) => {
    from.on('data', (chunk) => setTimeout(() => to.writable && to.write(chunk), delayMs));
    from.on('end', () => setTimeout(() => to.end(), delayMs));
    from.on('error', () => to.destroy());
  };
  const server = createServer((client) => {
    const upstream = connect(port, '127.0.0.1');
    sockets.add(client).add(upstream);
    pipe(client, upstream);
    pipe(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    close: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }),
  };
}

interface Figures { connectAndRead: number; trips: number; read: number; planRead: number; planTrips: number; empty: number }

async function measure(sshd: TestSshd, port: number): Promise<Figures> {
  const runs: Figures[] = [];
  for (let i = 0; i <= ROUNDS; i++) {
    const host = new SshHost({ user: sshd.user, host: '127.0.0.1', port }, { configFile: sshd.clientConfig });
    try {
      let t = performance.now();
      await snapshot(host);
      const connectAndRead = performance.now() - t;
      const trips = host.roundTrips;
      t = performance.now();
      await snapshot(host);
      const read = performance.now() - t;
      const before = host.roundTrips;
      t = performance.now();
      await readPlanInput(host);
      const planRead = performance.now() - t;
      const planTrips = host.roundTrips - before;
      t = performance.now();
      await host.exec(['true']);
      const empty = performance.now() - t;
      if (i > 0) runs.push({ connectAndRead, trips, read, planRead, planTrips, empty });
    } finally {
      await host.close();
    }
  }
  const pick = (k: keyof Figures) => median(runs.map((r) => r[k]));
  return { connectAndRead: pick('connectAndRead'), trips: pick('trips'), read: pick('read'), planRead: pick('planRead'), planTrips: pick('planTrips'), empty: pick('empty') };
}

/** Runs the ssh benchmark; returns whether a snapshot over the 50 ms link takes at most 2 round trips and under a second. */
export async function benchSsh(): Promise<boolean> {
  // As root, through a throwaway user with a plain /bin/sh login: root's own login shell here may run start-up scripts that would
  // be timed instead of the console (said below when a bare session is slow).
  const removeUser = canMakeUsers() ? makeTestUser() : null;
  const sshd = await startSshd(removeUser ? { user: TEST_USER } : {});
  const relay = await delayingRelay(sshd.port, 25);
  // The relay is the same server on another port: ssh checks the host key per port.
  const key = readFileSync(join(sshd.dir, 'host_key.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
  appendFileSync(join(sshd.dir, 'known_hosts'), `[127.0.0.1]:${relay.port} ${key}\n`);
  try {
    const direct = await measure(sshd, sshd.port);
    const slow = await measure(sshd, relay.port);
    console.log(`\nthis machine over ssh (a real sshd on 127.0.0.1, as ${sshd.user}; median of ${ROUNDS})`);
    console.log(`  ${''.padEnd(52)}${'direct'.padStart(9)}${'+50 ms'.padStart(9)}   round trips`);
    const row = (label: string, a: number, b: number, trips: string) => console.log(`  ${label.padEnd(52)}${msOf(a)}${msOf(b)}   ${trips}`);
    row('snapshot with a new connection (connect + read)', direct.connectAndRead, slow.connectAndRead, `${direct.trips} (connecting and the gathered read are one)`);
    row('snapshot on an open connection', direct.read, slow.read, '1');
    row('what a plan reads (snapshot, doctor, usage), open', direct.planRead, slow.planRead, String(direct.planTrips));
    row('one empty remote command (ssh host true), open', direct.empty, slow.empty, '1: the floor of any round trip here');
    const met = slow.trips <= 2 && slow.connectAndRead < TARGET_MS;
    console.log(`  target: a snapshot over the 50 ms link in <= 2 round trips and < ${TARGET_MS} ms: ${met ? 'met' : 'NOT MET'}`
      + `${slow.empty > 200 ? ` (each session here starts the remote user's login shell, ${msOf(slow.empty).trim()} alone)` : ''}`);
    return met;
  } finally {
    await relay.close();
    await sshd.stop();
    removeUser?.();
  }
}
