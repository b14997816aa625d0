// CXL as the console knows it: buses, ports, memory devices, decoders and regions, as `cxl list` (ndctl's cxl) shows them.
import * as z from '../zod.js';
import { u64 } from './values.js';

const bytes = u64;

/** A downstream port of a CXL bus or switch, or a decoder's target: the device it leads to, with its id. */
export const CxlDport = z.object({ dport: z.string(), alias: z.nullable(z.string()), id: z.nullable(z.int()) });

/** A CXL port: the root (rootN, the ACPI0017 CXL bus), a host bridge or switch (portN), or a memory device's endpoint (endpointN). */
export const CxlPort = z.object({
  name: z.string(),
  kind: z.enum(['root', 'port', 'endpoint']),
  /** The device it stands for: the ACPI host bridge (ACPI0016:00), the switch's PCI address, or the memdev (mem0) of an endpoint. */
  host: z.nullable(z.string()),
  depth: z.nullable(z.int()),
  /** The port above it (null for a root). */
  parent: z.nullable(z.string()),
  dports: z.array(CxlDport),
});

/** A CXL memory device (memN): a type-3 device's volatile and persistent capacity. */
export const CxlMemdev = z.object({
  name: z.string(),
  serial: z.nullable(u64),
  /** Its PCI address (0000:0e:00.0). memN names and PCI addresses can swap between boots: the serial is what stays. */
  host: z.nullable(z.string()),
  ramSize: bytes,
  pmemSize: bytes,
  numaNode: z.nullable(z.int()),
  /** The endpoint port it shows up as, where enabled (a disabled memdev is an "anon memdev" with none). */
  endpoint: z.nullable(z.string()),
  state: z.enum(['enabled', 'disabled']),
  /** The downstream port it sits below (a root or switch port, from its sysfs path), where the console could read it. */
  dport: z.optional(z.nullable(z.string())),
});

/** A HDM decoder: a root decoder is a CXL fixed memory window (CFMWS) regions are carved from; switch and endpoint decoders route an
 *  address range down to a memdev's device physical addresses (DPA). */
export const CxlDecoder = z.object({
  name: z.string(),
  kind: z.enum(['root', 'switch', 'endpoint']),
  /** The port it belongs to (decoder1.0 is port1's). */
  port: z.nullable(z.string()),
  resource: z.nullable(bytes),
  size: z.nullable(bytes),
  interleaveWays: z.nullable(z.int()),
  interleaveGranularity: z.nullable(z.int()),
  /** A root decoder's room for new regions, and what they may be. */
  maxAvailableExtent: z.nullable(bytes),
  capabilities: z.nullable(z.object({ pmem: z.boolean(), volatile: z.boolean(), accelmem: z.boolean() })),
  targets: z.array(z.object({ target: z.string(), alias: z.nullable(z.string()), position: z.nullable(z.int()), id: z.nullable(z.int()) })),
  /** The region it decodes for, where committed to one. */
  region: z.nullable(z.string()),
  /** An endpoint decoder's mode (ram, pmem) and the device physical addresses it maps. */
  mode: z.nullable(z.string()),
  dpaResource: z.nullable(bytes),
  dpaSize: z.nullable(bytes),
  state: z.enum(['enabled', 'disabled']),
});

/** A CXL region (regionN): memdevs interleaved into one host physical range in a root decoder's window. */
export const CxlRegion = z.object({
  name: z.string(),
  /** pmem or ram, where cxl says (76.1 does not print it; then it is the endpoint decoders' mode). */
  type: z.nullable(z.string()),
  resource: z.nullable(bytes),
  size: z.nullable(bytes),
  interleaveWays: z.nullable(z.int()),
  interleaveGranularity: z.nullable(z.int()),
  /** commit (decoders programmed), reset, or null where not shown. */
  decodeState: z.nullable(z.string()),
  mappings: z.array(z.object({ position: z.int(), memdev: z.string(), decoder: z.string() })),
  /** The root decoder (window) it lies in. */
  rootDecoder: z.nullable(z.string()),
  state: z.enum(['enabled', 'disabled']),
});

/** Everything `cxl list` shows of a machine. */
export const Cxl = z.object({
  buses: z.array(z.object({ name: z.string(), provider: z.string() })),
  ports: z.array(CxlPort),
  memdevs: z.array(CxlMemdev),
  decoders: z.array(CxlDecoder),
  regions: z.array(CxlRegion),
});

export type CxlDport = z.infer<typeof CxlDport>;
export type CxlPort = z.infer<typeof CxlPort>;
export type CxlMemdev = z.infer<typeof CxlMemdev>;
export type CxlDecoder = z.infer<typeof CxlDecoder>;
export type CxlRegion = z.infer<typeof CxlRegion>;
export type Cxl = z.infer<typeof Cxl>;
