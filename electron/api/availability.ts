// What each object allows right now: every applicable action planned without its prediction, disabled with the first blocking guard.
import { CATALOG, suggestedKek, type ActionName, type Risk } from '../../shared/actions/index.js';
import type { ObjectAction } from '../../shared/api/index.js';
import { draftPlan } from '../actions/plan.js';
import type { PlanInput } from '../actions/planners/draft.js';
import { freeMemdevsOf, suggestedWeightsOf } from '../../shared/model/index.js';

type Candidate = [action: ActionName, label: string, params: Record<string, string>];

function candidates(input: PlanInput): Map<string, Candidate[]> {
  const t = input.topology;
  const out = new Map<string, Candidate[]>();
  for (const r of t.regions) {
    out.set(r.dev, [
      r.state === 'enabled' ? ['region.disable', 'Disable', { region: r.dev }] : ['region.enable', 'Enable', { region: r.dev }],
      ['namespace.create', 'Create namespace…', { region: r.dev, mode: 'devdax' }],
      ['labels.init', 'Initialise labels…', { region: r.dev }],
    ]);
  }
  for (const ns of t.namespaces.filter((n) => n.size > 0)) {
    out.set(ns.dev, [
      ['namespace.reconfigure', 'Change mode…', { namespace: ns.dev, mode: ns.mode === 'devdax' ? 'fsdax' : 'devdax' }],
      ns.state === 'enabled' ? ['namespace.disable', 'Disable', { namespace: ns.dev }] : ['namespace.enable', 'Enable', { namespace: ns.dev }],
      ['namespace.destroy', 'Destroy…', { namespace: ns.dev }],
      ['namespace.clear-errors', 'Clear errors…', { namespace: ns.dev }],
    ]);
  }
  for (const b of t.buses) out.set(b.dev, [['bus.scrub', 'Scrub', { bus: b.dev }]]);
  for (const d of t.dimms) {
    const passphrase: Candidate[] = d.security === 'unlocked' || d.security === 'locked'
      ? [['dimm.passphrase-update', 'Change passphrase…', { dimm: d.dev }], ['dimm.passphrase-remove', 'Remove passphrase…', { dimm: d.dev }]]
      // A key-encryption key the key ring shows, else ndctl's documented trusted:nvdimm-master; the dialog lets it be changed.
      : [['dimm.passphrase-setup', 'Set passphrase…', { dimm: d.dev, kek: suggestedKek(t.keys?.keyring) }]];
    out.set(d.dev, [...passphrase, ['dimm.freeze-security', 'Freeze security…', { dimm: d.dev }], ['dimm.sanitize', 'Sanitize (erase)…', { dimm: d.dev }]]);
  }
  for (const d of t.daxDevices) {
    const list: Candidate[] = d.mode === 'system-ram'
      ? [['dax.devdax', 'Give back (devdax)', { device: d.dev }], ['memory.online', 'Online memory', { device: d.dev }], ['memory.offline', 'Offline memory', { device: d.dev }], ['persistence.write', 'Keep across reboots…', { device: d.dev }], ['persistence.remove', 'Forget at boot', { device: d.dev }]]
      : [['dax.system-ram', 'Use as system RAM', { device: d.dev }]];
    out.set(d.dev, list);
  }
  for (const [key, list] of cxlCandidates(input)) out.set(key, list);
  const wi = t.weightedInterleave;
  if (wi) {
    const suggested = [...suggestedWeightsOf(t)].map(([n, w]) => `${n}:${w}`).join(',');
    out.set('weighted-interleave', [
      ...(suggested ? [['interleave.set', 'Set the weights from bandwidth by hand', { weights: suggested }] as Candidate] : []),
      ['interleave.set', wi.auto ? 'Keep these weights by hand' : 'Weights from bandwidth (auto)', { auto: wi.auto ? 'no' : 'yes' }],
    ]);
  }
  out.set('memory-tiering', [['tiering.set', 'Demotion on, tiering mode', { demotion: 'yes', balancing: 'tiering' }], ['tiering.set', 'Demotion off, balancing off', { demotion: 'no', balancing: 'off' }]]);
  return out;
}

/** CXL objects, keyed "cxl:NAME" (a CXL region0 is not the nd region0): windows, regions and memory devices. */
function cxlCandidates(input: PlanInput): [string, Candidate[]][] {
  const c = input.topology.cxl;
  if (!c) return [];
  const out: [string, Candidate[]][] = [];
  for (const d of c.decoders.filter((x) => x.kind === 'root')) {
    // The memdevs a new region in the window would use by default: its free ones.
    const memdevs = freeMemdevsOf(c, d.name).map((m) => m.name);
    out.push([`cxl:${d.name}`, [['cxl.region-create', 'Create region…', { decoder: d.name, memdevs: memdevs.join(',') || 'mem0' }]]]);
  }
  for (const r of c.regions) {
    out.push([`cxl:${r.name}`, [
      r.state === 'enabled' ? ['cxl.region-disable', 'Disable', { region: r.name }] : ['cxl.region-enable', 'Enable', { region: r.name }],
      ['cxl.region-destroy', 'Destroy…', { region: r.name }],
    ]]);
  }
  for (const m of c.memdevs) {
    out.push([`cxl:${m.name}`, [m.state === 'enabled' ? ['cxl.memdev-disable', 'Disable', { memdev: m.name }] : ['cxl.memdev-enable', 'Enable', { memdev: m.name }]]]);
  }
  return out;
}

/** The actions each region, namespace and dax device allows, with the reason where one does not. */
export function objectActions(input: PlanInput, canAct: string | null): Record<string, ObjectAction[]> {
  const out: Record<string, ObjectAction[]> = {};
  for (const [object, list] of candidates(input)) {
    out[object] = list.map(([action, label, params]) => {
      const withDefaults = { ...params };
      for (const [k, spec] of Object.entries(CATALOG[action].params)) if (spec.default !== undefined && withDefaults[k] === undefined) withDefaults[k] = spec.default;
      let risk: Risk = 'safe';
      let disabledBecause = canAct;
      let fix: ObjectAction['fix'] = null;
      try {
        const draft = draftPlan(input, { action, params: withDefaults });
        risk = draft.risk;
        const first = draft.guards.find((g) => g.blocking);
        if (disabledBecause === null && first) [disabledBecause, fix] = [first.message, first.fix ?? null];
      } catch (e) {
        disabledBecause ??= (e as Error).message;
      }
      return { action, label, params: withDefaults, risk, disabledBecause, fix };
    });
  }
  return out;
}
