// The page's script as the browser gets it (npm test builds it first): minified, and without the API's request schemas (zod), which
// only the main process checks requests with. Each of these once cost the first page load tens of milliseconds of parsing.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const RENDERER = new URL('../../out/renderer', import.meta.url).pathname;

/** The built page's entry script. */
function entryScript(): string {
  const index = join(RENDERER, 'index.html');
  if (!existsSync(index)) throw new Error(`${index} is missing: run npm run build`);
  const src = /<script type="module"[^>]* src="\.\/([^"]+)"/.exec(readFileSync(index, 'utf8'))?.[1];
  if (!src) throw new Error('the built index.html loads no module script');
  return readFileSync(join(RENDERER, src), 'utf8');
}

describe('the built renderer', () => {
  const js = entryScript();

  it('is minified: no doc comments, few lines', () => {
    expect(js).not.toContain('/**');
    expect(js.split('\n').length).toBeLessThan(50);
  });

  it('carries no zod (the request schemas stay in the main process)', () => {
    expect(js).not.toMatch(/_zod|ZodError/);
  });
});
