// The commands that only read a machine: snapshot, doctor, capture.
import '../one-shot.js';
import { writeFileSync } from 'node:fs';
import { fileErrorWords, unwritableFileReason } from '../../host/files.js';
import { RecordingHost } from '../../host/recording.js';
import { doctor } from '../../system/doctor.js';
import { snapshot } from '../../system/snapshot.js';
import { UsageError, type Args } from '../args.js';
import type { Io } from '../main.js';
import { openFromArgs } from '../open.js';
import { writeTopologyJson } from '../json-out.js';
import { formatFindings, formatSummary } from '../summary.js';

/** snapshot: what the machine has. */
export async function snapshotCommand(a: Args, io: Io): Promise<number> {
  const host = await openFromArgs(a, io);
  try {
    const t = await snapshot(host);
    if (a.json) writeTopologyJson(t, io.out);
    else io.out(formatSummary(t));
    return 0;
  } finally {
    await host.close();
  }
}

/** doctor: what stands in the way of using persistent memory as RAM; exit 1 when something is an error. */
export async function doctorCommand(a: Args, io: Io): Promise<number> {
  const host = await openFromArgs(a, io);
  try {
    const findings = await doctor(host, await snapshot(host));
    io.out(a.json ? JSON.stringify(findings, null, 2) + '\n' : formatFindings(findings));
    return findings.some((f) => f.severity === 'error') ? 1 : 0;
  } finally {
    await host.close();
  }
}

/** capture: records what the machine answers into a bundle file; the file is checked before the machine is read. */
export async function captureCommand(a: Args, io: Io): Promise<number> {
  if (!a.output) throw new UsageError('capture needs -o FILE');
  const why = unwritableFileReason(a.output, '-o');
  if (why) throw new UsageError(why);
  // A capture is evidence of a machine: the simulator the console falls back to on a machine without the devices is not recorded
  // unless it is asked for (--host sim:PRESET, or --state).
  const host = await openFromArgs(a, io, 'this machine has no NVDIMM, dax or CXL memory devices, so there is nothing of it to capture; to record a simulated machine, name it: --host sim:PRESET');
  try {
    const rec = new RecordingHost(host);
    const topology = await snapshot(rec);
    await doctor(rec, topology);
    try {
      writeFileSync(a.output, JSON.stringify({ ...rec.result(), topology }));
    } catch (e) {
      throw new UsageError(`cannot write the capture to ${a.output}: ${fileErrorWords(e)}`);
    }
    io.err(`pmem-console: captured ${host.info.label} into ${a.output}${host.info.kind === 'sim' ? ' (a simulated machine, as asked; not this one)' : ''}\n`);
    return 0;
  } finally {
    await host.close();
  }
}
