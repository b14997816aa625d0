// usage: tsx cmp.ts N1 N2 ...: for each step, replays up to it and compares the sim's output with the recording even where not compared
import { SimHost } from '../electron/host/sim/index.js';
import { loadSteps, replayStep, maskUuids } from '../test/fidelity/replay.js';
const steps = loadSteps(new URL('../test/fixtures/real/qemu-nfit-test.json', import.meta.url).pathname);
const want = new Set(process.argv.slice(2).map(Number));
const host = new SimHost({ preset: 'nfit-test' });
for (let i = 0; i <= Math.max(...want); i++) {
  if (want.has(i)) {
    const s = steps[i]!;
    const r = await host.exec(s.cmd.replace(/^timeout \d+ /, '').split(/\s+/));
    const ok = r.exitCode === s.exit && maskUuids(r.stdout) === maskUuids(s.stdout) && maskUuids(r.stderr) === maskUuids(s.stderr);
    console.log(`#${i} ${ok ? 'same' : 'DIFF'} ${s.cmd}`);
    if (!ok) console.log(`exit ${r.exitCode} real ${s.exit}\n--- sim\n${r.stdout}${r.stderr}\n--- real\n${s.stdout}${s.stderr}`);
  } else await replayStep(host, steps[i]!, i);
}
