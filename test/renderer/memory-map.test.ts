// The memory map's painter (renderer/src/lib/memory-map.ts), with a stand-in 2D context: every cell's pixels, and nothing else, get its
// colour, at 1x and 2x, with a selection, in groups and rows that end part-way; compared with a plain cell-by-cell reference.
import { describe, expect, it } from 'vitest';
import type { BlockRun } from '../../shared/api/index.js';
import { layoutMap, paintMap, type MapLayout } from '../../renderer/src/lib/memory-map.js';

const COLOURS = { kinds: ['#010101', '#020202', '#030303', '#040404', '#050505'], selected: '#0a0a0a', text: '#ffffff', bg: '#000000' };
const word = (hex: string) => ((255 << 24) | (parseInt(hex.slice(5, 7), 16) << 16) | (parseInt(hex.slice(3, 5), 16) << 8) | parseInt(hex.slice(1, 3), 16)) >>> 0;

/** A 2D context with what paintMap uses: rectangles filled in real pixels, in the device pixels they are given (paintMap draws cells
 *  with no transform), text ignored. */
function fakeContext(width: number, height: number) {
  const px = new Uint32Array(width * height);
  let rects = 0;
  const ctx = {
    canvas: { width, height },
    fillStyle: '#000000',
    font: '',
    textBaseline: '',
    fillRect(x: number, y: number, w: number, h: number) {
      rects++;
      expect([x, y, w, h].every(Number.isInteger), 'rectangles on whole device pixels (no blending)').toBe(true);
      const colour = word(this.fillStyle);
      for (let r = Math.max(0, y); r < Math.min(height, y + h); r++) px.fill(colour, r * width + Math.max(0, x), r * width + Math.min(width, x + w));
    },
    setTransform: () => {},
    fillText: () => {},
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, pixels: () => px, rects: () => rects };
}

/** The same picture, one cell at a time, one pixel at a time. */
function reference(layout: MapLayout, dpr: number, W: number, H: number, selection: [number, number] | null): Uint32Array {
  const px = new Uint32Array(W * H).fill(word(COLOURS.bg));
  const step = layout.cell + layout.gap;
  const size = Math.max(1, Math.round(layout.cell * dpr));
  for (const g of layout.groups) {
    for (let i = 0; i < g.indices.length; i++) {
      const idx = g.indices[i]!;
      const colour = selection && idx >= selection[0] && idx <= selection[1] ? word(COLOURS.selected) : word(COLOURS.kinds[g.kinds[i]!]!);
      const x = Math.round((4 + (i % layout.perRow) * step) * dpr);
      const y = Math.round((g.cellsY + Math.floor(i / layout.perRow) * step) * dpr);
      for (let dy = 0; dy < size && y + dy < H; dy++) for (let dx = 0; dx < size && x + dx < W; dx++) px[(y + dy) * W + x + dx] = colour;
    }
  }
  return px;
}

const runs: BlockRun[] = [
  { first: 0, count: 700, state: 'online', zone: 'Normal', node: 0, daxDevice: null, removable: false },
  { first: 700, count: 333, state: 'online', zone: 'Movable', node: 1, daxDevice: 'dax0.0', removable: true },
  { first: 1033, count: 41, state: 'offline', zone: 'Movable', node: 1, daxDevice: 'dax0.0', removable: true },
  { first: 1074, count: 5, state: 'going-offline', zone: 'Movable', node: 1, daxDevice: 'dax0.0', removable: true },
  { first: 1079, count: 1, state: 'online', zone: 'DMA32', node: 0, daxDevice: null, removable: false },
];

describe('paintMap', () => {
  for (const [dpr, selection] of [[1, null], [2, [650, 760]], [1.5, [1074, 1074]]] as const) {
    it(`paints every cell and only the cells, at ${dpr}x${selection ? `, blocks ${selection[0]}-${selection[1]} selected` : ''}`, () => {
      const layout = layoutMap(runs, 333, (d) => d ?? 'boot memory');
      const [W, H] = [Math.round(layout.width * dpr), Math.round(layout.height * dpr)];
      const { ctx, pixels, rects } = fakeContext(W, H);
      paintMap(ctx, layout, dpr, COLOURS, selection as [number, number] | null);
      const got = pixels();
      const want = reference(layout, dpr, W, H, selection as [number, number] | null);
      expect(got.length).toBe(want.length);
      const wrong = got.findIndex((p, i) => p !== want[i]);
      expect(wrong, wrong < 0 ? '' : `pixel ${wrong % W},${Math.floor(wrong / W)}`).toBe(-1);
      // A rectangle per stretch of a row and per gap column, never one per cell.
      expect(rects()).toBeLessThan(runs.reduce((n, r) => n + r.count, 0) / 4);
    });
  }

  for (const [dpr, top] of [[1, 37], [2, 50.5], [1.5, 101]] as const) {
    it(`paints a window of the map scrolled ${top} px down, at ${dpr}x: the same pixels as the whole map's, from that row on`, () => {
      const layout = layoutMap(runs, 333, (d) => d ?? 'boot memory');
      const [W, fullH] = [Math.round(layout.width * dpr), Math.round(layout.height * dpr)];
      const H = Math.round(60 * dpr);
      const { ctx, pixels } = fakeContext(W, H);
      paintMap(ctx, layout, dpr, COLOURS, [690, 710], top);
      const shift = Math.round(top * dpr);
      const want = reference(layout, dpr, W, fullH, [690, 710]).subarray(shift * W, (shift + H) * W);
      const got = pixels();
      const wrong = got.findIndex((p, i) => p !== want[i]);
      expect(wrong, wrong < 0 ? '' : `pixel ${wrong % W},${Math.floor(wrong / W)}`).toBe(-1);
    });
  }
});
