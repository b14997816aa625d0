import { buildPreset } from '../electron/host/sim/presets.js';
import { writeFileSync } from 'node:fs';
writeFileSync(process.argv[2]!, JSON.stringify(['optane-2s', 'optane-2s-mixed', 'memside', 'large', 'seed-qemu'].map((p) => buildPreset(p as never))));
