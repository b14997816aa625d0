// The built renderer's files as both front ends serve them (the window's app:// scheme and browser mode): one place that turns
// a request path into a file inside the renderer folder, or refuses it.
import { extname, join, normalize, sep } from 'node:path';

/** Content types of the files the renderer build holds. */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.woff2': 'font/woff2',
};

/** The content type a file is served with. */
export function contentType(file: string): string {
  return TYPES[extname(file)] ?? 'application/octet-stream';
}

/** A request path decoded and normalised as a file system would see it ("/%69ndex.html" is "/index.html"), or null when it cannot be
 *  decoded, holds a NUL, or holds a backslash (no file served has one, and "/\\index.html" must not be another spelling of the page). */
export function decodePath(pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\') || !decoded.startsWith('/')) return null;
  const normal = normalize(decoded);
  return normal === '/' ? '/index.html' : normal;
}

/** The files served without the token: the build's content-hashed assets, by name only (no other path serves anything unasked). */
export const PUBLIC_ASSET = /^\/assets\/[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.(?:js|css|svg|png|ico|woff2)$/;

/** The file a decoded request path names inside the renderer folder, or null when it would leave that folder. */
export function assetFile(decodedPath: string, rendererDir: string): string | null {
  const root = normalize(rendererDir).replace(/[\\/]+$/, '');
  const file = normalize(join(root, decodedPath));
  return file.startsWith(root + sep) ? file : null;
}
