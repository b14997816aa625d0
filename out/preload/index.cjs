let electron = require("electron");
// shared/api/methods.ts
/** Every method the renderer may call. */
var API_METHODS = [
	"session.get",
	"session.open",
	"view.get",
	"view.refresh",
	"plan.make",
	"plan.run",
	"journal.list",
	"actions.catalog"
];
// electron/preload.ts
/** The IPC channels the preload and main agree on. */
var CALL = "pmem:call";
var EVENT = "pmem:event";
var methods = Object.fromEntries(API_METHODS.map((m) => [m, (request) => electron.ipcRenderer.invoke(CALL, m, request)]));
electron.contextBridge.exposeInMainWorld("pmem", {
	...methods,
	onEvent(listener) {
		const handler = (_e, event, payload) => listener(event, payload);
		electron.ipcRenderer.on(EVENT, handler);
		return () => void electron.ipcRenderer.removeListener(EVENT, handler);
	}
});
