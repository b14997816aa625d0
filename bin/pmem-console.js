#!/usr/bin/env node
// The pmem-console command in a checkout: runs the CLI built ahead of time into out/cli (npm run build); nothing is compiled here.
import { existsSync } from 'node:fs';

const built = new URL('../out/cli/pmem-console.mjs', import.meta.url);
if (!existsSync(built)) {
  process.stderr.write('pmem-console: the command is not built (out/cli/pmem-console.mjs is missing): run npm run build\n');
  process.exit(1);
}
await import(built.href);
