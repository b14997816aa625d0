// The memory map: every memory block as one cell on a canvas, grouped by node and owning device, coloured by state and zone.
import type { BlockRun } from '../../../shared/api/index.js';
import { byDeviceName } from '../../../shared/model/names.js';

/** Block colour classes, also the legend's entries. */
export const BLOCK_KINDS = [
  { id: 0, label: 'online, ZONE_MOVABLE', token: '--block-movable' },
  { id: 1, label: 'online, ZONE_NORMAL', token: '--block-normal' },
  { id: 2, label: 'online, DMA/DMA32', token: '--block-dma' },
  { id: 3, label: 'offline', token: '--block-offline' },
  { id: 4, label: 'going offline', token: '--block-going' },
] as const;

/** The colour class of a run of blocks. */
export function blockKind(run: BlockRun): number {
  if (run.state === 'offline') return 3;
  if (run.state === 'going-offline') return 4;
  if (run.zone === 'Movable') return 0;
  if (run.zone === 'DMA' || run.zone === 'DMA32') return 2;
  return 1;
}

/** Blocks that share a node and an owning device. */
export interface BlockGroup {
  node: number;
  device: string | null;
  label: string;
  /** Block indices in this group, ascending. */
  indices: Int32Array;
  /** Colour class per block, same order. */
  kinds: Uint8Array;
  /** Where the group's header starts, in CSS pixels. */
  y: number;
  /** Where its first row of cells starts. */
  cellsY: number;
  rows: number;
}

/** Where every block is drawn. */
export interface MapLayout {
  groups: BlockGroup[];
  width: number;
  height: number;
  cell: number;
  gap: number;
  perRow: number;
}

const HEADER = 22;
const GROUP_GAP = 10;
const PAD = 4;

/** Cell size for a number of blocks: big for a handful, 3 px for tens of thousands. */
export function cellSize(count: number): { cell: number; gap: number } {
  if (count <= 256) return { cell: 20, gap: 3 };
  if (count <= 2048) return { cell: 10, gap: 2 };
  if (count <= 16384) return { cell: 5, gap: 1 };
  return { cell: 3, gap: 1 };
}

/** Lays out the blocks of the given runs in a canvas of the given width. */
export function layoutMap(runs: readonly BlockRun[], width: number, deviceLabel: (device: string | null) => string): MapLayout {
  const count = runs.reduce((n, r) => n + r.count, 0);
  const { cell, gap } = cellSize(count);
  const perRow = Math.max(1, Math.floor((width - 2 * PAD + gap) / (cell + gap)));
  const byKey = new Map<string, BlockRun[]>();
  for (const r of runs) {
    const key = `${r.node}\u0000${r.daxDevice ?? ''}`;
    const list = byKey.get(key) ?? [];
    list.push(r);
    byKey.set(key, list);
  }
  const keys = [...byKey.keys()].sort((a, b) => {
    const [na, da] = a.split('\u0000');
    const [nb, db] = b.split('\u0000');
    return Number(na) - Number(nb) || (da === '' ? -1 : db === '' ? 1 : byDeviceName(da!, db!));
  });
  const groups: BlockGroup[] = [];
  let y = PAD;
  for (const key of keys) {
    const list = byKey.get(key)!;
    const n = list.reduce((s, r) => s + r.count, 0);
    const indices = new Int32Array(n);
    const kinds = new Uint8Array(n);
    let i = 0;
    for (const r of list) {
      const k = blockKind(r);
      for (let j = 0; j < r.count; j++, i++) {
        indices[i] = r.first + j;
        kinds[i] = k;
      }
    }
    const rows = Math.ceil(n / perRow);
    const first = list[0]!;
    groups.push({ node: first.node, device: first.daxDevice, label: `node ${first.node} · ${deviceLabel(first.daxDevice)} · ${n} block${n === 1 ? '' : 's'} (${indices[0]}–${indices[n - 1]})`, indices, kinds, y, cellsY: y + HEADER, rows });
    y += HEADER + rows * (cell + gap) + GROUP_GAP;
  }
  return { groups, width, height: Math.max(y, 40), cell, gap, perRow };
}

