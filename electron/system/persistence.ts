// Whether a dax device's mode survives a reboot: daxctl.conf.d entries, daxctl's udev rule, and the service it starts.
import { CONSOLE_UDEV_RULE, DAXCTL_CONF_DIR, parseDaxctlConf } from '../../shared/actions/index.js';
import type { Persistence } from '../../shared/model/index.js';
import { readDirOptional, readOptional, type Host } from '../host/host.js';

import { DAXCTL_RULE as RULE, DAXCTL_SERVICE as SERVICE, RULE_DIRS, SERVICE_DIRS } from './read-request.js';

/** The command a udev rule runs (RUN+= or the service it wants), on one line. */
function ruleCommand(text: string): string {
  const joined = text.replace(/\\\n/g, ' ').split('\n').filter((l) => !l.trim().startsWith('#')).join(' ');
  const run = /RUN\+?="([^"]+)"/.exec(joined)?.[1];
  const wants = /SYSTEMD_WANTS\}?\+?="([^"]+)"/.exec(joined)?.[1];
  return run ?? (wants ? `systemd: ${wants}` : joined.trim());
}

/** Says why daxctl.conf.d entries would not be applied at boot, or null when they will be. */
export function bootProblem(rule: { path: string; command: string } | null, service: string | null): string | null {
  if (!rule) return `daxctl's udev rule (${RULE}) is not installed, so nothing applies daxctl.conf.d at boot: install daxctl's udev rule (Debian: the daxctl package; upstream: ndctl's daxctl/90-daxctl-device.rules with daxdev-reconfigure@.service)`;
  if (rule.command.includes('daxdev-reconfigure@')) {
    return service ? null : `${rule.path} starts ${SERVICE}, which is not installed: install it from the ndctl package, or the entries are not applied at boot`;
  }
  if (/\bdaxctl\b/.test(rule.command) && /\breconfigure-device\b/.test(rule.command) && /(^|\s)(-C|--check-config)(\s|$)/.test(rule.command)) return null;
  if (/\bdaxctl\s+-C\b/.test(rule.command)) {
    return `${rule.path} runs "${rule.command}", which daxctl rejects (Unknown option: -C; the subcommand is missing), so daxctl.conf.d is not applied at boot. Put a copy in /etc/udev/rules.d/${RULE} that runs "/usr/bin/daxctl reconfigure-device -C $env{DEVNAME}"`;
  }
  return `${rule.path} does not run daxctl reconfigure-device --check-config, so daxctl.conf.d is not applied at boot (it runs: ${rule.command})`;
}

/** Reads the daxctl.conf.d files and what applies them at boot. */
export async function readPersistence(host: Host): Promise<Persistence> {
  const names = (await readDirOptional(host, DAXCTL_CONF_DIR)).filter((n) => n.endsWith('.conf')).sort();
  const files = names.length ? await host.readFiles(names.map((n) => `${DAXCTL_CONF_DIR}/${n}`)) : new Map<string, unknown>();
  const confFiles = names.map((n) => `${DAXCTL_CONF_DIR}/${n}`).flatMap((path) => {
    const text = files.get(path);
    return typeof text === 'string' ? [parseDaxctlConf(path, text)] : [];
  });
  let udevRule: Persistence['udevRule'] = null;
  for (const dir of RULE_DIRS) {
    const text = await readOptional(host, `${dir}/${RULE}`);
    if (text !== null) {
      const path = `${dir}/${RULE}`;
      udevRule = { path, command: ruleCommand(text), byConsole: path === CONSOLE_UDEV_RULE.path && text === CONSOLE_UDEV_RULE.content };
      break;
    }
  }
  let service: string | null = null;
  for (const dir of SERVICE_DIRS) {
    if ((await readOptional(host, `${dir}/${SERVICE}`)) !== null) {
      service = `${dir}/${SERVICE}`;
      break;
    }
  }
  return { confFiles, udevRule, service, bootProblem: bootProblem(udevRule, service) };
}
