// Reading a machine over ssh through a real sshd on 127.0.0.1, directly and through a relay that delays every packet 25 ms each way
// (a 50 ms round trip): round trips and time for a snapshot (connect and read), and for what a plan reads on an open connection.
import { appendFileSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { readPlanInput } from '../electron/actions/plan.js';
import { SshHost } from '../electron/host/ssh/index.js';
import { snapshot } from '../electron/system/snapshot.js';
import { startSshd, type TestSshd } from '../test/helpers/sshd.js';
import { interleaved, ms, type Timing } from './hyperfine.js';
import { canMakeUsers, makeTestUser, TEST_USER } from '../test/helpers/test-user.js';

const ROUNDS = 5;
const TARGET_MS = 1000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const msOf = (n: number) => `${n.toFixed(0)} ms`.padStart(9);

/** A TCP relay on 127.0.0.1 that holds each chunk DELAY ms before passing it on, in order, both ways; prints its port. It runs in a
 *  process of its own, so it keeps relaying while this one waits for hyperfine. */
const RELAY_SOURCE = `
const { connect, createServer } = require('node:net');
const [port, delayMs] = process.argv.slice(1).map(Number);
const pipe = (from, to) => {
  from.on('data', (chunk) => setTimeout(() => to.writable && to.write(chunk), delayMs));
  from.on('end', () => setTimeout(() => to.end(), delayMs));
  from.on('error', () => to.destroy());
};
const server = createServer((client) => {
  const upstream = connect(port, '127.0.0.1');
  pipe(client, upstream);
  pipe(upstream, client);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;

/** Starts the delaying relay in front of a test sshd (a 25 ms delay each way is a 50 ms round trip), and trusts the sshd's host key on
 *  the relay's port too (ssh checks host keys per port). */
export async function delayingRelay(sshd: TestSshd, delayMs: number): Promise<{ port: number; close(): Promise<void> }> {
  const child = spawn(process.execPath, ['-e', RELAY_SOURCE, String(sshd.port), String(delayMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const relayPort = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    child.once('exit', (code) => reject(new Error(`the delaying relay stopped (exit ${code})`)));
  });
  const key = readFileSync(join(sshd.dir, 'host_key.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
  appendFileSync(join(sshd.dir, 'known_hosts'), `[127.0.0.1]:${relayPort} ${key}\n`);
  return { port: relayPort, close: () => new Promise((resolve) => { child.once('exit', () => resolve()); child.kill(); }) };
}

interface Figures { connectAndRead: number; trips: number; read: number; planRead: number; planTrips: number; empty: number }

/** One round of the figures through a port. */
async function measureOnce(sshd: TestSshd, port: number): Promise<Figures> {
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
    return { connectAndRead, trips, read, planRead, planTrips, empty };
  } finally {
    await host.close();
  }
}

/** The figures through each port, rounds interleaved (A B A B, after one warm-up round of each), as medians. */
async function measure(sshd: TestSshd, ports: number[]): Promise<Figures[]> {
  const runs: Figures[][] = ports.map(() => []);
  for (let i = 0; i <= ROUNDS; i++) {
    for (let p = 0; p < ports.length; p++) {
      const r = await measureOnce(sshd, ports[p]!);
      if (i > 0) runs[p]!.push(r);
    }
  }
  return runs.map((rs) => {
    const pick = (k: keyof Figures) => median(rs.map((r) => r[k]));
    return { connectAndRead: pick('connectAndRead'), trips: pick('trips'), read: pick('read'), planRead: pick('planRead'), planTrips: pick('planTrips'), empty: pick('empty') };
  });
}

/** Runs the ssh benchmark; returns whether a snapshot over the 50 ms link takes at most 2 round trips and under a second (the whole
 *  `pmem-console snapshot` process, timed by hyperfine). */
export async function benchSsh(cli: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  // As root, through a throwaway user with a plain /bin/sh login: root's own login shell here may run start-up scripts that would
  // be timed instead of the console (said below when a bare session is slow).
  const removeUser = canMakeUsers() ? makeTestUser() : null;
  const sshd = await startSshd(removeUser ? { user: TEST_USER } : {});
  const relay = await delayingRelay(sshd, 25);
  try {
    const [direct, slow] = (await measure(sshd, [sshd.port, relay.port])) as [Figures, Figures];
    const snap = (port: number) => [process.execPath, cli, 'snapshot', '--host', `ssh://${sshd.user}@127.0.0.1:${port}`, '--ssh-config', sshd.clientConfig].join(' ');
    const [procDirect, procSlow] = await interleaved([snap(sshd.port), snap(relay.port)], ROUNDS, env) as [Timing, Timing];
    console.log(`\nthis machine over ssh (a real sshd on 127.0.0.1, as ${sshd.user}; median of ${ROUNDS}, direct and +50 ms interleaved)`);
    console.log(`  ${''.padEnd(52)}${'direct'.padStart(9)}${'+50 ms'.padStart(9)}   round trips`);
    const row = (label: string, a: number, b: number, trips: string) => console.log(`  ${label.padEnd(52)}${msOf(a)}${msOf(b)}   ${trips}`);
    console.log(`  ${'pmem-console snapshot, whole process (hyperfine): wall'.padEnd(52)}${ms(procDirect.wall)}${ms(procSlow.wall)}`);
    console.log(`  ${'                                                  CPU'.padEnd(52)}${ms(procDirect.cpu)}${ms(procSlow.cpu)}`);
    console.log('  in the bench process (each call runs real ssh processes):');
    row('snapshot with a new connection (connect + read)', direct.connectAndRead, slow.connectAndRead, `${direct.trips} (connecting and the gathered read are one)`);
    row('snapshot on an open connection', direct.read, slow.read, '1');
    row('what a plan reads (snapshot, doctor, usage), open', direct.planRead, slow.planRead, String(direct.planTrips));
    row('one empty remote command (ssh host true), open', direct.empty, slow.empty, '1: the floor of any round trip here');
    const met = slow.trips <= 2 && procSlow.wall * 1000 < TARGET_MS;
    console.log(`  target: a snapshot over the 50 ms link in <= 2 round trips and < ${TARGET_MS} ms: ${met ? 'met' : 'NOT MET'}`
      + `${slow.empty > 200 ? ` (each session here starts the remote user's login shell, ${msOf(slow.empty).trim()} alone)` : ''}`);
    return met;
  } finally {
    await relay.close();
    await sshd.stop();
    removeUser?.();
  }
}
