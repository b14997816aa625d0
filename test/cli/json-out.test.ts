// snapshot --json is written in pieces for big machines; the text must be exactly JSON.stringify's, whatever the block count.
import { describe, expect, it } from 'vitest';
import { writeTopologyJson } from '../../electron/cli/json-out.js';
import { SimHost } from '../../electron/host/sim/index.js';
import { snapshot } from '../../electron/system/snapshot.js';

describe('writeTopologyJson', () => {
  it('writes the same text as JSON.stringify(t, null, 2), in pieces, for 0, a few and many blocks (across piece boundaries)', async () => {
    const t = await snapshot(new SimHost({ preset: 'seed-qemu' }));
    const block = t.memory.blocks[0]!;
    for (const count of [0, 1, 3, 4096, 4097, 9000]) {
      const blocks = Array.from({ length: count }, (_, i) => ({ ...block, index: i, start: i * t.memory.blockSize }));
      const big = { ...t, memory: { ...t.memory, blocks } };
      const pieces: string[] = [];
      writeTopologyJson(big, (s) => void pieces.push(s));
      expect(pieces.join('')).toBe(JSON.stringify(big, null, 2) + '\n');
      if (count > 4096) expect(pieces.length).toBeGreaterThan(3);
    }
  });
});
