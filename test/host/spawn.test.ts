// Running one program (host/spawn.ts): what the hosts rely on — argv untouched, stdin, exit codes and signals, the time limit with its
// SIGKILL behind it, cancelling, the output cap and a program that is not there. Each program is a short sh script; nothing here
// depends on how fast this machine is but the limits given, which are seconds apart from what the scripts do.
import { describe, expect, it } from 'vitest';
import { spawnProgram } from '../../electron/host/spawn.js';

describe('spawnProgram', { timeout: 60_000 }, () => {
  it('passes argv as it is, never through a shell, and gives stdout and stderr less one final newline', async () => {
    const words = ['a b', "it's", '$HOME', '`id`', '', '*', 'x\ny'];
    const r = await spawnProgram('printf', ['%s|', ...words]).result;
    expect(r).toMatchObject({ exitCode: 0, stdout: words.map((w) => `${w}|`).join(''), stderr: '', timedOut: false, startError: null });
    const lines = await spawnProgram('sh', ['-c', 'printf "one\\ntwo\\n\\n"; printf "e\\r\\n" >&2; exit 7']).result;
    expect(lines).toMatchObject({ exitCode: 7, stdout: 'one\ntwo\n', stderr: 'e' });
  });

  it('writes the input to stdin and closes it; without input stdin is empty', async () => {
    expect((await spawnProgram('cat', [], { input: 'x\u00e9\n\u0000y' }).result).stdout).toBe('x\u00e9\n\u0000y');
    expect((await spawnProgram('sh', ['-c', 'cat; echo end'], {}).result).stdout).toBe('end');
    // A program that exits without reading a large input is no error of the caller's.
    expect((await spawnProgram('true', [], { input: 'z'.repeat(1 << 20) }).result).exitCode).toBe(0);
  });

  it('adds to the environment rather than replacing it', async () => {
    const r = await spawnProgram('sh', ['-c', 'echo "$LC_ALL:${PATH:+path}"'], { env: { LC_ALL: 'C' } }).result;
    expect(r.stdout).toBe('C:path');
  });

  it('says when the program is not there', async () => {
    const r = await spawnProgram('no-such-program-pmc', ['x']).result;
    expect(r.exitCode).toBeNull();
    expect(r.startError?.code).toBe('ENOENT');
  });

  it('stops a program at its time limit with SIGTERM, and with SIGKILL when it ignores that', async () => {
    const polite = await spawnProgram('sleep', ['30'], { timeoutMs: 300 }).result;
    expect(polite).toMatchObject({ exitCode: null, signal: 'SIGTERM', timedOut: true });
    // exec makes sleep the trapping shell's own process: the TERM is ignored and the KILL that follows ends it.
    const stubborn = await spawnProgram('sh', ['-c', "trap '' TERM; exec sleep 30"], { timeoutMs: 300 }).result;
    expect(stubborn).toMatchObject({ exitCode: null, signal: 'SIGKILL', timedOut: true });
  });

  it('stops a program when its call is cancelled, and never when it has no limit', async () => {
    const stop = new AbortController();
    const run = spawnProgram('sleep', ['30'], { signal: stop.signal });
    setTimeout(() => stop.abort(), 200);
    expect(await run.result).toMatchObject({ exitCode: null, aborted: true, timedOut: false });
    expect((await spawnProgram('sh', ['-c', 'sleep 1; echo done'], { timeoutMs: 0 }).result).stdout).toBe('done');
  });

  it('stops a program that prints more than the cap and says so, holding no more than the cap', async () => {
    const r = await spawnProgram('sh', ['-c', 'yes 0123456789abcdef | head -c 10000000'], { maxBuffer: 100_000 }).result;
    expect(r.isMaxBuffer).toBe(true);
    expect(r.stdout.length).toBeLessThanOrEqual(100_000);
  });

  it('hands each piece of stdout on as it comes', async () => {
    const seen: string[] = [];
    const r = await spawnProgram('sh', ['-c', 'echo a; sleep 0.3; echo b'], { onStdout: (c) => void seen.push(c.toString()) }).result;
    expect(seen.join('')).toBe('a\nb\n');
    expect(r.stdout).toBe('a\nb');
  });

  it('kill ends the program (SIGKILL also lets go of its pipes)', async () => {
    const run = spawnProgram('sleep', ['30']);
    setTimeout(() => run.kill('SIGKILL'), 100);
    expect(await run.result).toMatchObject({ exitCode: null, signal: 'SIGKILL' });
  });
});
