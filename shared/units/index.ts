// Sizes and alignment: parse what people type, format what tools print.
export * from './size.js';
export * from './align.js';
export * from './u64.js';
