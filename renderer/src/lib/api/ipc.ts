// The API over Electron IPC, through the named functions the preload exposes as window.pmem.
import { ApiError } from '../../../../shared/api/errors.js';
import type { ApiClient, ApiEvent, ApiFailure, ApiMethod, EventPayload, Request, Response } from '../../../../shared/api/index.js';

/** What the preload exposes: one async function per method, and an event subscription. */
export type PreloadApi = Record<ApiMethod, (request: unknown) => Promise<{ ok: true; result: unknown } | { ok: false; error: ApiFailure }>> & {
  onEvent(listener: (event: ApiEvent, payload: unknown) => void): () => void;
};

/** Wraps the preload's functions as an ApiClient. */
export function connectIpc(bridge: PreloadApi): ApiClient {
  return {
    async call<M extends ApiMethod>(method: M, request: Request<M>): Promise<Response<M>> {
      const r = await bridge[method](request);
      if (!r.ok) throw new ApiError(r.error.kind, r.error.message);
      return r.result as Response<M>;
    },
    on<E extends ApiEvent>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      return bridge.onEvent((name, payload) => { if (name === event) listener(payload as EventPayload<E>); });
    },
  };
}
