// Option parsing in the style of ndctl/daxctl's util/parse-options.c (git's parser).

/** One option a subcommand accepts. */
export interface OptionSpec {
  short?: string;
  long: string;
  /** Takes a value ("-s 1G", "-s1G", "--size=1G", "--size 1G"). */
  value?: boolean;
}

/** Parsed options: flags count how often they were given; values keep the last one. */
export interface ParsedOptions {
  flags: Map<string, number>;
  values: Map<string, string>;
  args: string[];
}

/** Raised for an option the command does not know; the message is parse-options' own. */
export class OptionError extends Error {}

/** Parses argv (after the subcommand) against the specs. */
export function parseOptions(argv: readonly string[], specs: readonly OptionSpec[]): ParsedOptions {
  const out: ParsedOptions = { flags: new Map(), values: new Map(), args: [] };
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const byLong = new Map(specs.map((s) => [s.long, s]));
  const bump = (s: OptionSpec) => out.flags.set(s.long, (out.flags.get(s.long) ?? 0) + 1);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      out.args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      let spec = byLong.get(name);
      let negated = false;
      if (!spec && name.startsWith('no-')) {
        spec = byLong.get(name.slice(3));
        negated = !!spec && !spec.value;
      }
      if (!spec) {
        throw new OptionError(`unknown option \`${name}'`);
      }
      if (spec.value) {
        const v = eq >= 0 ? a.slice(eq + 1) : argv[++i];
        if (v === undefined) throw new OptionError(`option \`${name}' requires a value`);
        out.values.set(spec.long, v);
      } else if (negated) {
        out.flags.set(`no-${spec.long}`, 1);
      } else bump(spec);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const spec = byShort.get(a[j]!);
        if (!spec) throw new OptionError(`unknown switch \`${a[j]}'`);
        if (spec.value) {
          const rest = a.slice(j + 1);
          const v = rest.length ? rest : argv[++i];
          if (v === undefined) throw new OptionError(`switch \`${a[j]}' requires a value`);
          out.values.set(spec.long, v);
          break;
        }
        bump(spec);
      }
      continue;
    }
    out.args.push(a);
  }
  return out;
}

/** Renders a usage block the way parse-options does (name column 26 wide). */
export function usageText(usage: string, specs: readonly (OptionSpec & { help: string; argName?: string })[]): string {
  const lines = [` usage: ${usage}`, ''];
  for (const s of specs) {
    const left = `    ${s.short ? `-${s.short}, ` : '    '}--${s.long}${s.value ? ` <${s.argName ?? s.long}>` : ''}`;
    if (left.length <= 25) lines.push(`${left.padEnd(26)}${s.help}`);
    else lines.push(left, `${' '.repeat(26)}${s.help}`);
  }
  return lines.join('\n') + '\n\n';
}
