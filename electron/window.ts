// The one window: sandboxed, context-isolated, no Node, no navigation, no new windows, no permissions, a strict CSP, and the page
// loaded from the app:// scheme (never file://), which serves only the built renderer's files.
import { BrowserWindow, protocol, session } from 'electron';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assetFile, contentType, decodePath } from './assets.js';

/** The console's own origin in the window; IPC answers only its index.html. */
export const CONSOLE_ORIGIN = 'app://console';
/** The page the window loads. */
export const CONSOLE_INDEX_URL = `${CONSOLE_ORIGIN}/index.html`;
/** The built renderer, next to the built main process (inside the app's asar when packaged). */
const RENDERER_DIR = join(import.meta.dirname, '../renderer');

/** The window's CSP: nothing but the app's own scripts and styles, and no network at all (the WebSocket is browser mode's alone). */
export const WINDOW_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Declares the app:// scheme as standard and secure; must run before the app is ready. */
export function registerConsoleScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true } }]);
}

/** Serves app://console/ from the built renderer: only files inside it, each with the CSP; anything else is a 404. */
export function serveConsoleScheme(): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    const path = url.host === 'console' ? decodePath(url.pathname) : null;
    const file = path === null ? null : assetFile(path, RENDERER_DIR);
    if (file === null) return new Response('not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, { headers: { 'Content-Type': contentType(file), 'Content-Security-Policy': WINDOW_CSP, 'X-Content-Type-Options': 'nosniff' } });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}

/** Denies every permission (camera, notifications, clipboard, ...), and puts the CSP on every response the window gets. */
export function hardenSession(): void {
  const s = session.defaultSession;
  s.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  s.setPermissionCheckHandler(() => false);
  s.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [WINDOW_CSP] } });
  });
}

/** Creates the console window. */
export function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 640,
    title: 'pmem-console',
    show: false,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  });
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.on('will-redirect', (event) => event.preventDefault());
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  // The console links nowhere outside itself: every new window is refused, nothing is handed to the system browser.
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(CONSOLE_INDEX_URL);
  return win;
}
