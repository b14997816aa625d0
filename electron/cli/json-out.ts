// A topology as JSON, written piece by piece: the same text as JSON.stringify(t, null, 2), without one string of 50 MB for 10^5 blocks.
// The blocks' text is encoded straight into byte buffers from pre-encoded pieces (a third of the CPU of building strings and encoding
// them, measured at 65,536 blocks: bench/scan.ts).
import type { MemoryBlock, Topology } from '../../shared/model/index.js';

/** Bytes per piece written. */
const PIECE = 1 << 20;

/** Indentation of a block's fields inside topology.memory.blocks (three levels deep, plus the block's own). */
const IN = '        ';

const bytes = (s: string) => Buffer.from(s, 'utf8');
const OPEN = bytes(`      {\n${IN}"index": `);
const START = bytes(`,\n${IN}"start": `);
/** The most a number takes (a safe integer with its sign). */
const NUMBER_MAX = 17;

/** The text between a block's start and its node ('"state": …, "validZones": […], "node": '), by state and zone list: a machine's
 *  blocks share a handful of zone lists (memory.ts), so a few of these serve them all. */
const middles = new Map<string, WeakMap<readonly string[], Buffer>>();

function middleJson(state: string, zones: readonly string[]): Buffer {
  let byZones = middles.get(state);
  if (byZones === undefined) middles.set(state, (byZones = new WeakMap()));
  let b = byZones.get(zones);
  if (b === undefined) {
    const list = zones.length === 0 ? '[]' : `[\n${zones.map((z) => `${IN}  ${JSON.stringify(z)}`).join(',\n')}\n${IN}]`;
    b = bytes(`,\n${IN}"state": ${JSON.stringify(state)},\n${IN}"validZones": ${list},\n${IN}"node": `);
    byZones.set(zones, b);
  }
  return b;
}

/** The text after a block's node (removable, dax device, the closing brace and what follows it), by those values: a machine has a few
 *  dax devices, so a few of these serve all its blocks. */
const ends = [new Map<string | null, Buffer>(), new Map<string | null, Buffer>(), new Map<string | null, Buffer>(), new Map<string | null, Buffer>()];

function endJson(removable: boolean, dax: string | null, last: boolean): Buffer {
  const byDax = ends[(removable ? 2 : 0) + (last ? 1 : 0)]!;
  let b = byDax.get(dax);
  if (b === undefined) {
    b = bytes(`,\n${IN}"removable": ${removable},\n${IN}"daxDevice": ${JSON.stringify(dax)}\n      }${last ? '\n' : ',\n'}`);
    if (byDax.size < 4096) byDax.set(dax, b);
  }
  return b;
}

/** Blocks encoded into a buffer, handed on a piece at a time. */
class BlockWriter {
  #buf = Buffer.allocUnsafe(PIECE);
  #at = 0;

  constructor(private readonly out: (s: string | Buffer) => void) {}

  /** One block as JSON.stringify(block, null, 2) writes it inside the topology (fields in the model's order), then ",\n" or "\n":
   *  four pre-encoded pieces and three numbers. */
  block(b: MemoryBlock, last: boolean): void {
    const middle = middleJson(b.state, b.validZones);
    const end = endJson(b.removable, b.daxDevice, last);
    this.#room(OPEN.length + START.length + middle.length + end.length + 3 * NUMBER_MAX);
    this.#put(OPEN); this.#number(b.index);
    this.#put(START); this.#number(b.start);
    this.#put(middle); this.#number(b.node);
    this.#put(end);
  }

  /** Hands on what is written (a fresh buffer follows: the reader may keep this one). */
  flush(): void {
    if (this.#at > 0) this.out(this.#buf.subarray(0, this.#at));
    this.#buf = Buffer.allocUnsafe(Math.max(PIECE, this.#buf.length));
    this.#at = 0;
  }

  #room(n: number): void {
    if (this.#at + n <= this.#buf.length) return;
    this.flush();
    if (n > this.#buf.length) this.#buf = Buffer.allocUnsafe(n);
  }

  #put(b: Buffer): void {
    this.#buf.set(b, this.#at); // TypedArray's set: half the cost of Buffer's copy for a few bytes
    this.#at += b.length;
  }

  /** A number as JSON writes it: digits straight into the buffer for a safe integer, JSON.stringify for anything else. */
  #number(n: number): void {
    if (!Number.isSafeInteger(n)) {
      this.#at += this.#buf.write(JSON.stringify(n), this.#at, 'latin1');
      return;
    }
    const buf = this.#buf;
    if (n < 0) {
      buf[this.#at++] = 45;
      n = -n;
    }
    const from = this.#at;
    do {
      buf[this.#at++] = 48 + (n % 10);
      n = Math.floor(n / 10);
    } while (n > 0);
    for (let a = from, z = this.#at - 1; a < z; a++, z--) {
      const c = buf[a]!;
      buf[a] = buf[z]!;
      buf[z] = c;
    }
  }
}

/** Writes a topology as indented JSON followed by a newline, in pieces: everything around the memory blocks, then the blocks about a
 *  megabyte at a time. */
export function writeTopologyJson(t: Topology, out: (s: string | Buffer) => void): void {
  const blocks = t.memory.blocks;
  if (blocks.length === 0) {
    out(JSON.stringify(t, null, 2) + '\n');
    return;
  }
  const text = JSON.stringify({ ...t, memory: { ...t.memory, blocks: [] } }, null, 2);
  const mark = '\n    "blocks": []';
  const at = text.indexOf(mark);
  out(text.slice(0, at) + '\n    "blocks": [\n');
  const writer = new BlockWriter(out);
  for (let i = 0; i < blocks.length; i++) writer.block(blocks[i]!, i + 1 === blocks.length);
  writer.flush();
  out('    ]' + text.slice(at + mark.length) + '\n');
}
