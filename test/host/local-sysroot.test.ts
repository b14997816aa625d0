// The local host with --sysroot on a generated sysfs tree, checked against lsmem --sysroot on the same tree.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../electron/cli/main.js';
import { HostError } from '../../electron/host/host.js';
import { LocalHost } from '../../electron/host/local/index.js';
import { readMemoryBlocks, removableIsGlobal } from '../../electron/system/memory.js';
import { snapshot } from '../../electron/system/snapshot.js';
import { writeMemoryTree } from '../helpers/sysfs-tree.js';

const SHAPE = { blocks: 1500, nodes: 3, blockSize: 128 * 2 ** 20 };
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'pmc-sysroot-'));
  writeMemoryTree(root, SHAPE);
  mkdirSync(join(root, 'proc'));
  writeFileSync(join(root, 'proc/meminfo'), 'MemTotal:       201326592 kB\nMemFree:        100663296 kB\n');
}, 60_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('local host with --sysroot', () => {
  it('scans memory blocks exactly as lsmem --sysroot sees them', async () => {
    const blocks = await readMemoryBlocks(new LocalHost(root), SHAPE.blockSize, [0, 1, 2]);
    const lsmem = JSON.parse(execFileSync('lsmem', ['--sysroot', root, '-J', '-a', '-o', 'BLOCK,STATE,NODE,ZONES,REMOVABLE']).toString()) as { memory: { block: string; state: string; node: number; zones: string; removable: boolean }[] };
    // lsmem joins zones with "/" and only calls online blocks removable.
    expect(blocks.map((b) => ({ block: String(b.index), state: b.state, node: b.node, zones: b.validZones.join('/'), removable: b.state === 'online' && b.removable }))).toEqual(lsmem.memory);
    expect(blocks.filter((b) => b.state === 'offline').length).toBe(SHAPE.blocks / 4);
  });

  it('maps each failed read to its errno, in small batches and large ones', async () => {
    const host = new LocalHost(root);
    const good = '/sys/devices/system/memory/memory7/state';
    for (const count of [3, 5000]) {
      const paths = Array.from({ length: count }, (_, i) => (i === 1 ? '/sys/devices/system/memory/memory99999/state' : i === 2 ? '/sys/devices/system/memory/memory7' : good));
      const read = await host.readFiles(paths);
      expect(read.get(good)).toBe('online\n');
      expect(read.get(paths[1]!)).toMatchObject({ code: 'ENOENT', path: paths[1] });
      expect(read.get(paths[2]!)).toBeInstanceOf(HostError);
    }
  });

  it('reads removable once on kernels that give every block the same value (5.7 and later), block by block on older ones', async () => {
    expect([removableIsGlobal('6.1.0-56-amd64'), removableIsGlobal('5.7.0'), removableIsGlobal('5.6.19'), removableIsGlobal('4.19.0'), removableIsGlobal(null), removableIsGlobal('')]).toEqual([true, true, false, false, false, false]);
    writeFileSync(join(root, 'sys/devices/system/memory/memory3/removable'), '0\n');
    try {
      const old = await readMemoryBlocks(new LocalHost(root), SHAPE.blockSize, [0, 1, 2], '4.19.0-27-amd64');
      expect(old.filter((b) => !b.removable).map((b) => b.index)).toEqual([3]);
      const modern = await readMemoryBlocks(new LocalHost(root), SHAPE.blockSize, [0, 1, 2], '6.1.0-56-amd64');
      expect(modern.every((b) => b.removable)).toBe(true);
    } finally {
      writeFileSync(join(root, 'sys/devices/system/memory/memory3/removable'), '1\n');
    }
  });

  it('reads a table of block files as readFiles would, unreadable files as null', async () => {
    const host = new LocalHost(root);
    const numbers = Int32Array.of(0, 1499, 99999, 5);
    const attrs = ['state', 'valid_zones', 'nonesuch', 'node0'];
    const table = await host.readTable('/sys/devices/system/memory', { prefix: 'memory', numbers }, attrs);
    const files = await host.readFiles([...numbers].flatMap((e) => attrs.map((a) => `/sys/devices/system/memory/memory${e}/${a}`)));
    expect(table).toEqual([...files.values()].map((v) => (typeof v === 'string' ? v : null)));
    expect(table.slice(0, 3)).toEqual(['online\n', 'Normal\n', null]);
    expect(table[4]).toBe('offline\n');
  });

  it('reads /sys and /proc from the tree and leaves other paths alone', async () => {
    const host = new LocalHost(root + '/');
    expect(await host.readFile('/sys/devices/system/memory/block_size_bytes')).toBe('8000000\n');
    expect(await host.readFile('/proc/meminfo')).toMatch(/^MemTotal: +201326592 kB/);
    await expect(host.readFile('/sys/bus/nd/devices/region0/size')).rejects.toMatchObject({ code: 'ENOENT', path: '/sys/bus/nd/devices/region0/size' });
    await expect(host.writeFile('/sys/devices/system/memory/memory0/state', 'offline')).rejects.toMatchObject({ code: 'EACCES', message: expect.stringMatching(/read-only/) });
  });

  it('gives a snapshot of the tree from the CLI', async () => {
    let out = '';
    const code = await main(['snapshot', '--host', 'local', '--sysroot', root, '--json'], { out: (s) => void (out += s), err: () => {} });
    expect(code).toBe(0);
    const t = JSON.parse(out);
    expect(t.memory.blockSize).toBe(SHAPE.blockSize);
    expect(t.memory.blocks).toHaveLength(SHAPE.blocks);
    expect(t.meminfo.memTotal).toBe(201326592 * 1024);
  });

  it('takes a block\'s node from its own memoryN/nodeK link where no nodeK/memoryN lists it, as lsmem does; a block with neither is noted', async () => {
    const tree = mkdtempSync(join(tmpdir(), 'pmc-sysroot-links-'));
    try {
      writeMemoryTree(tree, { blocks: 96, nodes: 2, blockSize: SHAPE.blockSize });
      const nodeDir = join(tree, 'sys/devices/system/node');
      for (const n of ['node0', 'node1']) for (const e of readdirSync(join(nodeDir, n))) unlinkSync(join(nodeDir, n, e)); // only the per-block links
      unlinkSync(join(tree, 'sys/devices/system/memory/memory5/node0'));
      unlinkSync(join(tree, 'sys/devices/system/memory/memory6/node0'));
      const blocks = await readMemoryBlocks(new LocalHost(tree), SHAPE.blockSize, [0, 1]);
      const lsmem = JSON.parse(execFileSync('lsmem', ['--sysroot', tree, '-J', '-a', '-o', 'BLOCK,NODE']).toString()) as { memory: { block: string; node: number | null }[] };
      expect(blocks.map((b) => ({ block: String(b.index), node: b.node < 0 ? null : b.node }))).toEqual(lsmem.memory.map((m) => ({ block: m.block, node: m.node === null || m.node < 0 ? null : m.node })));
      expect(blocks.filter((b) => b.node === 1)).toHaveLength(48);
      const t = await snapshot(new LocalHost(tree));
      expect(t.notes).toContain('2 memory blocks have no NUMA node (neither /sys/devices/system/node/nodeK/memoryN nor memoryN/nodeK names one): memory5-6; their memory is counted on no node.');
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });

  it('reads only regular files, bounded: a FIFO or a device in the tree is refused at once, and the snapshot goes on', async () => {
    const tree = mkdtempSync(join(tmpdir(), 'pmc-sysroot-odd-'));
    try {
      writeMemoryTree(tree, { blocks: 8, nodes: 1, blockSize: SHAPE.blockSize });
      mkdirSync(join(tree, 'proc'));
      writeFileSync(join(tree, 'proc/meminfo'), 'MemTotal:       1048576 kB\n');
      // A FIFO no one writes (a plain open of it waits for a writer forever) and a device that never ends, where the kernel has attributes.
      rmSync(join(tree, 'sys/devices/system/memory/memory3/state'));
      execFileSync('mkfifo', [join(tree, 'sys/devices/system/memory/memory3/state')], { stdio: 'ignore' });
      rmSync(join(tree, 'sys/devices/system/memory/memory5/valid_zones'));
      symlinkSync('/dev/zero', join(tree, 'sys/devices/system/memory/memory5/valid_zones'));
      rmSync(join(tree, 'sys/devices/system/memory/block_size_bytes'));
      symlinkSync('/dev/zero', join(tree, 'sys/devices/system/memory/block_size_bytes'));
      // First in a process of its own, with a time limit: a read that hung would fail this test, not hang the test runner.
      const cli = spawnSync(process.execPath, [new URL('../../bin/pmem-console.cjs', import.meta.url).pathname, 'snapshot', '--host', 'local', '--sysroot', tree, '--json'], { encoding: 'utf8', timeout: 60_000 });
      expect(cli.error, 'the snapshot finished').toBeUndefined();
      expect(cli.status, cli.stderr).toBe(0);
      const notes = (JSON.parse(cli.stdout) as { notes: string[] }).notes.join('\n');
      expect(notes).toMatch(/block_size_bytes/);
      const host = new LocalHost(tree);
      const read = await host.readFiles(['/sys/devices/system/memory/memory3/state', '/sys/devices/system/memory/memory5/valid_zones', '/sys/devices/system/memory/memory4/state']);
      expect((read.get('/sys/devices/system/memory/memory3/state') as HostError).message).toMatch(/not a regular file/);
      expect((read.get('/sys/devices/system/memory/memory5/valid_zones') as HostError).message).toMatch(/not a regular file/);
      expect(typeof read.get('/sys/devices/system/memory/memory4/state')).toBe('string');
      await expect(host.readFile('/sys/devices/system/memory/block_size_bytes')).rejects.toThrow(/not a regular file/);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });
});
