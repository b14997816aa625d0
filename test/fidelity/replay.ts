// Replays a real transcript's shell lines against a Host, the way the guest's busybox sh ran them.
import { readFileSync } from 'node:fs';
import { ALLOWED_COMMANDS } from '../../electron/actions/elevation/allowlist.js';
import { HostError, type Host } from '../../electron/host/host.js';

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

async function runShellPart(host: Host, part: string): Promise<{ exit: number; stdout: string; stderr: string } | null> {
  const p = part.trim();
  if (TOOL.test(p)) {
    const sub = p.split(/\s+/).slice(0, 2).join(' ');
    return CONSOLE_SUBCOMMANDS.has(sub) ? runTool(host, p) : null;
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
  const results = [];
  for (const part of parts) {
    const r = await runShellPart(host, part);
    if (!r) return { index, cmd: step.cmd, kind: 'skipped', match: true, differences: [] };
    results.push(r);
    if (r.exit !== 0 && step.cmd.includes(' && ')) break;
  }
  const got = { exit: results.at(-1)!.exit, stdout: results.map((r) => r.stdout).join(''), stderr: results.map((r) => r.stderr).join('') };
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
