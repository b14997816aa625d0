// ssh:// host specs and the quoting of remote command words.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseSshTarget, formatSshTarget } from '../../electron/host/ssh/target.js';
import { parseReadFiles, shellQuote } from '../../electron/host/ssh/remote.js';
import { HostError } from '../../electron/host/host.js';
import { HostSpecError, openHost } from '../../electron/host/spec.js';

describe('ssh host specs', () => {
  it.each([
    ['ssh://pmem-server', { user: null, host: 'pmem-server', port: null }],
    ['ssh://root@10.0.0.5:2222', { user: 'root', host: '10.0.0.5', port: 2222 }],
    ['ssh://admin@[fe80::1]:22', { user: 'admin', host: 'fe80::1', port: 22 }],
  ])('parses %s', (spec, target) => {
    expect(parseSshTarget(spec)).toEqual(target);
    expect(formatSshTarget(parseSshTarget(spec)!)).toBe(spec);
  });

  it.each(['ssh://', 'ssh://-oProxyCommand=touch%20x', 'ssh://host:0', 'ssh://host:70000', 'ssh://a b', 'ssh://user@', 'ssh://@host', 'ssh://host/path'])('refuses %s', (spec) => {
    expect(parseSshTarget(spec)).toBeNull();
    expect(() => openHost(spec)).toThrow(HostSpecError);
  });
});

describe('remote shell quoting', () => {
  it('gives every word back unchanged through a real sh', () => {
    const words = ['plain', '', "it's", '$(id)', '`id`', '"q"', '\\', 'a\nb', '*', '~', '-n', '; exit 1'];
    const script = `for w in ${words.map(shellQuote).join(' ')}; do printf '%s\\0' "$w"; done`;
    expect(execFileSync('sh', ['-c', script]).toString().split('\0').slice(0, -1)).toEqual(words);
  });
});

describe('batched read answers', () => {
  it('maps records to paths and errno words to HostErrors', () => {
    const m = parseReadFiles('OK\0online\n\0ENOENT\0\0ERR\0cat: x: No such device or address\0', ['/a', '/b', '/c'], '');
    expect(m.get('/a')).toBe('online\n');
    expect(m.get('/b')).toMatchObject({ code: 'ENOENT', path: '/b' });
    expect(m.get('/c')).toMatchObject({ code: 'ENXIO' });
  });

  it('says when the answer was cut short or is too long', () => {
    expect(() => parseReadFiles('OK\0online\n\0OK\0onl', ['/a', '/b'], '')).toThrow(/stopped after 1 of 2 files/);
    expect(() => parseReadFiles('OK\0a\0OK\0b\0', ['/a'], '')).toThrow(HostError);
  });
});
