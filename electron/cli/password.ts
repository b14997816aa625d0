// Asks for sudo's password on an ssh host, once per plan and only when sudo wants one: the first line of stdin with
// --sudo-password-stdin, else a prompt on the terminal with echo off; never stored, never printed.
import type { AskPassword } from '../actions/elevation/sudo.js';

/** The longest password line read from stdin; a longer one is refused rather than held. */
const MAX_PASSWORD_BYTES = 4096;

/** Reads the first line of stdin (without its newline); null at once when stdin ends empty. */
function firstLineOfStdin(): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (v: string | null) => {
      process.stdin.off('data', onData).off('end', onEnd).off('error', reject);
      process.stdin.pause();
      resolve(v);
    };
    const onData = (d: Buffer) => {
      chunks.push(d);
      size += d.length;
      const text = Buffer.concat(chunks).toString('utf8');
      const nl = text.indexOf('\n');
      if (nl >= 0) done(text.slice(0, nl).replace(/\r$/, ''));
      else if (size > MAX_PASSWORD_BYTES) reject(new Error(`the first line of stdin is longer than ${MAX_PASSWORD_BYTES} bytes; it is not read as a password`));
    };
    const onEnd = () => {
      const text = Buffer.concat(chunks).toString('utf8');
      done(text === '' ? null : text.replace(/\r$/, ''));
    };
    process.stdin.on('data', onData).on('end', onEnd).on('error', reject);
    process.stdin.resume();
  });
}

/** Prompts on the terminal (stderr) and reads a line with echo off; Ctrl-C or Ctrl-D with nothing typed is "no password". */
function promptOnTerminal(prompt: string): Promise<string | null> {
  return new Promise((resolve) => {
    const stdin = process.stdin;
    process.stderr.write(`${prompt}: `);
    stdin.setRawMode(true);
    stdin.resume();
    let typed = '';
    const finish = (v: string | null) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      resolve(v);
    };
    const onData = (d: Buffer) => {
      for (const ch of d.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish(typed);
        if (ch === '\u0003' || (ch === '\u0004' && typed === '')) return finish(null);
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else if (ch >= ' ') typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** How the CLI asks for sudo's password: from stdin when told, on a terminal when there is one, otherwise not at all (null). */
export function cliPasswordSource(fromStdin: boolean): AskPassword {
  let given: Promise<string | null> | null = null;
  return (prompt) => {
    if (fromStdin) return (given ??= firstLineOfStdin());
    if (process.stdin.isTTY && process.stderr.isTTY) return promptOnTerminal(prompt);
    return Promise.resolve(null);
  };
}
