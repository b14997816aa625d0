// 64-bit values: addresses, sizes and counters taken exactly where a number holds them (every value below 2^53, and any page-aligned
// address up to 2^64, as the kernel's test devices map one at 0xff782a0254826000), and unknown, with a note, where it does not.
import { describe, expect, it } from 'vitest';
import { SimHost } from '../../electron/host/sim/index.js';
import { parseNdctlList, protectInexactIntegers } from '../../electron/system/parse/tooljson.js';
import { snapshot } from '../../electron/system/snapshot.js';
import { exactInteger, parseU64 } from '../../shared/units/index.js';
import { DamagingHost } from '../helpers/damaging-host.js';

describe('u64 values', () => {
  it('parses decimal and hex exactly, and refuses what a number cannot hold or what is not a u64', () => {
    expect(parseU64('0xff782a0254826000')).toBe(0xff782a0254826000);
    expect(BigInt(parseU64('0xff782a0254826000')!)).toBe(0xff782a0254826000n);
    expect(parseU64('9007199254740992')).toBe(2 ** 53);
    expect(parseU64('9007199254740993')).toBeNull(); // 2^53 + 1: a number would round it
    expect(parseU64('18446744073709551615')).toBeNull(); // all ones
    expect(parseU64('18446744073709551616')).toBeNull(); // 2^64
    for (const bad of ['', '-1', '1.5', '0x', 'ten', '0x1g']) expect(parseU64(bad), bad).toBeNull();
    expect(exactInteger('18446744073709549568')).toBe(true);
    expect(exactInteger('18446744073709551615')).toBe(false);
  });

  it('keeps integer literals a number would round as their digits, so a schema names them instead of taking a rounded value', () => {
    expect(protectInexactIntegers('{"a":18446744073709551615,"b":"x18446744073709551615","c":4096,"d":-9223372036854775807}')).toBe('{"a":"18446744073709551615","b":"x18446744073709551615","c":4096,"d":"-9223372036854775807"}');
    const notes: string[] = [];
    const [bus] = parseNdctlList('[{"provider":"nfit_test.1","dev":"ndbus1","regions":[{"dev":"region3","size":4194304,"available_size":0,"type":"pmem","badblock_count":18446744073709551615}]}]', notes);
    expect(bus!.regions![0]).toMatchObject({ dev: 'region3', size: 4194304 });
    expect(bus!.regions![0]!.badblock_count).toBeUndefined();
    expect(notes).toEqual([expect.stringMatching(/^ndctl list: region3 badblock_count: "18446744073709551615" is not valid: .*; taken as unknown$/)]);
  });

  it('reads a region mapped above 2^53 (nfit_test.1\'s 0xff782a0254826000) exactly, and one a number cannot hold as unknown, with a note', async () => {
    const path = '/sys/bus/nd/devices/region0/resource';
    const high = await snapshot(new DamagingHost(new SimHost({ preset: 'seed-qemu' }), { kind: 'file', path, text: '0xff782a0254826000\n' }));
    expect(high.regions[0]!.resource).toBe(0xff782a0254826000);
    expect(high.notes.join('\n')).not.toContain(path);
    const odd = await snapshot(new DamagingHost(new SimHost({ preset: 'seed-qemu' }), { kind: 'file', path, text: '0xff782a0254826001\n' }));
    expect(odd.regions[0]!.resource).toBeNull();
    expect(odd.regions.map((r) => r.dev)).toEqual(['region0']);
    expect(odd.notes).toContain(`${path}: "0xff782a0254826001" is not an address or size in hex below 2^64; taken as unknown`);
  });
});
