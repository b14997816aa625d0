// snapshot --json is written in pieces for big machines; the text must be exactly JSON.stringify's, whatever the block count.
import { describe, expect, it } from 'vitest';
import { writeTopologyJson } from '../../electron/cli/json-out.js';
import { SimHost } from '../../electron/host/sim/index.js';
import { snapshot } from '../../electron/system/snapshot.js';

describe('writeTopologyJson', () => {
  it('writes the same text as JSON.stringify(t, null, 2), in pieces, for 0, a few and many blocks (across piece boundaries)', async () => {
    const t = await snapshot(new SimHost({ preset: 'seed-qemu' }));
    const block = t.memory.blocks[0]!;
    for (const count of [0, 1, 3, 4096, 4097, 9000, 20_000]) {
      const blocks = Array.from({ length: count }, (_, i) => ({
        ...block, index: i, start: i * t.memory.blockSize,
        ...(i % 3 === 1 ? { state: 'offline' as const, validZones: [], daxDevice: 'dax0.0' } : {}),
        ...(i % 3 === 2 ? { validZones: ['Normal', 'Movable'], node: 1, removable: false } : {}),
        ...(i === 2 ? { node: -1, start: 2 ** 53 + 2, daxDevice: 'dax"1\\.0\n', validZones: ['Zoné'] } : {}),
      }));
      const big = { ...t, memory: { ...t.memory, blocks } };
      // Pieces are kept as handed on and read at the end: a buffer handed on must not be written again.
      const pieces: (string | Buffer)[] = [];
      writeTopologyJson(big, (s) => void pieces.push(s));
      expect(pieces.map((p) => p.toString()).join('')).toBe(JSON.stringify(big, null, 2) + '\n');
      if (count === 20_000) expect(pieces.length).toBeGreaterThan(5);
    }
  });
});
