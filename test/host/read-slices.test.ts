// A big block table is read in slices with the event loop let run between them, so a console's web server answers during the read;
// the values are the same as one read in one go.
import { describe, expect, it } from 'vitest';
import { readTableInSlices, TABLE_SLICE } from '../../electron/host/host.js';
import { SimHost } from '../../electron/host/sim/index.js';

const MEMORY = '/sys/devices/system/memory';

describe('reading a table in slices', () => {
  it('gives every entry its values in order, across slice boundaries', async () => {
    const numbers = Int32Array.from({ length: TABLE_SLICE * 2 + 5 }, (_, i) => i * 3);
    const slices: number[] = [];
    const values = await readTableInSlices({ prefix: 'e', numbers }, ['a', 'b'], (slice) => {
      slices.push(slice.numbers.length);
      return [...slice.numbers].flatMap((e) => [`${slice.prefix}${e}/a`, `${slice.prefix}${e}/b`]);
    });
    expect(slices).toEqual([TABLE_SLICE, TABLE_SLICE, 5]);
    expect(values).toEqual([...numbers].flatMap((e) => [`e${e}/a`, `e${e}/b`]));
  });

  it('sim:large: a timer set when the read of 65,536 blocks starts runs before the read ends', async () => {
    const host = new SimHost({ preset: 'large' });
    const numbers = await host.listNumbered(MEMORY, 'memory');
    expect(numbers.length).toBe(65_536);
    let readDone = false;
    const ranDuringRead = new Promise<boolean>((resolve) => setImmediate(() => resolve(!readDone)));
    const values = await host.readTable(MEMORY, { prefix: 'memory', numbers }, ['state']).finally(() => (readDone = true));
    expect(await ranDuringRead).toBe(true);
    expect(values.length).toBe(65_536);
    expect(values.every((v) => v === 'online\n' || v === 'offline\n')).toBe(true);
  });
});
