import { SimHost } from '../electron/host/sim/index.js';
import { snapshot } from '../electron/system/snapshot.js';
import { doctor } from '../electron/system/doctor.js';
const host = new SimHost({ preset: process.argv[2] ?? 'nfit-test' });
const t = await snapshot(host);
console.log(t.notes);
console.log(t.regions.map((r) => [r.dev, r.resource, r.size, r.availableSize]));
for (const f of await doctor(host, t)) if (f.severity !== 'ok') console.log(f.severity, f.title, '|', f.detail.slice(0, 200));
console.log(t.dimms.map((d) => [d.dev, d.nfitFlags, d.health?.thresholds]));