/** The run a block belongs to (runs are sorted by their first block). */
export function runForBlock(runs: readonly BlockRun[], index: number): BlockRun | null {
  let lo = 0;
  let hi = runs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = runs[mid]!;
    if (index < r.first) hi = mid - 1;
    else if (index >= r.first + r.count) lo = mid + 1;
    else return r;
  }
  return null;
}

/** The block under a point of the canvas, or null. */
export function blockAt(layout: MapLayout, x: number, y: number): number | null {
  const step = layout.cell + layout.gap;
  for (const g of layout.groups) {
    if (y < g.cellsY || y >= g.cellsY + g.rows * step) continue;
    const col = Math.floor((x - PAD) / step);
    const row = Math.floor((y - g.cellsY) / step);
    if (col < 0 || col >= layout.perRow) return null;
    const i = row * layout.perRow + col;
    return i < g.indices.length ? g.indices[i]! : null;
  }
  return null;
}

/** Paints the part of the layout from `top` (CSS pixels down the map) to the canvas's height, at the given device-pixel ratio: the canvas
 *  is only as tall as the window, and shows the rows scrolled to (a whole-map canvas of 65,536 blocks cost its allocation and a copy to
 *  the compositor per frame, 30 ms each). Blocks in [selection] get the selection colour, then the group labels are drawn as text.
 *  Cells are drawn as rectangles in device pixels: each stretch of same-coloured cells in a row is one rectangle over its cells and the
 *  gaps between them, and each gap column of a group is then one background rectangle down all its rows. A few thousand rectangles for
 *  65,536 cells, and no image data: a whole-canvas ImageData cost 90 ms of the first paint (allocating, filling and putting 4 MiB). */
export function paintMap(ctx: CanvasRenderingContext2D, layout: MapLayout, dpr: number, colours: { kinds: string[]; selected: string; text: string; bg: string }, selection: [number, number] | null, top = 0): void {
  const { cell, gap, perRow } = layout;
  const step = cell + gap;
  const W = ctx.canvas.width;
  const H = ctx.canvas.height;
  const shift = Math.round(top * dpr);
  const size = Math.max(1, Math.round(cell * dpr));
  const cellX = (col: number) => Math.round((PAD + col * step) * dpr);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = colours.bg;
  ctx.fillRect(0, 0, W, H);
  const colourOf = (g: BlockGroup, i: number) => {
    const idx = g.indices[i]!;
    return selection && idx >= selection[0] && idx <= selection[1] ? -1 : g.kinds[i]!;
  };
  for (const g of layout.groups) {
    const groupTop = Math.round(g.cellsY * dpr) - shift;
    if (groupTop >= H) break;
    // The first row at least partly in view.
    const firstRow = Math.max(0, Math.floor((top - g.cellsY) / step) - 1);
    let from = H;
    let bottom = -1;
    for (let start = firstRow * perRow; start < g.indices.length; start += perRow) {
      const end = Math.min(start + perRow, g.indices.length);
      const y = Math.round((g.cellsY + Math.floor(start / perRow) * step) * dpr) - shift;
      if (y >= H) break;
      if (y + size <= 0) continue;
      from = Math.min(from, Math.max(y, 0));
      bottom = Math.min(y + size, H);
      for (let i = start; i < end;) {
        const colour = colourOf(g, i);
        let j = i + 1;
        while (j < end && colourOf(g, j) === colour) j++;
        const left = cellX(i - start);
        ctx.fillStyle = colour < 0 ? colours.selected : colours.kinds[colour]!;
        ctx.fillRect(left, Math.max(y, 0), Math.min(cellX(j - 1 - start) + size, W) - left, bottom - Math.max(y, 0));
        i = j;
      }
    }
    if (bottom < 0) continue;
    // The gaps between columns, down the group's rows in view (a stretch above painted over them).
    ctx.fillStyle = colours.bg;
    const columns = Math.min(perRow, g.indices.length);
    for (let col = 0; col + 1 < columns; col++) {
      const left = cellX(col) + size;
      const right = cellX(col + 1);
      if (right > left) ctx.fillRect(left, from, right - left, bottom - from);
    }
  }
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.font = '12px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = colours.text;
  for (const g of layout.groups) {
    const y = g.y + 10 - top;
    if (y > -10 && y * dpr < H + 10) ctx.fillText(g.label, PAD, y);
  }
}
