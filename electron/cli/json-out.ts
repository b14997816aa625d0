// A topology as JSON, written piece by piece: the same text as JSON.stringify(t, null, 2), without one string of 50 MB for 10^5 blocks.
import type { Topology } from '../../shared/model/index.js';

/** Blocks per piece written. */
const CHUNK = 4096;

/** Writes a topology as indented JSON followed by a newline, in pieces: everything around the memory blocks, then the blocks a few
 *  thousand at a time. */
export function writeTopologyJson(t: Topology, out: (s: string) => void): void {
  const blocks = t.memory.blocks;
  if (blocks.length === 0) {
    out(JSON.stringify(t, null, 2) + '\n');
    return;
  }
  const text = JSON.stringify({ ...t, memory: { ...t.memory, blocks: [] } }, null, 2);
  const mark = '\n    "blocks": []';
  const at = text.indexOf(mark);
  out(text.slice(0, at) + '\n    "blocks": [\n');
  for (let i = 0; i < blocks.length; i += CHUNK) {
    // "[\n  {...},\n  {...}\n]": the items, two levels deeper than an array at the top.
    const array = JSON.stringify(blocks.slice(i, i + CHUNK), null, 2);
    out(`    ${array.slice(2, -2).replace(/\n/g, '\n    ')}${i + CHUNK < blocks.length ? ',\n' : '\n'}`);
  }
  out('    ]' + text.slice(at + mark.length) + '\n');
}
