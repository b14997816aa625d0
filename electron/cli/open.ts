// Opens the host the command line names, after checking the files and folders it names (exit 2 for each problem, in one line).
import type { Host } from '../host/host.js';
import { pathKind, unwritableFileReason } from '../host/files.js';
import { join, posix } from 'node:path';
import { stateDir } from '../actions/journal.js';
import { defaultHost, openHost, simStateFileFor, type OpenHostOptions } from '../host/spec.js';
import { UsageError, type Args } from './args.js';

/** Checks the host options against each other and against the filesystem, before any machine is opened. */
export function checkHostOptions(a: Args): void {
  const ssh = a.host?.startsWith('ssh://') === true;
  if (a.sysroot && a.host && a.host !== 'local' && !ssh) throw new UsageError('--sysroot only goes with --host local or an ssh host');
  if (a.state && a.host && !a.host.startsWith('sim:')) throw new UsageError('--state only goes with a sim host (--host sim:PRESET)');
  if (a.fresh && a.host && !a.host.startsWith('sim:')) throw new UsageError('--fresh only goes with a sim host (--host sim:PRESET): it starts the simulated machine anew');
  if (a.sshConfig && !a.host?.startsWith('ssh://')) throw new UsageError('--ssh-config only goes with an ssh host (--host ssh://[user@]host[:port])');
  if (a.sudoPasswordStdin && !a.host?.startsWith('ssh://')) throw new UsageError('--sudo-password-stdin only goes with an ssh host (--host ssh://[user@]host[:port]); on this machine, changes go through pkexec');
  if (a.demo && a.host && !a.host.startsWith('sim:')) throw new UsageError('--demo runs on the simulator only (--host sim:PRESET)');
  if (a.sysroot !== undefined && ssh && !a.sysroot.startsWith('/')) throw new UsageError(`--sysroot ${a.sysroot}: on an ssh host it is a directory on the remote machine, given as an absolute path`);
  if (a.sysroot !== undefined && (a.sysroot.startsWith('/') ? posix.normalize(a.sysroot) : posix.resolve(a.sysroot)) === '/') throw new UsageError('--sysroot / is the machine\'s own root: leave --sysroot out to read the machine itself');
  if (a.sysroot !== undefined && !ssh) {
    const kind = pathKind(a.sysroot);
    if (kind !== 'dir') throw new UsageError(`--sysroot ${a.sysroot} ${kind === 'none' ? 'does not exist' : 'is not a directory'}`);
  }
  if (a.state !== undefined) {
    const why = unwritableFileReason(a.state, '--state');
    if (why) throw new UsageError(why);
  }
  if (a.sshConfig !== undefined && pathKind(a.sshConfig) !== 'file') throw new UsageError(`--ssh-config ${a.sshConfig} is not a regular file`);
}

/** Opens the host the arguments name (exported for the Electron main process); without --host, this machine if it has NVDIMM or dax devices,
 *  else the simulator — or, with `noSimFallback`, that refusal (bad input) instead of the simulator. Where a simulated machine is kept goes
 *  to io.note (said after the command), else to io.err. */
export async function openFromArgs(a: Args, io: { err: (s: string) => void; note?: (s: string) => void }, noSimFallback?: string): Promise<Host> {
  const err = io.err;
  checkHostOptions(a);
  const opts = hostOptions(a);
  let host: Host;
  if (a.host) host = openHost(a.host, opts);
  else if (a.state || a.demo) host = openHost('sim:qemu-nvdimm', opts);
  else {
    const chosen = await defaultHost(opts);
    host = chosen.host;
    if (noSimFallback !== undefined && host.info.kind === 'sim') {
      await host.close();
      throw new UsageError(noSimFallback);
    }
    err(`pmem-console: ${chosen.reason}\n`);
  }
  // Every command on a simulated machine says where that machine is kept, and how to start it anew (once it ran: bad input stays one line).
  if (host.info.kind === 'sim') {
    const file = simStateFileFor(a.host ?? `sim:${host.info.preset}`, opts);
    const said = file ? `${host.info.label} is kept in ${file} (--fresh starts it anew)` : `${host.info.label} lives in memory for this command only (--state FILE keeps it)`;
    // With --json, stderr carries JSON lines only (run.step events): this is one more, sim.state.
    (io.note ?? err)(a.json ? `${JSON.stringify({ event: 'sim.state', host: host.info.label, file, message: said })}\n` : `pmem-console: ${said}\n`);
  }
  return host;
}

/** How the command line's host options open a host: a simulator preset's machine is kept in the state directory unless --state says where. */
export function hostOptions(a: Args): OpenHostOptions {
  // A plan changes nothing, the kept machine included: `plan --fresh` plans on the preset as it starts, in memory.
  if (a.command === 'plan' && a.fresh) return { sysroot: a.sysroot, sshConfig: a.sshConfig, timeoutMs: a.timeoutMs };
  return { stateFile: a.state, sysroot: a.sysroot, sshConfig: a.sshConfig, timeoutMs: a.timeoutMs, simStateDir: join(stateDir(), 'sim'), fresh: a.fresh };
}

/** The spec of a host the CLI opened by default (sim:PRESET or local). */
export function specOf(host: Host): string {
  return host.info.kind === 'sim' ? `sim:${host.info.preset}` : 'local';
}
