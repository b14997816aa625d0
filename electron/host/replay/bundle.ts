// Capture bundles: what a machine answered, recorded once, replayed read-only (docs/capture-bundle.md).
import * as z from '../../../shared/zod.js';

/** Format version of capture bundles. */
export const BUNDLE_FORMAT = 'pmem-console-capture/1';

const Err = z.object({ error: z.string(), message: z.string() });

/** A capture bundle: host facts, command results, files, directories and links. */
const captureBundle = () => z.object({
  format: z.literal(BUNDLE_FORMAT),
  capturedAt: z.string(),
  source: z.string(),
  commands: z.array(z.union([z.object({ argv: z.array(z.string()), exitCode: z.int(), stdout: z.string(), stderr: z.string() }), z.object({ argv: z.array(z.string()), error: z.string(), message: z.string() })])),
  files: z.record(z.string(), z.union([z.string(), Err])),
  dirs: z.record(z.string(), z.union([z.array(z.string()), Err])),
  links: z.record(z.string(), z.union([z.string(), Err])),
  /** The snapshot taken while capturing (a Topology); a twin of the machine is built from it. */
  topology: z.optional(z.unknown()),
});
let schema: ReturnType<typeof captureBundle> | null = null;
/** The bundle's schema, built the first time a bundle is read (most commands never read one). */
export function captureBundleSchema(): ReturnType<typeof captureBundle> {
  return (schema ??= captureBundle());
}
/** A parsed capture bundle. */
export type CaptureBundle = z.infer<ReturnType<typeof captureBundle>>;
