// Reads that degrade instead of refusing: a field that does not fit its schema (a word a tool never printed before, a number past 2^64,
// a string where a number belongs) becomes unknown, or the one object that cannot be read without it is left out, and a note names the
// command or file, the field and the value. The rest of the machine reads.
import type * as z from '../../../shared/zod.js';

type Path = readonly PropertyKey[];

function getAt(root: unknown, path: Path): unknown {
  let v = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function parentOf(root: unknown, path: Path): Record<PropertyKey, unknown> | unknown[] | null {
  const p = getAt(root, path.slice(0, -1));
  return p !== null && typeof p === 'object' ? (p as Record<PropertyKey, unknown>) : null;
}

/** A name people know for an object at a path: its device name where it has one ("region3"), else its place ("[2]"). */
function nameAt(root: unknown, path: Path): string {
  const v = getAt(root, path);
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    for (const k of ['dev', 'chardev', 'memdev', 'decoder', 'region', 'port', 'bus', 'name', 'path']) if (typeof o[k] === 'string' && o[k]) return o[k] as string;
  }
  const last = path.at(-1);
  return typeof last === 'number' ? `[${last}]` : String(last ?? '');
}

/** The path as a person reads it: "ndbus1 region3 resource". */
export function describePath(root: unknown, path: Path): string {
  const words: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const k = path[i]!;
    // A list's key is said by its element's name ("regions" 3 is "region3"); any other key is said as it is.
    if (typeof k === 'number') words.push(nameAt(root, path.slice(0, i + 1)));
    else if (typeof path[i + 1] !== 'number') words.push(String(k));
  }
  return words.join(' ') || '(the whole answer)';
}

/** A value as a note quotes it: JSON, cut to 80 characters. */
export function quoteValue(v: unknown): string {
  const text = v === undefined ? 'nothing' : JSON.stringify(v) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The closest array element at or above a path (the object to leave out), or null. */
function elementAbove(root: unknown, path: Path): Path | null {
  for (let i = path.length; i > 0; i--) if (typeof path[i - 1] === 'number' && Array.isArray(getAt(root, path.slice(0, i - 1)))) return path.slice(0, i);
  return null;
}

/** How many repairs at most before the value is given up whole (each one is a parse). */
const MAX_REPAIRS = 256;

/**
 * Parses `value` with `schema`, giving up only what does not fit. For each problem the field is taken as unknown (left out where the
 * schema lets it be absent, else null where it may be null), or else the list element holding it is left out; each is said once in
 * `notes` as "WHERE: PATH: VALUE is not …; taken as unknown" (or "; ELEMENT is left out"). Returns null when nothing of it fits.
 */
export function tolerantParse<T>(schema: z.ZodMiniType<T>, value: unknown, where: string, notes: string[]): T | null {
  let v = value;
  let cloned = false;
  const original = value;
  for (let round = 0; round < MAX_REPAIRS; round++) {
    const r = schema.safeParse(v);
    if (r.success) return r.data;
    if (!cloned) {
      v = structuredClone(value);
      cloned = true;
    }
    const issue = r.error.issues[0]!;
    const path = issue.path as Path;
    const bad = getAt(v, path);
    const label = describePath(v, path);
    const parent = parentOf(v, path);
    const key = path.at(-1);
    const what = `${where}: ${label}: ${quoteValue(bad)} ${issue.message.replace(/^Invalid input: /, 'is not valid: ')}`;
    if (path.length > 0 && parent && !Array.isArray(parent) && key !== undefined && bad !== undefined && bad !== null) {
      // First the field alone: absent, then null. A required field that takes neither takes its element with it, below.
      const trial = structuredClone(v) as unknown;
      delete (parentOf(trial, path) as Record<PropertyKey, unknown>)[key];
      if (!stillWrongAt(schema, trial, path)) {
        v = trial;
        notes.push(`${what}; taken as unknown`);
        continue;
      }
      (parentOf(trial, path) as Record<PropertyKey, unknown>)[key] = null;
      if (!stillWrongAt(schema, trial, path)) {
        v = trial;
        notes.push(`${what}; taken as unknown`);
        continue;
      }
    }
    const element = elementAbove(v, path);
    if (!element) {
      notes.push(`${what}; nothing of it could be read`);
      return null;
    }
    const list = getAt(v, element.slice(0, -1)) as unknown[];
    const name = describePath(v, element);
    list.splice(element.at(-1) as number, 1);
    notes.push(`${what}; ${name} is left out`);
  }
  notes.push(`${where}: ${quoteValue(original)} has too many problems to read`);
  return null;
}

/** Whether a parse of the value still has a problem at the path or below it. */
function stillWrongAt(schema: z.ZodMiniType<unknown>, value: unknown, path: Path): boolean {
  const r = schema.safeParse(value);
  if (r.success) return false;
  return r.error.issues.some((i) => path.every((k, n) => i.path[n] === k));
}
