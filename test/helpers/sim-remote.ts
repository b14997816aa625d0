// A simulated machine behind Debian's real sshd and real sudo (root only): sshd runs in a mount namespace where /sys, the /proc files
// the console reads and /etc/daxctl.conf.d are the sim's, written out as real files, and ndctl, daxctl and tee are stand-ins that hand
// their work to the sim in this test process over a unix socket. A change made over ssh (a tool, a sysfs write through tee) changes
// the sim, and the files are written again. Changes are refused unless the stand-in runs as root, as the real tools' are.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { DAXCTL_CONF_DIR } from '../../shared/actions/index.js';
import { HostError } from '../../electron/host/host.js';
import { readsOnly, SimHost } from '../../electron/host/sim/index.js';
import { PROC_FILES, syncSimTree } from './sim-tree.js';
import { startSshd, type TestSshd } from './sshd.js';
import { makeTestUser, SUDO_TEST_USER as USER } from './test-user.js';
import { sharedDir } from './shared-dir.js';

/** How the remote user reaches root: sudo without a password for these commands (the ones the console runs, as an admin would
 *  list them), sudo with this password for everything, or no sudo at all. */
export type SudoRule = { kind: 'nopasswd'; commands: readonly string[] } | { kind: 'password'; password: string } | { kind: 'none' };

/** Every command the console runs under sudo (electron/host/ssh/sudo.ts). */
export const CONSOLE_COMMANDS = ['/usr/bin/ndctl', '/usr/bin/daxctl', '/usr/bin/tee', '/usr/bin/mkdir', '/usr/bin/mv', '/usr/bin/rm'];

/** A running sim remote. */
export interface SimRemote {
  sim: SimHost;
  sshd: TestSshd;
  /** ssh://pmc-sudo-PID@127.0.0.1:PORT */
  spec: string;
  /** How many tool runs and writes reached the sim as root, and refused ones (not root), by the stand-ins. */
  calls: { root: string[]; refused: string[] };
  stop(): Promise<void>;
}

const SUDOERS = `/etc/sudoers.d/${USER}`;

/** The stand-in every tool name runs: it sends its argv, uid and (for tee) stdin to the sim, and prints the answer. */
const SHIM = (socket: string) => `'use strict';
const net = require('net'), fs = require('fs');
const argv = process.argv.slice(2);
const input = argv[0] === 'tee' ? fs.readFileSync(0, 'utf8') : '';
const s = net.createConnection(${JSON.stringify(socket)});
let answer = '';
s.on('data', (d) => { answer += d; });
s.on('end', () => {
  const r = JSON.parse(answer);
  for (const [path, text] of r.local ?? []) fs.writeFileSync(path, text); // a tee of a file that is not the sim's: written here, as this user
  process.stdout.write(r.stdout); process.stderr.write(r.stderr); process.exitCode = r.exitCode;
});
s.end(JSON.stringify({ argv, input, uid: process.getuid() }) + '\\n');
`;

const ERRNO_TEXT: Record<string, string> = { EBUSY: 'Device or resource busy', EINVAL: 'Invalid argument', EIO: 'Input/output error', ENXIO: 'No such device or address', ENOENT: 'No such file or directory', EACCES: 'Permission denied', EPERM: 'Operation not permitted' };

interface Answer { exitCode: number; stdout: string; stderr: string; local?: [string, string][] }

