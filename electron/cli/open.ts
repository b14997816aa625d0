// Opens the host the command line names, after checking the files and folders it names (exit 2 for each problem, in one line).
import type { Host } from '../host/host.js';
import { pathKind, unwritableFileReason } from '../host/files.js';
import { defaultHost, openHost } from '../host/spec.js';
import { UsageError, type Args } from './args.js';

/** Checks the host options against each other and against the filesystem, before any machine is opened. */
export function checkHostOptions(a: Args): void {
  const ssh = a.host?.startsWith('ssh://') === true;
  if (a.sysroot && a.host && a.host !== 'local' && !ssh) throw new UsageError('--sysroot only goes with --host local or an ssh host');
  if (a.state && a.host && !a.host.startsWith('sim:')) throw new UsageError('--state only goes with a sim host (--host sim:PRESET)');
  if (a.sshConfig && !a.host?.startsWith('ssh://')) throw new UsageError('--ssh-config only goes with an ssh host (--host ssh://[user@]host[:port])');
  if (a.sudoPasswordStdin && !a.host?.startsWith('ssh://')) throw new UsageError('--sudo-password-stdin only goes with an ssh host (--host ssh://[user@]host[:port]); on this machine, changes go through pkexec');
  if (a.demo && a.host && !a.host.startsWith('sim:')) throw new UsageError('--demo runs on the simulator only (--host sim:PRESET)');
  if (a.sysroot !== undefined && ssh && !a.sysroot.startsWith('/')) throw new UsageError(`--sysroot ${a.sysroot}: on an ssh host it is a directory on the remote machine, given as an absolute path`);
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
 *  else the simulator — or, with `noSimFallback`, that refusal (bad input) instead of the simulator. */
export async function openFromArgs(a: Args, err: (s: string) => void, noSimFallback?: string): Promise<Host> {
  checkHostOptions(a);
  const opts = { stateFile: a.state, sysroot: a.sysroot, sshConfig: a.sshConfig, timeoutMs: a.timeoutMs };
  if (a.host) return openHost(a.host, opts);
  if (a.state || a.demo) return openHost('sim:qemu-nvdimm', opts);
  const { host, reason } = await defaultHost(opts);
  if (noSimFallback !== undefined && host.info.kind === 'sim') {
    await host.close();
    throw new UsageError(noSimFallback);
  }
  err(`pmem-console: ${reason}\n`);
  return host;
}

/** The spec of a host the CLI opened by default (sim:PRESET or local). */
export function specOf(host: Host): string {
  return host.info.kind === 'sim' ? `sim:${host.info.preset}` : 'local';
}
