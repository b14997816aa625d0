// The emulated machine's files: rendered sysfs/proc plus memory blocks resolved on demand.
import { posix } from 'node:path';
import { blockPosition } from '../../../shared/model/index.js';
import { HostError, numbersOf, type NumberedEntries } from '../host.js';
import { findDaxDevice, KernelError, readOnlyPass, setBlockState, validZones } from './kernel.js';
import { writeMm } from './mm.js';
import { lockInHardware } from './dimm-security.js';
import { render } from './render.js';
import type { SimBlock, SimState } from './state.js';
import { resolvePath, type Vfs } from './vfs.js';

const MEMORY_DIR = '/sys/devices/system/memory';
const BLOCK_RE = /^\/sys\/devices\/system\/memory\/memory(\d+)(?:\/([a-z_0-9]+))?$/;
const NODE_DIR_RE = /^\/sys\/devices\/system\/node\/node(\d+)$/;
const NODE_MEMORY_RE = /^\/sys\/devices\/system\/node\/node(\d+)\/memory(\d+)$/;
const BLOCK_ATTRS = ['online', 'phys_device', 'phys_index', 'removable', 'state', 'valid_zones', 'uevent'];

/** A block's state file as the kernel writes it: one string per state, not one per read (65,536 blocks are read at once). */
const STATE_TEXT: Record<SimBlock['state'], string> = { online: 'online\n', offline: 'offline\n' };

/** Lines of the few texts a valid_zones file holds, kept: a whole machine's blocks share a handful. */
const LINES = new Map<string, string>();

function lineOf(text: string): string {
  let line = LINES.get(text);
  if (line === undefined) {
    line = `${text}\n`;
    if (LINES.size < 256) LINES.set(text, line);
  }
  return line;
}

/** Reads and writes the emulated machine's files; re-renders when the state changes. */
export class SimFs {
  private vfs: Vfs | null = null;
  private blockIndex: Map<number, SimBlock> | 'sorted' | null = null;
  /** The numbers of the memoryN entries of each node's directory; like blockIndex, it only changes when blocks come or go. */
  private nodeBlocks: Map<number, Int32Array> | null = null;

  constructor(private readonly getState: () => SimState) {}

  /** Drops cached renderings after the state changed. */
  invalidate(opts: { blocksKept?: boolean } = {}): void {
    this.vfs = null;
    if (!opts.blocksKept) {
      this.blockIndex = null;
      this.nodeBlocks = null;
    }
  }

  private tree(): Vfs {
    return (this.vfs ??= render(this.getState()));
  }

  private block(index: number): SimBlock | undefined {
    const blocks = this.getState().memory.blocks;
    // The kernel's blocks are kept in index order (hotAdd sorts): found by halving, with no index built. A state file written out of
    // order gets a Map.
    if (!this.blockIndex) {
      let sorted = true;
      for (let k = 1; k < blocks.length && sorted; k++) sorted = blocks[k - 1]!.index < blocks[k]!.index;
      this.blockIndex = sorted ? 'sorted' : new Map(blocks.map((b) => [b.index, b]));
    }
    if (this.blockIndex !== 'sorted') return this.blockIndex.get(index);
    const k = blockPosition(blocks, index);
    return k < 0 ? undefined : blocks[k];
  }

  private resolve(path: string): string {
    if (path.startsWith(MEMORY_DIR + '/memory') && !path.includes('..')) return posix.normalize(path);
    return resolvePath(this.tree(), path);
  }

  /** Reads a file like cat(1) would. */
  readFile(path: string): string {
    // Memory block attributes are most of what is read; a path the pattern matches is already normal.
    const direct = BLOCK_RE.exec(path);
    const p = direct ? path : this.resolve(path);
    const m = direct ?? BLOCK_RE.exec(p);
    if (m) {
      const b = this.block(Number(m[1]));
      if (!b || !m[2] || !BLOCK_ATTRS.includes(m[2])) throw new HostError(m[2] || !b ? 'ENOENT' : 'EINVAL', `${path}: No such file or directory`, { path });
      return this.blockAttr(b, m[2]);
    }
    const node = this.tree().nodes.get(p);
    if (!node) throw new HostError('ENOENT', `${path}: No such file or directory`, { path });
    if (node.type === 'dir') throw new HostError('EINVAL', `${path}: Is a directory`, { path });
    if (node.type === 'link') throw new HostError('ENOENT', `${path}: dangling link`, { path });
    if (node.error) throw new HostError(node.error, `${path}: ${node.error === 'ENXIO' ? 'No such device or address' : 'Permission denied'}`, { path });
    return node.content;
  }

