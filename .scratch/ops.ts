import { SimHost } from '../electron/host/sim/index.js';
const h = new SimHost({ preset: 'nfit-test' });
for (const a of [['inject-error', '--status'], ['inject-error', '--status', 'a', 'b'], ['inject-smart', '-m', '40'], ['inject-smart', '-m', '40', 'nmem0', 'x']]) {
  const r = await h.exec(['ndctl', ...a]);
  console.log(r.exitCode, JSON.stringify(r.stderr.slice(0, 90)));
}
