// Which pages may talk to the API over IPC: the console's own index.html on the app:// scheme, and nothing else.

/** Whether a frame URL is the console's page (app://console/index.html, with or without a #view). */
export function isConsolePage(url: string, indexUrl: string): boolean {
  let u: URL;
  let want: URL;
  try {
    u = new URL(url);
    want = new URL(indexUrl);
  } catch {
    return false;
  }
  return u.protocol === want.protocol && u.host === want.host && u.pathname === want.pathname && u.search === '' && u.username === '' && u.password === '' && u.port === '';
}
