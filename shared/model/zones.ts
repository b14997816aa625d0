// Which zone memory is in, in the kernel's words. On x86-64 the zones lie by physical address: ZONE_DMA below 16 MiB, ZONE_DMA32
// below 4 GiB, ZONE_NORMAL above; memory onlined movable is in ZONE_MOVABLE wherever it lies. An online block whose valid_zones says
// "none" spans two zones (block 0 holds ZONE_DMA and ZONE_DMA32): its zones follow from its address.

const MiB = 2 ** 20;
const GiB = 2 ** 30;

/** The kernel zones (not ZONE_MOVABLE) an address range lies in, lowest first: "DMA", "DMA32", "Normal". */
export function kernelZones(start: number, end: number): string[] {
  const out: string[] = [];
  if (start < 16 * MiB) out.push('DMA');
  if (start < 4 * GiB && end > 16 * MiB) out.push('DMA32');
  if (end > 4 * GiB) out.push('Normal');
  return out;
}

/** "ZONE_DMA32", "ZONE_DMA and ZONE_DMA32": zone names as the kernel spells them, joined. */
export function zoneText(zones: readonly string[]): string {
  const names = [...new Set(zones)].map((z) => `ZONE_${z.toUpperCase()}`);
  return names.length <= 1 ? (names[0] ?? 'no zone') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** The kernel zones memory onlined without "movable" goes to, for address ranges (a dax device's): ZONE_NORMAL above 4 GiB,
 *  ZONE_DMA32 below. */
export function kernelZoneText(ranges: readonly { start: number; end: number }[]): string {
  return ranges.length === 0 ? 'ZONE_NORMAL' : zoneText(ranges.flatMap((r) => kernelZones(r.start, r.end + 1)));
}

/** The zone of an online memory block as shown: valid_zones' first word, or, where it says "none" (a block across zones: block 0
 *  holds ZONE_DMA and ZONE_DMA32), the lowest zone at its address. Blocks are aligned to their size, so only block 0 crosses a zone. */
export function blockZone(validZones: readonly string[], start: number): string {
  const first = validZones[0] ?? 'none';
  return first !== 'none' ? first : (kernelZones(start, start + 1)[0] ?? 'none');
}
