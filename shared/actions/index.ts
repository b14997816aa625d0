// Actions as data: the catalog of actions and the Plan contract shared by every front end.
export * from './types.js';
export * from './catalog.js';
export * from './facts.js';
export * from './outcome.js';
export * from './journal.js';
export * from './daxctl-conf.js';
export * from './iniparser.js';
export * from './limits.js';
export * from './ndctl-keys.js';
