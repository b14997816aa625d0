// The part of Electron 45's API the console's glue uses (electron/main.ts, window.ts, preload.ts), with the signatures of
// electron@45.4.1's electron.d.ts (MIT). It type-checks the glue where npm leaves Electron out: Electron 45 needs Node 22.12, the
// rest of the project Node 20.19 (README "Node"). Where Electron is installed, tsconfig's paths pick its own electron.d.ts first.

type EventListener = (...args: any[]) => void;

/** A renderer frame; the main process checks the URL of the one an IPC call came from. */
export interface WebFrameMain {
  readonly url: string;
}

/** What ipcMain.handle's listener gets. */
export interface IpcMainInvokeEvent {
  readonly senderFrame: WebFrameMain | null;
  preventDefault(): void;
}

/** What an ipcRenderer.on listener gets. */
export interface IpcRendererEvent {
  readonly sender: IpcRenderer;
  preventDefault(): void;
}

/** One custom scheme's privileges. */
export interface Privileges {
  standard?: boolean;
  secure?: boolean;
  bypassCSP?: boolean;
  allowServiceWorkers?: boolean;
  supportFetchAPI?: boolean;
  corsEnabled?: boolean;
  stream?: boolean;
  codeCache?: boolean;
  allowExtensions?: boolean;
}

/** A scheme registered as privileged before the app is ready. */
export interface CustomScheme {
  scheme: string;
  privileges?: Privileges;
}

/** The protocol module. */
export interface Protocol {
  registerSchemesAsPrivileged(customSchemes: CustomScheme[]): void;
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
}

/** A response's headers as webRequest sees them. */
export interface OnHeadersReceivedListenerDetails {
  id: number;
  url: string;
  method: string;
  webContentsId?: number;
  referrer: string;
  timestamp: number;
  statusLine: string;
  statusCode: number;
  responseHeaders?: Record<string, string[]>;
}

/** What an onHeadersReceived listener answers. */
export interface HeadersReceivedResponse {
  cancel?: boolean;
  responseHeaders?: Record<string, string | string[]>;
  statusLine?: string;
}

/** A session's web requests. */
export interface WebRequest {
  onHeadersReceived(listener: ((details: OnHeadersReceivedListenerDetails, callback: (headersReceivedResponse: HeadersReceivedResponse) => void) => void) | null): void;
}

/** A browser session: permissions and web requests. */
export interface Session {
  readonly webRequest: WebRequest;
  setPermissionRequestHandler(handler: ((webContents: WebContents, permission: string, callback: (permissionGranted: boolean) => void, details: unknown) => void) | null): void;
  setPermissionCheckHandler(handler: ((webContents: WebContents | null, permission: string, requestingOrigin: string, details: unknown) => boolean) | null): void;
}

/** The session module. */
export interface SessionModule {
  readonly defaultSession: Session;
}

/** The event of will-navigate, will-redirect and will-attach-webview. */
export interface NavigationEvent {
  readonly url: string;
  preventDefault(): void;
}

/** What window.open asked for. */
export interface HandlerDetails {
  url: string;
  frameName: string;
  features: string;
  disposition: 'default' | 'foreground-tab' | 'background-tab' | 'new-window' | 'other';
}

/** The answer to window.open. */
export interface WindowOpenHandlerResponse {
  action: 'allow' | 'deny';
  outlivesOpener?: boolean;
  overrideBrowserWindowOptions?: BrowserWindowConstructorOptions;
}

/** A window's page. */
export interface WebContents {
  on(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', listener: (event: NavigationEvent, ...args: any[]) => void): this;
  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void;
  send(channel: string, ...args: any[]): void;
}

/** A window's web preferences. */
export interface WebPreferences {
  accessibleTitle?: string;
  additionalArguments?: string[];
  allowRunningInsecureContent?: boolean;
  backgroundThrottling?: boolean;
  contextIsolation?: boolean;
  devTools?: boolean;
  disableBlinkFeatures?: string;
  disableDialogs?: boolean;
  enableBlinkFeatures?: string;
  experimentalFeatures?: boolean;
  javascript?: boolean;
  navigateOnDragDrop?: boolean;
  nodeIntegration?: boolean;
  nodeIntegrationInSubFrames?: boolean;
  nodeIntegrationInWorker?: boolean;
  partition?: string;
  plugins?: boolean;
  preload?: string;
  safeDialogs?: boolean;
  safeDialogsMessage?: string;
  sandbox?: boolean;
  session?: Session;
  spellcheck?: boolean;
  webSecurity?: boolean;
  webviewTag?: boolean;
}

/** A new window's options. */
export interface BrowserWindowConstructorOptions {
  width?: number;
  height?: number;
  minWidth?: number;
  minHeight?: number;
  title?: string;
  show?: boolean;
  webPreferences?: WebPreferences;
}

/** A window. */
export declare class BrowserWindow {
  constructor(options?: BrowserWindowConstructorOptions);
  readonly webContents: WebContents;
  once(event: 'ready-to-show', listener: () => void): this;
  loadURL(url: string): Promise<void>;
  isDestroyed(): boolean;
  show(): void;
}

/** The app module. */
export interface App {
  readonly isPackaged: boolean;
  enableSandbox(): void;
  whenReady(): Promise<void>;
  on(event: 'window-all-closed', listener: EventListener): this;
  quit(): void;
  exit(exitCode?: number): void;
}

/** The main process's end of IPC. */
export interface IpcMain {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: any[]) => Promise<any> | any): void;
}

/** The renderer's end of IPC (the preload's only). */
export interface IpcRenderer {
  invoke(channel: string, ...args: any[]): Promise<any>;
  on(channel: string, listener: (event: IpcRendererEvent, ...args: any[]) => void): this;
  removeListener(channel: string, listener: (event: IpcRendererEvent, ...args: any[]) => void): this;
}

/** What the preload hands the page. */
export interface ContextBridge {
  exposeInMainWorld(apiKey: string, api: any): void;
}

export declare const app: App;
export declare const ipcMain: IpcMain;
export declare const ipcRenderer: IpcRenderer;
export declare const contextBridge: ContextBridge;
export declare const protocol: Protocol;
export declare const session: SessionModule;
