// Host specs on the command line: local, sim:PRESET, sim:twin:FILE, replay:FILE, ssh://[user@]host[:port].
import { HostError, HostSpecError, readDirOptional, type Host } from './host.js';

export { HostSpecError };
import { LocalHost } from './local/index.js';
import { loadBundle, ReplayHost } from './replay/index.js';
import { SshHost } from './ssh/index.js';
import { parseSshTarget } from './ssh/target.js';
import { isPresetName, PRESET_NAMES, SimHost, validateSimState, type SimState } from './sim/index.js';
import { MAX_INPUT_BYTES, readRegularFile } from './files.js';
import { mkdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Topology } from '../../shared/model/index.js';
import { BUNDLE_FORMAT } from './replay/bundle.js';
import { twinFromTopology } from './sim/twin.js';

/** Options that shape how a host is opened. */
export interface OpenHostOptions {
  stateFile?: string;
  sysroot?: string;
  /** An ssh_config file for ssh:// hosts (ssh -F). */
  sshConfig?: string;
  /** How long a tool run or a remote read may take, in milliseconds (--timeout). */
  timeoutMs?: number;
  /** Where a simulator preset keeps its machine when no stateFile is given (PRESET.json in it); none: the machine lives in memory. */
  simStateDir?: string;
  /** The simulator's machine starts anew from its preset: its kept state file is removed first (--fresh). */
  fresh?: boolean;
}

/** The state file a sim spec's machine is kept in with these options (--state, else PRESET.json in the state directory), or null when
 *  it lives in memory (a twin without --state). */
export function simStateFileFor(spec: string, opts: OpenHostOptions): string | null {
  if (!spec.startsWith('sim:')) return null;
  if (opts.stateFile) return opts.stateFile;
  const preset = spec.slice('sim:'.length);
  return spec.startsWith('sim:twin:') || !opts.simStateDir || !isPresetName(preset) ? null : join(opts.simStateDir, `${preset}.json`);
}

const SPEC_HELP = `host specs: local, sim:PRESET (${PRESET_NAMES.join(', ')}), sim:twin:FILE, replay:FILE, ssh://[user@]host[:port]`;

/** Opens the host a spec names. */
export function openHost(spec: string, opts: OpenHostOptions = {}): Host {
  if (spec === 'local') return new LocalHost(opts.sysroot ?? null, { timeoutMs: opts.timeoutMs });
  if (spec.startsWith('sim:twin:')) {
    const file = spec.slice('sim:twin:'.length);
    if (!file) throw new HostSpecError(`sim:twin: needs a file (a capture bundle, a snapshot --json, or a saved sim state); ${SPEC_HELP}`);
    const state = loadTwin(file);
    return opts.stateFile ? new SimHost({ stateFile: opts.stateFile, state, timeoutMs: opts.timeoutMs }) : new SimHost({ state, timeoutMs: opts.timeoutMs });
  }
  if (spec.startsWith('sim:')) {
    const preset = spec.slice(4);
    if (!isPresetName(preset)) throw new HostSpecError(`unknown sim preset "${preset}"; ${SPEC_HELP}`);
    const stateFile = simStateFileFor(spec, opts);
    if (!stateFile) return new SimHost({ preset, timeoutMs: opts.timeoutMs });
    if (opts.fresh) rmSync(stateFile, { force: true });
    if (!opts.stateFile) mkdirSync(dirname(stateFile), { recursive: true, mode: 0o700 });
    const host = new SimHost({ stateFile, preset, timeoutMs: opts.timeoutMs });
    // A kept machine of another preset is not opened as this one without a word.
    if (host.info.preset !== preset) throw new HostSpecError(`${stateFile} holds the machine of sim:${host.info.preset}, not sim:${preset}: name --host sim:${host.info.preset}, or add --fresh to start it anew as sim:${preset}`);
    return host;
  }
  if (spec.startsWith('replay:')) {
    const file = spec.slice('replay:'.length);
    if (!file) throw new HostSpecError(`replay: needs a capture file; ${SPEC_HELP}`);
    return new ReplayHost(loadBundle(file), file);
  }
  if (spec.startsWith('ssh://')) {
    const target = parseSshTarget(spec);
    if (!target) throw new HostSpecError(`"${spec}" is not a valid ssh host; use ssh://[user@]host[:port]`);
    return new SshHost(target, { configFile: opts.sshConfig, timeoutMs: opts.timeoutMs, sysroot: opts.sysroot });
  }
  throw new HostSpecError(`unknown host "${spec}"; ${SPEC_HELP}`);
}

/** Builds a twin's starting state from a capture bundle, a topology (snapshot --json) or a saved sim state. */
export function loadTwin(file: string): SimState {
  const text = readRegularFile(file, 'twin', MAX_INPUT_BYTES);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HostError('EBADDATA', `cannot load twin ${file}: it is not valid JSON`, { path: file });
  }
  const v = value as Record<string, unknown> | null;
  const label = basename(file);
  if (v && typeof v === 'object' && v.format === BUNDLE_FORMAT) {
    if (v.topology === undefined) throw new HostError('EBADDATA', `cannot load twin ${file}: this capture has no snapshot in it; capture the machine again with this version`, { path: file });
    return twinFromTopology(parseTopology(v.topology, file), label);
  }
  if (v && typeof v === 'object' && v.schemaVersion === 1 && 'host' in v) return twinFromTopology(parseTopology(v, file), label);
  return validateSimState(value, file);
}

function parseTopology(value: unknown, file: string): Topology {
  const r = Topology.safeParse(value);
  if (!r.success) throw new HostError('EBADDATA', `cannot load twin ${file}: the snapshot in it is not valid (${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message})`, { path: file });
  return r.data;
}

/** Picks the default host: this machine if it has nd or dax devices, else the qemu-nvdimm sim; says why. */
export async function defaultHost(opts: OpenHostOptions = {}): Promise<{ host: Host; reason: string }> {
  const local = new LocalHost(opts.sysroot ?? null, { timeoutMs: opts.timeoutMs });
  const nd = await readDirOptional(local, '/sys/bus/nd/devices');
  const dax = await readDirOptional(local, '/sys/bus/dax/devices');
  if (nd.length > 0 || dax.length > 0) return { host: local, reason: `using this machine (local): it has ${nd.length} nd and ${dax.length} dax devices` };
  return { host: openHost('sim:qemu-nvdimm', opts), reason: 'using the simulator (sim:qemu-nvdimm): this machine has no NVDIMM or dax devices; pass --host local to inspect it anyway' };
}

export { simTwin } from './twin-factory.js';
