// Knowing when a machine changed: kernel uevents on this machine, the state file of a sim, a modest poll over ssh.
import { watch as fsWatch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import type { Host } from './host.js';

/** How a host is watched. */
export type WatchKind = 'uevents' | 'poll' | 'state-file' | 'none';

/** A running watch: its kind, how often it polls, and how to stop it. */
export interface HostWatch {
  kind: WatchKind;
  pollMs: number | null;
  stop(): void;
}

/** The poll interval for hosts without change notifications (ssh), and the fallback when udevadm is missing. */
export const POLL_MS = 5000;

/** Subsystems whose uevents can change what the console shows. */
const UEVENT_SUBSYSTEMS = ['nd', 'dax', 'memory', 'node'];

function debounced(fn: () => void, ms: number): (() => void) & { cancel(): void } {
  let timer: NodeJS.Timeout | null = null;
  const call = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => { timer = null; fn(); }, ms);
  };
  return Object.assign(call, { cancel: () => { if (timer) clearTimeout(timer); } });
}

function poll(onChange: () => void, ms: number): HostWatch {
  const timer = setInterval(onChange, ms);
  timer.unref();
  return { kind: 'poll', pollMs: ms, stop: () => clearInterval(timer) };
}

/** Watches the state file a sim keeps (another process, such as the CLI on the same --state, may change it). */
function watchStateFile(file: string, onChange: () => void): HostWatch {
  const fire = debounced(onChange, 80);
  let watcher: FSWatcher | null = null;
  try {
    // The sim saves by rename, so the directory is watched, not the file.
    watcher = fsWatch(dirname(file), { persistent: false }, (_event, name) => { if (name === basename(file)) fire(); });
  } catch {
    return poll(onChange, POLL_MS);
  }
  return { kind: 'state-file', pollMs: null, stop: () => { fire.cancel(); watcher?.close(); } };
}

/** What uevents named: memory blocks and dax devices (anything else is read whole by any read: tool lists, nodes). */
export interface Changed {
  blocks: number[];
  devices: string[];
}

/** The memory blocks and dax devices named by udevadm monitor lines ("KERNEL[t] online /devices/system/memory/memory42 (memory)"). */
export function changedBy(text: string, into: Changed = { blocks: [], devices: [] }): Changed {
  for (const m of text.matchAll(/\/memory(\d+) \(memory\)/g)) into.blocks.push(Number(m[1]));
  for (const m of text.matchAll(/\/(dax\d+\.\d+) \(dax\)/g)) into.devices.push(m[1]!);
  return into;
}

/** Follows kernel uevents of the nd, dax, memory and node subsystems with udevadm monitor, and says what they named; polls (naming
 *  nothing, so the machine is read whole) when udevadm cannot run. */
function watchUevents(onChange: (changed?: Changed) => void): HostWatch {
  let changed: Changed = { blocks: [], devices: [] };
  const fire = debounced(() => {
    const named = changed;
    changed = { blocks: [], devices: [] };
    onChange(named);
  }, 300);
  let fallback: HostWatch | null = null;
  let child: ResultPromise | null = null;
  try {
    child = execa('udevadm', ['monitor', '--kernel', ...UEVENT_SUBSYSTEMS.map((s) => `--subsystem-match=${s}`)], { reject: false, buffer: false, stdin: 'ignore', stderr: 'ignore' });
    let rest = ''; // a line cut between two chunks waits for its end
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = rest + chunk.toString();
      const end = text.lastIndexOf('\n') + 1;
      changedBy(text.slice(0, end), changed);
      rest = text.slice(end);
      fire();
    });
    child.then((r) => { if (!r.isTerminated && !fallback) fallback = poll(onChange, POLL_MS); }, () => { fallback ??= poll(onChange, POLL_MS); });
  } catch {
    return poll(onChange, POLL_MS);
  }
  return {
    kind: 'uevents',
    pollMs: null,
    stop: () => { fire.cancel(); child?.kill(); fallback?.stop(); },
  };
}

/** Starts watching a host for changes made outside the console; onChange is called (debounced) when something may have changed. */
export function watchHost(host: Host, opts: { stateFile?: string; sysroot?: string; pollMs?: number }, onChange: (changed?: Changed) => void): HostWatch {
  switch (host.info.kind) {
    case 'sim':
      return opts.stateFile ? watchStateFile(opts.stateFile, onChange) : { kind: 'none', pollMs: null, stop: () => {} };
    case 'local':
      // A --sysroot tree is a copy of files: it does not change, so it is not polled.
      return opts.sysroot ? { kind: 'none', pollMs: null, stop: () => {} } : watchUevents(onChange);
    case 'ssh':
      return opts.sysroot ? { kind: 'none', pollMs: null, stop: () => {} } : poll(onChange, opts.pollMs ?? POLL_MS);
    case 'replay':
      return { kind: 'none', pollMs: null, stop: () => {} };
    default:
      return host.info.kind satisfies never;
  }
}
