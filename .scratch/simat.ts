// usage: tsx simat.ts STEP [cmd...] : replays steps < STEP on sim:nfit-test, then prints the sim and real outputs of STEP (or runs cmd)
import { SimHost } from '../electron/host/sim/index.js';
import { loadSteps, replayStep } from '../test/fidelity/replay.js';
const steps = loadSteps(new URL('../test/fixtures/real/qemu-nfit-test.json', import.meta.url).pathname);
const n = Number(process.argv[2]);
const host = new SimHost({ preset: process.env.PRESET ?? 'nfit-test' });
for (let i = 0; i < n; i++) await replayStep(host, steps[i]!, i);
const cmd = process.argv.slice(3);
if (cmd.length) { const r = await host.exec(cmd); console.log(r.stdout, r.stderr, 'exit', r.exitCode); }
else {
  const o = await replayStep(host, steps[n]!, n);
  console.log(o.kind, o.match ? 'MATCH' : o.differences.join('\n'));
}
