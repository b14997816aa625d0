// The installed helper's entry point, bundled into one file (out/helper/pmem-console-helper.cjs) that pkexec starts as root through
// /usr/lib/pmem-console/pmem-console-helper. It reads nothing from its caller but the plan on stdin: no config, no cache, no TMPDIR or HOME.
import { appendFileSync, chmodSync, mkdirSync } from 'node:fs';
import { LocalHost } from '../../host/local/index.js';
import { serveHelper, type Audit } from './helper.js';

/** Root's record of what the helper was asked and did, one JSON line per event. */
const AUDIT_DIR = '/var/log/pmem-console';
const AUDIT_LOG = `${AUDIT_DIR}/helper.jsonl`;

/** Who asked: pkexec says PKEXEC_UID, sudo SUDO_UID. */
const caller = process.env.PKEXEC_UID || process.env.SUDO_UID || null;

// Everything the helper runs gets a fixed environment, whatever its caller had.
for (const key of Object.keys(process.env)) delete process.env[key];
Object.assign(process.env, { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C' });
process.umask(0o022);
process.chdir('/');
// A Ctrl-C or a closed terminal reaches pkexec's process group, which is this one: the helper goes on with the step it is running
// (its tools run in their own group) and, with no one left to ask for the next, ends after it.
process.on('SIGINT', () => {});
process.on('SIGHUP', () => {});

let auditBroken = false;
const audit: Audit = (event) => {
  if (auditBroken) return;
  try {
    mkdirSync(AUDIT_DIR, { recursive: true, mode: 0o700 });
    appendFileSync(AUDIT_LOG, JSON.stringify({ time: new Date().toISOString(), pid: process.pid, caller, ...event }) + '\n', { mode: 0o600 });
    chmodSync(AUDIT_LOG, 0o600);
  } catch (e) {
    auditBroken = true;
    process.stderr.write(`pmem-console-helper: cannot write ${AUDIT_LOG}: ${(e as Error).message}\n`);
  }
};

async function main(): Promise<number> {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    process.stdout.write(JSON.stringify({ refused: 'the helper runs as root only (pkexec starts it)' }) + '\n');
    return 1;
  }
  await serveHelper(process.stdin, process.stdout, new LocalHost(), audit);
  return 0;
}

main().then((code) => { process.exitCode = code; }, (e: unknown) => {
  process.stderr.write(`pmem-console-helper: ${(e as Error).message}\n`);
  process.exitCode = 1;
});
