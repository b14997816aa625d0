// An Ansible inventory as Ansible reads it: hosts, the groups they are in (directly or through a group's children), and their variables
// merged in Ansible's order (the "all" group first, then groups by depth and name, the host's own last). Read from static INI or YAML
// by the console itself, or from `ansible-inventory --list` (electron/system/inventory.ts); a plain list of host specs is a list.

/** A variable's value as Ansible types it: INI values that read as numbers or True/False are those, quoted ones are strings. */
export type InventoryValue = string | number | boolean | null | InventoryValue[] | { [k: string]: InventoryValue };

/** One host: its inventory name, every group it is in (all included), and its variables after Ansible's merge. */
export interface InventoryHost {
  name: string;
  groups: string[];
  vars: Record<string, InventoryValue>;
}

/** A whole inventory: its hosts in the order they first appear, each group's direct hosts (in file order) and direct children. */
export interface Inventory {
  hosts: InventoryHost[];
  members: Record<string, string[]>;
  children: Record<string, string[]>;
}

/** Bad inventory input: said in one line, with where. */
export class InventoryError extends Error {
  override name = 'InventoryError';
}

/** A group as read: its own hosts (with their own vars), its vars, its children. */
interface RawGroup {
  hosts: Map<string, Record<string, InventoryValue>>;
  vars: Record<string, InventoryValue>;
  children: string[];
}

const newGroup = (): RawGroup => ({ hosts: new Map(), vars: {}, children: [] });

/** Expands Ansible's host ranges: "web[01:03].x" is web01.x, web02.x, web03.x; "db[a:c]" is dba, dbb, dbc; "[1:9:2]" has a stride. */
export function expandHostPattern(name: string): string[] {
  const m = /^(.*?)\[([0-9a-z]+):([0-9a-z]+)(?::(\d+))?\](.*)$/i.exec(name);
  if (!m) return [name];
  const [, head, from, to, step, tail] = m as unknown as [string, string, string, string, string | undefined, string];
  const stride = step ? Number(step) : 1;
  const out: string[] = [];
  if (/^\d+$/.test(from) && /^\d+$/.test(to)) {
    const width = from.length > 1 && from.startsWith('0') ? from.length : 0;
    for (let i = Number(from); i <= Number(to); i += stride) out.push(`${head}${String(i).padStart(width, '0')}`);
  } else if (/^[a-z]$/i.test(from) && /^[a-z]$/i.test(to)) {
    for (let c = from.charCodeAt(0); c <= to.charCodeAt(0); c += stride) out.push(`${head}${String.fromCharCode(c)}`);
  } else {
    throw new InventoryError(`the host range in "${name}" is neither numbers nor single letters`);
  }
  return out.flatMap((h) => expandHostPattern(`${h}${tail}`));
}