  /** Reads the same attributes of many numbered entries of a directory; memory blocks are answered from the state, without a path per
   *  file. */
  readTable(dir: string, entries: NumberedEntries, attrs: readonly string[]): (string | null)[] {
    return readOnlyPass(this.getState(), () => this.table(dir, entries, attrs));
  }

  private table(dir: string, { prefix, numbers }: NumberedEntries, attrs: readonly string[]): (string | null)[] {
    const out: (string | null)[] = new Array(numbers.length * attrs.length);
    let k = 0;
    if (dir !== MEMORY_DIR || prefix !== 'memory') {
      for (const e of numbers) for (const a of attrs) out[k++] = this.fileOrNull(`${dir}/${prefix}${e}/${a}`);
      return out;
    }
    const blocks = this.getState().memory.blocks;
    const known = attrs.map((a) => BLOCK_ATTRS.includes(a));
    // Asked in index order (the usual case), each block is the one after the last: found by a step, not a search.
    let next = 0;
    for (const i of numbers) {
      let b = blocks[next];
      if (b?.index === i) next++;
      else b = this.block(i);
      for (let j = 0; j < attrs.length; j++) out[k++] = b && known[j] ? this.blockAttr(b, attrs[j]!) : null;
    }
    return out;
  }

  private fileOrNull(path: string): string | null {
    try {
      return this.readFile(path);
    } catch (err) {
      if (!(err instanceof HostError)) throw err;
      return null;
    }
  }

  private blockAttr(b: SimBlock, attr: string): string {
    const state = this.getState();
    switch (attr) {
      case 'online':
        return b.state === 'online' ? '1\n' : '0\n';
      case 'phys_device':
        return '0\n';
      case 'phys_index':
        return b.index.toString(16).padStart(8, '0') + '\n';
      case 'removable':
        return '1\n';
      case 'state':
        return STATE_TEXT[b.state];
      case 'valid_zones':
        return lineOf(b.boot && b.zone === 'none' ? 'none' : validZones(state, b));
      default:
        return '';
    }
  }

  /** Lists a directory. */
  readDir(path: string): string[] {
    const p = this.resolve(path);
    const m = BLOCK_RE.exec(p);
    if (m && !m[2]) {
      const b = this.block(Number(m[1]));
      if (!b) throw new HostError('ENOENT', `${path}: No such file or directory`, { path });
      return [...BLOCK_ATTRS, `node${b.node}`, 'subsystem', 'power'];
    }
    if (p === MEMORY_DIR) {
      return ['auto_online_blocks', 'block_size_bytes', 'hard_offline_page', 'power', 'probe', 'soft_offline_page', 'uevent', ...this.getState().memory.blocks.map((b) => `memory${b.index}`)];
    }
    const node = this.tree().nodes.get(p);
    if (!node || node.type !== 'dir') throw new HostError('ENOENT', `${path}: No such directory`, { path });
    const names = [...node.children];
    const nm = NODE_DIR_RE.exec(p);
    if (nm) for (const i of this.nodeBlockNumbers(Number(nm[1]))) names.push(`memory${i}`);
    return names;
  }

  /** The numbers of a directory's entries named prefix and N, ascending: the memory directory's and each node's memory blocks straight
   *  from the state, with no name per block; any other directory from its listing. */
  listNumbered(path: string, prefix: string): Int32Array {
    const p = this.resolve(path);
    const nm = NODE_DIR_RE.exec(p);
    if (prefix === 'memory' && p === MEMORY_DIR) return this.memoryBlockNumbers();
    if (prefix === 'memory' && nm && this.tree().nodes.get(p)?.type === 'dir') return this.nodeBlockNumbers(Number(nm[1])).slice();
    return numbersOf(this.readDir(path), prefix);
  }

  private memoryBlockNumbers(): Int32Array {
    const blocks = this.getState().memory.blocks;
    const out = new Int32Array(blocks.length);
    let sorted = true;
    for (let k = 0; k < blocks.length; k++) {
      out[k] = blocks[k]!.index;
      if (k > 0 && out[k]! < out[k - 1]!) sorted = false;
    }
    return sorted ? out : out.sort();
  }

