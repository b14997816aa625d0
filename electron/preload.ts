// The preload: one named async function per API method and one event subscription that returns its unsubscribe. No raw ipcRenderer.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_METHODS, type ApiEvent } from '../shared/api/methods.js';

/** The IPC channels the preload and main agree on. */
const CALL = 'pmem:call';
const EVENT = 'pmem:event';

const methods = Object.fromEntries(API_METHODS.map((m) => [m, (request: unknown) => ipcRenderer.invoke(CALL, m, request)]));

contextBridge.exposeInMainWorld('pmem', {
  ...methods,
  onEvent(listener: (event: ApiEvent, payload: unknown) => void): () => void {
    const handler = (_e: IpcRendererEvent, event: ApiEvent, payload: unknown) => listener(event, payload);
    ipcRenderer.on(EVENT, handler);
    return () => void ipcRenderer.removeListener(EVENT, handler);
  },
});
