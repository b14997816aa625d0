// Reading an inventory file for --inventory: through `ansible-inventory -i FILE --list` where Ansible is installed (group and host vars
// directories, dynamic inventories and plugins work exactly as Ansible reads them), else by the console's own parser of static INI and
// YAML (shared/fleet/inventory.ts, checked against Ansible's reading); or a plain list of console host specs, one per line.
import yaml from 'js-yaml';
import { readRegularFile } from '../host/files.js';
import { spawnProgram } from '../host/spawn.js';
import { fromAnsibleList, InventoryError, parseIniInventory, parseYamlInventory, resolveInventory, type Inventory } from '../../shared/fleet/inventory.js';

/** The biggest inventory file read (a thousand hosts take a few tens of kB). */
const MAX_INVENTORY_BYTES = 16 * 1024 * 1024;
/** How long ansible-inventory may take (a dynamic inventory asks a cloud API). */
const ANSIBLE_INVENTORY_MS = 120_000;

/** A line of a plain host list: a console host spec. */
const SPEC = /^(local|sim:\S+|replay:\S+|ssh:\/\/\S+)$/;

/** Which reader read the inventory, said in the output. */
export type InventorySource = 'ansible-inventory' | 'ini' | 'yaml' | 'list';

/** Whether a file is a plain list of host specs: every line that is not empty or a comment is one. */
export function isHostList(text: string): boolean {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  return lines.length > 0 && lines.every((l) => SPEC.test(l));
}

/** A plain list as an inventory: each spec a host of group all (ungrouped), its spec as its pmem_console_host. */
function listInventory(text: string): Inventory {
  const specs = [...new Set(text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')))];
  return {
    hosts: specs.map((spec) => ({ name: spec, groups: ['all', 'ungrouped'], vars: { pmem_console_host: spec } })),
    members: { all: [], ungrouped: specs },
    children: { all: ['ungrouped'], ungrouped: [] },
  };
}

/** Reads a static inventory with the console's own parser: YAML where the file parses as a YAML mapping, INI otherwise. */
export function parseInventoryText(text: string, file: string): { inventory: Inventory; source: InventorySource } {
  if (isHostList(text)) return { inventory: listInventory(text), source: 'list' };
  let doc: unknown;
  try {
    doc = yaml.load(text);
  } catch {
    doc = undefined;
  }
  if (typeof doc === 'object' && doc !== null && !Array.isArray(doc)) return { inventory: resolveInventory(parseYamlInventory(doc, file)), source: 'yaml' };
  return { inventory: resolveInventory(parseIniInventory(text, file)), source: 'ini' };
}

/** Ansible's reason in one line: the first plugin's parse error where there is one ("with ini plugin: …"), else its last line. */
function ansibleReason(stderr: string): string {
  const text = stderr.replace(/\n(?!\[|ERROR)/g, ' ');
  const parse = /Failed to parse (.*?) with (\w+) plugin: ([^\n]*)/.exec(text);
  if (parse) return `its ${parse[2]} plugin says: ${parse[3]!.trim()}`;
  return (text.trim().split('\n').at(-1) ?? '').replace(/^\[WARNING\]:\s*|^ERROR! /, '').trim();
}

/** Reads an inventory file: a plain list as it is; an Ansible inventory through ansible-inventory where installed (unless asked not
 *  to), else by the console's parser. Bad input is one InventoryError line. */
export async function readInventory(file: string, opts: { ansible?: boolean } = {}): Promise<{ inventory: Inventory; source: InventorySource }> {
  let text: string;
  try {
    text = readRegularFile(file, 'inventory', MAX_INVENTORY_BYTES);
  } catch (e) {
    throw new InventoryError(`${file}: ${(e as Error).message}`);
  }
  if (isHostList(text)) return { inventory: listInventory(text), source: 'list' };
  if (opts.ansible !== false) {
    const r = await spawnProgram('ansible-inventory', ['-i', file, '--list'], { timeoutMs: ANSIBLE_INVENTORY_MS, env: { ANSIBLE_INVENTORY_UNPARSED_FAILED: 'true' } }).result;
    if (r.startError?.code !== 'ENOENT') {
      if (r.exitCode !== 0) throw new InventoryError(`ansible-inventory -i ${file} --list failed: ${ansibleReason(r.stderr) || `exit ${r.exitCode ?? r.signal}`}`);
      let json: unknown;
      try {
        json = JSON.parse(r.stdout);
      } catch {
        throw new InventoryError(`ansible-inventory -i ${file} --list printed something that is not JSON`);
      }
      return { inventory: fromAnsibleList(json), source: 'ansible-inventory' };
    }
  }
  return parseInventoryText(text, file);
}
