// Which pages may talk to the API over IPC: the console's own index.html, loaded from disk, and nothing else.
import { fileURLToPath } from 'node:url';

/** Whether a frame URL is the console's page at the given path. */
export function isConsolePage(url: string, indexPath: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'file:' || u.host !== '' || u.search !== '') return false;
  try {
    return fileURLToPath(u) === indexPath;
  } catch {
    return false;
  }
}

