#!/usr/bin/env node
// The pmem-console command in a checkout: runs the CLI built ahead of time into out/cli (npm run build); nothing is compiled here.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const built = join(__dirname, '..', 'out', 'cli', 'pmem-console.cjs');
if (!existsSync(built)) {
  process.stderr.write('pmem-console: the command is not built (out/cli/pmem-console.cjs is missing): run npm run build\n');
  process.exit(1);
}
require(built);
