// The doctor says the hotplug policy once: what it does and where it comes from, in one finding; a value written since boot is called
// that, not the kernel's default; and its fixes are command lines to run.
import { describe, expect, it } from 'vitest';
import { SimHost } from '../../electron/host/sim/index.js';
import { doctor } from '../../electron/system/doctor.js';
import { snapshot } from '../../electron/system/snapshot.js';

async function findingsOf(host: SimHost) {
  return doctor(host, await snapshot(host));
}

describe('the doctor on the hotplug policy', () => {
  it('says it in one finding, with where it comes from', async () => {
    const f = await findingsOf(new SimHost({ preset: 'future-7x' }));
    const policy = f.filter((x) => /auto_online_blocks|online type|onlines new memory|New memory/.test(`${x.title} ${x.detail}`));
    expect(policy.map((x) => x.id)).toEqual(['auto-online']);
    expect(policy[0]!.detail).toMatch(/It comes from the kernel's build: CONFIG_MHP_DEFAULT_ONLINE_TYPE_ONLINE_MOVABLE\./);
  });

  it('calls a value written since boot that, with the boot value, and names the fix as a command line', async () => {
    const host = new SimHost({ preset: 'future-7x' });
    await host.writeFile('/sys/devices/system/memory/auto_online_blocks', 'online_kernel');
    const f = (await findingsOf(host)).find((x) => x.id === 'auto-online')!;
    expect(f.detail).toMatch(/It was written to auto_online_blocks since boot; at boot it was online_movable, from the kernel's build \(CONFIG_MHP_DEFAULT_ONLINE_TYPE_ONLINE_MOVABLE\)/);
    expect(f.detail).not.toMatch(/kernel's default/);
    expect(f.detail).toMatch(/pmem-console apply memory\.auto-online --policy offline --yes\.$/);
  });

  it('does not call a value of unknown origin the kernel\'s default', async () => {
    const host = new SimHost({ preset: 'cxl-plain-ram' });
    const f = (await findingsOf(host)).filter((x) => /New memory|online type/.test(x.title));
    expect(f).toHaveLength(1);
    expect(f[0]!.detail).toMatch(/Where it comes from is not known: .* so it is the build's default or was written since boot\./);
  });
});
