// Writes an on-disk sysfs tree of memory blocks, laid out as the kernel lays it out, for --sysroot scans.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The shape of a generated tree. */
export interface TreeShape {
  blocks: number;
  nodes: number;
  blockSize: number;
}

/** Creates ROOT/sys/devices/system/{memory,node} with `blocks` memory blocks spread over `nodes` nodes. */
export function writeMemoryTree(root: string, shape: TreeShape): void {
  const memory = join(root, 'sys/devices/system/memory');
  const node = join(root, 'sys/devices/system/node');
  mkdirSync(memory, { recursive: true });
  mkdirSync(node, { recursive: true });
  writeFileSync(join(memory, 'block_size_bytes'), shape.blockSize.toString(16) + '\n');
  writeFileSync(join(memory, 'auto_online_blocks'), 'offline\n');
  const list = shape.nodes > 1 ? `0-${shape.nodes - 1}\n` : '0\n';
  for (const f of ['possible', 'online', 'has_memory']) writeFileSync(join(node, f), list);
  const perNode = Math.ceil(shape.blocks / shape.nodes);
  for (let n = 0; n < shape.nodes; n++) mkdirSync(join(node, `node${n}`));
  for (let i = 0; i < shape.blocks; i++) {
    const n = Math.floor(i / perNode);
    const dir = join(memory, `memory${i}`);
    mkdirSync(dir);
    // The last quarter of each node is offline hot-added memory, as after `daxctl reconfigure-device --no-online`.
    const online = i % perNode < (perNode * 3) / 4;
    writeFileSync(join(dir, 'state'), online ? 'online\n' : 'offline\n');
    writeFileSync(join(dir, 'valid_zones'), online ? (n === 0 ? 'Normal\n' : 'Movable\n') : 'Movable Normal\n');
    writeFileSync(join(dir, 'removable'), '1\n');
    writeFileSync(join(dir, 'phys_index'), i.toString(16).padStart(8, '0') + '\n');
    symlinkSync(`../../node/node${n}`, join(dir, `node${n}`));
    symlinkSync(`../../memory/memory${i}`, join(node, `node${n}`, `memory${i}`));
  }
}