  private nodeBlockNumbers(node: number): Int32Array {
    if (!this.nodeBlocks) {
      const lists = new Map<number, number[]>();
      for (const b of this.getState().memory.blocks) {
        let list = lists.get(b.node);
        if (!list) lists.set(b.node, (list = []));
        list.push(b.index);
      }
      this.nodeBlocks = new Map([...lists].map(([n, list]) => [n, Int32Array.from(list).sort()]));
    }
    return this.nodeBlocks.get(node) ?? new Int32Array(0);
  }

  /** Reads a symlink's stored target. */
  readLink(path: string): string {
    const norm = posix.normalize(path);
    const m = /^\/sys\/devices\/system\/memory\/memory(\d+)\/node(\d+)$/.exec(norm);
    if (m) {
      const b = this.block(Number(m[1]));
      if (b && b.node === Number(m[2])) return `../../node/node${b.node}`;
      throw new HostError('ENOENT', `${path}: No such file or directory`, { path });
    }
    const nm = NODE_MEMORY_RE.exec(norm);
    if (nm) {
      const b = this.block(Number(nm[2]));
      if (b && b.node === Number(nm[1])) return `../../memory/memory${b.index}`;
      throw new HostError('ENOENT', `${path}: No such file or directory`, { path });
    }
    const dir = resolvePath(this.tree(), posix.dirname(norm));
    const node = this.tree().nodes.get(posix.join(dir, posix.basename(norm)));
    if (!node || node.type !== 'link') throw new HostError(node ? 'EINVAL' : 'ENOENT', `${path}: not a symlink`, { path });
    return node.target;
  }

  /** Writes a value like `echo value > path` would; returns whether the state changed. */
  writeFile(path: string, value: string): void {
    const state = this.getState();
    const p = this.resolve(path);
    const v = value.trim();
    const m = BLOCK_RE.exec(p);
    try {
      if (m && (m[2] === 'state' || m[2] === 'online')) {
        const b = this.block(Number(m[1]));
        if (!b) throw new HostError('ENOENT', `${path}: No such file or directory`, { path });
        if (m[2] === 'online') {
          if (v !== '0' && v !== '1') throw new HostError('EINVAL', `${path}: Invalid argument`, { path });
          setBlockState(state, b, v === '1' ? 'online' : 'offline');
        } else setBlockState(state, b, v);
        return;
      }
      if (p === `${MEMORY_DIR}/auto_online_blocks`) {
        if (!['offline', 'online', 'online_kernel', 'online_movable'].includes(v)) throw new HostError('EINVAL', `${path}: Invalid argument`, { path });
        state.memory.autoOnline = v;
        return;
      }
      if (p === '/sys/kernel/mm/numa/demotion_enabled') {
        if (!['true', 'false', '1', '0', 'y', 'n', 'Y', 'N'].includes(v)) throw new HostError('EINVAL', `${path}: Invalid argument`, { path });
        state.demotionEnabled = ['true', '1', 'y', 'Y'].includes(v);
        return;
      }
      if (p === '/proc/sys/kernel/numa_balancing') {
        if (!/^[0-3]$/.test(v)) throw new HostError('EINVAL', `${path}: Invalid argument`, { path });
        state.numaBalancing = Number(v);
        return;
      }
      // nfit_test's lock_dimm: the test DIMM with that handle locks, as at a power loss.
      const lock = /^\/sys\/devices\/platform\/(nfit_test\.\d+)\/nfit_test_dimm\/test_dimm\d+\/lock_dimm$/.exec(p);
      if (lock) {
        const handle = Number.parseInt(this.readFile(p.replace(/lock_dimm$/, 'handle')), 16);
        const dimm = state.buses.find((b) => b.provider === lock[1])?.dimms.find((d) => d.handle === handle);
        if (!dimm) throw new HostError('ENOENT', `${path}: No such file or directory`, { path });
        lockInHardware(dimm);
        return;
      }
      if (p.startsWith('/etc/')) {
        state.files[p] = value;
        return;
      }
      if (writeMm(state, p, (name) => findDaxDevice(state, name)?.device ?? null, value)) return;
    } catch (e) {
      if (e instanceof KernelError) {
        const code = e.errno.code === 16 ? 'EBUSY' : e.errno.code === 22 ? 'EINVAL' : 'EIO';
        throw new HostError(code, `${path}: ${e.errno.text}`, { path, cause: e });
      }
      throw e;
    }
    if (this.tree().nodes.has(p) || BLOCK_RE.test(p)) throw new HostError('EACCES', `${path}: Permission denied`, { path });
    throw new HostError('ENOENT', `${path}: No such file or directory`, { path });
  }
}
