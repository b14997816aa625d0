// Runs of 512-byte sectors, kept sorted and merged as the kernel's badblocks list keeps them (block/badblocks.c badblocks_set merges a
// run that overlaps or touches another; badblocks_clear splits one).

/** A run of sectors: the first and how many. */
export interface SectorRun {
  offset: number;
  length: number;
}

/** The runs with [offset, offset+length) added, merged with any it overlaps or touches. */
export function addRun(runs: readonly SectorRun[], offset: number, length: number): SectorRun[] {
  if (length <= 0) return [...runs];
  let start = offset;
  let end = offset + length;
  const out: SectorRun[] = [];
  for (const r of runs) {
    if (r.offset + r.length < start || r.offset > end) out.push(r);
    else {
      start = Math.min(start, r.offset);
      end = Math.max(end, r.offset + r.length);
    }
  }
  out.push({ offset: start, length: end - start });
  return out.sort((a, b) => a.offset - b.offset);
}

/** The runs with [offset, offset+length) taken out, a run that straddles it split in two. */
export function removeRun(runs: readonly SectorRun[], offset: number, length: number): SectorRun[] {
  const end = offset + length;
  const out: SectorRun[] = [];
  for (const r of runs) {
    const rEnd = r.offset + r.length;
    if (rEnd <= offset || r.offset >= end) {
      out.push(r);
      continue;
    }
    if (r.offset < offset) out.push({ offset: r.offset, length: offset - r.offset });
    if (rEnd > end) out.push({ offset: end, length: rEnd - end });
  }
  return out;
}

/** Whether any run overlaps [offset, offset+length). */
export function overlaps(runs: readonly SectorRun[], offset: number, length: number): boolean {
  return runs.some((r) => r.offset < offset + length && offset < r.offset + r.length);
}

/** The parts of the runs inside [offset, offset+length), cut to it. */
export function within(runs: readonly SectorRun[], offset: number, length: number): SectorRun[] {
  const end = offset + length;
  return runs.flatMap((r) => {
    const s = Math.max(r.offset, offset);
    const e = Math.min(r.offset + r.length, end);
    return e > s ? [{ offset: s, length: e - s }] : [];
  });
}
