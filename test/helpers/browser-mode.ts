// Browser mode on a sim for a test file: a session, a server on a free port with a stub page, and every line it logs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleSession } from '../../electron/api/session.js';
import { serve, type Served } from '../../electron/serve.js';

/** A running server and what the test needs of it. */
export interface TestServer {
  served: Served;
  session: ConsoleSession;
  port: number;
  token: string;
  /** Every line the server logged, oldest first. */
  log: string[];
  stop(): Promise<void>;
}

/** Serves sim:seed-qemu with a private journal and a one-line index.html. */
export async function startTestServer(): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'pmem-serve-'));
  process.env.PMEM_CONSOLE_STATE_DIR = join(dir, 'state');
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
  const log: string[] = [];
  const session = new ConsoleSession({ spec: 'sim:seed-qemu' });
  const served = await serve({ session, port: 0, rendererDir: dir, log: (l) => log.push(l), slowClientMs: { headers: 1_000, idle: 2_000 } });
  return {
    served, session, port: served.port, token: new URL(served.url).searchParams.get('token')!, log,
    stop: async () => {
      await served.close();
      await session.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
