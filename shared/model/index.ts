// The shared domain model: one typed, schema-validated Topology.
export * from './topology.js';
export * from './findings.js';
export * from './blocks.js';
export * from './names.js';
export * from './zones.js';
export * from './memmap.js';
export * from './poison.js';
export * from './health-events.js';
export * from './cxl.js';
export * from './cxl-links.js';
export * from './mm.js';
export * from './nfit-flags.js';
