// Ansible inventories read by the console itself, compared with Ansible's own reading (`ansible-inventory --list`, Debian's
// ansible-core): the same hosts, the same groups, the same variables after Ansible's merge, and the same hosts for a --limit.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { fromAnsibleList, hostSpec, InventoryError, limitHosts, parseIniInventory, parseYamlInventory, resolveInventory, type Inventory } from '../../shared/fleet/inventory.js';
import { readInventory } from '../../electron/system/inventory.js';

const dir = mkdtempSync(join(tmpdir(), 'pmc-inventory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const INVENTORIES: Record<string, string> = {
  'lab.ini': `# the lab
local ansible_connection=local
pmem1 ansible_host=10.0.0.5 ansible_user=admin ansible_port=2222

[pmem]
pmem1
pmem[2:3].example.com ansible_user=root
node[01:03] rack=a

[cxl]
cxl-a.example.com
sim-box pmem_console_host=sim:optane-2s

[servers:children]
pmem
cxl

[servers:vars]
ansible_user=ops
site="lab 1"
weight=1.5
enabled=True

[cxl:vars]
ansible_port=2200
`,
  'deep.ini': `[a]
h1 x=1
[b]
h1 y=2
h2
[c:children]
a
b
[c:vars]
x=0
y=0
z=3
[top:children]
c
[top:vars]
z=9
w=top
`,
  'lab.yml': `all:
  vars:
    site: lab
  hosts:
    local:
      ansible_connection: local
  children:
    pmem:
      hosts:
        pmem1:
          ansible_host: 10.0.0.5
          ansible_port: 2222
        pmem[2:3].example.com:
      vars:
        ansible_user: root
      children:
        fast:
          hosts:
            pmem1:
            fast1: {ansible_user: me}
    cxl:
      hosts:
        cxl[a:c]: {pmem_console_host: "sim:cxl-pmem-2x"}
`,
};

/** Runs one of Ansible's commands; says what to install where it is missing. */
function run(argv: string[]): string {
  try {
    return execFileSync(argv[0]!, argv.slice(1), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${argv[0]} is not installed: this test compares with Ansible itself; install Debian's ansible-core`);
    throw e;
  }
}

const ansible = (file: string): Inventory => fromAnsibleList(JSON.parse(run(['ansible-inventory', '-i', file, '--list'])));
/** The hosts Ansible selects for a pattern (ansible --list-hosts). */
const ansibleHosts = (file: string, pattern: string): string[] => run(['ansible', '-i', file, '--list-hosts', pattern]).split('\n').slice(1).map((l) => l.trim()).filter(Boolean);

function ours(file: string, text: string): Inventory {
  return resolveInventory(file.endsWith('.ini') ? parseIniInventory(text, file) : parseYamlInventory(yaml.load(text), file));
}

/** Hosts by name, each with its groups and vars, order left out (Ansible lists hosts and keys in its own order). */
const shape = (inv: Inventory) => Object.fromEntries(inv.hosts.map((h) => [h.name, { groups: [...h.groups].sort(), vars: Object.fromEntries(Object.entries(h.vars).sort(([a], [b]) => a.localeCompare(b))) }]).sort(([a], [b]) => String(a).localeCompare(String(b))));

describe('inventories', () => {
  for (const [name, text] of Object.entries(INVENTORIES)) {
    it(`reads ${name} as ansible-inventory does: hosts, groups and merged vars`, () => {
      const file = join(dir, name);
      writeFileSync(file, text);
      expect(shape(ours(file, text))).toEqual(shape(ansible(file)));
    });
  }

  it('limits as Ansible does: groups, hosts, globs, regexes, intersections and exclusions', () => {
    const file = join(dir, 'lab.ini');
    writeFileSync(file, INVENTORIES['lab.ini']!);
    const inv = ours(file, INVENTORIES['lab.ini']!);
    for (const pattern of ['pmem', 'servers:!cxl', 'pmem:&servers', 'pmem*', 'node0?', '~^pmem[23]', 'local,sim-box', 'all:!pmem1', '!local', 'pmem[0]', 'pmem[1:2]', 'servers[-1]', 'servers[1-2]', 'cxl,pmem:&~example', 'pmem:&~.*example', 'all:&~node']) {
      expect(limitHosts(inv, pattern).map((h) => h.name).sort(), pattern).toEqual(ansibleHosts(file, pattern).sort());
    }
  }, 180_000);

  it('gives each host a console host spec: its own, local, or ssh with Ansible\'s address, user and port', () => {
    const inv = ours('lab.ini', INVENTORIES['lab.ini']!);
    const spec = (n: string) => hostSpec(inv.hosts.find((h) => h.name === n)!);
    expect([spec('local'), spec('pmem1'), spec('pmem2.example.com'), spec('cxl-a.example.com'), spec('sim-box')]).toEqual(['local', 'ssh://admin@10.0.0.5:2222', 'ssh://root@pmem2.example.com', 'ssh://ops@cxl-a.example.com:2200', 'sim:optane-2s']);
    expect(hostSpec({ name: 'v6', groups: ['all'], vars: { ansible_host: 'fe80::1' } })).toBe('ssh://[fe80::1]');
  });

  it('refuses a broken inventory in one line that says where', () => {
    expect(() => parseIniInventory('[pmem\nh1\n', 'bad.ini')).toThrow(new InventoryError('bad.ini:1: "[pmem" is not a section ([group], [group:vars] or [group:children])'));
    expect(() => parseIniInventory('h1 a="open\n', 'bad.ini')).toThrow(/^bad\.ini:1: a quote is not closed$/);
    expect(() => parseIniInventory('[g:vars]\nnovalue\n', 'bad.ini')).toThrow(/^bad\.ini:2: "novalue" is not key=value$/);
    expect(() => resolveInventory(parseIniInventory('[a:children]\nb\n[b:children]\na\n', 'loop.ini'))).toThrow(/is its own descendant/);
    expect(() => parseYamlInventory(['x'], 'bad.yml')).toThrow(/^bad\.yml: a YAML inventory is a mapping of groups/);
    expect(() => limitHosts(ours('lab.ini', INVENTORIES['lab.ini']!), ',')).toThrow(/names no host or group/);
  });

  it('reads a file through ansible-inventory where Ansible is installed, else itself, with the same hosts; a plain list as a list', async () => {
    for (const name of ['lab.ini', 'lab.yml']) {
      const file = join(dir, name);
      writeFileSync(file, INVENTORIES[name]!);
      const [through, itself] = [await readInventory(file), await readInventory(file, { ansible: false })];
      expect([through.source, itself.source]).toEqual(['ansible-inventory', name.endsWith('.ini') ? 'ini' : 'yaml']);
      expect(shape(itself.inventory)).toEqual(shape(through.inventory));
    }
    const list = join(dir, 'hosts.txt');
    writeFileSync(list, '# machines\nsim:optane-2s\nlocal\nssh://root@127.0.0.1:2222\nsim:optane-2s\n');
    const read = await readInventory(list);
    expect(read.source).toBe('list');
    expect(read.inventory.hosts.map(hostSpec)).toEqual(['sim:optane-2s', 'local', 'ssh://root@127.0.0.1:2222']);
  }, 60_000);

  it('says in one line why an inventory file cannot be read, by Ansible or by the console', async () => {
    const bad = join(dir, 'bad.ini');
    writeFileSync(bad, '[pmem\nh1\n');
    await expect(readInventory(bad)).rejects.toThrow(/^ansible-inventory -i \S+ --list failed: its ini plugin says: [^\n]+$/);
    await expect(readInventory(bad, { ansible: false })).rejects.toThrow(/^\S+bad\.ini:1: "\[pmem" is not a section/);
    await expect(readInventory(join(dir, 'missing.ini'))).rejects.toThrow(/missing\.ini: cannot read inventory .*: no such file$/);
  }, 60_000);
});
