// Picks the API transport: IPC inside Electron, the WebSocket in browser mode. In browser mode the token leaves the address bar and
// the history at once (it is kept for this tab only, so a reload still works).
import type { ApiClient } from '../../../../shared/api/index.js';
import { connectIpc, type PreloadApi } from './ipc.js';
import { connectWebSocket } from './ws.js';

const KEY = 'pmem-console-token';

/** The browser-mode token: from the URL the server printed (then removed from it), or from this tab's earlier load. */
export function takeToken(): string {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('token');
  if (fromUrl !== null) {
    sessionStorage.setItem(KEY, fromUrl);
    params.delete('token');
    const rest = params.toString();
    history.replaceState(history.state, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
    return fromUrl;
  }
  return sessionStorage.getItem(KEY) ?? '';
}

/** Connects to the API. */
export function connectApi(onStatus: (connected: boolean) => void): ApiClient {
  const bridge = (window as unknown as { pmem?: PreloadApi }).pmem;
  if (bridge) {
    queueMicrotask(() => onStatus(true));
    return connectIpc(bridge);
  }
  return connectWebSocket(takeToken(), onStatus);
}
