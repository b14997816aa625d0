// Health events between two reads: what `pmem-console monitor` prints and the console badges.
import { describe, expect, it } from 'vitest';
import { SimHost } from '../../electron/host/sim/index.js';
import { snapshot } from '../../electron/system/snapshot.js';
import { healthEvents } from '../../shared/model/index.js';

const optane = () => new SimHost({ preset: 'optane-2s' });

describe('health events', () => {
  it('the first read says what is not as it should be, and nothing else', async () => {
    const t = await snapshot(optane());
    expect(healthEvents(null, t).map((e) => [e.kind, e.object, e.level, e.message])).toEqual([
      ['health', 'nmem4', 'warning', 'nmem4 health is non-critical'],
      ['threshold', 'nmem4', 'warning', 'nmem4 is past its spares threshold (12% spare blocks left)'],
      ['poison', 'region0', 'warning', 'region0 has 4 KiB of known poison'],
      ['poison', 'region1', 'warning', 'region1 has 512 B of known poison'],
    ]);
    expect(healthEvents(t, t)).toEqual([]);
    const qemu = await snapshot(new SimHost({ preset: 'qemu-nvdimm' }));
    expect(healthEvents(null, qemu)).toEqual([]); // health unknown is not an event, and never "ok"
  });

  it('a threshold crossed, a health change, a dirty shutdown, a security change and memory taken offline', async () => {
    const host = optane();
    const before = await snapshot(host);
    host.mutate((s) => {
      const d = s.buses[0]!.dimms[0]!;
      Object.assign(d.health!, { state: 'critical', temperature: 85, shutdownCount: 3 });
      s.buses[0]!.dimms[1]!.frozen = true;
      s.meminfoKb.find((f) => f[0] === 'HardwareCorrupted')![1] = 8;
    });
    const after = await snapshot(host);
    expect(healthEvents(before, after).map((e) => `${e.level} ${e.message}`)).toEqual([
      'error nmem0 health ok -> critical',
      'warning nmem0 is past its media temperature threshold (85 °C)',
      'warning nmem0 had 2 more dirty shutdowns (3 in all): data written just before may not have reached the media',
      'info nmem1 security disabled -> disabled, frozen',
      'error the kernel took 8 KiB more memory offline after machine checks (HardwareCorrupted 8 KiB)',
    ]);
    // And back.
    expect(healthEvents(after, before).map((e) => e.message)).toContain('nmem0 is back within its media temperature threshold');
  });

  it('a scrub that finds poison, and poison cleared', async () => {
    const host = optane();
    host.mutate((s) => {
      s.buses[0]!.scrub!.durationMs = 0;
    });
    const before = await snapshot(host);
    await host.exec(['ndctl', 'start-scrub', 'ndbus0']);
    await host.exec(['ndctl', 'wait-scrub', 'ndbus0']);
    const scrubbed = await snapshot(host);
    expect(healthEvents(before, scrubbed).map((e) => e.message)).toEqual(['region0 has 12 KiB of known poison (was 4 KiB)', 'a scrub of ndbus0 completed (2 since boot)']);
    await host.exec(['ndctl', 'clear-errors', 'namespace0.0']);
    expect(healthEvents(scrubbed, await snapshot(host)).map((e) => e.message)).toEqual(['region0 has 8 KiB of known poison (was 12 KiB): cleared']);
  });

  it('on the kernel\'s test DIMMs (nfit_test, whose alarm flags stay set), each injection of ndctl\'s own monitor test is one event, judged by the readings', async () => {
    const host = new SimHost({ preset: 'nfit-test' });
    const run = async (...argv: string[]) => expect((await host.exec(['ndctl', 'inject-smart', ...argv])).exitCode).toBe(0);
    let before = await snapshot(host);
    // 23 °C against 40, 75% spares against 5: the alarm flags nfit_test keeps set are not taken for a threshold crossed.
    expect(healthEvents(null, before).filter((e) => e.kind === 'threshold')).toEqual([]);
    const step = async (...argv: string[]) => {
      await run(...argv);
      const after = await snapshot(host);
      const events = healthEvents(before, after).map((e) => `${e.kind} ${e.level}: ${e.message}`);
      before = after;
      return events;
    };
    // As the recorded `ndctl monitor` saw them: dimm-unclean-shutdown, dimm-spares-remaining, dimm-media-temperature, dimm-health-state.
    expect(await step('nmem0', '-U')).toEqual(['shutdown warning: nmem0 had 1 more dirty shutdown (43 in all): data written just before may not have reached the media']);
    expect(await step('nmem0', '-s', '4')).toEqual(['threshold warning: nmem0 is past its spares threshold (4% spare blocks left)']);
    expect(await step('nmem0', '-m', '41')).toEqual(['threshold warning: nmem0 is past its media temperature threshold (41 °C)']);
    expect(await step('nmem0', '-f')).toEqual(['health error: nmem0 health non-critical -> fatal']);
    expect(await step('nmem0', '-N')).toEqual(['health warning: nmem0 health fatal -> non-critical', 'threshold info: nmem0 is back within its media temperature threshold', 'threshold info: nmem0 is back within its spares threshold']);
  });
});
