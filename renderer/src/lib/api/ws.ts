// The API over a WebSocket (browser mode): calls are {id, method, params}; answers carry the id; events carry a name.
import { ApiError } from '../../../../shared/api/errors.js';
import type { ApiClient, ApiEvent, ApiFailure, ApiMethod, EventPayload, Request, Response } from '../../../../shared/api/index.js';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

/** Connects to the browser-mode server this page came from, with the token from the page's URL. */
export function connectWebSocket(token: string, onStatus: (connected: boolean) => void): ApiClient {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api?token=${encodeURIComponent(token)}`;
  const pending = new Map<number, Pending>();
  const listeners = new Map<ApiEvent, Set<(p: unknown) => void>>();
  let nextId = 1;
  let ws: WebSocket;
  let ready: Promise<void>;
  let retryMs = 250;

  function open(): void {
    ws = new WebSocket(url);
    ready = new Promise((resolve, reject) => {
      ws.addEventListener('open', () => { retryMs = 250; onStatus(true); resolve(); }, { once: true });
      ws.addEventListener('error', () => reject(new ApiError('host', 'cannot reach the console server')), { once: true });
    });
    ready.catch(() => {});
    ws.addEventListener('message', (e) => {
      const msg = JSON.parse(String(e.data)) as { id?: number; ok?: boolean; result?: unknown; error?: ApiFailure; event?: ApiEvent; payload?: unknown };
      if (msg.event) {
        for (const l of listeners.get(msg.event) ?? []) l(msg.payload);
        return;
      }
      const p = msg.id != null ? pending.get(msg.id) : undefined;
      if (!p) return;
      pending.delete(msg.id!);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(new ApiError(msg.error?.kind ?? 'internal', msg.error?.message ?? 'failed'));
    });
    ws.addEventListener('close', () => {
      onStatus(false);
      for (const p of pending.values()) p.reject(new ApiError('host', 'the connection to the console server was lost'));
      pending.clear();
      setTimeout(open, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    });
  }
  open();

  return {
    async call<M extends ApiMethod>(method: M, request: Request<M>): Promise<Response<M>> {
      await ready;
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        ws.send(JSON.stringify({ id, method, params: request }));
      });
    },
    on<E extends ApiEvent>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const l = listener as (p: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
  };
}
