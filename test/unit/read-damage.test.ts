// Reads degrade, never refuse (property-based, fast-check): every field of every ndctl, daxctl and cxl listing and every sysfs and /proc
// file a read takes, on the machines the recorded transcripts hold (the simulator answers them as the transcripts do: test/fidelity),
// damaged one at a time. The read never throws and never refuses the machine; a damaged field or number file either leaves the read as
// it was (the console does not use it) or is named in the notes, with the command or file; the rest of the machine reads.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SimHost } from '../../electron/host/sim/index.js';
import { snapshot } from '../../electron/system/snapshot.js';
import type { Topology } from '../../shared/model/index.js';
import { DamagingHost, jsonPaths, PAST_U64, type Damage } from '../helpers/damaging-host.js';

/** Machines of the recorded transcripts (and a big one), each as the simulator keeps it. */
const PRESETS = ['seed-qemu', 'qemu-nvdimm', 'memside', 'optane-2s', 'cxl-pmem-2x', 'cxl-expander', 'nfit-test', 'future-7x'];

/** What a field may be damaged into: a value of another kind than it has (an object, a list, a word, a flag), which no field takes in
 *  place of its own; and a number past 2^64 for the 64-bit ones (sizes, addresses, offsets, serials, counts). */
function damagesFor(key: string | number, original: unknown): unknown[] {
  const kind = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
  const out = [{ damaged: true }, ['damaged'], 'damaged\u0001', true].filter((d) => kind(d) !== kind(original));
  if (typeof original === 'number' && Number.isInteger(original) && /size|resource|offset|length|start|end|align|serial|count|extent|dpa/.test(String(key))) out.push(PAST_U64);
  return out;
}
/** Texts no number file holds: a word, a number past 2^64, nothing, a negative fraction. */
const NUMBER_FILE_DAMAGE = ['damaged\n', '0x1ffffffffffffffff\n', '36893488147419103232\n', '\n', '-1.5\n'];

/** Files that hold kernel lists ("0-3,8"), which may be empty. */
const LIST_FILE = /(list|possible|online|has_memory)$/;

/** The read as compared: what it says of the machine, without when it was taken or its notes. */
const machine = (t: Topology) => JSON.stringify({ ...t, takenAt: null, notes: null });

interface Baseline { t: Topology; outputs: Map<string, string>; files: string[]; numberFiles: Set<string> }

async function baseline(preset: string): Promise<Baseline> {
  const sim = new SimHost({ preset });
  const host = new DamagingHost(sim);
  const t = await snapshot(host);
  const outputs = new Map<string, string>();
  for (const line of host.commands) {
    const r = await sim.exec(line.split(' ')).catch(() => null);
    if (r?.exitCode === 0 && /^\s*[[{]/.test(r.stdout)) outputs.set(line, r.stdout);
  }
  const files = [...host.files].sort();
  const texts = await sim.readFiles(files);
  const numberFiles = new Set(files.filter((f) => typeof texts.get(f) === 'string' && /^\s*(0x[0-9a-f]+|-?\d+)\s*$/i.test(texts.get(f) as string)));
  return { t, outputs, files, numberFiles };
}

/** The last key of a path that names a field ("resource"), or the element's place ("[3]"). */
const fieldWord = (path: readonly (string | number)[]) => {
  const last = path.at(-1)!;
  return typeof last === 'number' ? null : last;
};

describe('a read of a machine with one thing damaged', () => {
  for (const preset of PRESETS) {
    it(`${preset}: never throws, never refuses the machine, and names each damaged field it uses`, async () => {
      const base = await baseline(preset);
      const sites: { argv: string; path: (string | number)[]; value: unknown }[] = [];
      for (const [argv, text] of base.outputs) {
        const doc = JSON.parse(text) as unknown;
        for (const path of jsonPaths(doc)) for (const value of damagesFor(path.at(-1)!, path.reduce((v: unknown, k) => (v as Record<string | number, unknown>)[k], doc))) sites.push({ argv, path, value });
      }
      expect(sites.length).toBeGreaterThan(0);
      const damage: fc.Arbitrary<Damage> = fc.oneof(
        fc.constantFrom(...sites).map((site): Damage => ({ kind: 'json', argv: site.argv, path: site.path, value: site.value })),
        fc.record({ path: fc.constantFrom(...base.numberFiles), text: fc.constantFrom(...NUMBER_FILE_DAMAGE) })
          // An empty list is a list (a node without CPUs has an empty cpulist): lists are damaged with the rest.
          .filter(({ path, text }) => !(text === '\n' && LIST_FILE.test(path))).map(({ path, text }): Damage => ({ kind: 'file', path, text })),
        fc.record({ path: fc.constantFrom(...base.files), text: fc.constantFrom('\u0000\u0001damaged \u00ff\n', '') }).map(({ path, text }): Damage => ({ kind: 'file', path, text })),
        fc.record({ path: fc.constantFrom(...base.files), code: fc.constantFrom('ENOENT' as const, 'EIO' as const) }).map(({ path, code }): Damage => ({ kind: 'file-error', path, code })),
      );
      await fc.assert(fc.asyncProperty(damage, async (d) => {
        const t = await snapshot(new DamagingHost(new SimHost({ preset }), d));
        // The machine is there: its memory, nodes and every bus and dax region the undamaged read has, give or take the damaged one.
        // (Without a block size there are no memory blocks to speak of: that file's damage is named, below.)
        if (!(d.kind !== 'json' && d.path.endsWith('/block_size_bytes'))) expect(t.memory.blocks.length).toBe(base.t.memory.blocks.length);
        if (machine(t) === machine(base.t)) return;
        // A change the damage made is named: the listing and the field, or the file.
        const notes = t.notes.join('\n');
        if (d.kind === 'json') {
          expect(notes, `${d.argv} ${JSON.stringify(d.path)} = ${JSON.stringify(d.value)}`).toContain(d.argv.split(' ').slice(0, 2).join(' '));
          const word = fieldWord(d.path);
          if (word) expect(notes, `${d.argv} ${JSON.stringify(d.path)} = ${JSON.stringify(d.value)}`).toContain(word);
        } else if (d.kind === 'file' && base.numberFiles.has(d.path) && NUMBER_FILE_DAMAGE.includes(d.text)) {
          expect(notes, `${d.path} = ${JSON.stringify(d.text)}`).toContain(d.path);
        }
      }), { numRuns: Number(process.env.PMC_DAMAGE_RUNS ?? 150), seed: Number(process.env.PMC_DAMAGE_SEED ?? 20261207), endOnFailure: true });
    }, 300_000);
  }
});
