// A console server for the page-load benchmark, run as a process of its own from built (bundled) JavaScript: it opens sim:large, listens,
// prints its URL and begins its first read of the machine at the same moment, so a page loaded from that URL waits for the read as a
// person's first page does, and neither the read nor the browser's driver holds up the other.
import { ConsoleSession } from '../electron/api/session.js';
import { serve } from '../electron/serve.js';

const [rendererDir] = process.argv.slice(2);
const session = new ConsoleSession({ spec: 'sim:large' });
const served = await serve({ session, port: 0, rendererDir: rendererDir!, log: () => {} });
process.stdout.write(`${served.url}\n`);
process.once('SIGTERM', () => void served.close().then(() => session.close()).then(() => process.exit(0)));
