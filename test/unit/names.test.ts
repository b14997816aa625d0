// Device names in the order people count them, as localeCompare with numeric collation gives it, without an ICU collator.
import { describe, expect, it } from 'vitest';
import { byDeviceName } from '../../shared/model/names.js';

const NAMES = [
  'dax10.0', 'dax2.0', 'dax1.10', 'dax1.2', 'dax0.0', 'dax1.0', 'region10', 'region9', 'region0', 'nmem12', 'nmem3', 'nmem0', 'namespace1.0',
  'namespace0.10', 'namespace0.2', 'ndbus0', 'ndbus1', 'dax', 'dax0', 'region', 'mem1', 'mem10', 'pmem0.1', 'pmem0', 'pmem1s', 'a9b', 'a10a',
];

describe('byDeviceName', () => {
  it('orders the tools\' names as localeCompare with numeric collation does', () => {
    const numeric = new Intl.Collator(undefined, { numeric: true });
    expect([...NAMES].sort(byDeviceName)).toEqual([...NAMES].sort((a, b) => numeric.compare(a, b)));
  });

  it('counts runs of digits as numbers', () => {
    expect(byDeviceName('dax2.0', 'dax10.0')).toBeLessThan(0);
    expect(byDeviceName('nmem10', 'nmem2')).toBeGreaterThan(0);
    expect(byDeviceName('region3', 'region3')).toBe(0);
    expect(byDeviceName('dax1', 'dax1.0')).toBeLessThan(0);
  });
});
