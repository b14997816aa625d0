// Picks the API transport: IPC inside Electron, the WebSocket in browser mode (token from the page's URL).
import type { ApiClient } from '../../../../shared/api/index.js';
import { connectIpc, type PreloadApi } from './ipc.js';
import { connectWebSocket } from './ws.js';

/** Connects to the API. */
export function connectApi(onStatus: (connected: boolean) => void): ApiClient {
  const bridge = (window as unknown as { pmem?: PreloadApi }).pmem;
  if (bridge) {
    queueMicrotask(() => onStatus(true));
    return connectIpc(bridge);
  }
  return connectWebSocket(new URLSearchParams(location.search).get('token') ?? '', onStatus);
}
