// The simulator's files written out as a real tree and read back through --sysroot, where no tool runs: the sysfs-only readers
// (as on a machine without ndctl and daxctl) must see what the tools see.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalHost } from '../../electron/host/local/index.js';
import { PRESET_NAMES, SimHost } from '../../electron/host/sim/index.js';
import { snapshot } from '../../electron/system/snapshot.js';
import { sysfsFacts, writeSimTree } from '../helpers/sim-tree.js';

describe('the sim as a --sysroot tree', () => {
  for (const preset of PRESET_NAMES.filter((p) => p !== 'large')) {
    it(`${preset}: read from its files alone, it shows what ndctl, daxctl and cxl show`, async () => {
      const sim = new SimHost({ preset });
      const root = mkdtempSync(join(tmpdir(), 'pmc-simtree-'));
      try {
        await writeSimTree(sim, root);
        const [tools, files] = [await snapshot(sim), await snapshot(new LocalHost(root))];
        expect(files.tools).toEqual({ ndctl: null, daxctl: null, cxl: null });
        expect(sysfsFacts(files)).toEqual(sysfsFacts(tools));
        // cxl-plain-ram has neither (its memory is plain RAM: what the doctor explains); cxl-pmem-2x has no CXL region yet.
        if (preset !== 'cxl-plain-ram' && preset !== 'cxl-pmem-2x') expect(files.regions.length + files.daxDevices.length).toBeGreaterThan(0);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  }
});
