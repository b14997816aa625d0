// The ssh host against a real sshd on 127.0.0.1 (Debian's openssh-server), compared with the local host on the same machine.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../electron/cli/main.js';
import { HostError } from '../../electron/host/host.js';
import { LocalHost } from '../../electron/host/local/index.js';
import { INLINE_REQUEST_MAX } from '../../electron/host/ssh/gather-script.js';
import { MAX_CHANNELS, SshHost } from '../../electron/host/ssh/index.js';
import { muxAlive } from '../../electron/host/ssh/mux.js';
import { readPlanInput } from '../../electron/actions/plan.js';
import { changeStamp } from '../../electron/system/stamp.js';
import { snapshot } from '../../electron/system/snapshot.js';
import { startSshd, type TestSshd } from '../helpers/sshd.js';

let sshd: TestSshd;
let host: SshHost;
let tree: string;
const local = new LocalHost();

/** What a host read, with errors reduced to their codes so two hosts can be compared. */
const comparable = (m: Map<string, string | HostError>) => [...m].map(([p, v]) => [p, v instanceof HostError ? `error:${v.code}` : v]).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));

beforeAll(async () => {
  sshd = await startSshd();
  host = new SshHost({ user: sshd.user, host: '127.0.0.1', port: sshd.port }, { configFile: sshd.clientConfig });
  tree = mkdtempSync(join(tmpdir(), 'pmc-ssh-tree-'));
  writeFileSync(join(tree, 'online'), 'online\n');
  writeFileSync(join(tree, 'no-newline'), '0x80000000');
  writeFileSync(join(tree, 'empty'), '');
  writeFileSync(join(tree, 'blank'), '\n');
  writeFileSync(join(tree, 'multi'), 'MemTotal:        3012345 kB\n  leading and trailing  \n\\backslash \\n $HOME `x` \'q\' "d"\n\n');
  writeFileSync(join(tree, 'dash-n'), '-n\n');
  mkdirSync(join(tree, 'dir'));
  mkdirSync(join(tree, 'many'));
  for (let i = 0; i < 3000; i++) writeFileSync(join(tree, 'many', `memory${i}`), i % 3 ? 'online\n' : 'offline\n');
  symlinkSync('dir', join(tree, 'link'));
  symlinkSync('../nowhere', join(tree, 'dangling'));
  writeFileSync(join(tree, 'dir', 'inside'), 'in\n');
  writeFileSync(join(tree, '.hidden'), 'h\n');
  writeFileSync(join(tree, 'write-me'), '');
}, 30_000);

afterAll(async () => {
  await host?.close();
  await sshd?.stop();
  if (tree) rmSync(tree, { recursive: true, force: true });
});

