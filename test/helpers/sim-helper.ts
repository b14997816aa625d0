// The privileged helper's protocol served over a sim state file, so the elevated runner can be tested across processes without root.
import { SimHost } from '../../electron/host/sim/index.js';
import { serveHelper } from '../../electron/actions/elevation/helper.js';

const stateFile = process.argv[2];
if (!stateFile) throw new Error('usage: sim-helper STATE_FILE');
await serveHelper(process.stdin, process.stdout, new SimHost({ stateFile }));