/** Starts the sim remote for a preset, with the test user and the sudo rule asked for. */
export async function startSimRemote(preset: string, sudo: SudoRule): Promise<SimRemote> {
  const removeUser = makeTestUser(USER);
  // A password only where the test gives one ('*': none, so a rule left behind by a run that died lets no one in).
  execFileSync('usermod', ['--password', '*', USER]);
  if (sudo.kind === 'password') execFileSync('chpasswd', { input: `${USER}:${sudo.password}\n` });
  if (sudo.kind === 'none') rmSync(SUDOERS, { force: true });
  else {
    const rule = `Defaults:${USER} !lecture\n${USER} ALL=(root) ${sudo.kind === 'nopasswd' ? `NOPASSWD: ${sudo.commands.join(', ')}` : 'ALL'}\n`;
    writeFileSync(SUDOERS, rule, { mode: 0o440 });
    execFileSync('visudo', ['-c', '-q', '-f', SUDOERS]);
  }
  const dir = sharedDir('pmc-simremote-');
  const tree = join(dir, 'tree');
  const bin = join(dir, 'bin');
  const conf = join(tree, DAXCTL_CONF_DIR);
  mkdirSync(bin);
  mkdirSync(conf, { recursive: true });
  const sim = new SimHost({ preset });
  await syncSimTree(sim, tree);
  const calls = { root: [] as string[], refused: [] as string[] };

  /** The daxctl configuration files are the remote's real ones; the sim learns them before it answers. */
  const learnConf = async () => {
    const onDisk = new Map(readdirSync(conf).map((f) => [`${DAXCTL_CONF_DIR}/${f}`, readFileSync(join(conf, f), 'utf8')]));
    const state = sim.snapshotState();
    for (const [p, text] of onDisk) if (state.files[p] !== text) await sim.putFile(p, text);
    for (const p of Object.keys(state.files)) if (p.startsWith(`${DAXCTL_CONF_DIR}/`) && !onDisk.has(p)) await sim.removeFile(p);
  };

  const answer = async (req: { argv: string[]; input: string; uid: number }): Promise<Answer> => {
    await learnConf();
    const [tool, ...args] = req.argv;
    const line = req.argv.join(' ');
    if (tool === 'tee') {
      const files = args.filter((a) => a !== '--' && !a.startsWith('-'));
      const local: [string, string][] = [];
      let stderr = '';
      for (const path of files) {
        if (!path.startsWith('/sys/')) { local.push([path, req.input]); continue; }
        if (req.uid !== 0) { calls.refused.push(line); stderr += `tee: ${path}: Permission denied\n`; continue; }
        calls.root.push(line);
        try {
          await sim.writeFile(path, req.input);
        } catch (e) {
          if (!(e instanceof HostError)) throw e;
          stderr += `tee: ${path}: ${ERRNO_TEXT[e.code] ?? e.message}\n`;
        }
      }
      await syncSimTree(sim, tree);
      return { exitCode: stderr ? 1 : 0, stdout: req.input, stderr, local };
    }
    const reads = readsOnly(tool ?? '', args);
    if (!reads && req.uid !== 0) {
      calls.refused.push(line);
      return { exitCode: 1, stdout: '', stderr: `${tool} ${args[0] ?? ''}: Operation not permitted\n` };
    }
    if (!reads) calls.root.push(line);
    try {
      const r = await sim.exec(req.argv);
      if (!reads) await syncSimTree(sim, tree);
      return r;
    } catch (e) {
      if (!(e instanceof HostError)) throw e;
      return { exitCode: 127, stdout: '', stderr: `${tool}: ${e.message}\n` };
    }
  };

  // One request at a time, in order: the sim is one machine.
  let queue: Promise<unknown> = Promise.resolve();
  const socket = join(dir, 'sim.sock');
  const server: Server = createServer({ allowHalfOpen: true }, (conn) => {
    let text = '';
    conn.on('error', () => {}); // a stand-in killed midway (a read stopped for time) has nobody to answer
    conn.on('data', (d) => { text += d; });
    conn.on('end', () => {
      // Whatever one request does, the next ones are answered: the chain never holds a rejection.
      queue = queue.then(async () => {
        const r = await Promise.resolve().then(() => answer(JSON.parse(text))).catch((e: Error): Answer => ({ exitCode: 70, stdout: '', stderr: `sim: ${e.message}\n` }));
        if (!conn.destroyed) conn.end(JSON.stringify(r));
      }).catch(() => {});
    });
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  chmodSync(socket, 0o666);
  writeFileSync(join(bin, 'shim.cjs'), SHIM(socket));
  const binds: [string, string][] = [];
  for (const tool of ['ndctl', 'daxctl', 'tee']) {
    const stand = join(bin, tool);
    writeFileSync(stand, `#!/bin/sh\nexec ${process.execPath} ${join(bin, 'shim.cjs')} ${tool} "$@"\n`, { mode: 0o755 });
    const real = `/usr/bin/${tool}`;
    if (!existsSync(real)) throw new Error(`${real} is not installed: the sim remote binds its stand-in over it (apt-get install ndctl daxctl)`);
    binds.push([stand, real]);
  }
  binds.push([join(tree, 'sys'), '/sys'], [conf, DAXCTL_CONF_DIR]);
  for (const p of PROC_FILES) if (existsSync(join(tree, p)) && existsSync(p)) binds.push([join(tree, p), p]);
  const sshd = await startSshd({ user: USER, binds });
  return {
    sim, sshd, calls,
    spec: `ssh://${USER}@127.0.0.1:${sshd.port}`,
    async stop() {
      await sshd.stop();
      await new Promise((r) => server.close(r));
      rmSync(dir, { recursive: true, force: true });
      rmSync(SUDOERS, { force: true });
      removeUser();
    },
  };
}