/** An INI value as Ansible types it (literal_eval): integers, floats, True/False, quoted strings; anything else as written. */
function iniValue(raw: string): InventoryValue {
  if (/^-?\d+$/.test(raw)) return Number(raw);
  if (/^-?\d+\.\d*$/.test(raw)) return Number(raw);
  if (raw === 'True' || raw === 'False') return raw === 'True';
  const q = /^(["'])(.*)\1$/s.exec(raw);
  return q ? q[2]! : raw;
}

/** Splits a host line as shlex does: words by spaces, quotes kept together and taken off, a # outside quotes ends the line. */
function words(line: string, where: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  let has = false;
  for (const c of line) {
    if (quote) {
      if (c === quote) quote = null;
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      has = true;
    } else if (c === '#') break;
    else if (/\s/.test(c)) {
      if (has || cur) out.push(cur);
      cur = '';
      has = false;
    } else cur += c;
  }
  if (quote) throw new InventoryError(`${where}: a quote is not closed`);
  if (has || cur) out.push(cur);
  return out;
}

/** Reads a static INI inventory: host lines with key=value, [group], [group:vars], [group:children]. */
export function parseIniInventory(text: string, file = 'inventory'): Map<string, RawGroup> {
  const groups = new Map<string, RawGroup>([['all', newGroup()], ['ungrouped', newGroup()]]);
  const group = (name: string) => groups.get(name) ?? groups.set(name, newGroup()).get(name)!;
  let section = 'ungrouped';
  let kind: 'hosts' | 'vars' | 'children' = 'hosts';
  text.split('\n').forEach((rawLine, i) => {
    const where = `${file}:${i + 1}`;
    const line = rawLine.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) return;
    const head = /^\[([^\]:]+)(?::(vars|children))?\]$/.exec(line);
    if (head) {
      section = head[1]!;
      kind = (head[2] as 'vars' | 'children' | undefined) ?? 'hosts';
      if (!/^[A-Za-z_][\w-]*$/.test(section)) throw new InventoryError(`${where}: "${section}" is not a group name`);
      group(section);
      return;
    }
    if (line.startsWith('[')) throw new InventoryError(`${where}: "${line}" is not a section ([group], [group:vars] or [group:children])`);
    if (kind === 'vars') {
      const eq = line.indexOf('=');
      if (eq <= 0) throw new InventoryError(`${where}: "${line}" is not key=value`);
      group(section).vars[line.slice(0, eq).trim()] = iniValue(line.slice(eq + 1).trim());
      return;
    }
    if (kind === 'children') {
      const child = words(line, where)[0]!;
      const g = group(section);
      if (!g.children.includes(child)) g.children.push(child);
      group(child);
      return;
    }
    const [name, ...assignments] = words(line, where);
    const vars: Record<string, InventoryValue> = {};
    for (const a of assignments) {
      const eq = a.indexOf('=');
      if (eq <= 0) throw new InventoryError(`${where}: "${a}" after the host name is not key=value`);
      vars[a.slice(0, eq)] = iniValue(a.slice(eq + 1));
    }
    for (const host of expandHostPattern(name!)) {
      const g = group(section);
      g.hosts.set(host, { ...(g.hosts.get(host) ?? {}), ...vars });
    }
  });
  return groups;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a static YAML inventory (already parsed): groups with hosts, vars and children, nested, from "all" down. */
export function parseYamlInventory(doc: unknown, file = 'inventory'): Map<string, RawGroup> {
  if (!isObject(doc)) throw new InventoryError(`${file}: a YAML inventory is a mapping of groups (all: hosts: …)`);
  const groups = new Map<string, RawGroup>([['all', newGroup()], ['ungrouped', newGroup()]]);
  const group = (name: string) => groups.get(name) ?? groups.set(name, newGroup()).get(name)!;
  const read = (name: string, body: unknown, where: string) => {
    const g = group(name);
    if (body === null || body === undefined) return;
    if (!isObject(body)) throw new InventoryError(`${where}: group ${name} is not a mapping of hosts, vars and children`);
    for (const key of Object.keys(body)) if (!['hosts', 'vars', 'children'].includes(key)) throw new InventoryError(`${where}: group ${name} has "${key}"; a group has hosts, vars and children`);
    if (body.hosts !== undefined && body.hosts !== null) {
      if (!isObject(body.hosts)) throw new InventoryError(`${where}: the hosts of ${name} are not a mapping`);
      for (const [pattern, vars] of Object.entries(body.hosts)) {
        if (vars !== null && !isObject(vars)) throw new InventoryError(`${where}: host ${pattern} of ${name} has vars that are not a mapping`);
        for (const host of expandHostPattern(pattern)) g.hosts.set(host, { ...(g.hosts.get(host) ?? {}), ...((vars ?? {}) as Record<string, InventoryValue>) });
      }
    }
    if (body.vars !== undefined && body.vars !== null) {
      if (!isObject(body.vars)) throw new InventoryError(`${where}: the vars of ${name} are not a mapping`);
      Object.assign(g.vars, body.vars);
    }
    if (body.children !== undefined && body.children !== null) {
      if (!isObject(body.children)) throw new InventoryError(`${where}: the children of ${name} are not a mapping`);
      for (const [child, childBody] of Object.entries(body.children)) {
        if (!g.children.includes(child)) g.children.push(child);
        read(child, childBody, where);
      }
    }
  };
  for (const [name, body] of Object.entries(doc)) read(name, body, file);
  return groups;
}

/** Resolves raw groups into hosts with their groups and merged vars, in Ansible's order: all, then groups by depth and name, then the
 *  host's own vars (each group's host entry, in that same order). A group in no other group is a child of all. */
export function resolveInventory(groups: Map<string, RawGroup>): Inventory {
  const all = groups.get('all')!;
  for (const name of groups.keys()) {
    if (name === 'all') continue;
    const parented = [...groups.values()].some((g) => g.children.includes(name));
    if (!parented && !all.children.includes(name)) all.children.push(name);
  }
  const depth = new Map<string, number>([['all', 0]]);
  const visit = (name: string, d: number, path: string[]) => {
    if (path.includes(name)) throw new InventoryError(`group ${name} is its own descendant (${[...path, name].join(' > ')})`);
    if ((depth.get(name) ?? -1) < d || name === 'all') depth.set(name, Math.max(d, depth.get(name) ?? 0));
    for (const c of groups.get(name)?.children ?? []) visit(c, d + 1, [...path, name]);
  };
  visit('all', 0, []);
  // Groups that are only each other's children are not reached from all: a loop among them is refused too.
  for (const name of groups.keys()) if (!depth.has(name)) visit(name, 1, []);
  const order = [...groups.keys()].sort((a, b) => (depth.get(a) ?? 0) - (depth.get(b) ?? 0) || a.localeCompare(b));
  // Every group a group stands for: itself and its descendants.
  const belowOf = new Map<string, string[]>();
  const below = (name: string): string[] => belowOf.get(name) ?? belowOf.set(name, [name, ...(groups.get(name)?.children ?? []).flatMap(below)]).get(name)!;
  const names: string[] = [];
  for (const name of order) for (const h of groups.get(name)!.hosts.keys()) if (!names.includes(h)) names.push(h);
  const hosts = names.map((host): InventoryHost => {
    const direct = order.filter((g) => groups.get(g)!.hosts.has(host));
    const member = order.filter((g) => g === 'all' || below(g).some((x) => direct.includes(x)));
    const vars: Record<string, InventoryValue> = {};
    for (const g of member) Object.assign(vars, groups.get(g)!.vars);
    for (const g of direct) Object.assign(vars, groups.get(g)!.hosts.get(host));
    // A host in no group but all (listed under all's hosts) is ungrouped, as Ansible says.
    if (!member.some((g) => g !== 'all')) member.push('ungrouped');
    return { name: host, groups: member, vars };
  });
  // A host in some group besides ungrouped is not ungrouped.
  for (const h of hosts) if (h.groups.some((g) => g !== 'all' && g !== 'ungrouped')) h.groups = h.groups.filter((g) => g !== 'ungrouped');
  const children: Record<string, string[]> = {};
  const members: Record<string, string[]> = {};
  for (const [name, g] of groups) {
    children[name] = [...g.children];
    members[name] = [...g.hosts.keys()];
  }
  return { hosts, members, children };
}

/** An inventory from `ansible-inventory --list`: its _meta.hostvars are merged already; groups list hosts and children. */
export function fromAnsibleList(json: unknown): Inventory {
  if (!isObject(json) || !isObject(json._meta) || !isObject(json._meta.hostvars)) throw new InventoryError('ansible-inventory --list gave no _meta.hostvars');
  const hostvars = json._meta.hostvars as Record<string, Record<string, InventoryValue>>;
  const groupEntries = Object.entries(json).filter(([k]) => k !== '_meta') as [string, { hosts?: string[]; children?: string[] }][];
  const direct = new Map(groupEntries.map(([k, g]) => [k, g.hosts ?? []]));
  const children: Record<string, string[]> = Object.fromEntries(groupEntries.map(([k, g]) => [k, g.children ?? []]));
  const below = (name: string): string[] => [name, ...(children[name] ?? []).flatMap(below)];
  const names = [...new Set([...groupEntries.flatMap(([, g]) => g.hosts ?? []), ...Object.keys(hostvars)])];
  const hosts = names.map((name) => ({
    name,
    groups: ['all', ...groupEntries.map(([k]) => k).filter((g) => g !== 'all' && below(g).some((x) => direct.get(x)?.includes(name)))],
    vars: hostvars[name] ?? {},
  }));
  return { hosts, members: Object.fromEntries(direct), children };
}

/** A glob of Ansible's patterns (* and ?) as a regular expression; brackets are subscripts in a pattern, not character classes. */
function globRegex(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else re += c.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The hosts an Ansible --limit pattern selects, in inventory order: terms split by "," (or ":"), each a group, a host, a glob or
 *  ~regex over both; "&term" keeps only hosts also in it, "!term" takes hosts out. */
export function limitHosts(inv: Inventory, pattern: string): InventoryHost[] {
  // As Ansible splits a pattern: at "," where there is one, else at ":" outside a [subscript] (pmem[1:2] is one term).
  const terms = (pattern.includes(',') ? pattern.split(',') : pattern.split(/:(?![^[]*\])/)).map((t) => t.trim()).filter(Boolean);
  if (terms.length === 0) throw new InventoryError(`--limit "${pattern}" names no host or group`);
  const match = (term: string): Set<string> => {
    // A subscript picks by position among what the rest matches, in inventory order: group[0], group[-1], group[1:3] (inclusive).
    const sub = /^(.+)\[(-?\d+)(?:[:-](-?\d+))?\]$/.exec(term);
    if (sub && !term.startsWith('~')) {
      // A group's order is Ansible's: its own hosts, then each child's, depth first; anything else in inventory order.
      const inGroup = (g: string): string[] => [...(inv.members[g] ?? []), ...(inv.children[g] ?? []).flatMap(inGroup)];
      const base = sub[1]!;
      const list = base in inv.members ? [...new Set(base === 'all' ? inv.hosts.map((h) => h.name) : inGroup(base))] : inv.hosts.filter((h) => match(base).has(h.name)).map((h) => h.name);
      const at = (i: number) => (i < 0 ? list.length + i : i);
      const from = at(Number(sub[2]));
      const to = sub[3] === undefined ? from : at(Number(sub[3]));
      return new Set(list.slice(from, to + 1));
    }
    if (term === 'all' || term === '*') return new Set(inv.hosts.map((h) => h.name));
    let test: (name: string) => boolean;
    if (term.startsWith('~')) {
      let re: RegExp;
      try {
        // Anchored at the start, as Python's re.match that Ansible uses.
        re = new RegExp(`^(?:${term.slice(1)})`);
      } catch {
        throw new InventoryError(`--limit: "${term}" is not a regular expression`);
      }
      test = (n) => re.test(n);
    } else if (/[*?]/.test(term)) {
      const re = globRegex(term);
      test = (n) => re.test(n);
    } else test = (n) => n === term;
    const out = new Set<string>();
    for (const h of inv.hosts) if (test(h.name) || h.groups.some(test)) out.add(h.name);
    return out;
  };
  let chosen = new Set<string>();
  const positive = terms.filter((t) => !t.startsWith('!') && !t.startsWith('&'));
  for (const t of positive) for (const h of match(t)) chosen.add(h);
  if (positive.length === 0) chosen = match('all');
  for (const t of terms.filter((x) => x.startsWith('&'))) {
    const keep = match(t.slice(1));
    chosen = new Set([...chosen].filter((h) => keep.has(h)));
  }
  for (const t of terms.filter((x) => x.startsWith('!'))) for (const h of match(t.slice(1))) chosen.delete(h);
  return inv.hosts.filter((h) => chosen.has(h.name));
}

/** The console's host spec for an inventory host: pmem_console_host where set (sim:PRESET, replay:FILE, …), local for Ansible's local
 *  connection, else ssh:// to ansible_host (or the name) as ansible_user, on ansible_port. */
export function hostSpec(h: InventoryHost): string {
  const own = h.vars.pmem_console_host;
  if (typeof own === 'string' && own) return own;
  if (h.vars.ansible_connection === 'local') return 'local';
  const address = String(h.vars.ansible_host ?? h.name);
  const host = address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
  const user = h.vars.ansible_user ?? h.vars.ansible_ssh_user;
  const port = h.vars.ansible_port ?? h.vars.ansible_ssh_port;
  return `ssh://${user !== undefined ? `${String(user)}@` : ''}${host}${port !== undefined ? `:${String(port)}` : ''}`;
}
