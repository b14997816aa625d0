// The Electron main process: opens the session the command line names, answers IPC from the console's own page only, opens the window.
import { app, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { dispatch, type CallResult } from './api/dispatch.js';
import { ConsoleSession } from './api/session.js';
import { parseArgs, UsageError } from './cli/args.js';
import { hostOptions, openFromArgs, specOf } from './cli/open.js';
import { isConsolePage } from './ipc-sender.js';
import { CONSOLE_INDEX_URL, createWindow, hardenSession, registerConsoleScheme, serveConsoleScheme } from './window.js';

const log = (line: string) => process.stderr.write(`pmem-console: ${line}\n`);

app.enableSandbox();
registerConsoleScheme();

async function start(): Promise<void> {
  const args = parseArgs(['start', ...process.argv.slice(app.isPackaged ? 1 : 2)]);
  if ('meta' in args) throw new UsageError('start takes host options only');
  const host = await openFromArgs(args, { err: log });
  const session = new ConsoleSession({ ...hostOptions(args), spec: args.host ?? specOf(host), host, demo: args.demo });
  hardenSession();
  serveConsoleScheme();
  ipcMain.handle('pmem:call', (event: IpcMainInvokeEvent, method: unknown, payload: unknown): Promise<CallResult> | CallResult => {
    if (!event.senderFrame || !isConsolePage(event.senderFrame.url, CONSOLE_INDEX_URL)) {
      log(`refused IPC from ${event.senderFrame?.url ?? 'a destroyed frame'}: not the console's page`);
      return { ok: false, error: { kind: 'bad-request', message: 'not the console page' } };
    }
    return dispatch(session, method, payload, log);
  });
  const win = createWindow();
  // The machine is read while the window loads (as browser mode does); the page's view.get finds the read done or under way.
  void session.view().catch(() => {});
  const unsubscribe = session.subscribe((event, payload) => {
    if (!win.isDestroyed()) win.webContents.send('pmem:event', event, payload);
  });
  app.on('window-all-closed', () => {
    unsubscribe();
    void session.close().finally(() => app.quit());
  });
}

app.whenReady().then(start).catch((e: unknown) => {
  log((e as Error).message);
  app.exit(2);
});
