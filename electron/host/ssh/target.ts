// ssh://[user@]host[:port] host specs.

/** Where an ssh host connects: user and port are left to the user's ssh config when absent. */
export interface SshTarget {
  user: string | null;
  host: string;
  port: number | null;
}

const SPEC = /^ssh:\/\/(?:([A-Za-z0-9._][A-Za-z0-9._-]*)@)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_][A-Za-z0-9._-]*)(?::(\d{1,5}))?$/;

/** Parses an ssh:// spec; returns null when it is not one (the caller says what is accepted). */
export function parseSshTarget(spec: string): SshTarget | null {
  const m = SPEC.exec(spec);
  if (!m) return null;
  const port = m[3] === undefined ? null : Number(m[3]);
  if (port !== null && (port < 1 || port > 65535)) return null;
  const host = m[2]!.startsWith('[') ? m[2]!.slice(1, -1) : m[2]!;
  return { user: m[1] ?? null, host, port };
}

/** The spec as the user would write it, for labels and messages. */
export function formatSshTarget(t: SshTarget): string {
  const host = t.host.includes(':') ? `[${t.host}]` : t.host;
  return `ssh://${t.user ? `${t.user}@` : ''}${host}${t.port ? `:${t.port}` : ''}`;
}
