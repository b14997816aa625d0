// A tiny in-memory filesystem of files, directories and symlinks, for rendering sysfs and /proc.
import { posix } from 'node:path';

/** An entry of the virtual filesystem. */
export type VNode = { type: 'file'; content: string; error?: 'ENXIO' | 'EACCES' } | { type: 'dir'; children: Set<string> } | { type: 'link'; target: string };

/** A tree of rendered paths; directories are created implicitly. */
export class Vfs {
  readonly nodes = new Map<string, VNode>([['/', { type: 'dir', children: new Set() }]]);

  /** Adds a file with its content (sysfs attributes end in a newline; callers give it). */
  file(path: string, content: string, error?: 'ENXIO' | 'EACCES'): void {
    this.parent(path);
    this.nodes.set(path, error ? { type: 'file', content, error } : { type: 'file', content });
  }

  /** Adds a symlink whose target is given as an absolute path; it is stored relative, as sysfs does. */
  link(path: string, absoluteTarget: string): void {
    this.parent(path);
    this.nodes.set(path, { type: 'link', target: posix.relative(posix.dirname(path), absoluteTarget) });
  }

  /** Adds an (empty) directory. */
  dir(path: string): void {
    if (this.nodes.get(path)?.type === 'dir') return;
    this.parent(path);
    this.nodes.set(path, { type: 'dir', children: new Set() });
  }

  private parent(path: string): void {
    const dir = posix.dirname(path);
    this.dir(dir);
    const d = this.nodes.get(dir);
    if (d?.type === 'dir') d.children.add(posix.basename(path));
  }
}

/** Resolves symlinks in every component of a path, like the kernel's path walk ("link/.." leaves the link's target). */
export function resolvePath(vfs: Vfs, path: string, depth = 0): string {
  if (depth > 16) return path;
  const parts = path.split('/').filter((p) => p && p !== '.');
  let cur = '/';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part === '..') {
      cur = posix.dirname(cur);
      continue;
    }
    const next = posix.join(cur, part);
    const node = vfs.nodes.get(next);
    if (node?.type === 'link') {
      const target = posix.resolve(cur, node.target);
      return resolvePath(vfs, [target, ...parts.slice(i + 1)].join('/'), depth + 1);
    }
    cur = next;
  }
  return cur;
}
