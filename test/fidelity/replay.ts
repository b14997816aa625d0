// Replays a real transcript's shell lines against a Host, the way the guest's busybox sh ran them.
import { readFileSync } from 'node:fs';
import { ALLOWED_COMMANDS } from '../../electron/actions/elevation/allowlist.js';
import { HostError, type Host } from '../../electron/host/host.js';
import { SimHost, type SimState } from '../../electron/host/sim/index.js';
import { pmemIo } from '../../electron/host/sim/poison.js';
import { monitorEnablesAlarms } from '../../electron/host/sim/ndctl-inject-smart.js';

/** One recorded step of a transcript. */
export interface TranscriptStep {
  cmd: string;
  exit: number;
  stdout: string;
  stderr: string;
}

/** How a step compared. */
export interface StepOutcome {
  index: number;
  cmd: string;
  kind: 'tool' | 'sysfs' | 'skipped';
  match: boolean;
  differences: string[];
}

/** Loads the steps of a fixtures/real JSON transcript or JSONL session. */
export function loadSteps(file: string): TranscriptStep[] {
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.jsonl')) return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as TranscriptStep);
  return (JSON.parse(text) as { steps: TranscriptStep[] }).steps;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
/** Masks UUIDs (random on every run) but keeps the all-zero one. */
export const maskUuids = (s: string) => s.replace(UUID, (u) => (u === '00000000-0000-0000-0000-000000000000' ? u : '<uuid>'));

/** Keeps only the lines of meminfo that do not depend on what the guest was doing (its totals). */
function stableMeminfo(path: string, content: string): string {
  if (!/meminfo$/.test(path)) return content;
  return content.split('\n').filter((l) => /MemTotal/.test(l)).join('\n');
}

const TOOL = /^(ndctl|daxctl|cxl) /;
const CAT = /^cat ((?:\/(?:sys|proc)\/\S+ ?)+)(?:\| head -(\d+))?$/;
const ECHO = /^echo (\S+) > (\/sys\/\S+)$/;
/** A dd to or from a pmem block device, one 512-byte sector at a time (the poison steps of qemu-nfit-test.json). */
const DD = /^(\/bin\/)?dd if=(\S+) of=(\S+) bs=512 count=(\d+) (?:seek|skip)=(\d+)(?: (iflag|oflag)=direct)?$/;

/** What the console runs: the reads of a snapshot, and every subcommand a plan may run (the helper's allowlist). The fidelity bar is
 *  100% on these. */
export const CONSOLE_SUBCOMMANDS = new Set(['ndctl version', 'ndctl list', 'daxctl version', 'daxctl list', 'cxl version', 'cxl list', ...ALLOWED_COMMANDS]);

async function runTool(host: Host, line: string) {
  const r = await host.exec(line.split(/\s+/).filter(Boolean));
  return { exit: r.exitCode, stdout: r.stdout, stderr: r.stderr };
}

async function expandGlob(host: Host, path: string): Promise<string[]> {
  if (!path.includes('*')) return [path];
  const parts = path.split('/');
  const i = parts.findIndex((p) => p.includes('*'));
  const dir = parts.slice(0, i).join('/');
  const re = new RegExp('^' + parts[i]!.replace(/\*/g, '.*') + '$');
  const names = (await host.readDir(dir)).filter((n) => re.test(n)).sort();
  const out: string[] = [];
  for (const n of names) out.push(...(await expandGlob(host, [dir, n, ...parts.slice(i + 1)].join('/'))));
  return out;
}

/** A shell part's result; compare false: it ran (its change to the machine is replayed) but the console never runs it, so its output is
 *  not compared (inject-smart, inject-error, zero-labels, firmware updates: the harness's own hands on the machine). */
type PartResult = { exit: number; stdout: string; stderr: string; compare?: false };

/** The harness's own hands on the guest's key ring, hostname and key files (the security steps of qemu-nfit-test.json), replayed on
 *  the emulated machine's state; null for any other line. Their output is not compared. */
function keyringPart(host: Host, p: string): PartResult | null {
  if (!(host instanceof SimHost)) return null;
  const done = (change: (state: SimState) => void): PartResult => {
    host.mutate(change);
    return { exit: 0, stdout: '', stderr: '', compare: false };
  };
  let m = /^hostname (\S+)$/.exec(p);
  if (m) return done((s) => (s.hostname = m![1]!));
  m = /\| keyctl padd (user|trusted) (\S+) @u$/.exec(p);
  if (m) return done((s) => (s.keyring = [...(s.keyring ?? []), `${m![1]}:${m![2]}`]));
  m = /^keyctl pipe \$\(keyctl search @u (\w+) (\S+)\) > (\S+)$/.exec(p);
  if (m) return done((s) => (s.files[m![3]!] = `the ${m![1]} key ${m![2]}\n`));
  m = /^keyctl unlink \$\(keyctl search @u (\w+) (\S+)\)$/.exec(p);
  if (m) return done((s) => (s.keyring = (s.keyring ?? []).filter((k) => k !== `${m![1]}:${m![2]}`)));
  m = /^rm -f (\S+)$/.exec(p);
  if (m) {
    const re = new RegExp('^' + m[1]!.replace(/[.]/g, '\\.').replace(/\*/g, '.*') + '$');
    return done((s) => {
      for (const f of Object.keys(s.files)) if (re.test(f)) delete s.files[f];
    });
  }
  if (/^(keyctl show|ls -l) /.test(p)) return { exit: 0, stdout: '', stderr: '', compare: false };
  return null;
}

async function runShellPart(host: Host, part: string): Promise<PartResult | null> {
  const keys = keyringPart(host, part.trim());
  if (keys) return keys;
  // An `ndctl monitor` the session started (in the background or under a time limit): what it changes on the DIMMs, replayed.
  const monitor = /^(?:timeout \d+ )?ndctl monitor (.*?)(?: >.*)?$/.exec(part.trim());
  if (monitor && host instanceof SimHost) {
    let said: string | null = null;
    host.mutate((state) => (said = monitorEnablesAlarms(state, monitor[1]!.split(/\s+/))));
    return { exit: said ? 1 : 0, stdout: '', stderr: said ?? '', compare: false };
  }
  // A pipeline's output is another program's (jq): not the tool's to compare. `timeout N cmd` is cmd, within a limit it kept.
  if (/ \| (?!head -\d+$)/.test(part)) return null;
  const p = part.trim().replace(/^timeout \d+ /, '');
  if (TOOL.test(p)) {
    const sub = p.split(/\s+/).slice(0, 2).join(' ');
    // A background or redirected run (monitor) is not replayed.
    if (/[>&]/.test(p)) return null;
    const r = await runTool(host, p);
    return CONSOLE_SUBCOMMANDS.has(sub) ? r : { ...r, compare: false };
  }
  const cat = CAT.exec(p);
  if (cat) {
    let out = '';
    let exit = 0;
    const files: string[] = [];
    for (const pattern of cat[1]!.trim().split(/\s+/)) files.push(...(await expandGlob(host, pattern)));
    let err = '';
    for (const f of files) {
      try {
        out += stableMeminfo(f, await host.readFile(f)) + (/meminfo$/.test(f) ? '\n' : '');
      } catch (e) {
        exit = 1;
        // The transcripts' cat is busybox's, which names a file that is not there.
        if (e instanceof HostError && e.code === 'ENOENT') err += `cat: can't open '${f}': No such file or directory\n`;
      }
    }
    if (cat[2]) out = out.split('\n').slice(0, Number(cat[2])).join('\n') + '\n';
    return { exit, stdout: out, stderr: err };
  }
  // A firmware image made for update-firmware: the emulated machine has the file.
  const image = /^dd if=\/dev\/urandom of=(\/tmp\/\S+) bs=(\d+) count=(\d+)$/.exec(p);
  if (image && host instanceof SimHost) {
    host.mutate((state) => (state.files[image[1]!] = 'x'.repeat(Number(image[2]) * Number(image[3]))));
    return { exit: 0, stdout: '', stderr: '', compare: false };
  }
  const dd = DD.exec(p);
  if (dd && host instanceof SimHost) {
    const read = dd[2]!.startsWith('/dev/pmem');
    // The guest's bare `dd` is BusyBox's; its oflag=direct write of a poisoned sector failed as a buffered one does (the recording), so
    // it is replayed as one. Its output (rates, times) is not compared.
    const direct = dd[6] !== undefined && dd[1] !== undefined;
    let outcome = 'ok';
    host.mutate((state) => (outcome = pmemIo(state, read ? dd[2]! : dd[3]!, Number(dd[5]), Number(dd[4]), read ? 'read' : 'write', direct)));
    return { exit: outcome === 'ok' ? 0 : 1, stdout: '', stderr: '', compare: false };
  }
  const echo = ECHO.exec(p);
  if (echo) {
    try {
      await host.writeFile(echo[2]!, echo[1]!);
      return { exit: 0, stdout: '', stderr: '' };
    } catch (e) {
      const text = e instanceof HostError && e.code === 'EBUSY' ? 'Device or resource busy' : 'Invalid argument';
      return { exit: 1, stdout: '', stderr: `sh: write error: ${text}\n` };
    }
  }
  return null;
}

/** Runs one step; returns null for lines the console never runs (modprobe, ls, lsmem, harness echoes). */
export async function replayStep(host: Host, step: TranscriptStep, index: number): Promise<StepOutcome> {
  const parts = step.cmd.split(/ && |; /);
  const results: (PartResult | null)[] = [];
  // Every part that changes the machine runs, so later steps start from the recorded machine; the step is compared only where each
  // part is one the console runs.
  for (const part of parts) {
    const r = await runShellPart(host, part);
    results.push(r);
    if (r && r.exit !== 0 && step.cmd.includes(' && ')) break;
  }
  if (results.some((r) => r === null || r.compare === false)) return { index, cmd: step.cmd, kind: 'skipped', match: true, differences: [] };
  const ran = results as PartResult[];
  const got = { exit: ran.at(-1)!.exit, stdout: ran.map((r) => r.stdout).join(''), stderr: ran.map((r) => r.stderr).join('') };
  const want = { exit: step.exit, stdout: step.stdout, stderr: step.stderr };
  if (/cat /.test(step.cmd) && /meminfo/.test(step.cmd)) {
    want.stdout = step.stdout.split('\n').filter((l) => /MemTotal/.test(l)).join('\n') + '\n';
    got.stdout = got.stdout.split('\n').filter((l) => /MemTotal/.test(l)).join('\n') + '\n';
  }
  const differences: string[] = [];
  if (got.exit !== want.exit) differences.push(`exit ${got.exit}, real ${want.exit}`);
  if (maskUuids(got.stdout) !== maskUuids(want.stdout)) differences.push(`stdout differs:\n--- sim\n${got.stdout}\n--- real\n${want.stdout}`);
  if (maskUuids(got.stderr) !== maskUuids(want.stderr)) differences.push(`stderr differs:\n--- sim\n${got.stderr}\n--- real\n${want.stderr}`);
  const kind = TOOL.test(step.cmd) ? 'tool' : 'sysfs';
  return { index, cmd: step.cmd, kind, match: differences.length === 0, differences };
}

/** The sysfs attributes the console reads (snapshot, doctor, sysfs-only mode): the fidelity bar is 100% on these. */
const CONSOLE_ATTRIBUTE = new RegExp([
  String.raw`^/sys/devices/system/memory/(block_size_bytes|auto_online_blocks|memory\d+/(state|valid_zones|removable))$`,
  String.raw`^/sys/devices/system/node/(possible|online|has_memory|node\d+/(cpulist|distance|access\d/initiators/\w+|memory_side_cache/index\d+/(size|line_size|indexing|write_policy)))$`,
  String.raw`^/sys/module/memory_hotplug/parameters/`, String.raw`^/sys/kernel/mm/numa/demotion_enabled$`, String.raw`memory_tier\d+/nodelist$`,
  String.raw`/(region|namespace|dax|pfn|btt)\d+(\.\d+)?/(size|align|available_size|max_available_extent|numa_node|target_node|nstype|resource|mappings|mapping\d+|persistence_domain|mode|holder|alt_name|sector_size|uuid)$`,
  String.raw`/ndbus\d+/nmem\d+/(flags|security|nfit/handle|nfit/id)$`,
].join('|'));

/** One recorded sysfs snapshot: its name, when it was taken, and path -> content. */
export interface SysfsSnapshot {
  name: string;
  time: number;
  files: Record<string, string>;
}

/** The sysfs snapshots of a JSON transcript, in time order (JSONL sessions have none). */
export function loadSnapshots(file: string): SysfsSnapshot[] {
  if (file.endsWith('.jsonl')) return [];
  const d = JSON.parse(readFileSync(file, 'utf8')) as { sysfs: Record<string, Record<string, string>>; sysfs_snapshot_times: Record<string, number> };
  return Object.entries(d.sysfs_snapshot_times).sort((a, b) => a[1] - b[1]).map(([name, time]) => ({ name, time, files: d.sysfs[name]! }));
}

/** Compares the console-read attributes of a snapshot with what the host shows now. Unclaimed btt/pfn/dax seed devices are left out: the console never reads them. */
export async function compareSnapshot(host: Host, snap: SysfsSnapshot): Promise<{ compared: number; differences: string[] }> {
  const unclaimed = new Set(Object.entries(snap.files).filter(([p, v]) => /\/(btt|pfn|dax)\d+\.\d+\/namespace$/.test(p) && v.trim() === '').map(([p]) => p.replace(/\/namespace$/, '/')));
  const paths = Object.keys(snap.files).filter((p) => CONSOLE_ATTRIBUTE.test(p) && ![...unclaimed].some((dir) => p.startsWith(dir)));
  const got = await host.readFiles(paths);
  const differences: string[] = [];
  for (const p of paths) {
    const v = got.get(p);
    const want = /\/uuid$/.test(p) ? maskUuids(snap.files[p]!) : snap.files[p]!;
    const have = typeof v === 'string' ? (/\/uuid$/.test(p) ? maskUuids(v) : v) : `(${v?.code})`;
    if (have !== want) differences.push(`${snap.name} ${p}: sim ${JSON.stringify(have)}, real ${JSON.stringify(want)}`);
  }
  return { compared: paths.length, differences };
}
