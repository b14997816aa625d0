import { describe, expect, it } from 'vitest';
import { alignDown, alignUp, formatBytes, formatBytesApart, formatToolHex, formatToolSize, isPowerOfTwo, parsePositiveSize, parseSize, parseToolSize, SizeError, wholeBlocks } from '../../shared/units/index.js';
import { diffFacts, factText } from '../../shared/actions/index.js';

describe('parseSize', () => {
  it.each([
    ['512M', 512 * 2 ** 20], ['4G', 4 * 2 ** 30], ['1.5GiB', 1.5 * 2 ** 30], ['2097152', 2097152], ['16 MiB', 16 * 2 ** 20], ['3k', 3072], ['1T', 2 ** 40], ['1GB', 1e9],
  ])('%s is %d bytes', (text, bytes) => expect(parseSize(text)).toBe(bytes));
  it.each(['1.5X', '', 'G', '1..5G', '0.3', 'ten'])('refuses %j', (text) => expect(() => parseSize(text)).toThrow(SizeError));
  it.each(['-1G', '0', '0M'])('parsePositiveSize refuses %j', (text) => expect(() => parsePositiveSize(text)).toThrow(/negative|zero|not a size/));
});

describe('ndctl -u sizes', () => {
  it.each([
    [4292870144, '4.00 GiB (4.29 GB)'], [536870912, '512.00 MiB (536.87 MB)'], [16777216, '16.00 MiB (16.78 MB)'], [526385152, '502.00 MiB (526.39 MB)'],
    [1054867456, '1006.00 MiB (1054.87 MB)'], [3154116608, '2.94 GiB (3.15 GB)'], [4278190080, '3.98 GiB (4.28 GB)'], [535265280, '510.47 MiB (535.27 MB)'], [0, 0], [4096, 4096],
    // The decimal unit follows the binary one's thresholds (qemu-memside.json); under 5000 KiB a plain number, as daxctl prints align.
    [2145386496, '2046.00 MiB (2145.39 MB)'], [2097152000, '2000.00 MiB (2097.15 MB)'], [2097152, 2097152], [5000 * 1024, '4.88 MiB (5.12 MB)'],
  ])('%d prints as %j', (bytes, text) => expect(formatToolSize(bytes)).toBe(text));
  it('reads them back', () => {
    expect(parseToolSize('4.00 GiB (4.29 GB)')).toBe(4 * 2 ** 30);
    expect(parseToolSize('0xffe00000')).toBe(4292870144);
    expect(parseToolSize('0')).toBe(0);
  });
  it('prints hex like printf %#llx', () => {
    expect(formatToolHex(0)).toBe('0');
    expect(formatToolHex(0x80a00000)).toBe('0x80a00000');
  });
});

describe('alignment', () => {
  it('rounds and checks', () => {
    expect(alignUp(0x80a00000, 2 ** 27)).toBe(0x88000000);
    expect(alignDown(4292870144, 16 * 2 ** 20)).toBe(4278190080);
    expect(isPowerOfTwo(3 * 2 ** 20)).toBe(false);
    expect(isPowerOfTwo(2 ** 21)).toBe(true);
  });
  it('counts the whole memory blocks of the seed devdax device (3 of 128 MiB)', () => {
    expect(wholeBlocks(0x80a00000, 526385152, 2 ** 27)).toEqual({ first: 17, count: 3 });
    expect(wholeBlocks(0x101200000, 1054867456, 2 ** 27)).toEqual({ first: 33, count: 7 });
  });
  it('formats bytes for people', () => {
    expect(formatBytes(512 * 2 ** 20)).toBe('512 MiB');
    expect(formatBytes(1.5 * 2 ** 30)).toBe('1.5 GiB');
    expect(formatBytes(0)).toBe('0 B');
    // Whole numbers above 100 keep their trailing zeros once rounded (190.24 GiB is "190 GiB", not "19 GiB").
    expect(formatBytes(204270993408)).toBe('190 GiB');
    expect(formatBytes(100.4 * 2 ** 30)).toBe('100 GiB');
    expect(formatBytes(10.04 * 2 ** 30)).toBe('10 GiB');
  });
});

describe('sizes that differ read as different', () => {
  it('gives two sizes that would both read "4 GiB" in bytes, and leaves sizes that read apart as they are', () => {
    expect(formatBytesApart(4_292_870_144, 4_290_772_992)).toEqual(['4,292,870,144 B', '4,290,772,992 B']);
    expect(formatBytesApart(4_292_870_144, 4_292_870_144)).toEqual(['4 GiB', '4 GiB']);
    expect(formatBytesApart(4 * 2 ** 30, 3.94 * 2 ** 30)).toEqual(['4 GiB', '3.94 GiB']);
  });

  it('says a namespace that came back 2 MiB smaller as a change of size, in a plan\'s prediction and a run\'s report', () => {
    const c = { what: 'namespace namespace0.0', before: 'raw 4292870144 enabled', after: 'fsdax 4290772992 enabled' };
    expect([factText(c, c.before), factText(c, c.after)]).toEqual(['raw 4,292,870,144 B enabled', 'fsdax 4,290,772,992 B enabled']);
    const same = { what: 'namespace namespace0.0', before: 'raw 4292870144 enabled', after: 'devdax 4292870144 enabled' };
    expect(factText(same, same.after)).toBe('devdax 4 GiB enabled');
    const mem = { what: 'MemTotal', before: 4_292_870_144, after: 4_290_772_992 };
    expect(factText(mem, mem.after)).toBe('4,290,772,992 B');
  });
});

describe('poison facts', () => {
  it('say no change of poison for a region that comes or goes with none (a new CXL region), and say poison that is there', () => {
    const facts = (poison: Record<string, number>) => ({ memTotal: 0, nodes: {}, namespaces: {}, daxDevices: {}, onlineBlocks: 0, poison });
    expect(diffFacts(facts({ region0: 0 }), facts({ region0: 0, region1: 0 }))).toEqual([]);
    expect(diffFacts(facts({ region0: 0, region1: 0 }), facts({ region0: 0 }))).toEqual([]);
    expect(diffFacts(facts({ region0: 0 }), facts({ region0: 0, region1: 512 }))).toEqual([{ what: 'known poison (bytes) of region1', before: 0, after: 512 }]);
  });
});
