// Memory lost to block alignment: what wholeBlocks predicts for a devdax device is what the kernel (the sim, whose kmem follows the
// real one) adds when the device becomes system RAM, on every preset; the rest is its own category, not offline RAM.
import { describe, expect, it } from 'vitest';
import { capacityByUse, unalignedBytes, viewTopology } from '../../shared/api/index.js';
import { wholeBlocks } from '../../shared/model/index.js';
import { PRESET_NAMES, SimHost } from '../../electron/host/sim/index.js';
import { snapshot } from '../../electron/system/snapshot.js';

describe('lost to block alignment', () => {
  for (const preset of PRESET_NAMES.filter((p) => p !== 'large')) {
    it(`${preset}: a device's whole blocks are the blocks kmem adds, and the remainder is counted apart`, async () => {
      const host = new SimHost({ preset });
      const before = await snapshot(host);
      for (const d of before.daxDevices.filter((x) => x.mode === 'devdax' && x.state === 'enabled')) {
        const predicted = wholeBlocks(d.ranges, before.memory.blockSize);
        const r = await host.exec(['daxctl', 'reconfigure-device', '--mode=system-ram', d.dev]);
        expect(r.exitCode, r.stderr).toBe(0);
        const after = (await snapshot(host)).daxDevices.find((x) => x.dev === d.dev)!;
        expect(after.totalMemblocks, d.dev).toBe(predicted);
        expect(unalignedBytes(after, before.memory.blockSize)).toBe(unalignedBytes(d, before.memory.blockSize));
      }
      const t = await snapshot(host);
      const cap = capacityByUse(viewTopology(t)).total;
      const ram = t.daxDevices.filter((x) => x.mode === 'system-ram');
      const lost = ram.reduce((n, x) => n + x.size - x.totalMemblocks * t.memory.blockSize, 0);
      const cxl = ram.some((x) => x.namespace === null);
      if (!cxl) expect(cap.unaligned).toBe(lost);
      expect(cap.ramOffline).toBe(ram.filter((x) => x.namespace !== null).reduce((n, x) => n + (x.totalMemblocks - x.onlineMemblocks) * t.memory.blockSize, 0));
    });
  }
});
