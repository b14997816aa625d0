// The API contract shared by the main process, the web server and the renderer.
export * from './methods.js';
export * from './contract.js';
export * from './view.js';
export * from './capacity.js';
