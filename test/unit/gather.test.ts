// The gathered read's pieces without a network: the remote stream's parser, the glob patterns, and the host that serves reads from
// an answer (and sends anything it was not asked for to the host itself).
import { describe, expect, it } from 'vitest';
import { GatheredHost, patternRegex, type GatherOp } from '../../electron/host/gather.js';
import { HostError } from '../../electron/host/host.js';
import { SimHost } from '../../electron/host/sim/index.js';
import { encodeOps, parseGathered } from '../../electron/host/ssh/gather-script.js';

const N = '\0';
const record = (...fields: string[]) => fields.map((f) => f + N).join('');
const judge = (_argv: readonly string[], raw: { exitCode: number; stdout: string; stderr: string }) => raw;

describe('gather patterns', () => {
  it('match whole paths, * within one component, [0-9] as in the shell', () => {
    const re = patternRegex('/sys/devices/system/node/node*/access[01]/initiators/read_latency');
    expect(re.test('/sys/devices/system/node/node12/access1/initiators/read_latency')).toBe(true);
    expect(re.test('/sys/devices/system/node/node1/x/access1/initiators/read_latency')).toBe(false);
    expect(re.test('/sys/devices/system/node/node1/access2/initiators/read_latency')).toBe(false);
    expect(patternRegex('/proc/[0-9]*/maps').test('/proc/self/maps')).toBe(false);
    expect(patternRegex('/etc/udev/rules.d/*.rules').test('/etc/udev/rules.d/90-daxctl-device.rules')).toBe(true);
  });

  it('refuse a path with white space before anything is sent', () => {
    expect(() => encodeOps([{ kind: 'files', pattern: '/tmp/a b' }], '30.000', (p) => p)).toThrow(HostError);
  });
});

describe('the gathered stream', () => {
  const ops: GatherOp[] = [
    { kind: 'exec', argv: ['ndctl', 'list'] },
    { kind: 'files', pattern: '/sys/x/*/state' },
    { kind: 'dirs', pattern: '/sys/x' },
    { kind: 'links', pattern: '/sys/x/a/driver' },
    { kind: 'table', dir: '/sys/devices/system/memory', prefix: 'memory', attrs: ['state', 'valid_zones'] },
    { kind: 'lines', pattern: '/proc/[0-9]*/maps', containing: '/dev/dax' },
    { kind: 'count', pattern: '/sys/devices/system/memory/memory[0-9]*' },
  ];
  const stream = record('F', '/sys/x/a/state', 'OK', 'online\n') + record('F', '/sys/x/b/state', 'EACCES', '')
    + record('D', '/sys/x', 'OK', 'b/a') + record('L', '/sys/x/a/driver', 'OK', '../../drivers/kmem')
    + record('T', '4', 'OK', './memory7/state:online\n./memory7/valid_zones:Movable\n./memory8/state:offline\n')
    + record('Q', '', 'OK', '/proc/42/maps:7f00-7f10 rw-s 0 00:05 12 /dev/dax0.0\n') + record('C', '/sys/devices/system/memory/memory[0-9]*', 'OK', '2')
    + record('X', '0', '0', '[]\n', '');

  it('is split into its answers, by path and by op', () => {
    const a = parseGathered(stream, ops, 'here: ', (p) => p, judge);
    expect(a.files.get('/sys/x/a/state')).toBe('online\n');
    expect(a.files.get('/sys/x/b/state')).toMatchObject({ code: 'EACCES' });
    expect(a.dirs.get('/sys/x')).toEqual(['a', 'b']);
    expect(a.links.get('/sys/x/a/driver')).toBe('../../drivers/kmem');
    expect(a.tables.get(4)?.get(7)).toEqual(['online\n', 'Movable\n']);
    expect(a.tables.get(4)?.get(8)).toEqual(['offline\n', null]);
    expect(a.lines.get('/proc/42/maps')).toBe('7f00-7f10 rw-s 0 00:05 12 /dev/dax0.0\n');
    expect(a.counts.get('/sys/devices/system/memory/memory[0-9]*')).toBe(2);
    expect(a.execs[0]).toEqual({ exitCode: 0, stdout: '[]\n', stderr: '' });
  });

  it('cut short anywhere is an error, never a short answer', () => {
    for (const cut of [stream.length - 1, stream.length - 5, stream.indexOf('X') + 3, 40]) {
      expect(() => parseGathered(stream.slice(0, cut), ops, 'here: ', (p) => p, judge)).toThrow(/cut short|no answer/);
    }
  });

  it('an answer it was not asked for is refused', () => {
    expect(() => parseGathered(record('X', '3', '0', '', ''), ops, 'here: ', (p) => p, judge)).toThrow(/not asked/);
    expect(() => parseGathered(record('Z', 'x', 'OK', '') + record('X', '0', '0', '', ''), ops, 'here: ', (p) => p, judge)).toThrow(/not asked/);
  });
});

describe('a host serving reads from a gathered answer', () => {
  it('answers what was gathered, says "not there" for what a pattern covered, and asks the host for anything else', async () => {
    const sim = new SimHost({ preset: 'qemu-nvdimm' });
    let asked = 0;
    const inner = Object.assign(Object.create(sim) as SimHost, {
      readFiles: (paths: readonly string[]) => { asked += paths.length; return sim.readFiles(paths); },
      exec: (argv: readonly string[]) => { asked++; return sim.exec(argv); },
    });
    const ops = [...[{ kind: 'files', pattern: '/sys/x/*/state' }, { kind: 'exec', argv: ['ndctl', 'version'] }] as GatherOp[]];
    const answer = parseGathered(record('F', '/sys/x/a/state', 'OK', 'online\n') + record('X', '1', '0', '76.1\n', ''), ops, '', (p) => p, judge);
    const host = new GatheredHost(inner, ops, answer);
    const files = await host.readFiles(['/sys/x/a/state', '/sys/x/zz/state', '/proc/meminfo']);
    expect(files.get('/sys/x/a/state')).toBe('online\n');
    expect(files.get('/sys/x/zz/state')).toMatchObject({ code: 'ENOENT' });
    expect(files.get('/proc/meminfo')).toMatch(/^MemTotal/);
    expect(asked).toBe(1); // only /proc/meminfo reached the host
    expect((await host.exec(['ndctl', 'version'])).stdout).toBe('76.1\n');
    expect(asked).toBe(1);
    await host.exec(['ndctl', 'version']); // an answer serves one call: a second one runs the command
    expect(asked).toBe(2);
  });
});

describe('a block table the remote could not read', () => {
  it('is not an empty table: the blocks are read from the host, file by file', async () => {
    const ops: GatherOp[] = [{ kind: 'table', dir: '/sys/devices/system/memory', prefix: 'memory', attrs: ['state'] }];
    const answer = parseGathered(record('T', '0', 'ENOTOOL', ''), ops, '', (p) => p, judge);
    expect(answer.tables.size).toBe(0);
    const sim = new SimHost({ preset: 'qemu-nvdimm' });
    const host = new GatheredHost(sim, ops, answer);
    const first = (await sim.listNumbered('/sys/devices/system/memory', 'memory'))[0]!;
    expect(await host.readTable('/sys/devices/system/memory', { prefix: 'memory', numbers: Int32Array.of(first) }, ['state'])).toEqual([await sim.readFile(`/sys/devices/system/memory/memory${first}/state`)]);
  });
});
