// The simulator's cxl beyond the recorded transcript: its twin, its traps, and the state file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SimHost } from '../../electron/host/sim/index.js';
import { twinFromTopology } from '../../electron/host/sim/twin.js';
import { snapshot } from '../../electron/system/snapshot.js';
import { maskUuids } from '../fidelity/replay.js';

const run = async (h: SimHost, line: string) => h.exec(line.split(' '));
const memTotal = async (h: SimHost) => Number(/MemTotal:\s+(\d+)/.exec(await h.readFile('/proc/meminfo'))![1]);

describe('sim cxl', () => {
  it('a twin of cxl-pmem-2x lists the same topology, and creates the same 2-way region with the same MemTotal after system-ram', async () => {
    const real = new SimHost({ preset: 'cxl-pmem-2x' });
    const twin = new SimHost({ state: twinFromTopology(await snapshot(real), 'cxl') });
    const lines = [
      'cxl list -BMPDERT -i',
      'cxl create-region -m -t pmem -d decoder0.0 -w 2 mem0 mem1',
      'cxl list -BMPDERTu',
      'ndctl create-namespace -r region0 -m devdax',
      'daxctl reconfigure-device --mode=system-ram dax0.0',
      'cxl list -R -i',
    ];
    for (const line of lines) {
      const [a, b] = [await run(real, line), await run(twin, line)];
      expect({ line, exit: b.exitCode, out: maskUuids(b.stdout) }).toEqual({ line, exit: a.exitCode, out: maskUuids(a.stdout) });
    }
    expect(await memTotal(twin)).toBe(await memTotal(real));
    expect(await memTotal(real)).toBe(1945644 + 15 * 128 * 1024);
  });

  it('disable-region under online system-ram memory exits 0, and the memory stays online with no device until reboot', async () => {
    const h = new SimHost({ preset: 'cxl-pmem-2x' });
    for (const line of ['cxl create-region -m -t pmem -d decoder0.0 -w 1 mem0', 'ndctl create-namespace -r region0 -m devdax', 'daxctl reconfigure-device --mode=system-ram dax0.0']) {
      expect((await run(h, line)).exitCode).toBe(0);
    }
    const before = await memTotal(h);
    const r = await run(h, 'cxl disable-region region0');
    expect(r).toMatchObject({ exitCode: 0, stderr: 'cxl region: cmd_disable_region: disabled 1 region\n' });
    expect(await memTotal(h)).toBe(before);
    expect((await run(h, 'daxctl list -DMu')).stdout).toBe('');
    expect(await h.readFile('/proc/iomem')).toContain('  590000000-5cfffffff : region0\n    598000000-5cfffffff : dax0.0\n      598000000-5cfffffff : System RAM (kmem)\n');
    expect((await run(h, 'cxl destroy-region region0')).exitCode).toBe(0);
    expect(await h.readFile('/proc/iomem')).toContain('CXL Window 0\n  598000000-5cfffffff : dax0.0\n    598000000-5cfffffff : System RAM (kmem)\n');
    expect(await memTotal(h)).toBe(before);
  });

  it('create-region exits 0 when the kernel or the tool refuses: the output says "created 0 regions"', async () => {
    const h = new SimHost({ preset: 'cxl-pmem-2x' });
    for (const [line, says] of [
      ['cxl create-region -m -t ram -d decoder0.0 -w 1 mem0', "region type 'ram' not supported yet"],
      ['cxl create-region -m -t pmem -d decoder0.0 -w 1 -s 2G mem0', 'set_dpa_size failed: No space left on device'],
      ['cxl create-region -m -t pmem -d decoder0.0 -w 1 -g 3000 mem0', 'set_interleave_granularity failed: Invalid argument'],
    ] as const) {
      const r = await run(h, line);
      expect(r.exitCode).toBe(0);
      expect(r.stderr).toContain(says);
      expect(r.stderr).toContain('created 0 regions');
    }
    expect((await run(h, 'cxl list -R -i')).stdout).toBe('[\n]\n');
  });

  it('keeps its CXL state in a state file, region and all, for the next process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmc-cxl-'));
    try {
      const file = join(dir, 'state.json');
      const a = new SimHost({ stateFile: file, preset: 'cxl-pmem-2x' });
      await run(a, 'cxl create-region -m -t pmem -d decoder0.0 -w 2 mem0 mem1');
      await run(a, 'cxl disable-memdev -f mem1');
      const b = new SimHost({ stateFile: file });
      expect((await run(b, 'cxl list -R -i')).stdout).toContain('"state":"disabled"');
      expect((await run(b, 'cxl list -M -i')).stdout).toContain('"anon memdevs"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a ram region (cxl-expander): its dax device goes with it when disabled, and comes back when enabled; online memory stays', async () => {
    const h = new SimHost({ preset: 'cxl-expander' });
    expect((await run(h, 'cxl list -R -T')).stdout).toContain('"decoder":"decoder2.0"');
    // Offline memory goes with the device.
    const before = await memTotal(h);
    expect((await run(h, 'cxl disable-region region0')).exitCode).toBe(0);
    expect((await run(h, 'daxctl list -D')).stdout).toBe('');
    expect((await snapshot(h)).memory.blocks.filter((b) => b.node === 1)).toEqual([]);
    expect((await run(h, 'cxl enable-region region0')).exitCode).toBe(0);
    expect((await run(h, 'daxctl list -D')).stdout).toContain('"chardev":"dax0.0"');
    // Online memory does not: the region goes, the memory stays online, owned by no device, until reboot.
    expect((await run(h, 'daxctl online-memory dax0.0')).exitCode).toBe(0);
    const online = await memTotal(h);
    expect(online).toBeGreaterThan(before);
    expect((await run(h, 'cxl disable-region region0')).exitCode).toBe(0);
    expect(await memTotal(h)).toBe(online);
    expect(await h.readFile('/proc/iomem')).toContain('  1080000000-307fffffff : region0\n    1080000000-307fffffff : dax0.0\n      1080000000-307fffffff : System RAM (kmem)\n');
  });
});
