// Numbered directory entries (memoryN): read from their names without a regex, and listed by the simulator straight from its state, the
// same numbers a listing of the directory gives.
import { describe, expect, it } from 'vitest';
import { entryNumber, listNumbered, numbersOf, readDirOptional, type Host } from '../../electron/host/host.js';
import { SimHost } from '../../electron/host/sim/index.js';

describe('entryNumber', () => {
  it('reads N from prefix and N, and -1 from any other entry', () => {
    expect(['memory0', 'memory7', 'memory65535', 'memory262143'].map((n) => entryNumber(n, 'memory'))).toEqual([0, 7, 65535, 262143]);
    const others = ['memory', 'memoryx1', 'memory12a', 'memory-1', 'node0', 'block_size_bytes', 'auto_online_blocks', 'Memory1', 'memory12345678901', 'memory4294967296'];
    expect(others.map((n) => entryNumber(n, 'memory'))).toEqual(Array(others.length).fill(-1));
    expect(entryNumber('node12', 'node')).toBe(12);
  });

  it('numbersOf keeps the numbered entries only, ascending', () => {
    expect([...numbersOf(['memory10', 'power', 'memory2', 'memory33', 'uevent', 'memory0'], 'memory')]).toEqual([0, 2, 10, 33]);
  });
});

describe('the simulator\'s numbered listings', () => {
  for (const preset of ['qemu-nvdimm', 'optane-2s', 'large']) {
    it(`${preset}: the memory directory and each node's give the numbers their listings give`, async () => {
      const sim = new SimHost({ preset });
      const dirs = ['/sys/devices/system/memory', ...(await sim.readDir('/sys/devices/system/node')).filter((n) => /^node\d+$/.test(n)).map((n) => `/sys/devices/system/node/${n}`)];
      for (const dir of dirs) {
        const fast = await sim.listNumbered(dir, 'memory');
        expect([...fast], dir).toEqual([...numbersOf(await sim.readDir(dir), 'memory')]);
        // The generic way (a host without its own) gives the same.
        const plain: Host = { ...sim, listNumbered: undefined, readDir: (p: string) => sim.readDir(p) } as unknown as Host;
        expect([...(await listNumbered(plain, dir, 'memory'))]).toEqual([...fast]);
      }
      expect((await sim.listNumbered('/sys/devices/system/memory', 'memory')).length).toBeGreaterThan(0);
    });
  }

  it('a directory that is not there lists no numbers', async () => {
    const sim = new SimHost({ preset: 'qemu-nvdimm' });
    expect((await listNumbered(sim, '/sys/devices/system/node/node99', 'memory')).length).toBe(0);
    expect(await readDirOptional(sim, '/sys/devices/system/node/node99')).toEqual([]);
  });
});