// Every call is a real ssh session: on a loaded machine each takes seconds, so no test here is held to the default 30 s.
describe('ssh host (real sshd on 127.0.0.1)', { timeout: 180_000 }, () => {
  it('runs argv arrays exactly, whatever the words contain', async () => {
    const words = ['a b', "it's", '$HOME', '`id`', '', '*', 'x\ny', '; rm -rf /'];
    const r = await host.exec(['printf', '%s|', ...words]);
    expect(r).toEqual({ exitCode: 0, stdout: words.map((w) => `${w}|`).join(''), stderr: '' });
  });

  it('gives the same answer as the local host for the real tools', async () => {
    for (const argv of [['ndctl', 'version'], ['daxctl', 'version'], ['ndctl', 'list', '-R', '-N'], ['ndctl', 'destroy-namespace', 'namespace9.9']]) {
      expect(await host.exec(argv)).toEqual(await local.exec(argv));
    }
  });

  it('passes exit codes through, 255 included, and says when a program is missing', async () => {
    expect((await host.exec(['sh', '-c', 'echo oops >&2; exit 3'])).exitCode).toBe(3);
    expect((await host.exec(['sh', '-c', 'exit 255'])).exitCode).toBe(255);
    await expect(host.exec(['no-such-tool-pmc', 'list'])).rejects.toMatchObject({ code: 'ENOTOOL', message: expect.stringMatching(/no-such-tool-pmc is not installed on the remote machine/) });
    // The same in a gathered read, where the tools run side by side in one round trip.
    const gathered = await host.gather([{ kind: 'exec', argv: ['no-such-tool-pmc', 'list'] }, { kind: 'exec', argv: ['sh', '-c', 'echo $LC_ALL; exit 4'] }]);
    expect(gathered.execs[0]).toMatchObject({ code: 'ENOTOOL', message: expect.stringMatching(/no-such-tool-pmc is not installed on the remote machine/) });
    expect(gathered.execs[1]).toEqual({ exitCode: 4, stdout: 'C\n', stderr: '' });
  });

  it('stops a command that hangs', async () => {
    await expect(host.exec(['sleep', '10'], { timeoutMs: 500 })).rejects.toMatchObject({ code: 'ETIMEDOUT', timedOut: true });
  });

  it('reads files byte for byte like the local host, errors included', async () => {
    // /proc/self/mem fails to read (EIO); node cpulist is a binary attribute that the shell's byte reads do not get.
    const paths = [...['online', 'no-newline', 'empty', 'blank', 'multi', 'dash-n', 'dir', 'missing', 'link', 'link/inside', 'dangling', '.hidden'].map((n) => join(tree, n)), '/proc/self/mem', '/sys/devices/system/node/node0/cpulist'];
    const remote = await host.readFiles(paths);
    expect(comparable(remote)).toEqual(comparable(await local.readFiles(paths)));
    expect(remote.get(join(tree, 'multi'))).toBe(readFileSync(join(tree, 'multi'), 'utf8'));
    expect(remote.get(join(tree, 'missing'))).toMatchObject({ code: 'ENOENT', path: join(tree, 'missing') });
  });

  it('reads thousands of files in one round trip', async () => {
    const paths = Array.from({ length: 3000 }, (_, i) => join(tree, 'many', `memory${i}`));
    const before = host.roundTrips;
    const remote = await host.readFiles(paths);
    expect(host.roundTrips - before).toBe(1);
    expect(comparable(remote)).toEqual(comparable(await local.readFiles(paths)));
  });

  it('gathers a request too big to travel in the command through stdin, with the same answers, in one round trip', async () => {
    // One op per file: 3000 paths of ~60 bytes are more than the 64 KiB a request may take inside the ssh command line.
    const ops = Array.from({ length: 3000 }, (_, i) => ({ kind: 'files' as const, pattern: join(tree, 'many', `memory${i}`) }));
    expect(ops.reduce((n, o) => n + o.pattern.length + 3, 0)).toBeGreaterThan(INLINE_REQUEST_MAX);
    const tools = [{ kind: 'exec' as const, argv: ['sh', '-c', 'printf "%s" "$1"; echo err >&2; exit 5', 'sh', "it's"] }];
    const before = host.roundTrips;
    const big = await host.gather([...tools, ...ops]);
    expect(host.roundTrips - before).toBe(1);
    const small = await host.gather([...tools, ...ops.slice(0, 3)]);
    expect(big.execs[0]).toEqual({ exitCode: 5, stdout: "it's", stderr: 'err\n' });
    expect(small.execs[0]).toEqual(big.execs[0]);
    const want = await local.readFiles(ops.map((o) => o.pattern));
    expect(comparable(big.files)).toEqual(comparable(want));
    expect([...small.files]).toEqual([...big.files].slice(0, 3));
  });

  it('reads a block table and then paths relative to the remote home directory (the table is read from inside its folder)', async () => {
    const home = mkdtempSync(join(homedir(), 'pmc-rel-'));
    try {
      writeFileSync(join(home, 'x'), 'relative\n');
      const relative = `${basename(home)}/x`;
      const g = await host.gather([
        { kind: 'table', dir: join(tree, 'many'), prefix: 'memory', attrs: ['nothing-here'] },
        { kind: 'files', pattern: relative },
      ]);
      expect(g.files.get(relative)).toBe('relative\n');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('reads this machine\'s memory blocks and NUMA files like the local host', async () => {
    const names = (await local.readDir('/sys/devices/system/memory')).filter((n) => /^memory\d+$/.test(n));
    const paths = ['/proc/meminfo', '/sys/devices/system/memory/block_size_bytes', ...names.flatMap((n) => [`/sys/devices/system/memory/${n}/state`, `/sys/devices/system/memory/${n}/valid_zones`])];
    const remote = comparable(await host.readFiles(paths)).filter(([p]) => p !== '/proc/meminfo');
    expect(remote).toEqual(comparable(await local.readFiles(paths)).filter(([p]) => p !== '/proc/meminfo'));
    expect(await host.readDir('/sys/devices/system/node')).toEqual((await local.readDir('/sys/devices/system/node')).sort());
  });

  it('lists directories and reads links like the local host', async () => {
    expect(await host.readDir(tree)).toEqual((await local.readDir(tree)).sort());
    expect(await host.readDir(join(tree, 'link'))).toEqual(['inside']);
    expect(await host.readLink(join(tree, 'link'))).toBe('dir');
    expect(await host.readLink(join(tree, 'dangling'))).toBe('../nowhere');
    await expect(host.readDir(join(tree, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(host.readLink(join(tree, 'online'))).rejects.toMatchObject({ code: 'EINVAL' });
    await expect(host.readLink(join(tree, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('writes a value in one write and reports failures by errno', async () => {
    await host.writeFile(join(tree, 'write-me'), 'online_movable');
    expect(readFileSync(join(tree, 'write-me'), 'utf8')).toBe('online_movable');
    await expect(host.writeFile(join(tree, 'missing', 'state'), 'online')).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(host.writeFile(join(tree, 'dir'), 'x')).rejects.toBeInstanceOf(HostError);
  });

  it('puts a configuration file whole (creating its folder), replaces it, and removes it, like the local host', async () => {
    const content = '# by pmem-console\n[reconfigure-device x]\nnvdimm.uuid = 2e59cbe5-29b7-4d08-9f2f-5b9b1241f92f\n$HOME `x` \'q\' "d" \\n -n\n';
    for (const [name, h] of [['ssh', host], ['local', new LocalHost()]] as const) {
      const file = join(tree, `conf-${name}.d`, 'pmem-console.conf');
      await h.putFile(file, content);
      expect(readFileSync(file, 'utf8')).toBe(content);
      await h.putFile(file, 'second\n');
      expect(readFileSync(file, 'utf8')).toBe('second\n');
      expect(readdirSync(join(tree, `conf-${name}.d`))).toEqual(['pmem-console.conf']);
      await h.removeFile(file);
      await h.removeFile(file);
      expect(existsSync(file)).toBe(false);
    }
    await expect(host.putFile(join(tree, 'online', 'under-a-file'), 'x')).rejects.toBeInstanceOf(HostError);
  });

  it('takes the same snapshot as the local host', async () => {
    const [viaSsh, here] = [await snapshot(host), await snapshot(local)];
    const strip = (t: typeof here) => ({ ...t, host: null, takenAt: null, meminfo: null, nodes: t.nodes.map((n) => ({ ...n, memFree: 0 })) });
    expect(viaSsh.host).toMatchObject({ kind: 'ssh', label: `ssh://${sshd.user}@127.0.0.1:${sshd.port}` });
    expect(strip(viaSsh)).toEqual(strip(here));
    expect(viaSsh.nodes[0]!.cpulist).not.toBe('');
  }, 120_000); // a whole snapshot over ssh is many round trips; a loaded machine must not fail it on time alone

  it('reads the machine in one round trip, connecting included: a snapshot, and what a plan reads', async () => {
    const fresh = new SshHost({ user: sshd.user, host: '127.0.0.1', port: sshd.port }, { configFile: sshd.clientConfig });
    try {
      const t = await snapshot(fresh);
      expect(fresh.roundTrips).toBe(1);
      expect(fresh.actsAsRoot()).toBe(process.getuid?.() === 0);
      expect(t.memory.blocks.length).toBeGreaterThan(0);
      const before = fresh.roundTrips;
      const input = await readPlanInput(fresh);
      expect(fresh.roundTrips - before).toBe(1);
      expect(input.findings.find((f) => f.id === 'kernel')?.severity).toBe('ok');
    } finally {
      await fresh.close();
    }
  }, 120_000);

  it('stamps the machine for the watch in one round trip, as the local host stamps it', async () => {
    const before = host.roundTrips;
    const stamp = await changeStamp(host);
    expect(host.roundTrips - before).toBe(1);
    expect(stamp).toBe(await changeStamp(local));
    expect(JSON.parse(stamp)[4]).toBe((await local.readDir('/sys/devices/system/memory')).filter((n) => /^memory\d+$/.test(n)).length);
  });

  it('closes its shared connection on its socket: the master exits and its folder is gone', async () => {
    const own = new SshHost({ user: sshd.user, host: '127.0.0.1', port: sshd.port }, { configFile: sshd.clientConfig });
    await own.exec(['true']);
    const folder = (own as unknown as { controlDir: string }).controlDir;
    const pid = await muxAlive(join(folder, 'cm'));
    expect(pid).toBeGreaterThan(0);
    await own.close();
    expect(existsSync(folder)).toBe(false);
    // The master exits once it has answered: wait for it, however slow this machine is (the test's own limit is the bound).
    const alive = () => { try { process.kill(pid!, 0); return true; } catch { return false; } };
    while (alive()) await new Promise((r) => setTimeout(r, 50));
  });

  it('runs at most eight sessions at once on the shared connection; the rest wait their turn', async () => {
    const busy = new SshHost({ user: sshd.user, host: '127.0.0.1', port: sshd.port }, { configFile: sshd.clientConfig });
    try {
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => busy.exec(['echo', String(i)])));
      expect(answers.map((a) => a.stdout)).toEqual(Array.from({ length: 10 }, (_, i) => String(i)));
      expect(busy.peakChannels).toBe(MAX_CHANNELS);
    } finally {
      await busy.close();
    }
  }, 120_000);

  it('fails with one clear line when the machine cannot be reached', async () => {
    const down = new SshHost({ user: sshd.user, host: '127.0.0.1', port: 1 }, { configFile: sshd.clientConfig });
    await expect(down.readFile('/proc/meminfo')).rejects.toMatchObject({ code: 'EUNREACHABLE', message: expect.stringMatching(/ssh:\/\/.*127\.0\.0\.1:1: cannot connect: .*refused/) });
    await down.close();
    let err = '';
    const code = await main(['snapshot', '--host', 'ssh://127.0.0.1:1', '--ssh-config', sshd.clientConfig], { out: () => {}, err: (s) => void (err += s) });
    expect(code).toBe(1);
    expect(err.trimEnd().split('\n')).toHaveLength(1);
    expect(err).toMatch(/cannot connect/);
  });

  it('refuses a key the server does not accept, without prompting', async () => {
    const cfg = join(sshd.dir, 'wrong_config');
    writeFileSync(cfg, readFileSync(sshd.clientConfig, 'utf8').replace(/IdentityFile .*/, 'IdentityFile /dev/null'));
    chmodSync(cfg, 0o600);
    const denied = new SshHost({ user: sshd.user, host: '127.0.0.1', port: sshd.port }, { configFile: cfg });
    await expect(denied.exec(['true'])).rejects.toMatchObject({ code: 'EUNREACHABLE', message: expect.stringMatching(/Permission denied/) });
    await denied.close();
  });

  it('takes no terminal control characters from the remote machine: files, tool output and names are cleaned', async () => {
    writeFileSync(join(tree, 'escapes'), 'red\u001b[31m text\u001b[0m\r\u0007 \u009b2J\ttab\n');
    expect(await host.readFile(join(tree, 'escapes'))).toBe('red[31m text[0m 2J\ttab\n');
    const r = await host.exec(['printf', 'a\\033]0;title\\007b\\r\\n']);
    expect(r.stdout).toBe('a]0;titleb');
  });

  it('applies --timeout to file reads, not only to tools: a read that blocks is stopped', async () => {
    execFileSync('mkfifo', [join(tree, 'blocks')]);
    const slow = new SshHost({ user: sshd.user, host: '127.0.0.1', port: sshd.port }, { configFile: sshd.clientConfig, timeoutMs: 1000 });
    try {
      await expect(slow.readFiles([join(tree, 'blocks')])).rejects.toMatchObject({ code: 'ETIMEDOUT', message: expect.stringMatching(/the remote read sent nothing for 1000 ms and was stopped/) });
    } finally {
      await slow.close();
    }
  }, 30_000);

  it('refuses output beyond its cap instead of holding it in memory', async () => {
    const capped = new SshHost({ user: sshd.user, host: '127.0.0.1', port: sshd.port }, { configFile: sshd.clientConfig, maxOutputBytes: 1024 * 1024 });
    try {
      await expect(capped.exec(['head', '-c', '3000000', '/dev/zero'])).rejects.toMatchObject({ code: 'EBADDATA', message: expect.stringMatching(/head printed more than 1 MiB; it was stopped/) });
    } finally {
      await capped.close();
    }
  }, 30_000);

  it('works as a --host for the CLI', async () => {
    let out = '';
    const code = await main(['snapshot', '--json', '--host', `ssh://${sshd.user}@127.0.0.1:${sshd.port}`, '--ssh-config', sshd.clientConfig], { out: (s) => void (out += s), err: () => {} });
    expect(code).toBe(0);
    expect(JSON.parse(out).host.kind).toBe('ssh');
  }, 120_000); // a whole snapshot over ssh is many round trips; a loaded machine must not fail it on time alone
});
