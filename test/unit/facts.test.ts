// Fact changes for people (shared/actions/facts.ts): sizes in binary units in the CLI and the views, exact bytes only in the JSON.
import { describe, expect, it } from 'vitest';
import { factText, type FactChange } from '../../shared/actions/index.js';
import { main } from '../../electron/cli/main.js';

const fact = (what: string, before: FactChange['before'], after: FactChange['after']): FactChange => ({ what, before, after });

describe('factText', () => {
  it('writes memory sizes in binary units: MemTotal, a node\'s, and the size of a namespace or dax device', () => {
    const mem = fact('MemTotal', 409892552704, 678328008704);
    expect([factText(mem, mem.before), factText(mem, mem.after)]).toEqual(['382 GiB', '632 GiB']);
    expect(factText(fact('MemTotal of node2', 0, 268435456000), 268435456000)).toBe('250 GiB');
    expect(factText(fact('namespace namespace0.0', null, null), 'fsdax 536870912 enabled')).toBe('fsdax 512 MiB enabled');
    expect(factText(fact('dax device dax0.0', null, null), 'system-ram 270582939648 enabled 125/125 online')).toBe('system-ram 252 GiB enabled 125/125 online');
    expect(factText(fact('dax device dax1.0', null, null), 'devdax 526385152')).toBe('devdax 502 MiB');
  });

  it('leaves counts and absent values as they are (absent in words, or the view\'s dash)', () => {
    const blocks = fact('online memory blocks', 192, 317);
    expect(factText(blocks, blocks.after)).toBe('317');
    expect(factText(blocks, null)).toBe('absent');
    expect(factText(blocks, null, '—')).toBe('—');
  });

  it('the CLI prints a plan\'s predicted effect in binary units, and --json keeps the exact bytes', async () => {
    let out = '';
    const argv = ['plan', 'namespace.reconfigure', '--namespace', 'namespace0.0', '--mode', 'devdax', '--host', 'sim:seed-qemu'];
    expect(await main(argv, { out: (s) => void (out += s), err: () => {} })).toBe(0);
    expect(out).toContain('namespace namespace0.0: fsdax 512 MiB enabled -> devdax 502 MiB enabled');
    expect(out.slice(out.indexOf('Predicted effect'))).not.toMatch(/\d{7,}/);
    let json = '';
    expect(await main([...argv, '--json'], { out: (s) => void (json += s), err: () => {} })).toBe(0);
    const plan = JSON.parse(json) as { prediction: { changes: FactChange[] } };
    expect(plan.prediction.changes).toContainEqual({ what: 'namespace namespace0.0', before: 'fsdax 536870912 enabled', after: 'devdax 526385152 enabled' });
  });
});
