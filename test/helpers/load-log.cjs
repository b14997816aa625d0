// Preloaded with node --require: when the process exits, writes every JavaScript file it loaded (one per line) to $PMC_LOAD_LOG.
'use strict';
const Module = require('node:module');
const { writeFileSync } = require('node:fs');

const loaded = new Set();
const load = Module.prototype.load;
Module.prototype.load = function (filename) {
  loaded.add(filename);
  return load.call(this, filename);
};
process.on('exit', () => writeFileSync(process.env.PMC_LOAD_LOG, [...loaded].join('\n') + '\n'));
