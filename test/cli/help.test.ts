// Help as admins expect it: `help`, `help COMMAND`, `COMMAND --help` and `ACTION --help` print usage and exit 0, whatever else is on the
// line; each command's help names exactly the options its parser takes; a question about something there is not is one line, exit 2.
import { describe, expect, it } from 'vitest';
import { COMMANDS, TAKES, parseArgs } from '../../electron/cli/args.js';
import { commandUsage } from '../../electron/cli/help.js';
import { main } from '../../electron/cli/main.js';
import { ACTION_NAMES, CATALOG } from '../../shared/actions/index.js';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { code, out, err };
}

describe('help', () => {
  it('help and --help print the whole usage, which points to the help of one command', async () => {
    for (const argv of [['help'], ['--help'], ['-h']]) {
      const r = await run(...argv);
      expect(r).toMatchObject({ code: 0, err: '' });
      expect(r.out).toMatch(/^usage: pmem-console <command>/);
      expect(r.out).toContain('help [COMMAND | ACTION]');
    }
  });

  it('every command answers help COMMAND, COMMAND --help and COMMAND -h with its own usage, exit 0', async () => {
    for (const command of COMMANDS) {
      const want = commandUsage(command);
      expect(want).toMatch(new RegExp(`^usage: pmem-console ${command}\\b`));
      for (const argv of [['help', command], [command, '--help'], [command, '-h']]) expect(await run(...argv)).toEqual({ code: 0, out: want, err: '' });
    }
  });

  it('--help is a question wherever it stands: after an option that wants a value, after bad options, after an action', async () => {
    expect(await run('snapshot', '--host', '--help')).toMatchObject({ code: 0, out: commandUsage('snapshot') });
    expect(await run('journal', '--no-such-option', '--help')).toMatchObject({ code: 0, out: commandUsage('journal') });
    const r = await run('apply', 'dax.system-ram', '--device', 'dax0.0', '--help');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/^usage: pmem-console apply dax.system-ram --device DEVICE \[--zone ZONE\] \[--online ONLINE\] \[--memmap-on-memory MEMMAP-ON-MEMORY\] \[--yes \| --confirm NAME\]/);
  });

  it('each command\'s help names exactly the options its parser takes', () => {
    for (const command of COMMANDS) {
      const named = [...commandUsage(command).matchAll(/^ {2}(-[-a-z]+)/gm)].map((m) => m[1]);
      expect(named, command).toEqual(TAKES[command].filter((o) => o !== '--output'));
      for (const option of named) {
        const value = ['--json', '--yes', '--demo', '--fresh', '--sudo-password-stdin'].includes(option!) ? [] : [['--timeout', '--port', '--interval', '--count'].includes(option!) ? '5' : 'x'];
        expect(() => parseArgs([command, ...(command === 'plan' || command === 'apply' ? ['memory.online'] : []), option!, ...value]), `${command} ${option}`).not.toThrow();
      }
    }
  });

  it('plan ACTION --help and help ACTION show every action\'s parameters from the catalog', async () => {
    for (const name of ACTION_NAMES) {
      const plan = await run('plan', name, '--help');
      expect(plan.code, name).toBe(0);
      expect(plan.out).toContain(`${CATALOG[name].summary}.`);
      for (const [param, spec] of Object.entries(CATALOG[name].params)) expect(plan.out).toMatch(new RegExp(`--${param} +${spec.required ? '\\(required\\) ' : ''}`));
      expect((await run('help', name)).out).toBe(plan.out);
    }
  });

  it('a question about something there is not is one line and exit 2', async () => {
    for (const argv of [['help', 'nope'], ['help', 'dax.nope'], ['plan', 'dax.nope', '--help'], ['help', 'snapshot', 'doctor']]) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.out).toBe('');
      expect(r.err.trimEnd().split('\n'), argv.join(' ')).toHaveLength(1);
    }
  });
});
