import { BrowserWindow, app, ipcMain, session, shell } from "electron";
import { z } from "zod";
import { randomUUID } from "node:crypto";
import { availableParallelism, homedir, tmpdir, userInfo } from "node:os";
import { appendFileSync, closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, statSync, watch, writeFileSync, writeSync } from "node:fs";
import { basename, dirname, join, posix } from "node:path";
import { readFile, readdir, readlink, writeFile } from "node:fs/promises";
import { execa } from "execa";
import { Worker } from "node:worker_threads";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import "ws";
// -- CommonJS Shims --
import __shims_module__ from "node:module";
import.meta.filename;
import.meta.dirname;
__shims_module__.createRequire(import.meta.url);
// shared/actions/types.ts
/** The confirmation a risk asks for. */
function confirmationFor(risk, object) {
	if (risk === "safe") return { kind: "none" };
	if (risk === "reversible") return { kind: "yes" };
	return {
		kind: "type-name",
		name: object
	};
}
/** Whether any guard blocks the plan. */
function isBlocked(plan) {
	return plan.guards.some((g) => g.blocking);
}
/** A step as a person would type it (for display only; steps never run through a shell). */
function describeOp(op) {
	if (op.kind === "write") return `echo ${op.value} > ${op.path}`;
	return op.argv.map((w) => /^[A-Za-z0-9_./:=@%+,-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`).join(" ");
}
// shared/units/size.ts
/** Thrown when a size string cannot be understood; the message says why. */
var SizeError = class extends Error {
	constructor(message) {
		super(message);
		this.name = "SizeError";
	}
};
var BINARY_UNITS = {
	"": 1,
	K: 1024,
	M: 2 ** 20,
	G: 2 ** 30,
	T: 2 ** 40,
	P: 2 ** 50
};
var DECIMAL_UNITS = {
	KB: 1e3,
	MB: 1e6,
	GB: 1e9,
	TB: 0xe8d4a51000,
	PB: 0x38d7ea4c68000
};
/**
* Parses a size the way an admin types it for ndctl: "512M", "4G", "1.5GiB", "2097152", "16 MiB".
* Suffixes K/M/G/T/P (with optional "iB" or "B"... K, KiB) are powers of 1024, like ndctl's
* parse_size64; "kB"/"MB"/"GB" spelled in SI form are powers of 1000. The result must be a
* whole, non-negative number of bytes.
*/
function parseSize(text) {
	const s = text.trim();
	const m = /^(\d+(?:\.\d+)?)\s*([A-Za-z]*)$/.exec(s);
	if (!m) throw new SizeError(`"${text}" is not a size: use a number with an optional unit, e.g. 512M, 4G, 1.5GiB`);
	const value = Number(m[1]);
	const unitRaw = m[2] ?? "";
	const upper = unitRaw.toUpperCase();
	let multiplier;
	if (upper === "" || upper === "B") multiplier = 1;
	else if (/^[KMGTP]$/.test(upper) || /^[KMGTP]IB$/.test(upper)) multiplier = BINARY_UNITS[upper[0]];
	else if (/^[KMGTP]B$/.test(upper)) multiplier = DECIMAL_UNITS[upper];
	if (multiplier === void 0) throw new SizeError(`"${text}" has an unknown unit "${unitRaw}": use K, M, G, T (powers of 1024) or KB, MB, GB (powers of 1000)`);
	const bytes = value * multiplier;
	if (!Number.isSafeInteger(Math.round(bytes)) || Math.abs(bytes - Math.round(bytes)) > 1e-6) throw new SizeError(`"${text}" is not a whole number of bytes`);
	return Math.round(bytes);
}
/** Parses a size that must be greater than zero ("0" and "-1G" are refused). */
function parsePositiveSize(text) {
	if (/^\s*-/.test(text)) throw new SizeError(`"${text}" is negative: a size must be greater than zero`);
	const bytes = parseSize(text);
	if (bytes <= 0) throw new SizeError(`"${text}" is zero: a size must be greater than zero`);
	return bytes;
}
/**
* Parses ndctl/daxctl's human output ("-u"): "4.00 GiB (4.29 GB)", "502.00 MiB (526.39 MB)",
* a plain number, or a number as a string. The binary part is only rounded to 1/100, so callers
* that need exact bytes should ask the tool without -u; this is for reading captures.
*/
function parseToolSize(value) {
	if (typeof value === "number") return value;
	const s = value.trim();
	if (/^\d+$/.test(s)) return Number(s);
	if (/^0x[0-9a-f]+$/i.test(s)) return Number.parseInt(s, 16);
	const m = /^(\d+(?:\.\d+)?) (KiB|MiB|GiB|TiB|PiB)(?: \(.*\))?$/.exec(s);
	if (!m) throw new SizeError(`"${value}" is not a size as ndctl prints it`);
	const unit = BINARY_UNITS[m[2][0]];
	return Math.round(Number(m[1]) * unit);
}
/**
* Formats bytes exactly as ndctl/daxctl do with -u (util/json.c display_size):
* under 5000 bytes a plain number, else "<binary> (<decimal>)" with two decimals.
*/
function formatToolSize(bytes) {
	if (bytes < 5e3) return bytes;
	return `${scaled(bytes, 1024, [
		"KiB",
		"MiB",
		"GiB",
		"TiB"
	])} (${scaled(bytes, 1e3, [
		"kB",
		"MB",
		"GB",
		"TB"
	])})`;
}
function scaled(bytes, base, units) {
	let i = 0;
	while (i < units.length - 1 && bytes >= 2 * base ** (i + 2)) i++;
	const div = base ** (i + 1);
	const hundredths = Math.floor((Math.floor(bytes * 200 / div) + 1) / 2);
	return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, "0")} ${units[i]}`;
}
/** Formats bytes for people: "512 MiB", "1.5 GiB", "0 B"; exact multiples print without decimals. */
function formatBytes(bytes) {
	if (bytes === 0) return "0 B";
	const units = [
		"B",
		"KiB",
		"MiB",
		"GiB",
		"TiB",
		"PiB"
	];
	const negative = bytes < 0;
	let v = Math.abs(bytes);
	let i = 0;
	while (v >= 1024 && i < units.length - 1) {
		v /= 1024;
		i++;
	}
	const fixed = v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2);
	const text = Number.isInteger(v) ? String(v) : fixed.includes(".") ? fixed.replace(/\.?0+$/, "") : fixed;
	return `${negative ? "-" : ""}${text} ${units[i]}`;
}
/** Formats a number the way ndctl -u prints hex values (printf "%#llx": 0 stays "0"). */
function formatToolHex(value) {
	return value === 0 || value === 0n ? "0" : `0x${value.toString(16)}`;
}
// shared/units/align.ts
/** Rounds value down to a multiple of align. */
function alignDown(value, align) {
	return Math.floor(value / align) * align;
}
/** Rounds value up to a multiple of align. */
function alignUp(value, align) {
	return Math.ceil(value / align) * align;
}
/** Whether value is a power of two (alignments must be). */
function isPowerOfTwo(value) {
	return Number.isSafeInteger(value) && value > 0 && 2 ** Math.round(Math.log2(value)) === value;
}
/**
* The memory blocks that lie wholly inside [start, start+size): what the kmem driver hot-adds.
* Returns the first block index and the count (0 when the range holds no whole block).
*/
function wholeBlocks(start, size, blockSize) {
	const first = alignUp(start, blockSize);
	const end = alignDown(start + size, blockSize);
	return {
		first: first / blockSize,
		count: end > first ? (end - first) / blockSize : 0
	};
}
// shared/actions/catalog.ts
/** Names of the actions the console can plan. */
var ACTION_NAMES = [
	"namespace.create",
	"namespace.destroy",
	"namespace.reconfigure",
	"namespace.enable",
	"namespace.disable",
	"region.enable",
	"region.disable",
	"labels.init",
	"dax.system-ram",
	"dax.devdax",
	"memory.online",
	"memory.offline"
];
/** Bad parameters for an action: refused before any tool runs (CLI exit 2). */
var ParamError = class extends Error {
	constructor(message) {
		super(message);
		this.name = "ParamError";
	}
};
var NS_MODES = [
	"raw",
	"sector",
	"fsdax",
	"devdax"
];
var ZONES = ["movable", "normal"];
/** What each action takes. */
var CATALOG = {
	"namespace.create": {
		summary: "Create a namespace in a labelled region",
		params: {
			region: {
				kind: "region",
				required: true,
				help: "region to carve it from (region0)"
			},
			mode: {
				kind: { oneOf: NS_MODES },
				required: true,
				help: "raw, sector, fsdax or devdax"
			},
			size: {
				kind: "size",
				required: false,
				help: "size (4G, 512M); default: the largest free extent"
			},
			align: {
				kind: "align",
				required: false,
				help: "fsdax/devdax page alignment: 4K, 2M or 1G"
			},
			name: {
				kind: "name",
				required: false,
				help: "a name to keep with the namespace"
			}
		}
	},
	"namespace.destroy": {
		summary: "Destroy a namespace and the data on it",
		params: { namespace: {
			kind: "namespace",
			required: true,
			help: "namespace to destroy (namespace0.0)"
		} }
	},
	"namespace.reconfigure": {
		summary: "Change the mode of an existing namespace (its data is lost)",
		params: {
			namespace: {
				kind: "namespace",
				required: true,
				help: "namespace to change (namespace0.0)"
			},
			mode: {
				kind: { oneOf: NS_MODES },
				required: true,
				help: "raw, sector, fsdax or devdax"
			},
			align: {
				kind: "align",
				required: false,
				help: "fsdax/devdax page alignment: 4K, 2M or 1G"
			},
			name: {
				kind: "name",
				required: false,
				help: "a new name"
			}
		}
	},
	"namespace.enable": {
		summary: "Enable a namespace",
		params: { namespace: {
			kind: "namespace",
			required: true,
			help: "namespace to enable"
		} }
	},
	"namespace.disable": {
		summary: "Disable a namespace (its device goes away)",
		params: { namespace: {
			kind: "namespace",
			required: true,
			help: "namespace to disable"
		} }
	},
	"region.enable": {
		summary: "Enable a region and its namespaces",
		params: { region: {
			kind: "region",
			required: true,
			help: "region to enable"
		} }
	},
	"region.disable": {
		summary: "Disable a region and all its namespaces",
		params: { region: {
			kind: "region",
			required: true,
			help: "region to disable"
		} }
	},
	"labels.init": {
		summary: "Initialise the label areas of a region's DIMMs (removes every namespace in it)",
		params: { region: {
			kind: "region",
			required: true,
			help: "region whose DIMMs get fresh labels"
		} }
	},
	"dax.system-ram": {
		summary: "Give a dax device to the kernel as system RAM on its target node",
		params: {
			device: {
				kind: "dax",
				required: true,
				help: "dax device (dax0.0)"
			},
			zone: {
				kind: { oneOf: ZONES },
				required: false,
				default: "movable",
				help: "movable (can be given back) or normal"
			},
			online: {
				kind: { oneOf: ["yes", "no"] },
				required: false,
				default: "yes",
				help: "online the memory now (yes) or leave it offline (no)"
			}
		}
	},
	"dax.devdax": {
		summary: "Take system RAM back from the kernel: offline it, then make the device devdax again",
		params: { device: {
			kind: "dax",
			required: true,
			help: "dax device (dax0.0)"
		} }
	},
	"memory.online": {
		summary: "Online a dax device's memory, or a range of memory blocks",
		params: {
			device: {
				kind: "dax",
				required: false,
				help: "dax device whose memory to online"
			},
			blocks: {
				kind: "blocks",
				required: false,
				help: "memory blocks instead of a device: 40 or 40-47"
			},
			zone: {
				kind: { oneOf: ZONES },
				required: false,
				default: "movable",
				help: "movable or normal"
			}
		}
	},
	"memory.offline": {
		summary: "Offline a dax device's memory, or a range of memory blocks",
		params: {
			device: {
				kind: "dax",
				required: false,
				help: "dax device whose memory to offline"
			},
			blocks: {
				kind: "blocks",
				required: false,
				help: "memory blocks instead of a device: 40 or 40-47"
			}
		}
	}
};
var PATTERNS = {
	region: [/^region\d{1,4}$/, "a region name like region0"],
	namespace: [/^namespace\d{1,4}\.\d{1,4}$/, "a namespace name like namespace0.0"],
	dax: [/^dax\d{1,4}\.\d{1,4}$/, "a dax device name like dax0.0"]
};
/** Whether a string names an action. */
function isActionName(name) {
	return ACTION_NAMES.includes(name);
}
function parseOne(action, key, spec, raw) {
	const bad = (why) => new ParamError(`${action}: --${key} "${raw}" ${why}`);
	const kind = spec.kind;
	if (typeof kind === "object") {
		if (!kind.oneOf.includes(raw)) throw bad(`is not one of ${kind.oneOf.join(", ")}`);
		return raw;
	}
	switch (kind) {
		case "region":
		case "namespace":
		case "dax": {
			const [re, what] = PATTERNS[kind];
			if (!re.test(raw)) throw bad(`is not ${what}`);
			return raw;
		}
		case "size":
		case "align": try {
			return parsePositiveSize(raw);
		} catch (e) {
			if (e instanceof SizeError) throw new ParamError(`${action}: --${key}: ${e.message}`);
			throw e;
		}
		case "blocks": {
			const m = /^(\d{1,7})(?:-(\d{1,7}))?$/.exec(raw);
			if (!m) throw bad("is not a memory block or range like 40 or 40-47");
			const first = Number(m[1]);
			const last = m[2] === void 0 ? first : Number(m[2]);
			if (last < first) throw bad("ends before it starts");
			return [first, last];
		}
		case "name":
			if (!/^[A-Za-z0-9_.-]{1,63}$/.test(raw)) throw bad("may use only letters, digits, \"_\", \".\" and \"-\" (at most 63)");
			return raw;
	}
}
/** Checks an action's parameters: unknown, missing, malformed or conflicting ones are a ParamError. */
function parseParams(action, raw) {
	if (!isActionName(action)) throw new ParamError(`unknown action "${action}"; actions: ${ACTION_NAMES.join(", ")}`);
	const specs = CATALOG[action].params;
	const params = {};
	for (const key of Object.keys(raw)) if (!(key in specs)) throw new ParamError(`${action} takes no --${key}; it takes ${Object.keys(specs).map((k) => `--${k}`).join(", ")}`);
	for (const [key, spec] of Object.entries(specs)) {
		const value = raw[key] ?? spec.default;
		if (value === void 0) {
			if (spec.required) throw new ParamError(`${action} needs --${key} (${spec.help})`);
			continue;
		}
		params[key] = parseOne(action, key, spec, value);
	}
	if ((action === "memory.online" || action === "memory.offline") && params.device === void 0 === (params.blocks === void 0)) throw new ParamError(`${action} needs either --device or --blocks, not ${params.device === void 0 ? "neither" : "both"}`);
	return {
		action,
		params
	};
}
// shared/actions/facts.ts
/** Reduces a topology to what plans change: MemTotal, node memory, namespace and dax device states, online blocks. */
function machineFacts(t) {
	const nodes = {};
	for (const n of t.nodes) nodes[`node${n.id}`] = n.memTotal;
	const namespaces = {};
	for (const ns of t.namespaces) if (ns.size > 0) namespaces[ns.dev] = `${ns.mode} ${ns.size} ${ns.state}`;
	const daxDevices = {};
	for (const d of t.daxDevices) daxDevices[d.dev] = `${d.mode} ${d.size} ${d.state}${d.mode === "system-ram" ? ` ${d.onlineMemblocks}/${d.totalMemblocks} online${d.movable === false ? " normal" : ""}` : ""}`;
	return {
		memTotal: t.meminfo.memTotal,
		nodes,
		namespaces,
		daxDevices,
		onlineBlocks: t.memory.blocks.filter((b) => b.state === "online").length
	};
}
function diffRecord(what, a, b, out) {
	for (const key of [.../* @__PURE__ */ new Set([...Object.keys(a), ...Object.keys(b)])].sort()) if (a[key] !== b[key]) out.push({
		what: `${what} ${key}`,
		before: a[key] ?? null,
		after: b[key] ?? null
	});
}
/** What changed from one set of facts to another. */
function diffFacts(before, after) {
	const out = [];
	if (before.memTotal !== after.memTotal) out.push({
		what: "MemTotal",
		before: before.memTotal,
		after: after.memTotal
	});
	diffRecord("MemTotal of", before.nodes, after.nodes, out);
	diffRecord("namespace", before.namespaces, after.namespaces, out);
	diffRecord("dax device", before.daxDevices, after.daxDevices, out);
	if (before.onlineBlocks !== after.onlineBlocks) out.push({
		what: "online memory blocks",
		before: before.onlineBlocks,
		after: after.onlineBlocks
	});
	return out;
}
/** Where a result differs from what was predicted: one line per fact. */
function compareWithPrediction(predicted, actual) {
	return diffFacts(predicted, actual).map((c) => `${c.what}: predicted ${c.before ?? "absent"}, got ${c.after ?? "absent"}`);
}
// shared/api/methods.ts
/** Every method the renderer may call. */
var API_METHODS = [
	"session.get",
	"session.open",
	"view.get",
	"view.refresh",
	"plan.make",
	"plan.run",
	"journal.list",
	"actions.catalog"
];
/** Whether a value names an API method. */
function isApiMethod(name) {
	return typeof name === "string" && API_METHODS.includes(name);
}
// shared/api/contract.ts
var name = z.string().min(1).max(64);
/** Request schemas, one per method. Unknown keys are refused. */
var REQUESTS = {
	"session.get": z.strictObject({}),
	"session.open": z.strictObject({ spec: z.string().min(1).max(4096) }),
	"view.get": z.strictObject({}),
	"view.refresh": z.strictObject({}),
	"plan.make": z.strictObject({
		action: z.enum(ACTION_NAMES),
		params: z.record(name, z.string().max(256)).refine((p) => Object.keys(p).length <= 16, "too many parameters")
	}),
	"plan.run": z.strictObject({
		planId: z.uuid(),
		yes: z.boolean().optional(),
		typedName: z.string().max(256).optional()
	}),
	"journal.list": z.strictObject({}),
	"actions.catalog": z.strictObject({})
};
// shared/api/view.ts
/** Groups memory blocks into runs of identical, consecutive blocks. */
function blockRuns(blocks) {
	const runs = [];
	let cur = null;
	for (const b of blocks) {
		const zone = b.validZones[0] ?? "none";
		if (cur && b.index === cur.first + cur.count && b.state === cur.state && zone === cur.zone && b.node === cur.node && b.daxDevice === cur.daxDevice && b.removable === cur.removable) {
			cur.count++;
			continue;
		}
		cur = {
			first: b.index,
			count: 1,
			state: b.state,
			zone,
			node: b.node,
			daxDevice: b.daxDevice,
			removable: b.removable
		};
		runs.push(cur);
	}
	return runs;
}
/** Turns sorted block indices into [first, last] ranges. */
function indexRanges(indices) {
	const out = [];
	for (const i of [...indices].sort((a, b) => a - b)) {
		const last = out.at(-1);
		if (last && i === last[1] + 1) last[1] = i;
		else out.push([i, i]);
	}
	return out;
}
/** Shapes a topology for the views. */
function viewTopology(t) {
	const { blocks, ...memory } = t.memory;
	return {
		...t,
		memory: {
			...memory,
			blockRuns: blockRuns(blocks),
			blockCount: blocks.length
		},
		daxDevices: t.daxDevices.map(({ memoryBlocks, ...d }) => ({
			...d,
			blockRanges: indexRanges(memoryBlocks)
		}))
	};
}
// shared/model/topology.ts
var bytes = z.number().int().nonnegative();
var nodeId = z.number().int().min(-1);
/** An NVDIMM bus (ndbusN): one per firmware provider (ACPI.NFIT, e820, nfit_test, ...). */
var Bus = z.object({
	dev: z.string(),
	provider: z.string(),
	scrubState: z.enum(["idle", "active"]).nullable()
});
/** SMART health of a DIMM, where its firmware reports it. */
var DimmHealth = z.object({
	healthState: z.string(),
	temperatureCelsius: z.number().nullable(),
	sparesPercent: z.number().nullable(),
	lifeUsedPercent: z.number().nullable(),
	shutdownState: z.string().nullable()
});
/** An NVDIMM (nmemN) with its label-area and security state. */
var Dimm = z.object({
	dev: z.string(),
	bus: z.string(),
	id: z.string().nullable(),
	handle: z.number().int().nullable(),
	physId: z.number().int().nullable(),
	state: z.enum(["enabled", "disabled"]),
	security: z.string().nullable(),
	flags: z.array(z.string()),
	/** The DIMM has a label storage area (it can hold namespace labels). */
	labelled: z.boolean(),
	health: DimmHealth.nullable()
});
/** One DIMM's share of an interleaved region. */
var RegionMapping = z.object({
	dimm: z.string(),
	offset: bytes,
	length: bytes,
	position: z.number().int()
});
/** A persistent-memory region (regionN): the interleave set namespaces are carved from. */
var Region = z.object({
	dev: z.string(),
	bus: z.string(),
	size: bytes,
	availableSize: bytes,
	maxAvailableExtent: bytes,
	align: bytes,
	type: z.enum(["pmem", "blk"]),
	numaNode: nodeId,
	targetNode: nodeId,
	isetId: z.string().nullable(),
	mappings: z.array(RegionMapping),
	persistenceDomain: z.string().nullable(),
	badblockCount: z.number().int().nonnegative(),
	state: z.enum(["enabled", "disabled"]),
	labelled: z.boolean(),
	resource: bytes.nullable()
});
/** Namespace modes, in ndctl's words. */
var NamespaceMode = z.enum([
	"raw",
	"sector",
	"fsdax",
	"devdax"
]);
/** A namespace (namespaceX.Y): raw, sector (BTT), fsdax (pmem block device) or devdax. */
var Namespace = z.object({
	dev: z.string(),
	region: z.string(),
	mode: NamespaceMode,
	map: z.enum(["mem", "dev"]).nullable(),
	size: bytes,
	uuid: z.string().nullable(),
	name: z.string().nullable(),
	sectorSize: z.number().int().nullable(),
	align: bytes.nullable(),
	blockdev: z.string().nullable(),
	chardev: z.string().nullable(),
	state: z.enum(["enabled", "disabled"]),
	numaNode: nodeId,
	targetNode: nodeId,
	badblockCount: z.number().int().nonnegative(),
	legacy: z.boolean()
});
/** A physical address range of a dax device. */
var DaxRange = z.object({
	start: bytes,
	end: bytes,
	size: bytes,
	pageOffset: bytes
});
/** A device-dax character device (daxX.Y): either a mappable devdax device or system RAM (kmem). */
var DaxDevice = z.object({
	dev: z.string(),
	region: z.number().int(),
	namespace: z.string().nullable(),
	size: bytes,
	targetNode: nodeId,
	numaNode: nodeId,
	align: bytes,
	mode: z.enum([
		"devdax",
		"system-ram",
		"unknown"
	]),
	state: z.enum(["enabled", "disabled"]),
	onlineMemblocks: z.number().int().nonnegative(),
	totalMemblocks: z.number().int().nonnegative(),
	movable: z.boolean().nullable(),
	ranges: z.array(DaxRange),
	memoryBlocks: z.array(z.number().int())
});
/** A dax region: the container dax devices are allocated from. */
var DaxRegion = z.object({
	id: z.number().int(),
	path: z.string().nullable(),
	size: bytes,
	align: bytes,
	devices: z.array(z.string())
});
z.enum([
	"DMA",
	"DMA32",
	"Normal",
	"Movable",
	"Device",
	"none"
]);
/** One hot-pluggable memory block (/sys/devices/system/memory/memoryN). */
var MemoryBlock = z.object({
	index: z.number().int().nonnegative(),
	start: bytes,
	state: z.enum([
		"online",
		"offline",
		"going-offline"
	]),
	validZones: z.array(z.string()),
	node: nodeId,
	removable: z.boolean(),
	daxDevice: z.string().nullable()
});
/** HMAT access characteristics of a memory target, from one class of initiators. */
var AccessClass = z.object({
	readLatencyNs: z.number().nullable(),
	writeLatencyNs: z.number().nullable(),
	readBandwidthMBps: z.number().nullable(),
	writeBandwidthMBps: z.number().nullable(),
	initiators: z.array(z.number().int())
});
/** A NUMA node: CPUs, memory, distances, HMAT attributes and its memory tier. */
var NumaNode = z.object({
	id: z.number().int().nonnegative(),
	cpulist: z.string(),
	cpuCount: z.number().int().nonnegative(),
	online: z.boolean(),
	hasMemory: z.boolean(),
	memTotal: bytes,
	memFree: bytes,
	distances: z.array(z.object({
		node: z.number().int(),
		distance: z.number().int()
	})),
	access0: AccessClass.nullable(),
	access1: AccessClass.nullable(),
	memoryTier: z.number().int().nullable()
});
/** A memory tier (memory_tierN) and the nodes in it; lower ids are faster. */
var MemoryTier = z.object({
	id: z.number().int(),
	nodes: z.array(z.number().int())
});
/** /proc/meminfo in bytes, with the fields the console shows picked out. */
var Meminfo = z.object({
	memTotal: bytes,
	memFree: bytes,
	memAvailable: bytes.nullable(),
	fields: z.record(z.string(), z.number())
});
/** Where a topology came from. */
var HostInfo = z.object({
	kind: z.enum([
		"local",
		"sim",
		"replay",
		"ssh"
	]),
	label: z.string(),
	preset: z.string().nullable()
});
/** Everything the console knows about one machine at one moment. */
var Topology = z.object({
	schemaVersion: z.literal(1),
	host: HostInfo,
	takenAt: z.string(),
	kernel: z.string().nullable(),
	tools: z.object({
		ndctl: z.string().nullable(),
		daxctl: z.string().nullable()
	}),
	buses: z.array(Bus),
	dimms: z.array(Dimm),
	regions: z.array(Region),
	namespaces: z.array(Namespace),
	daxRegions: z.array(DaxRegion),
	daxDevices: z.array(DaxDevice),
	memory: z.object({
		blockSize: bytes,
		autoOnlineBlocks: z.string().nullable(),
		onlinePolicy: z.string().nullable(),
		memmapOnMemory: z.boolean().nullable(),
		blocks: z.array(MemoryBlock)
	}),
	nodes: z.array(NumaNode),
	tiers: z.array(MemoryTier),
	demotionEnabled: z.boolean().nullable(),
	meminfo: Meminfo,
	notes: z.array(z.string())
});
// electron/host/host.ts
/** The one error type of the host layer: carries argv or path, exit code, stderr, timeout and the cause. */
var HostError = class extends Error {
	code;
	argv;
	path;
	exitCode;
	stderr;
	timedOut;
	constructor(code, message, details = {}) {
		super(message, details.cause === void 0 ? void 0 : { cause: details.cause });
		this.name = "HostError";
		this.code = code;
		this.argv = details.argv;
		this.path = details.path;
		this.exitCode = details.exitCode;
		this.stderr = details.stderr;
		this.timedOut = details.timedOut ?? false;
	}
};
var ERRNO_WORDS = [
	"ENOENT",
	"EACCES",
	"EINVAL",
	"EBUSY",
	"ENXIO",
	"EIO",
	"ETIMEDOUT",
	"ENOTOOL",
	"EPERM"
];
/** Maps an errno word (from fs, or stored in a capture) to a HostError code; anything else is EIO. */
function toHostErrorCode(code) {
	return ERRNO_WORDS.includes(code) ? code : "EIO";
}
/** Reads a file, or returns null when it does not exist or cannot be read. */
async function readOptional(host, path) {
	try {
		return await host.readFile(path);
	} catch (e) {
		if (e instanceof HostError) return null;
		throw e;
	}
}
/** Lists a directory, or returns [] when it does not exist. */
async function readDirOptional(host, path) {
	try {
		return await host.readDir(path);
	} catch (e) {
		if (e instanceof HostError) return [];
		throw e;
	}
}
// electron/system/parse/tooljson.ts
/** Raised when a tool printed something that is not the JSON we expect; says which tool and what. */
var ToolOutputError = class extends Error {
	tool;
	constructor(tool, message) {
		super(`${tool} printed unexpected output: ${message}`);
		this.tool = tool;
		this.name = "ToolOutputError";
	}
};
/** A size as either tool prints it: a number, or "4.00 GiB (4.29 GB)" / "0x..." with -u. */
var size = z.union([z.number(), z.string()]).transform((v, ctx) => {
	try {
		return parseToolSize(v);
	} catch {
		ctx.addIssue({
			code: "custom",
			message: `not a size: ${String(v)}`
		});
		return z.NEVER;
	}
});
var NdNamespace = z.looseObject({
	dev: z.string(),
	mode: z.string(),
	map: z.string().optional(),
	size,
	uuid: z.string().optional(),
	raw_uuid: z.string().optional(),
	sector_size: z.number().optional(),
	align: z.number().optional(),
	blockdev: z.string().optional(),
	chardev: z.string().optional(),
	state: z.string().optional(),
	name: z.string().optional(),
	numa_node: z.number().optional(),
	target_node: z.number().optional(),
	badblock_count: z.number().optional()
});
var NdMapping = z.looseObject({
	dimm: z.string(),
	offset: size,
	length: size,
	position: z.number()
});
var NdRegion = z.looseObject({
	dev: z.string(),
	size,
	align: size.optional(),
	available_size: size,
	max_available_extent: size.optional(),
	type: z.string(),
	numa_node: z.number().optional(),
	target_node: z.number().optional(),
	iset_id: z.union([z.number(), z.string()]).optional(),
	mappings: z.array(NdMapping).optional(),
	state: z.string().optional(),
	persistence_domain: z.string().optional(),
	badblock_count: z.number().optional(),
	namespaces: z.array(NdNamespace).optional()
});
var NdHealth = z.looseObject({
	health_state: z.string().optional(),
	temperature_celsius: z.number().optional(),
	spares_percentage: z.number().optional(),
	life_used_percentage: z.number().optional(),
	shutdown_state: z.string().optional()
});
var NdDimm = z.looseObject({
	dev: z.string(),
	id: z.string().optional(),
	handle: size.optional(),
	phys_id: size.optional(),
	state: z.string().optional(),
	security: z.string().optional(),
	health: NdHealth.optional()
});
var NdBus = z.looseObject({
	provider: z.string(),
	dev: z.string(),
	scrub_state: z.string().optional(),
	dimms: z.array(NdDimm).optional(),
	regions: z.array(NdRegion).optional(),
	namespaces: z.array(NdNamespace).optional()
});
var DaxDev = z.looseObject({
	chardev: z.string(),
	size,
	target_node: z.number().optional(),
	numa_node: z.number().optional(),
	align: z.number().optional(),
	mode: z.string().optional(),
	online_memblocks: z.number().optional(),
	total_memblocks: z.number().optional(),
	movable: z.boolean().optional(),
	state: z.string().optional(),
	mappings: z.array(z.looseObject({
		page_offset: size,
		start: size,
		end: size,
		size
	})).transform((ms) => ms.map((m) => ({
		...m,
		size: m.end - m.start + 1
	}))).optional()
});
var DaxRegionJ = z.looseObject({
	path: z.string().optional(),
	id: z.number(),
	size,
	align: z.number().optional(),
	devices: z.array(DaxDev).optional()
});
function parseJsonText(tool, text) {
	if (text.trim() === "") return [];
	let value;
	try {
		value = JSON.parse(text);
	} catch (e) {
		throw new ToolOutputError(tool, `not JSON (${e.message})`);
	}
	if (value === null || typeof value !== "object") throw new ToolOutputError(tool, `expected a JSON object or array, got ${JSON.stringify(value).slice(0, 40)}`);
	return value;
}
/** ndctl and daxctl print a bare object instead of a one-element array with -u; always get an array. */
function asArray(value) {
	if (Array.isArray(value)) return value;
	if (value && typeof value === "object") return [value];
	return [];
}
function check(tool, schema, value) {
	const r = schema.safeParse(value);
	if (!r.success) throw new ToolOutputError(tool, r.error.issues.map((i) => `${i.path.join(".") || "(top)"}: ${i.message}`).slice(0, 3).join("; "));
	return r.data;
}
/**
* Parses any `ndctl list` output into buses: it may be an array of buses (-B), a {dimms, regions, namespaces}
* platform object, or a bare/array list of dimms, regions or namespaces. Items without a bus go into a bus "".
*/
function parseNdctlList(text) {
	const value = parseJsonText("ndctl", text);
	const items = asArray(value);
	if (items.length === 0) return [];
	const first = items[0];
	if ("provider" in first) return items.map((b) => check("ndctl", NdBus, b));
	const anon = {
		provider: "",
		dev: ""
	};
	if (!Array.isArray(value) && ("regions" in first || "dimms" in first || "namespaces" in first) && !("dev" in first)) Object.assign(anon, first);
	else if ("mappings" in first || "available_size" in first) anon.regions = items;
	else if ("mode" in first) anon.namespaces = items;
	else anon.dimms = items;
	return [check("ndctl", NdBus, anon)];
}
/** Parses `daxctl list` output (-R regions with devices, or devices alone) into regions. */
function parseDaxctlList(text) {
	const items = asArray(parseJsonText("daxctl", text));
	if (items.length === 0) return [];
	if ("chardev" in items[0]) return [check("daxctl", DaxRegionJ, {
		id: -1,
		size: 0,
		devices: items
	})];
	return items.map((r) => check("daxctl", DaxRegionJ, r));
}
/** Parses /proc/meminfo (or a node's meminfo) into bytes per field. */
function parseMeminfo(text) {
	const out = {};
	for (const line of text.split("\n")) {
		const m = /^(?:Node \d+ )?([A-Za-z0-9_()]+):\s+(\d+)(\s+kB)?\s*$/.exec(line);
		if (m) out[m[1]] = Number(m[2]) * (m[3] ? 1024 : 1);
	}
	return out;
}
/** Expands a kernel list ("0-3,8") into numbers. */
function parseKernelList(text) {
	const out = [];
	for (const part of text.trim().split(",").filter(Boolean)) {
		const [a, b] = part.split("-").map(Number);
		if (a === void 0 || Number.isNaN(a)) continue;
		for (let i = a; i <= (b ?? a); i++) out.push(i);
	}
	return out;
}
// electron/system/memory.ts
var MEMORY = "/sys/devices/system/memory";
var NODE = "/sys/devices/system/node";
/** Which node each memory block belongs to, from the nodeN/memoryM links. */
async function blockNodes(host, nodeIds) {
	const map = /* @__PURE__ */ new Map();
	const lists = await Promise.all(nodeIds.map((id) => readDirOptional(host, `${NODE}/node${id}`)));
	nodeIds.forEach((id, k) => {
		for (const name of lists[k]) if (name.startsWith("memory") && /^memory\d+$/.test(name)) map.set(Number(name.slice(6)), id);
	});
	return map;
}
/** Every memory block with its state, zones and node. */
async function readMemoryBlocks(host, blockSize, nodeIds) {
	const indexes = (await readDirOptional(host, MEMORY)).filter((n) => /^memory\d+$/.test(n)).map((n) => Number(n.slice(6))).sort((a, b) => a - b);
	const paths = new Array(indexes.length * 3);
	indexes.forEach((i, k) => {
		const dir = `${MEMORY}/memory${i}/`;
		paths[3 * k] = dir + "state";
		paths[3 * k + 1] = dir + "valid_zones";
		paths[3 * k + 2] = dir + "removable";
	});
	const [files, nodes] = await Promise.all([host.readFiles(paths), blockNodes(host, nodeIds)]);
	const text = (k) => {
		const v = files.get(paths[k]);
		return typeof v === "string" ? v.trim() : null;
	};
	return indexes.map((i, k) => {
		const state = text(3 * k) ?? "offline";
		const zones = text(3 * k + 1);
		return {
			index: i,
			start: i * blockSize,
			state: state === "online" ? "online" : state === "going-offline" ? "going-offline" : "offline",
			validZones: zones ? zones.split(" ").filter(Boolean) : [],
			node: nodes.get(i) ?? -1,
			removable: text(3 * k + 2) === "1",
			daxDevice: null
		};
	});
}
async function readAccess(host, dir) {
	const base = `${dir}/initiators`;
	const names = await readDirOptional(host, base);
	if (names.length === 0) return null;
	const files = await host.readFiles([
		"read_latency",
		"write_latency",
		"read_bandwidth",
		"write_bandwidth"
	].map((f) => `${base}/${f}`));
	const num = (f) => {
		const v = files.get(`${base}/${f}`);
		return typeof v === "string" && v.trim() !== "" ? Number(v.trim()) : null;
	};
	return {
		readLatencyNs: num("read_latency"),
		writeLatencyNs: num("write_latency"),
		readBandwidthMBps: num("read_bandwidth"),
		writeBandwidthMBps: num("write_bandwidth"),
		initiators: names.filter((n) => /^node\d+$/.test(n)).map((n) => Number(n.slice(4))).sort((a, b) => a - b)
	};
}
/** The possible and online node ids, from the node/possible and node/online lists and the nodeN directories. */
async function readNodeIds(host, possibleList, onlineList) {
	const possible = parseKernelList(possibleList);
	const online = parseKernelList(onlineList);
	const fromDirs = (await readDirOptional(host, NODE)).filter((n) => /^node\d+$/.test(n)).map((n) => Number(n.slice(4)));
	return {
		possible: [.../* @__PURE__ */ new Set([...possible, ...fromDirs])].sort((a, b) => a - b),
		online: online.length ? online : fromDirs
	};
}
/** The memory tiers and their nodes. */
async function readTiers(host) {
	const dir = "/sys/devices/virtual/memory_tiering";
	const ids = (await readDirOptional(host, dir)).map((n) => /^memory_tier(\d+)$/.exec(n)?.[1]).filter((id) => id !== void 0).map(Number);
	const files = await host.readFiles(ids.map((id) => `${dir}/memory_tier${id}/nodelist`));
	return ids.map((id) => {
		const list = files.get(`${dir}/memory_tier${id}/nodelist`);
		return {
			id,
			nodes: parseKernelList(typeof list === "string" ? list : "")
		};
	}).sort((a, b) => a.id - b.id);
}
/** One NUMA node with CPUs, memory, distances, HMAT attributes and tier. */
async function readNode(host, id, ids, tiers) {
	const dir = `${NODE}/node${id}`;
	if (!ids.online.includes(id)) return {
		id,
		cpulist: "",
		cpuCount: 0,
		online: false,
		hasMemory: false,
		memTotal: 0,
		memFree: 0,
		distances: [],
		access0: null,
		access1: null,
		memoryTier: null
	};
	const [files, access0, access1] = await Promise.all([
		host.readFiles([
			`${dir}/cpulist`,
			`${dir}/distance`,
			`${dir}/meminfo`
		]),
		readAccess(host, `${dir}/access0`),
		readAccess(host, `${dir}/access1`)
	]);
	const get = (f) => {
		const v = files.get(`${dir}/${f}`);
		return typeof v === "string" ? v : "";
	};
	const cpulist = get("cpulist").trim();
	const distances = get("distance").trim().split(/\s+/).filter(Boolean).map(Number);
	const mem = parseMeminfo(get("meminfo"));
	return {
		id,
		cpulist,
		cpuCount: parseKernelList(cpulist).length,
		online: true,
		hasMemory: (mem.MemTotal ?? 0) > 0,
		memTotal: mem.MemTotal ?? 0,
		memFree: mem.MemFree ?? 0,
		distances: distances.map((d, i) => ({
			node: ids.online[i] ?? i,
			distance: d
		})),
		access0,
		access1,
		memoryTier: tiers.find((t) => t.nodes.includes(id))?.id ?? null
	};
}
/** Every possible NUMA node, read side by side. */
async function readNodes(host, ids, tiers) {
	return Promise.all(ids.possible.map((id) => readNode(host, id, ids, tiers)));
}
// electron/system/nvdimm.ts
var modes = [
	"raw",
	"sector",
	"fsdax",
	"devdax"
];
var toMode = (m) => modes.includes(m) ? m : m === "memory" ? "fsdax" : m === "dax" ? "devdax" : m === "safe" ? "sector" : "raw";
function namespaceFrom(ns, region, legacy) {
	return {
		dev: ns.dev,
		region,
		mode: toMode(ns.mode),
		map: ns.map === "mem" || ns.map === "dev" ? ns.map : null,
		size: ns.size,
		uuid: ns.uuid && ns.uuid !== "00000000-0000-0000-0000-000000000000" ? ns.uuid : null,
		name: ns.name ?? null,
		sectorSize: ns.sector_size ?? null,
		align: ns.align ?? null,
		blockdev: ns.blockdev ?? null,
		chardev: ns.chardev ?? ns.daxregion?.devices?.[0]?.chardev ?? null,
		state: ns.state === "disabled" ? "disabled" : "enabled",
		numaNode: ns.numa_node ?? -1,
		targetNode: ns.target_node ?? -1,
		badblockCount: ns.badblock_count ?? 0,
		legacy
	};
}
/** Builds the NVDIMM view from `ndctl list -BDRNHiv` output, with nstype/resource read from sysfs. */
async function nvdimmFromNdctl(host, buses) {
	const view = {
		buses: [],
		dimms: [],
		regions: [],
		namespaces: []
	};
	const dimmFiles = await host.readFiles(buses.flatMap((b) => (b.dimms ?? []).flatMap((d) => [`/sys/bus/nd/devices/${d.dev}/flags`, `/sys/bus/nd/devices/${d.dev}/available_slots`])));
	const text = (p) => {
		const v = dimmFiles.get(p);
		return typeof v === "string" ? v.trim() : "";
	};
	for (const b of buses) {
		if (b.dev) view.buses.push({
			dev: b.dev,
			provider: b.provider,
			scrubState: b.scrub_state === "active" ? "active" : b.scrub_state === "idle" ? "idle" : null
		});
		for (const d of b.dimms ?? []) {
			const flags = text(`/sys/bus/nd/devices/${d.dev}/flags`).split(/\s+/).filter(Boolean);
			const h = d.health;
			view.dimms.push({
				dev: d.dev,
				bus: b.dev,
				id: d.id ?? null,
				handle: d.handle ?? null,
				physId: d.phys_id ?? null,
				state: d.state === "disabled" ? "disabled" : "enabled",
				security: d.security ?? null,
				flags,
				labelled: Number(text(`/sys/bus/nd/devices/${d.dev}/available_slots`)) > 0,
				health: h ? {
					healthState: h.health_state ?? "unknown",
					temperatureCelsius: h.temperature_celsius ?? null,
					sparesPercent: h.spares_percentage ?? null,
					lifeUsedPercent: h.life_used_percentage ?? null,
					shutdownState: h.shutdown_state ?? null
				} : null
			});
		}
		for (const r of b.regions ?? []) {
			const sys = `/sys/bus/nd/devices/${r.dev}`;
			const nstype = (await readOptional(host, `${sys}/nstype`))?.trim();
			const resource = (await readOptional(host, `${sys}/resource`))?.trim();
			const labelled = nstype ? nstype === "5" : r.iset_id !== void 0;
			view.regions.push({
				dev: r.dev,
				bus: b.dev,
				size: r.size,
				availableSize: r.available_size,
				maxAvailableExtent: r.max_available_extent ?? r.available_size,
				align: r.align ?? 16 * 2 ** 20,
				type: r.type === "blk" ? "blk" : "pmem",
				numaNode: r.numa_node ?? -1,
				targetNode: r.target_node ?? -1,
				isetId: r.iset_id === void 0 ? null : typeof r.iset_id === "number" ? `0x${r.iset_id.toString(16)}` : r.iset_id,
				mappings: (r.mappings ?? []).map((m) => ({
					dimm: m.dimm,
					offset: m.offset,
					length: m.length,
					position: m.position
				})),
				persistenceDomain: r.persistence_domain ?? null,
				badblockCount: r.badblock_count ?? 0,
				state: r.state === "disabled" ? "disabled" : "enabled",
				labelled,
				resource: resource ? Number.parseInt(resource, 16) : null
			});
			for (const ns of r.namespaces ?? []) view.namespaces.push(namespaceFrom(ns, r.dev, !labelled));
		}
		for (const ns of b.namespaces ?? []) view.namespaces.push(namespaceFrom(ns, `region${ns.dev.replace(/^namespace(\d+)\..*$/, "$1")}`, false));
	}
	const byNum = (a, b) => a.dev.localeCompare(b.dev, void 0, { numeric: true });
	view.dimms.sort(byNum);
	view.regions.sort(byNum);
	view.namespaces.sort(byNum);
	return view;
}
/** Builds the NVDIMM view from sysfs alone, for machines without ndctl. */
async function nvdimmFromSysfs(host) {
	const view = {
		buses: [],
		dimms: [],
		regions: [],
		namespaces: []
	};
	const base = "/sys/bus/nd/devices";
	const names = await readDirOptional(host, base);
	const read = async (dev, attr) => (await readOptional(host, `${base}/${dev}/${attr}`) ?? "").trim();
	for (const dev of names.filter((n) => /^ndbus\d+$/.test(n))) view.buses.push({
		dev,
		provider: await read(dev, "provider"),
		scrubState: null
	});
	const busOf = async (dev) => {
		try {
			const target = await host.readLink(`${base}/${dev}`);
			return /(ndbus\d+)/.exec(target)?.[1] ?? "";
		} catch {
			return "";
		}
	};
	for (const dev of names.filter((n) => /^nmem\d+$/.test(n))) {
		const flags = (await read(dev, "flags")).split(/\s+/).filter(Boolean);
		const handle = await read(dev, "nfit/handle");
		view.dimms.push({
			dev,
			bus: await busOf(dev),
			id: await read(dev, "nfit/id") || null,
			handle: handle ? Number.parseInt(handle, 16) : null,
			physId: null,
			state: "enabled",
			security: await read(dev, "security") || null,
			flags,
			labelled: Number(await read(dev, "available_slots")) > 0,
			health: null
		});
	}
	for (const dev of names.filter((n) => /^region\d+$/.test(n))) {
		const num = async (a) => Number(await read(dev, a) || 0);
		const labelled = await read(dev, "nstype") === "5";
		const mappings = [];
		for (let i = 0; i < await num("mappings"); i++) {
			const [dimm, offset, length, position] = (await read(dev, `mapping${i}`)).split(",");
			mappings.push({
				dimm: dimm ?? "",
				offset: Number(offset),
				length: Number(length),
				position: Number(position)
			});
		}
		const enabled = await host.readLink(`${base}/${dev}/driver`).then(() => true, () => false);
		view.regions.push({
			dev,
			bus: await busOf(dev),
			size: await num("size"),
			availableSize: labelled ? await num("available_size") : 0,
			maxAvailableExtent: labelled ? await num("max_available_extent") : 0,
			align: Number.parseInt(await read(dev, "align") || "0x1000000", 16),
			type: "pmem",
			numaNode: await num("numa_node"),
			targetNode: await num("target_node"),
			isetId: labelled ? await read(dev, "set_cookie") || null : null,
			mappings,
			persistenceDomain: await read(dev, "persistence_domain") || "unknown",
			badblockCount: 0,
			state: enabled ? "enabled" : "disabled",
			labelled,
			resource: Number.parseInt(await read(dev, "resource") || "0", 16)
		});
		for (const nsName of names.filter((n) => n.startsWith(`namespace${dev.slice(6)}.`))) {
			const size = Number(await read(nsName, "size") || 0);
			if (size === 0) continue;
			const holder = await read(nsName, "holder");
			const holderSize = holder ? Number(await read(holder, "size") || 0) : 0;
			const mode = toMode(await read(nsName, "mode"));
			const uuid = holder ? await read(holder, "uuid") : await read(nsName, "uuid");
			let chardev = null;
			if (mode === "devdax" && holder) chardev = (await readDirOptional(host, `${base}/${holder}`)).find((n) => /^dax\d+\.\d+$/.test(n)) ?? null;
			const enabledNs = await host.readLink(`${base}/${holder || nsName}/driver`).then(() => true, () => false);
			view.namespaces.push({
				dev: nsName,
				region: dev,
				mode,
				map: mode === "fsdax" || mode === "devdax" ? holder ? "dev" : "mem" : null,
				size: holderSize || size,
				uuid: uuid || null,
				name: await read(nsName, "alt_name") || null,
				sectorSize: mode === "devdax" ? null : 512,
				align: holder ? Number(await read(holder, "align") || 0) || null : null,
				blockdev: null,
				chardev,
				state: enabledNs ? "enabled" : "disabled",
				numaNode: Number(await read(nsName, "numa_node") || -1),
				targetNode: Number(await read(nsName, "target_node") || -1),
				badblockCount: 0,
				legacy: !labelled
			});
		}
	}
	return view;
}
// electron/system/snapshot.ts
/** Runs a tool and returns stdout, or null with a note when the tool is absent. */
async function runTool(host, argv, notes) {
	try {
		const r = await host.exec(argv);
		if (r.exitCode !== 0) {
			notes.push(`\`${argv.join(" ")}\` failed (exit ${r.exitCode}): ${r.stderr.trim().split("\n")[0] ?? ""}`);
			return null;
		}
		return r.stdout;
	} catch (e) {
		if (e instanceof HostError && e.code === "ENOTOOL") return null;
		throw e;
	}
}
async function toolVersion(host, tool) {
	const out = await runTool(host, [tool, "--version"], []);
	return out ? out.trim() : null;
}
async function daxFromSysfs(host) {
	const base = "/sys/bus/dax/devices";
	const devices = [];
	const regions = /* @__PURE__ */ new Map();
	for (const dev of await readDirOptional(host, base)) {
		const read = async (a) => (await readOptional(host, `${base}/${dev}/${a}`) ?? "").trim();
		const driver = await host.readLink(`${base}/${dev}/driver`).then((t) => t.split("/").pop() ?? "", () => "");
		const start = Number.parseInt(await read("resource") || "0", 16);
		const size = Number(await read("size") || 0);
		const regionId = Number(await read("../dax_region/id") || 0);
		devices.push({
			dev,
			region: regionId,
			namespace: null,
			size,
			targetNode: Number(await read("target_node") || -1),
			numaNode: Number(await read("numa_node") || -1),
			align: Number(await read("align") || 0),
			mode: driver === "kmem" ? "system-ram" : driver === "device_dax" ? "devdax" : "unknown",
			state: driver ? "enabled" : "disabled",
			onlineMemblocks: 0,
			totalMemblocks: 0,
			movable: null,
			ranges: size ? [{
				start,
				end: start + size - 1,
				size,
				pageOffset: 0
			}] : [],
			memoryBlocks: []
		});
		const key = `${regionId}:${dev}`;
		regions.set(key, {
			id: regionId,
			path: null,
			size,
			align: Number(await read("align") || 0),
			devices: [dev]
		});
	}
	return {
		regions: [...regions.values()],
		devices
	};
}
/** The single files a snapshot needs, read in one batch (one round trip on a remote host). */
var MACHINE_FILES = {
	kernel: "/proc/sys/kernel/osrelease",
	meminfo: "/proc/meminfo",
	demotion: "/sys/kernel/mm/numa/demotion_enabled",
	memmapOnMemory: "/sys/module/memory_hotplug/parameters/memmap_on_memory",
	onlinePolicy: "/sys/module/memory_hotplug/parameters/online_policy",
	autoOnlineBlocks: "/sys/devices/system/memory/auto_online_blocks",
	blockSize: "/sys/devices/system/memory/block_size_bytes",
	nodesPossible: "/sys/devices/system/node/possible",
	nodesOnline: "/sys/devices/system/node/online"
};
/** Reads the machine files; a file that is missing or unreadable is undefined. */
async function readMachineFiles(host) {
	const files = await host.readFiles(Object.values(MACHINE_FILES));
	const out = {};
	for (const [key, path] of Object.entries(MACHINE_FILES)) {
		const v = files.get(path);
		if (typeof v === "string") out[key] = v.trim();
	}
	return out;
}
/** Buses, DIMMs, regions and namespaces: from ndctl when it is there and answers, else from sysfs. */
async function readNvdimm(host, ndctlVersion, notes) {
	if (!ndctlVersion) {
		notes.push("ndctl is not installed: buses, DIMMs, regions and namespaces were read from sysfs (no DIMM health).");
		return nvdimmFromSysfs(host);
	}
	const out = await runTool(host, [
		"ndctl",
		"list",
		"-B",
		"-D",
		"-R",
		"-N",
		"-H",
		"-i",
		"-v"
	], notes);
	return out === null ? nvdimmFromSysfs(host) : nvdimmFromNdctl(host, parseNdctlList(out));
}
/** Dax regions and devices: from daxctl when it is there and answers, else from sysfs. */
async function readDax(host, daxctlVersion, notes) {
	const daxOut = daxctlVersion ? await runTool(host, [
		"daxctl",
		"list",
		"-R",
		"-D",
		"-M",
		"-i"
	], notes) : null;
	if (daxOut === null) {
		if (!daxctlVersion) notes.push("daxctl is not installed: dax devices were read from sysfs.");
		return {
			...await daxFromSysfs(host),
			fromTool: false
		};
	}
	const regions = [];
	const devices = [];
	for (const r of parseDaxctlList(daxOut)) {
		regions.push({
			id: r.id,
			path: r.path ?? null,
			size: r.size,
			align: r.align ?? 0,
			devices: (r.devices ?? []).map((d) => d.chardev)
		});
		for (const d of r.devices ?? []) devices.push({
			dev: d.chardev,
			region: r.id,
			namespace: null,
			size: d.size,
			targetNode: d.target_node ?? -1,
			numaNode: d.numa_node ?? -1,
			align: d.align ?? 0,
			mode: d.mode === "system-ram" ? "system-ram" : d.mode === "devdax" ? "devdax" : "unknown",
			state: d.state === "disabled" ? "disabled" : "enabled",
			onlineMemblocks: d.online_memblocks ?? 0,
			totalMemblocks: d.total_memblocks ?? 0,
			movable: d.movable ?? null,
			ranges: (d.mappings ?? []).map((m) => ({
				start: m.start,
				end: m.end,
				size: m.size,
				pageOffset: m.page_offset
			})),
			memoryBlocks: []
		});
	}
	return {
		regions,
		devices,
		fromTool: true
	};
}
/** Reads everything the console shows about a machine. Works without ndctl/daxctl (sysfs only) and without NVDIMMs. */
async function snapshot(host) {
	const notes = [];
	const [files, ndctlVersion, daxctlVersion] = await Promise.all([
		readMachineFiles(host),
		toolVersion(host, "ndctl"),
		toolVersion(host, "daxctl")
	]);
	const blockSize = files.blockSize ? Number.parseInt(files.blockSize, 16) || 0 : 0;
	const ids = await readNodeIds(host, files.nodesPossible ?? "", files.nodesOnline ?? "");
	const nvNotes = [];
	const daxNotes = [];
	const [nv, dax, tiers, blocks] = await Promise.all([
		readNvdimm(host, ndctlVersion, nvNotes),
		readDax(host, daxctlVersion, daxNotes),
		readTiers(host),
		blockSize ? readMemoryBlocks(host, blockSize, ids.online) : Promise.resolve([])
	]);
	notes.push(...nvNotes, ...daxNotes);
	const nodes = await readNodes(host, ids, tiers);
	const { regions: daxRegions, devices: daxDevices } = dax;
	for (const d of daxDevices) d.namespace = nv.namespaces.find((n) => n.chardev === d.dev)?.dev ?? null;
	const byIndex = new Map(blocks.map((b) => [b.index, b]));
	for (const d of daxDevices) {
		if (d.mode !== "system-ram" || !blockSize) continue;
		for (const range of d.ranges) {
			const first = Math.ceil(range.start / blockSize);
			const last = Math.floor((range.end + 1) / blockSize);
			for (let i = first; i < last; i++) {
				const b = byIndex.get(i);
				if (!b) continue;
				b.daxDevice = d.dev;
				d.memoryBlocks.push(i);
			}
		}
		if (!dax.fromTool) {
			d.totalMemblocks = d.memoryBlocks.length;
			const online = d.memoryBlocks.map((i) => byIndex.get(i)).filter((b) => b.state === "online");
			d.onlineMemblocks = online.length;
			d.movable = online.length ? online.every((b) => b.validZones.join(" ") === "Movable") : null;
		}
	}
	const mem = parseMeminfo(files.meminfo ?? "");
	const demotion = files.demotion;
	const mmom = files.memmapOnMemory;
	if (nv.regions.length === 0 && daxDevices.length === 0) notes.push("This machine has no persistent memory regions or dax devices.");
	const topology = {
		schemaVersion: 1,
		host: host.info,
		takenAt: (/* @__PURE__ */ new Date()).toISOString(),
		kernel: files.kernel ?? null,
		tools: {
			ndctl: ndctlVersion,
			daxctl: daxctlVersion
		},
		...nv,
		daxRegions,
		daxDevices,
		memory: {
			blockSize,
			autoOnlineBlocks: files.autoOnlineBlocks ?? null,
			onlinePolicy: files.onlinePolicy ?? null,
			memmapOnMemory: mmom === void 0 ? null : mmom === "Y" || mmom === "1",
			blocks
		},
		nodes,
		tiers,
		demotionEnabled: demotion === void 0 ? null : demotion === "true" || demotion === "1",
		meminfo: {
			memTotal: mem.MemTotal ?? 0,
			memFree: mem.MemFree ?? 0,
			memAvailable: mem.MemAvailable ?? null,
			fields: mem
		},
		notes
	};
	const checked = Topology.safeParse(topology);
	if (!checked.success) throw new ToolOutputError("snapshot", checked.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
	return checked.data;
}
// electron/actions/journal.ts
/** Where the console keeps its journal and locks: $PMEM_CONSOLE_STATE_DIR, else $XDG_STATE_HOME/pmem-console, else ~/.local/state/pmem-console. */
function stateDir() {
	const env = process.env;
	if (env.PMEM_CONSOLE_STATE_DIR) return env.PMEM_CONSOLE_STATE_DIR;
	return join(env.XDG_STATE_HOME || join(homedir(), ".local", "state"), "pmem-console");
}
/** Output kept per step in the journal. */
var JOURNAL_OUTPUT_LIMIT = 4096;
/** Cuts text to the journal's limit, saying how much was left out. */
function bound(text) {
	return text.length <= 4096 ? text : `${text.slice(0, JOURNAL_OUTPUT_LIMIT)}\n[... ${text.length - JOURNAL_OUTPUT_LIMIT} more characters]`;
}
function journalFile() {
	return join(stateDir(), "journal.jsonl");
}
/** Appends an entry (one line, so concurrent writers never interleave within it). */
function appendJournal(entry) {
	mkdirSync(stateDir(), {
		recursive: true,
		mode: 448
	});
	appendFileSync(journalFile(), JSON.stringify(entry) + "\n", { mode: 384 });
}
/** Reads the journal, oldest first; lines that are not entries (a torn write) are skipped and counted. */
function readJournal() {
	let text = "";
	try {
		text = readFileSync(journalFile(), "utf8");
	} catch (e) {
		if (e.code !== "ENOENT") throw e;
	}
	const entries = [];
	let skipped = 0;
	for (const line of text.split("\n")) {
		if (!line.trim()) continue;
		try {
			const v = JSON.parse(line);
			if (typeof v.id === "string" && typeof v.action === "string") entries.push(v);
			else skipped++;
		} catch {
			skipped++;
		}
	}
	return {
		entries,
		skipped,
		path: journalFile()
	};
}
// electron/actions/locks.ts
/** Another plan is running on the same object. */
var LockedError = class extends Error {};
function alive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return e.code === "EPERM";
	}
}
/** Takes the lock of an object on a host; returns the release function. A lock left by a dead process is taken over. */
function acquireLock(host, object) {
	const dir = join(stateDir(), "locks");
	mkdirSync(dir, {
		recursive: true,
		mode: 448
	});
	const file = join(dir, `${host}__${object}`.replace(/[^A-Za-z0-9_.-]/g, "_") + ".lock");
	for (let attempt = 0; attempt < 2; attempt++) try {
		const fd = openSync(file, "wx", 384);
		writeSync(fd, String(process.pid));
		closeSync(fd);
		return () => rmSync(file, { force: true });
	} catch (e) {
		if (e.code !== "EEXIST") throw e;
		const pid = Number(readFileSync(file, "utf8").trim());
		if (Number.isInteger(pid) && pid > 0 && alive(pid)) throw new LockedError(`${object} on ${host} is busy: another plan (process ${pid}) is running on it`);
		rmSync(file, { force: true });
	}
	throw new LockedError(`${object} on ${host} is busy`);
}
// electron/system/doctor.ts
var UDEV_DIRS = [
	"/etc/udev/rules.d",
	"/lib/udev/rules.d",
	"/usr/lib/udev/rules.d"
];
async function autoOnlineRules(host) {
	const hits = [];
	for (const dir of UDEV_DIRS) for (const name of (await readDirOptional(host, dir)).filter((n) => n.endsWith(".rules"))) if ((await readOptional(host, `${dir}/${name}`) ?? "").split("\n").some((l) => !l.trim().startsWith("#") && /SUBSYSTEM=="memory"/.test(l) && /online/.test(l))) hits.push(`${dir}/${name}`);
	return hits;
}
/** Whether memory given to the kernel can be given back: hot-remove built in, system-ram blocks in ZONE_MOVABLE, memmap placement. */
function hotRemove$1(t, add) {
	const size = formatBytes(t.memory.blockSize);
	if (t.memory.blocks.length > 0 && t.memory.blocks.every((b) => b.validZones.length === 0)) {
		add("hot-remove", "warning", "Memory hot-remove is not built into this kernel", `Memory blocks have no valid_zones, so the kernel was built without CONFIG_MEMORY_HOTREMOVE: a device turned into system RAM stays RAM until the next reboot. Use a distribution kernel (Debian, Fedora, RHEL and SUSE enable it) if memory must be given back.`);
		return;
	}
	const byIndex = new Map(t.memory.blocks.map((b) => [b.index, b]));
	const pinned = t.daxDevices.filter((d) => d.mode === "system-ram").map((d) => {
		const online = d.memoryBlocks.map((i) => byIndex.get(i)).filter((b) => b !== void 0 && b.state === "online");
		return {
			dev: d.dev,
			online: online.length,
			kernel: online.filter((b) => !b.validZones.includes("Movable")).length
		};
	}).filter((d) => d.kernel > 0);
	if (pinned.length > 0) add("hot-remove", "warning", "Some system-ram memory is in a kernel zone", `${pinned.map((d) => `${d.dev}: ${d.kernel} of ${d.online} online blocks`).join("; ")} are in ZONE_NORMAL, where the kernel puts allocations it cannot move, so giving the memory back may fail with "Device or resource busy". To keep it removable, offline those blocks while they are still free and online them as movable (daxctl online-memory without --no-movable).`);
	else {
		const systemRam = t.daxDevices.filter((d) => d.mode === "system-ram" && d.onlineMemblocks > 0).length;
		add("hot-remove", "ok", "Memory can be given back", `Memory hot-remove is built in (blocks of ${size}); ${systemRam ? `the online memory of ${systemRam} system-ram device${systemRam > 1 ? "s is" : " is"} all in ZONE_MOVABLE` : "no dax memory is online now"}, so it can be offlined and returned to devdax.`);
	}
	if (t.memory.memmapOnMemory) add("memmap-on-memory", "info", "memmap_on_memory is on", "Hot-added memory keeps its own page structures (struct page) at its start, which saves DRAM; that part is lost to the device while it is RAM, and the memory is removed in the same units it was added.");
}
/** Checks the kernel, tools, drivers, hotplug policy, block size and privileges against the topology. */
async function doctor(host, t) {
	const f = [];
	const add = (id, severity, title, detail) => f.push({
		id,
		severity,
		title,
		detail
	});
	add("kernel", t.kernel ? "ok" : "warning", `Kernel ${t.kernel ?? "unknown"}`, t.kernel ? "The kernel release was read from /proc/sys/kernel/osrelease." : "The kernel release could not be read.");
	for (const tool of ["ndctl", "daxctl"]) {
		const v = t.tools[tool];
		if (v) add(`tool-${tool}`, "ok", `${tool} ${v}`, `${tool} is installed.`);
		else add(`tool-${tool}`, "warning", `${tool} is not installed`, `Install the ${tool} package (Debian/Ubuntu: apt install ${tool}; Fedora/RHEL: dnf install ${tool}); the console can only read, not change, ${tool === "ndctl" ? "namespaces" : "dax devices"} without it.`);
	}
	const ndDrivers = await readDirOptional(host, "/sys/bus/nd/drivers");
	const daxDrivers = await readDirOptional(host, "/sys/bus/dax/drivers");
	if (ndDrivers.length === 0 && t.regions.length === 0) add("driver-nd", "info", "No NVDIMM drivers loaded", "libnvdimm is not loaded; if this machine has NVDIMMs, load nfit (ACPI) or nd_e820 (memmap=) and nd_pmem.");
	else add("driver-nd", "ok", "NVDIMM drivers loaded", `nd drivers: ${ndDrivers.join(", ") || "none listed"}.`);
	if (!daxDrivers.includes("kmem")) add("driver-kmem", "warning", "The kmem driver is not loaded", "Without kmem a dax device cannot become system RAM; run \"modprobe kmem\" (CONFIG_DEV_DAX_KMEM).");
	else add("driver-kmem", "ok", "kmem driver loaded", "dax devices can be given to the kernel as system RAM.");
	if (!await readOptional(host, "/sys/devices/system/memory/block_size_bytes")) add("hotplug", "error", "Memory hotplug is not available", "The kernel has no /sys/devices/system/memory: it was built without CONFIG_MEMORY_HOTPLUG, so persistent memory cannot be used as RAM.");
	else hotRemove$1(t, add);
	const policy = t.memory.autoOnlineBlocks;
	if (policy && policy !== "offline") add("auto-online", policy === "online_movable" ? "info" : "warning", `The kernel onlines new memory automatically (${policy})`, policy === "online_movable" ? "New memory goes to ZONE_MOVABLE at once, so it stays removable, but daxctl will warn that it raced with the kernel." : "New memory blocks go into ZONE_NORMAL before daxctl can choose the zone, so they may never go offline again. Run \"echo offline > /sys/devices/system/memory/auto_online_blocks\" (and drop memhp_default_state= from the kernel command line) before converting a device.");
	else if (policy) add("auto-online", "ok", "New memory stays offline until asked", "auto_online_blocks is \"offline\", so daxctl chooses the zone.");
	const rules = await autoOnlineRules(host);
	if (rules.length) add("udev-online", "warning", "udev rules online new memory", `${rules.join(", ")} online hot-added memory as it appears (often into ZONE_NORMAL); disable them or make them use online_movable before converting a device.`);
	for (const d of t.daxDevices) {
		const size = d.size;
		if (t.memory.blockSize && size < t.memory.blockSize) add(`small-${d.dev}`, "warning", `${d.dev} is smaller than one memory block`, `${d.dev} has ${formatBytes(size)} but memory is hot-added in ${formatBytes(t.memory.blockSize)} blocks, so it cannot become system RAM.`);
	}
	for (const n of t.nodes) if (n.cpuCount > 0 && t.daxDevices.some((d) => d.targetNode === n.id) && t.nodes.length > 1) add(`cpu-node-${n.id}`, "info", `A dax device targets CPU node ${n.id}`, `Memory from it would join node ${n.id}'s own pool instead of a separate, slower tier.`);
	if (host.info.kind === "local" && typeof process.getuid === "function" && process.getuid() !== 0) add("privileges", "info", "Not running as root", "Reading works; changes will ask for authentication through pkexec, once per plan.");
	else add("privileges", "ok", host.info.kind === "local" ? "Running as root" : `Host ${host.info.label}`, host.info.kind === "replay" ? "A capture is read-only." : "Changes can be made without further authentication.");
	return f;
}
// electron/system/usage.ts
/** Parses /proc/self/mountinfo: "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTS". */
function parseMountinfo(text) {
	const unescape = (s) => s.replace(/\\([0-7]{3})/g, (_, o) => String.fromCharCode(Number.parseInt(o, 8)));
	const out = [];
	for (const line of text.split("\n")) {
		const fields = line.trim().split(" ");
		const dash = fields.indexOf("-");
		if (dash < 6 || fields.length < dash + 3) continue;
		out.push({
			device: unescape(fields[dash + 2]),
			mountpoint: unescape(fields[4]),
			fstype: fields[dash + 1]
		});
	}
	return out;
}
/** Reads the mounts and the holders of every namespace's block device. */
async function readUsage(host, t) {
	const mounts = parseMountinfo(await readOptional(host, "/proc/self/mountinfo") ?? "");
	const holders = {};
	for (const ns of t.namespaces) {
		if (!ns.blockdev) continue;
		holders[ns.blockdev] = await readDirOptional(host, `/sys/class/block/${ns.blockdev}/holders`);
	}
	return {
		mounts,
		holders,
		daxUsers: await readDaxUsers(host, t)
	};
}
/** Which processes map each devdax character device, from /proc/PID/maps (one batched read). */
async function readDaxUsers(host, t) {
	const out = {};
	const devdax = t.daxDevices.filter((d) => d.mode === "devdax").map((d) => d.dev);
	if (devdax.length === 0) return out;
	const pids = (await readDirOptional(host, "/proc")).filter((n) => /^\d+$/.test(n));
	const files = await host.readFiles(pids.flatMap((p) => [`/proc/${p}/maps`, `/proc/${p}/comm`]));
	for (const pid of pids) {
		const maps = files.get(`/proc/${pid}/maps`);
		if (typeof maps !== "string" || !maps.includes("/dev/dax")) continue;
		const comm = files.get(`/proc/${pid}/comm`);
		const who = `${pid} (${typeof comm === "string" ? comm.trim() : "?"})`;
		for (const dev of devdax) if (new RegExp(`/dev/${dev.replace(".", "\\.")}(\\s|$)`, "m").test(maps)) (out[dev] ??= []).push(who);
	}
	return out;
}
/** Why a devdax device is busy (processes map it), or null when none does. */
function daxBusy(usage, dev) {
	const users = usage.daxUsers[dev] ?? [];
	if (users.length === 0) return null;
	return `/dev/${dev} is mapped by ${users.slice(0, 3).join(", ")}${users.length > 3 ? ` and ${users.length - 3} more` : ""}`;
}
/** Why a namespace's block device is busy (mounted or held), or null when it is free. */
function blockdevBusy(usage, blockdev) {
	if (!blockdev) return null;
	const mount = usage.mounts.find((m) => m.device === `/dev/${blockdev}`);
	if (mount) return `/dev/${blockdev} is mounted at ${mount.mountpoint} (${mount.fstype})`;
	const held = usage.holders[blockdev] ?? [];
	if (held.length) return `/dev/${blockdev} is held by ${held.join(", ")}`;
	return null;
}
// electron/actions/planners/draft.ts
/** A blocking guard. */
var block = (id, message) => ({
	id,
	blocking: true,
	message
});
/** A blocking guard that says the request cannot work on this machine at all (bad input). */
var impossible = (id, message) => ({
	id,
	blocking: true,
	message,
	badInput: true
});
/** A warning guard. */
var warn = (id, message) => ({
	id,
	blocking: false,
	message
});
/** A tool step. */
var run = (argv, changes) => ({
	op: {
		kind: "exec",
		argv
	},
	changes
});
/** A sysfs write step. */
var write = (path, value, changes) => ({
	op: {
		kind: "write",
		path,
		value
	},
	changes
});
/** Finds a region, or says it is missing (a blocking guard). */
function findRegion(t, dev, guards) {
	const r = t.regions.find((x) => x.dev === dev) ?? null;
	if (!r) guards.push(impossible("missing", `${dev} does not exist on this machine (regions: ${t.regions.map((x) => x.dev).join(", ") || "none"})`));
	return r;
}
/** Finds an active namespace, or says it is missing. */
function findNamespace$1(t, dev, guards) {
	const ns = t.namespaces.find((x) => x.dev === dev && x.size > 0) ?? null;
	if (!ns) guards.push(impossible("missing", `${dev} does not exist on this machine (namespaces: ${t.namespaces.filter((x) => x.size > 0).map((x) => x.dev).join(", ") || "none"})`));
	return ns;
}
/** Finds a dax device, or says it is missing. */
function findDax(t, dev, guards) {
	const d = t.daxDevices.find((x) => x.dev === dev) ?? null;
	if (!d) guards.push(impossible("missing", `${dev} does not exist on this machine (dax devices: ${t.daxDevices.map((x) => x.dev).join(", ") || "none"})`));
	return d;
}
/** The dax device living on a namespace (devdax mode), if any. */
function daxOfNamespace(t, ns) {
	return t.daxDevices.find((d) => d.namespace === ns.dev || ns.chardev !== null && d.dev === ns.chardev) ?? null;
}
// electron/actions/planners/guards.ts
/** A namespace that is mounted, held, or carries memory the kernel uses cannot lose its device. */
function namespaceInUse(input, ns, guards) {
	const busy = blockdevBusy(input.usage, ns.blockdev);
	if (busy) guards.push(block("in-use", `${busy}; unmount it (and stop what holds it) first`));
	const dax = daxOfNamespace(input.topology, ns);
	const mapped = dax ? daxBusy(input.usage, dax.dev) : null;
	if (mapped) guards.push(block("in-use", `${mapped}; stop those processes first`));
	if (dax && dax.mode === "system-ram") guards.push(block("in-use", `${ns.dev} carries ${dax.dev}, which is system RAM now; give the memory back first (dax.devdax --device ${dax.dev})`));
}
/** A region must exist and be enabled for namespaces to be made in it. */
function regionUsable(r, guards) {
	if (r.state !== "enabled") guards.push(block("region-disabled", `${r.dev} is disabled; enable it first (region.enable --region ${r.dev})`));
}
/** Policies that online new memory before daxctl can choose its zone. */
function autoOnlineGuards(input, zone, online, guards) {
	const policy = input.topology.memory.autoOnlineBlocks;
	const udev = input.findings.find((f) => f.id === "udev-online");
	const intoNormal = policy === "online" || policy === "online_kernel";
	if (zone === "movable" && intoNormal) guards.push(block("auto-online", `auto_online_blocks is "${policy}": the kernel would online the new memory into ZONE_NORMAL before daxctl can make it movable, and it might never come back. Run "echo offline > /sys/devices/system/memory/auto_online_blocks" first.`));
	else if (intoNormal) guards.push(warn("auto-online", `auto_online_blocks is "${policy}": the kernel onlines the new memory itself.`));
	if (udev) guards.push(zone === "movable" || !online ? block("udev-online", `${udev.detail}`) : warn("udev-online", udev.detail));
}
/** kmem needs a valid target node; a CPU node works but mixes the memory into DRAM's pool. */
function targetNodeGuards(t, d, guards) {
	if (d.targetNode < 0) {
		guards.push(block("target-node", `${d.dev} has no target node (target_node is ${d.targetNode}); the kmem driver refuses it ("rejecting DAX region with invalid node"). Check the firmware's SRAT/HMAT for this range.`));
		return;
	}
	const node = t.nodes.find((n) => n.id === d.targetNode);
	if (node && node.cpuCount > 0) guards.push(warn("target-node", `${d.dev} targets node ${d.targetNode}, which has CPUs: its memory joins that node's DRAM instead of a separate, slower tier.`));
}
/** A device smaller than one memory block cannot become system RAM at all. */
function blockSizeGuard(t, d, guards) {
	const bs = t.memory.blockSize;
	if (!bs) {
		guards.push(block("no-hotplug", "this kernel has no memory hotplug (/sys/devices/system/memory is missing)"));
		return;
	}
	const first = Math.ceil((d.ranges[0]?.start ?? 0) / bs);
	const end = Math.floor(((d.ranges[0]?.end ?? -1) + 1) / bs);
	if (end - first < 1) guards.push(block("too-small", `${d.dev} (${formatBytes(d.size)}) does not cover one whole ${formatBytes(bs)} memory block, so no memory can be hot-added from it.`));
	else if (d.size % bs !== 0) guards.push(warn("partial-block", `only ${end - first} whole ${formatBytes(bs)} blocks (${formatBytes((end - first) * bs)}) of ${d.dev}'s ${formatBytes(d.size)} become RAM; the rest stays unused.`));
}
/** Online memory in a kernel zone may refuse to go offline. */
function offlineGuards(t, blocks, guards) {
	const byIndex = new Map(t.memory.blocks.map((b) => [b.index, b]));
	const normal = blocks.filter((i) => {
		const b = byIndex.get(i);
		return b && b.state === "online" && !b.validZones.includes("Movable");
	});
	if (normal.length) guards.push(warn("zone-normal", `${normal.length} of these blocks ${normal.length === 1 ? "is" : "are"} in ZONE_NORMAL (memory${normal[0]}${normal.length > 1 ? ", ..." : ""}); the kernel may have put pages there it cannot move, and offlining can fail with "Device or resource busy". Stop memory-hungry work and retry, or reboot to get it back.`));
}
// electron/actions/planners/dax.ts
/** dax.system-ram: bind kmem; the device's whole memory blocks join its target node. */
function planSystemRam(input, p) {
	const t = input.topology;
	const guards = [];
	const d = findDax(t, p.device, guards);
	const movable = p.zone !== "normal";
	const online = p.online !== "no";
	if (d) {
		if (d.mode === "system-ram") guards.push(block("already", `${d.dev} is already system RAM${d.onlineMemblocks < d.totalMemblocks ? `; online its memory with memory.online --device ${d.dev}` : ""}`));
		if (d.state !== "enabled") guards.push(block("disabled", `${d.dev} is disabled`));
		const mapped = daxBusy(input.usage, d.dev);
		if (mapped) guards.push(block("in-use", `${mapped}; its data would vanish under them: stop them first`));
		if (input.findings.some((f) => f.id === "driver-kmem" && f.severity !== "ok")) guards.push(block("kmem", "the kmem driver is not loaded (\"modprobe kmem\"); without it no dax device can become system RAM"));
		blockSizeGuard(t, d, guards);
		targetNodeGuards(t, d, guards);
	}
	autoOnlineGuards(input, movable ? "movable" : "normal", online, guards);
	if (!movable) guards.push(warn("zone-normal", "memory onlined into ZONE_NORMAL takes kernel allocations that cannot move; giving it back later may fail until a reboot"));
	const node = d ? `node ${d.targetNode}` : "its target node";
	return {
		object: p.device,
		summary: `Give ${p.device}${d ? ` (${formatBytes(d.size)})` : ""} to the kernel as system RAM on ${node}${online ? `, online ${movable ? "movable" : "in ZONE_NORMAL"}` : ", left offline"}`,
		risk: movable ? "reversible" : "disruptive",
		guards,
		steps: [run([
			"daxctl",
			"reconfigure-device",
			"--mode=system-ram",
			...online ? [] : ["--no-online"],
			...movable ? [] : ["--no-movable"],
			p.device
		], `${p.device}'s memory is hot-added to ${node}${online ? ` and onlined${movable ? " (ZONE_MOVABLE)" : " (ZONE_NORMAL)"}: MemTotal grows` : " (offline: MemTotal stays)"}`)],
		rollback: {
			action: "dax.devdax",
			params: { device: p.device }
		},
		noRollbackBecause: null
	};
}
/** dax.devdax: offline the device's memory, then hand the device back to device_dax. */
function planDevdax(input, p) {
	const t = input.topology;
	const guards = [];
	const d = findDax(t, p.device, guards);
	const steps = [];
	if (d) {
		if (d.mode !== "system-ram") guards.push(block("already", `${d.dev} is not system RAM (it is ${d.mode}); there is nothing to give back`));
		offlineGuards(t, d.memoryBlocks, guards);
		if (d.onlineMemblocks > 0) steps.push(run([
			"daxctl",
			"offline-memory",
			p.device
		], `${d.onlineMemblocks} memory blocks of ${p.device} go offline: their pages move elsewhere and MemTotal shrinks`));
	}
	steps.push(run([
		"daxctl",
		"reconfigure-device",
		"--mode=devdax",
		p.device
	], `${p.device}'s memory is removed from the kernel and ${p.device} is a devdax device again`));
	return {
		object: p.device,
		summary: `Take ${p.device}'s memory back from the kernel and make it devdax again`,
		risk: "disruptive",
		guards,
		steps,
		rollback: {
			action: "dax.system-ram",
			params: {
				device: p.device,
				zone: d?.movable === false ? "normal" : "movable"
			}
		},
		noRollbackBecause: null
	};
}
function blockRange(t, range, guards) {
	const present = new Set(t.memory.blocks.map((b) => b.index));
	const out = [];
	for (let i = range[0]; i <= range[1]; i++) {
		if (!present.has(i)) {
			guards.push(impossible("missing", `memory${i} does not exist on this machine`));
			return [];
		}
		out.push(i);
	}
	return out;
}
/** memory.online and memory.offline, for a dax device (daxctl) or a range of blocks (sysfs state files). */
function planMemory(input, p, online) {
	const t = input.topology;
	const guards = [];
	const movable = p.zone !== "normal";
	const zoneWord = movable ? "online_movable" : "online_kernel";
	let steps = [];
	let object;
	let blocks = [];
	if (p.device) {
		object = p.device;
		const d = findDax(t, p.device, guards);
		if (d) {
			if (d.mode !== "system-ram") guards.push(block("not-ram", `${d.dev} is ${d.mode}, not system RAM; use dax.system-ram`));
			blocks = d.memoryBlocks;
			const todo = online ? d.totalMemblocks - d.onlineMemblocks : d.onlineMemblocks;
			if (d.mode === "system-ram" && todo === 0) guards.push(block("nothing", `all of ${d.dev}'s memory is already ${online ? "online" : "offline"}`));
		}
		steps = [run([
			"daxctl",
			online ? "online-memory" : "offline-memory",
			...online && !movable ? ["--no-movable"] : [],
			p.device
		], online ? `${p.device}'s offline blocks go online${movable ? " (ZONE_MOVABLE)" : " (ZONE_NORMAL)"}: MemTotal grows` : `${p.device}'s online blocks go offline: MemTotal shrinks`)];
	} else {
		const [first, last] = p.blocks;
		object = first === last ? `memory${first}` : `memory${first}-${last}`;
		blocks = blockRange(t, p.blocks, guards);
		const byIndex = new Map(t.memory.blocks.map((b) => [b.index, b]));
		const todo = blocks.filter((i) => byIndex.get(i).state === "online" !== online);
		const foreign = blocks.filter((i) => byIndex.get(i).daxDevice === null);
		if (foreign.length) guards.push(block("boot-memory", `memory${foreign[0]}${foreign.length > 1 ? ` and ${foreign.length - 1} more` : ""} ${foreign.length > 1 ? "are" : "is"} boot memory, not memory of a dax device; the console only changes memory it can give back`));
		if (blocks.length && todo.length === 0) guards.push(block("nothing", `the blocks are already ${online ? "online" : "offline"}`));
		steps = todo.map((i) => write(`/sys/devices/system/memory/memory${i}/state`, online ? zoneWord : "offline", `memory${i} goes ${online ? `online${movable ? " (ZONE_MOVABLE)" : " (ZONE_NORMAL)"}` : "offline"}`));
	}
	if (!online) offlineGuards(t, blocks, guards);
	if (online && !movable) guards.push(warn("zone-normal", "memory in ZONE_NORMAL may never go offline again"));
	const risk = online ? movable ? "reversible" : "disruptive" : "disruptive";
	return {
		object,
		summary: `${online ? "Online" : "Offline"} the memory of ${object}${online ? movable ? " as movable" : " in ZONE_NORMAL" : ""}`,
		risk,
		guards,
		steps,
		rollback: {
			action: online ? "memory.offline" : "memory.online",
			params: p.device ? { device: p.device } : { blocks: `${p.blocks[0]}-${p.blocks[1]}` }
		},
		noRollbackBecause: null
	};
}
// electron/actions/planners/namespace.ts
var PAGE_ALIGNS = [
	4096,
	2 ** 21,
	2 ** 30
];
function alignGuards(mode, align, guards) {
	if (align === void 0) return;
	if (mode !== "fsdax" && mode !== "devdax") guards.push(impossible("align", `--align applies to fsdax and devdax only, not ${mode}`));
	else if (!PAGE_ALIGNS.includes(align)) guards.push(impossible("align", `${formatBytes(align)} is not a page size ${mode} supports; use 4K, 2M or 1G`));
}
function modeArgs(p) {
	return [
		"-m",
		p.mode,
		...p.align !== void 0 ? ["-a", String(p.align)] : [],
		...p.name !== void 0 ? ["-n", p.name] : []
	];
}
/** namespace.create: carve a namespace out of a labelled region's free space. */
function planNamespaceCreate(input, p) {
	const guards = [];
	const r = findRegion(input.topology, p.region, guards);
	if (r) {
		regionUsable(r, guards);
		if (!r.labelled) guards.push(block("label-less", `${r.dev} has no namespace labels, so it holds exactly one namespace and cannot be divided; change that namespace's mode with namespace.reconfigure, or initialise labels first (labels.init, which removes it)`));
		const size = p.size ?? r.maxAvailableExtent;
		if (r.labelled && size === 0) guards.push(block("no-space", `${r.dev} has no free space left`));
		else if (size > r.size) guards.push(impossible("too-big", `${formatBytes(size)} is larger than ${r.dev} itself (${formatBytes(r.size)})`));
		else if (r.labelled && size > r.maxAvailableExtent) guards.push(block("no-space", `${formatBytes(size)} does not fit: the largest free extent of ${r.dev} is ${formatBytes(r.maxAvailableExtent)} (${formatBytes(r.availableSize)} free in all)`));
		if (r.labelled && r.align && size % r.align !== 0) guards.push(impossible("size-align", `${formatBytes(size)} is not a multiple of ${r.dev}'s alignment (${formatBytes(r.align)}); try ${formatBytes(Math.ceil(size / r.align) * r.align)}`));
	}
	alignGuards(p.mode, p.align, guards);
	const sizeArgs = p.size !== void 0 ? ["-s", String(p.size)] : [];
	return {
		object: p.region,
		summary: `Create a ${p.mode} namespace of ${p.size !== void 0 ? formatBytes(p.size) : "the largest free extent"} in ${p.region}`,
		risk: "reversible",
		guards,
		steps: [run([
			"ndctl",
			"create-namespace",
			"-r",
			p.region,
			...modeArgs(p),
			...sizeArgs
		], `a new ${p.mode} namespace in ${p.region}, from free space (no data is touched)`)],
		rollback: null,
		noRollbackBecause: "the new namespace gets its name when it is made; destroy it with namespace.destroy"
	};
}
/** namespace.destroy: remove a namespace; its data is gone. */
function planNamespaceDestroy(input, p) {
	const guards = [];
	const ns = findNamespace$1(input.topology, p.namespace, guards);
	if (ns) {
		namespaceInUse(input, ns, guards);
		if (ns.legacy) guards.push(warn("legacy", `${ns.dev} is label-less: it comes back (as raw) at the next region enable or reboot; its data does not`));
	}
	return {
		object: p.namespace,
		summary: `Destroy ${p.namespace}${ns ? ` (${ns.mode}, ${formatBytes(ns.size)})` : ""} and everything stored on it`,
		risk: "destructive",
		guards,
		steps: [run([
			"ndctl",
			"destroy-namespace",
			"-f",
			p.namespace
		], `${p.namespace} is removed; the data on it is lost`)],
		rollback: null,
		noRollbackBecause: "destroyed data cannot be brought back"
	};
}
/** namespace.reconfigure: change the mode of a namespace in place (ndctl create-namespace -f -e). */
function planNamespaceReconfigure(input, p) {
	const guards = [];
	const ns = findNamespace$1(input.topology, p.namespace, guards);
	if (ns) {
		namespaceInUse(input, ns, guards);
		if (ns.mode === p.mode && p.align === void 0 && p.name === void 0) guards.push(warn("same-mode", `${ns.dev} is already ${p.mode}; reconfiguring writes a new info block and still loses its data`));
	}
	alignGuards(p.mode, p.align, guards);
	return {
		object: p.namespace,
		summary: `Turn ${p.namespace}${ns ? ` (${ns.mode}, ${formatBytes(ns.size)})` : ""} into ${p.mode}; the data on it is lost`,
		risk: "destructive",
		guards,
		steps: [run([
			"ndctl",
			"create-namespace",
			"-f",
			"-e",
			p.namespace,
			...modeArgs(p)
		], `${p.namespace} becomes ${p.mode}; the data on it is lost`)],
		rollback: ns ? {
			action: "namespace.reconfigure",
			params: {
				namespace: ns.dev,
				mode: ns.mode
			}
		} : null,
		noRollbackBecause: ns ? null : "the namespace does not exist"
	};
}
/** namespace.enable and namespace.disable. */
function planNamespaceToggle(input, p, enable) {
	const guards = [];
	const ns = input.topology.namespaces.find((x) => x.dev === p.namespace && x.size > 0) ?? null;
	if (!ns) guards.push(impossible("missing", `${p.namespace} does not exist on this machine`));
	else if (enable && ns.state === "enabled") guards.push(warn("already", `${ns.dev} is already enabled`));
	else if (!enable) namespaceInUse(input, ns, guards);
	const verb = enable ? "enable" : "disable";
	return {
		object: p.namespace,
		summary: `${enable ? "Enable" : "Disable"} ${p.namespace}`,
		risk: enable ? "reversible" : "disruptive",
		guards,
		steps: [run([
			"ndctl",
			`${verb}-namespace`,
			p.namespace
		], enable ? `${p.namespace}'s device appears` : `${p.namespace}'s device goes away (the data stays)`)],
		rollback: {
			action: enable ? "namespace.disable" : "namespace.enable",
			params: { namespace: p.namespace }
		},
		noRollbackBecause: null
	};
}
/** region.enable and region.disable. */
function planRegionToggle(input, p, enable) {
	const guards = [];
	const r = findRegion(input.topology, p.region, guards);
	if (r && !enable) for (const ns of input.topology.namespaces.filter((n) => n.region === r.dev && n.size > 0)) namespaceInUse(input, ns, guards);
	if (r && enable && r.state === "enabled") guards.push(warn("already", `${r.dev} is already enabled`));
	return {
		object: p.region,
		summary: `${enable ? "Enable" : "Disable"} ${p.region}${enable ? "" : " and every namespace in it"}`,
		risk: enable ? "reversible" : "disruptive",
		guards,
		steps: [run([
			"ndctl",
			`${enable ? "enable" : "disable"}-region`,
			p.region
		], enable ? `${p.region} and its namespaces appear` : `${p.region}'s namespaces and devices go away (the data stays)`)],
		rollback: {
			action: enable ? "region.disable" : "region.enable",
			params: { region: p.region }
		},
		noRollbackBecause: null
	};
}
/** labels.init: fresh label areas on a region's DIMMs (region disabled around it). Every namespace in the region is gone. */
function planLabelsInit(input, p) {
	const guards = [];
	const r = findRegion(input.topology, p.region, guards);
	const dimms = r ? [...new Set(r.mappings.map((m) => m.dimm))] : [];
	if (r) {
		if (dimms.length === 0) guards.push(block("no-dimms", `${r.dev} has no DIMMs with label areas (a legacy memmap= region has none)`));
		for (const ns of input.topology.namespaces.filter((n) => n.region === r.dev && n.size > 0)) namespaceInUse(input, ns, guards);
		const shared = input.topology.regions.filter((o) => o.dev !== r.dev && o.mappings.some((m) => dimms.includes(m.dimm)));
		if (shared.length) guards.push(block("shared-dimms", `the DIMMs of ${r.dev} also hold ${shared.map((o) => o.dev).join(", ")}; initialising their labels would remove those namespaces too`));
	}
	return {
		object: p.region,
		summary: `Initialise the labels of ${dimms.join(", ") || "the DIMMs"} (${p.region}); every namespace in ${p.region} is removed`,
		risk: "destructive",
		guards,
		steps: [
			run([
				"ndctl",
				"disable-region",
				p.region
			], `${p.region} goes away while its labels are rewritten`),
			run([
				"ndctl",
				"init-labels",
				"-f",
				...dimms
			], `fresh, empty label areas on ${dimms.join(", ")}: the namespaces in ${p.region} are forgotten`),
			run([
				"ndctl",
				"enable-region",
				p.region
			], `${p.region} comes back with all its space free`)
		],
		rollback: null,
		noRollbackBecause: "the old labels are overwritten"
	};
}
// electron/actions/run-step.ts
/** Runs a step: a tool through host.exec, or a sysfs write through host.writeFile. */
async function runStep(host, op, timeoutMs) {
	const started = Date.now();
	const done = (r) => ({
		...r,
		durationMs: Date.now() - started
	});
	try {
		if (op.kind === "write") {
			await host.writeFile(op.path, op.value);
			return done({
				ok: true,
				exitCode: null,
				stdout: "",
				stderr: "",
				error: null
			});
		}
		const r = await host.exec(op.argv, { timeoutMs });
		const firstLine = r.stderr.split("\n").map((l) => l.trim()).filter(Boolean).pop() ?? `exit code ${r.exitCode}`;
		return done({
			ok: r.exitCode === 0,
			exitCode: r.exitCode,
			stdout: r.stdout,
			stderr: r.stderr,
			error: r.exitCode === 0 ? null : `${op.argv.slice(0, 2).join(" ")} failed (exit ${r.exitCode}): ${firstLine}`
		});
	} catch (e) {
		if (!(e instanceof HostError)) throw e;
		return done({
			ok: false,
			exitCode: e.exitCode ?? null,
			stdout: "",
			stderr: e.stderr ?? "",
			error: `${e.code}: ${e.message}`
		});
	}
}
// electron/actions/plan.ts
var PLANNERS = {
	"namespace.create": planNamespaceCreate,
	"namespace.destroy": planNamespaceDestroy,
	"namespace.reconfigure": planNamespaceReconfigure,
	"namespace.enable": (i, p) => planNamespaceToggle(i, p, true),
	"namespace.disable": (i, p) => planNamespaceToggle(i, p, false),
	"region.enable": (i, p) => planRegionToggle(i, p, true),
	"region.disable": (i, p) => planRegionToggle(i, p, false),
	"labels.init": planLabelsInit,
	"dax.system-ram": planSystemRam,
	"dax.devdax": planDevdax,
	"memory.online": (i, p) => planMemory(i, p, true),
	"memory.offline": (i, p) => planMemory(i, p, false)
};
/** Reads what planners decide from. */
async function readPlanInput(host) {
	const topology = await snapshot(host);
	const [findings, usage] = await Promise.all([doctor(host, topology), readUsage(host, topology)]);
	return {
		topology,
		findings,
		usage
	};
}
/** Runs the steps on a twin of the machine and records the facts after each one. */
async function predict(twin, before, steps) {
	const afterStep = [];
	let failedStep = null;
	for (let i = 0; i < steps.length; i++) {
		const r = await runStep(twin, steps[i].op);
		if (!r.ok) {
			failedStep = {
				index: i,
				message: r.error ?? "failed"
			};
			break;
		}
		afterStep.push(machineFacts(await snapshot(twin)));
	}
	const last = afterStep.at(-1) ?? machineFacts(before);
	return {
		afterStep,
		failedStep,
		changes: diffFacts(machineFacts(before), last)
	};
}
/** A plan's steps and guards without the prediction: cheap enough to ask of every object on every read. */
function draftPlan(input, request) {
	const { action, params } = parseParams(request.action, request.params);
	return {
		...PLANNERS[action](input, params),
		action
	};
}
/** Plans an action on a machine: checks the parameters (ParamError), reads the machine, guards, predicts. */
async function makePlan(ctx, request, input) {
	const machine = input ?? await readPlanInput(ctx.host);
	const { action, ...draft } = draftPlan(machine, request);
	let prediction = null;
	if (!draft.guards.some((g) => g.blocking)) {
		const twin = ctx.twin(machine.topology);
		try {
			prediction = await predict(twin, machine.topology, draft.steps);
		} finally {
			await twin.close();
		}
		const failed = prediction.failedStep;
		if (failed) draft.guards.push(block("predicted-failure", `on a simulated twin of this machine, step ${failed.index + 1} fails: ${failed.message}`));
	}
	return {
		action,
		params: request.params,
		object: draft.object,
		summary: draft.summary,
		risk: draft.risk,
		confirmation: confirmationFor(draft.risk, draft.object),
		steps: draft.steps,
		guards: draft.guards,
		prediction,
		rollback: draft.rollback,
		noRollbackBecause: draft.noRollbackBecause,
		host: ctx.host.info.label
	};
}
// electron/actions/execute.ts
/** The plan must not run: a guard blocks it (badInput: the request cannot work on this machine at all). */
var RefusedError = class extends Error {
	plan;
	badInput;
	constructor(message, plan, badInput) {
		super(message);
		this.plan = plan;
		this.badInput = badInput;
		this.name = "RefusedError";
	}
};
/** The plan needs a confirmation that was not given. */
var NotConfirmedError = class extends Error {
	plan;
	constructor(message, plan) {
		super(message);
		this.plan = plan;
		this.name = "NotConfirmedError";
	}
};
/** Says why a plan may not run without more confirmation, or null when it may. */
function missingConfirmation(plan, c) {
	const need = plan.confirmation;
	if (need.kind === "none") return null;
	if (need.kind === "yes") return c.yes || c.typedName === plan.object ? null : `this plan is ${plan.risk}: confirm it (--yes)`;
	if (c.typedName === need.name) return null;
	return c.typedName === void 0 ? `this plan is ${plan.risk}: type the name of what it acts on to confirm (--confirm ${need.name})` : `"${c.typedName}" is not ${need.name}: nothing was run`;
}
function entryBase(plan) {
	return {
		id: randomUUID(),
		time: (/* @__PURE__ */ new Date()).toISOString(),
		host: plan.host,
		user: userInfo().username,
		action: plan.action,
		params: plan.params,
		object: plan.object,
		risk: plan.risk
	};
}
/** Journals a plan that was refused or not confirmed, and returns the error to throw. */
function refuse(plan, outcome, error) {
	appendJournal({
		...entryBase(plan),
		outcome,
		reason: error.message,
		steps: [],
		changes: [],
		verification: []
	});
	return error;
}
/** Runs a plan that was shown to a person. It is planned again on a fresh read first: if the machine changed so that the steps differ or a guard now blocks, nothing runs. */
async function runPlan(ctx, shown, confirmation, runner) {
	const guardText = (p) => p.guards.filter((g) => g.blocking).map((g) => g.message).join("; ");
	if (isBlocked(shown)) throw refuse(shown, "refused", new RefusedError(`refused: ${guardText(shown)}`, shown, shown.guards.some((g) => g.blocking && g.badInput)));
	const unconfirmed = missingConfirmation(shown, confirmation);
	if (unconfirmed) throw refuse(shown, "not-confirmed", new NotConfirmedError(unconfirmed, shown));
	const release = acquireLock(shown.host, shown.object);
	try {
		const input = await readPlanInput(ctx.host);
		const plan = await makePlan(ctx, {
			action: shown.action,
			params: shown.params
		}, input);
		if (isBlocked(plan)) throw refuse(plan, "refused", new RefusedError(`refused: the machine changed since the plan was made: ${guardText(plan)}`, plan, false));
		if (JSON.stringify(plan.steps) !== JSON.stringify(shown.steps)) throw refuse(plan, "refused", new RefusedError(`refused: the machine changed since the plan was made, and the steps would now be: ${plan.steps.map((s) => describeOp(s.op)).join("; ")}`, plan, false));
		return await execute(ctx, plan, input.topology, runner);
	} finally {
		release();
	}
}
async function execute(ctx, plan, before, runner) {
	const ran = [];
	const verification = [];
	let lastRead = null;
	let failedAt = null;
	let failure = "";
	try {
		await runner.begin(plan.steps.map((s) => s.op));
		for (let i = 0; i < plan.steps.length; i++) {
			const step = plan.steps[i];
			const result = await runner.run(i, step.op);
			ran.push({
				step,
				result
			});
			if (!result.ok) {
				failedAt = i;
				failure = result.error ?? "failed";
				break;
			}
			lastRead = null;
			const predicted = plan.prediction?.afterStep[i];
			if (predicted) {
				lastRead = await snapshot(ctx.host);
				verification.push(...compareWithPrediction(predicted, machineFacts(lastRead)).map((d) => `after step ${i + 1}: ${d}`));
			}
		}
	} catch (e) {
		failedAt = ran.length;
		failure = e.message;
	} finally {
		await runner.end();
	}
	const after = failedAt === null && lastRead ? lastRead : await snapshot(ctx.host);
	const changes = diffFacts(machineFacts(before), machineFacts(after));
	const done = failedAt === null;
	const somethingRan = ran.some((r) => r.result.ok);
	const message = done ? `done: ${plan.steps.length} step${plan.steps.length === 1 ? "" : "s"} ran${verification.length ? "; the result differs from the prediction" : " and the result matches the prediction"}` : `failed at step ${failedAt + 1} of ${plan.steps.length} (${describeOp(plan.steps[failedAt].op)}): ${failure}. ${somethingRan ? `Steps 1-${failedAt} ran; the machine was read again and now differs from before in ${changes.length} way${changes.length === 1 ? "" : "s"}.` : "No step changed the machine."}`;
	const entry = {
		...entryBase(plan),
		outcome: done ? "done" : "failed",
		reason: done ? null : message,
		steps: ran.map(({ step, result }) => ({
			op: describeOp(step.op),
			exitCode: result.exitCode,
			stdout: bound(result.stdout),
			stderr: bound(result.stderr),
			durationMs: result.durationMs,
			ok: result.ok,
			error: result.error
		})),
		changes,
		verification
	};
	if (failedAt !== null && ran.length === failedAt) entry.steps.push({
		op: describeOp(plan.steps[failedAt].op),
		exitCode: null,
		stdout: "",
		stderr: "",
		durationMs: 0,
		ok: false,
		error: failure
	});
	appendJournal(entry);
	return {
		plan,
		outcome: done ? "done" : "failed",
		ran,
		failedAt,
		message,
		changes,
		verification,
		after,
		rollback: somethingRan ? plan.rollback : null,
		journalId: entry.id
	};
}
// electron/host/local/read-files.ts
/** Batches up to this size are read inline: they take a few milliseconds. */
var INLINE_LIMIT = 4096;
var READER_SOURCE = `
function readAll(fs, paths) {
  let buf = Buffer.allocUnsafe(1 << 16);
  const out = new Array(paths.length);
  for (let i = 0; i < paths.length; i++) {
    let fd = -1;
    try {
      fd = fs.openSync(paths[i], 'r');
      let len = 0;
      for (;;) {
        if (len === buf.length) { const bigger = Buffer.allocUnsafe(buf.length * 2); buf.copy(bigger); buf = bigger; }
        const n = fs.readSync(fd, buf, len, buf.length - len, len);
        if (n === 0) break;
        len += n;
      }
      out[i] = buf.toString('utf8', 0, len);
    } catch (e) {
      out[i] = { code: e.code || 'EIO', message: e.message };
    } finally {
      if (fd >= 0) fs.closeSync(fd);
    }
  }
  return out;
}
`;
var WORKER_SOURCE = `${READER_SOURCE}
const { parentPort, workerData } = require('node:worker_threads');
const out = readAll(require('node:fs'), workerData);
const failures = [];
for (let i = 0; i < out.length; i++) if (typeof out[i] !== 'string') { failures.push([i, out[i].code, out[i].message]); out[i] = ''; }
parentPort.postMessage({ joined: out.join('\\0'), failures });
`;
var readAll = new Function("fs", "paths", `${READER_SOURCE}\nreturn readAll(fs, paths);`);
/** Reads files one after another on this thread. */
async function readInline(paths) {
	return readAll(await import("node:fs"), paths);
}
function readInWorker(paths) {
	return new Promise((resolve, reject) => {
		const worker = new Worker(WORKER_SOURCE, {
			eval: true,
			workerData: paths
		});
		worker.once("message", ({ joined, failures }) => {
			const out = joined.split("\0");
			for (const [i, code, message] of failures) out[i] = {
				code,
				message
			};
			if (out.length !== paths.length) readInline(paths).then(resolve, reject);
			else resolve(out);
		});
		worker.once("error", reject);
		worker.once("exit", (code) => {
			if (code !== 0) reject(/* @__PURE__ */ new Error(`file reader thread stopped with exit code ${code}`));
		});
	});
}
/** Reads many files: inline when few, else split over worker threads (one per core, at most four). */
async function readMany(paths) {
	if (paths.length <= 4096) return readInline(paths);
	const threads = Math.max(1, Math.min(4, availableParallelism(), Math.ceil(paths.length / INLINE_LIMIT)));
	const size = Math.ceil(paths.length / threads);
	return (await Promise.all(Array.from({ length: threads }, (_, k) => readInWorker(paths.slice(k * size, (k + 1) * size))))).flat();
}
// electron/host/local/index.ts
function fsError(e, path) {
	return new HostError(toHostErrorCode(e.code), `${path}: ${e.message.replace(/^[A-Z]+: /, "")}`, {
		path,
		cause: e
	});
}
/** This machine. With a sysroot, /sys and /proc paths are read from that directory instead (like lsmem --sysroot). */
var LocalHost = class {
	info;
	sysroot;
	constructor(sysroot = null) {
		this.sysroot = sysroot === null ? null : posix.resolve(sysroot).replace(/\/+$/, "");
		this.info = {
			kind: "local",
			label: sysroot ? `local (sysroot ${sysroot})` : "local",
			preset: null
		};
	}
	map(path) {
		if (!this.sysroot) return path;
		return path.startsWith("/sys/") || path.startsWith("/proc/") || path === "/sys" || path === "/proc" ? this.sysroot + path : path;
	}
	async exec(argv, opts = {}) {
		const [file, ...args] = argv;
		if (!file) throw new HostError("EINVAL", "empty command line", { argv });
		const timeout = opts.timeoutMs ?? 3e4;
		try {
			const r = await execa(file, args, {
				reject: false,
				timeout,
				cancelSignal: opts.signal,
				stdin: "ignore",
				env: { LC_ALL: "C" },
				extendEnv: true
			});
			if (r.timedOut) throw new HostError("ETIMEDOUT", `${file} did not finish within ${timeout} ms and was stopped`, {
				argv,
				timedOut: true,
				stderr: String(r.stderr ?? "")
			});
			if (r.failed && r.exitCode === void 0) {
				if (r.cause?.code === "ENOENT") throw new HostError("ENOTOOL", `${file} is not installed on this machine`, {
					argv,
					cause: r.cause
				});
				throw new HostError("EIO", `${file} could not be run: ${r.shortMessage}`, {
					argv,
					cause: r.cause
				});
			}
			return {
				exitCode: r.exitCode ?? 1,
				stdout: String(r.stdout ?? ""),
				stderr: String(r.stderr ?? "")
			};
		} catch (e) {
			if (e instanceof HostError) throw e;
			throw new HostError("EIO", `${file} could not be run: ${e.message}`, {
				argv,
				cause: e
			});
		}
	}
	async readFile(path) {
		try {
			return await readFile(this.map(path), "utf8");
		} catch (e) {
			throw fsError(e, path);
		}
	}
	async readFiles(paths) {
		const outcomes = await readMany(paths.map((p) => this.map(p)));
		const out = /* @__PURE__ */ new Map();
		paths.forEach((p, i) => {
			const r = outcomes[i];
			out.set(p, typeof r === "string" ? r : fsError(Object.assign(new Error(r.message), { code: r.code }), p));
		});
		return out;
	}
	async readDir(path) {
		try {
			return await readdir(this.map(path));
		} catch (e) {
			throw fsError(e, path);
		}
	}
	async readLink(path) {
		try {
			return await readlink(this.map(path));
		} catch (e) {
			throw fsError(e, path);
		}
	}
	async writeFile(path, value) {
		if (this.sysroot && /^\/(sys|proc)\//.test(path)) throw new HostError("EACCES", `${path}: a --sysroot host is read-only`, { path });
		try {
			await writeFile(this.map(path), value);
		} catch (e) {
			throw fsError(e, path);
		}
	}
	async close() {}
};
// electron/host/replay/bundle.ts
/** Format version of capture bundles. */
var BUNDLE_FORMAT = "pmem-console-capture/1";
var Err = z.object({
	error: z.string(),
	message: z.string()
});
/** A capture bundle: host facts, command results, files, directories and links. */
var CaptureBundle = z.object({
	format: z.literal(BUNDLE_FORMAT),
	capturedAt: z.string(),
	source: z.string(),
	commands: z.array(z.object({
		argv: z.array(z.string()),
		exitCode: z.number().int(),
		stdout: z.string(),
		stderr: z.string()
	}).or(z.object({
		argv: z.array(z.string()),
		error: z.string(),
		message: z.string()
	}))),
	files: z.record(z.string(), z.union([z.string(), Err])),
	dirs: z.record(z.string(), z.union([z.array(z.string()), Err])),
	links: z.record(z.string(), z.union([z.string(), Err])),
	/** The snapshot taken while capturing (a Topology); a twin of the machine is built from it. */
	topology: z.unknown().optional()
});
// electron/host/replay/index.ts
/** Loads and validates a capture bundle file; errors name the file and what is wrong. */
function loadBundle(file) {
	let text;
	try {
		text = readFileSync(file, "utf8");
	} catch (e) {
		throw new HostError("ENOENT", `cannot read capture bundle ${file}: ${e.code === "ENOENT" ? "no such file" : e.message}`, {
			path: file,
			cause: e
		});
	}
	let parsed;
	try {
		parsed = JSON.parse(text);
	} catch {
		throw new HostError("EBADDATA", `${file} is not a capture bundle: it is not valid JSON`, { path: file });
	}
	const r = CaptureBundle.safeParse(parsed);
	if (!r.success) throw new HostError("EBADDATA", `${file} is not a pmem-console capture bundle (${r.error.issues[0]?.path.join(".") || "format"}: ${r.error.issues[0]?.message})`, { path: file });
	return r.data;
}
/** A recorded machine. Writes are refused: a capture cannot be changed. */
var ReplayHost = class {
	bundle;
	info;
	commands;
	constructor(bundle, label) {
		this.bundle = bundle;
		this.info = {
			kind: "replay",
			label: `replay:${label}`,
			preset: null
		};
		this.commands = new Map(bundle.commands.map((c) => [c.argv.join("\0"), c]));
	}
	async exec(argv) {
		const c = this.commands.get(argv.join("\0"));
		if (!c) throw new HostError("ENOTOOL", `\`${argv.join(" ")}\` was not recorded in this capture`, { argv });
		if ("error" in c) throw new HostError(toHostErrorCode(c.error), c.message, { argv });
		return {
			exitCode: c.exitCode,
			stdout: c.stdout,
			stderr: c.stderr
		};
	}
	async readFile(path) {
		const v = this.bundle.files[path];
		if (v === void 0) throw new HostError("ENOENT", `${path} was not captured`, { path });
		if (typeof v !== "string") throw new HostError(toHostErrorCode(v.error), v.message, { path });
		return v;
	}
	async readFiles(paths) {
		const out = /* @__PURE__ */ new Map();
		for (const p of paths) out.set(p, await this.readFile(p).catch((e) => e));
		return out;
	}
	async readDir(path) {
		const v = this.bundle.dirs[path];
		if (v === void 0) throw new HostError("ENOENT", `${path} was not captured`, { path });
		if (!Array.isArray(v)) throw new HostError(toHostErrorCode(v.error), v.message, { path });
		return v;
	}
	async readLink(path) {
		const v = this.bundle.links[path];
		if (v === void 0) throw new HostError("ENOENT", `${path} was not captured`, { path });
		if (typeof v !== "string") throw new HostError(toHostErrorCode(v.error), v.message, { path });
		return v;
	}
	async writeFile(path) {
		throw new HostError("EACCES", `${path}: a replayed capture is read-only`, { path });
	}
	async close() {}
};
// electron/host/ssh/remote.ts
/** Quotes one word for a POSIX shell: single quotes, with embedded quotes closed and escaped. */
function shellQuote(word) {
	if (/^[A-Za-z0-9_./:=@%+-]+$/.test(word)) return word;
	return `'${word.replace(/'/g, `'\\''`)}'`;
}
/** Builds the remote command string for `sh -c SCRIPT sh ARGS...` (ssh hands one string to the login shell). */
function remoteSh(script, args = []) {
	return [
		"sh",
		"-c",
		shellQuote(script),
		"sh",
		...args.map(shellQuote)
	].join(" ");
}
/** Runs "$@" in the C locale, stopped by the remote's timeout(1) after $1 seconds when it has one. */
var EXEC_SCRIPT = `t=$1; shift
if command -v timeout >/dev/null 2>&1; then exec timeout -k 2 "$t" env LC_ALL=C "$@"; fi
exec env LC_ALL=C "$@"`;
/** Builds the remote command string that runs a program with an argv array, in the C locale, with a time limit. */
function remoteExec(argv, timeoutMs) {
	return remoteSh(EXEC_SCRIPT, [(timeoutMs / 1e3).toFixed(3), ...argv]);
}
/** Reads the files named on stdin, one path per line, and prints one NUL-framed record per path. */
var READ_FILES_SCRIPT = `
while IFS= read -r p; do
  if [ ! -e "$p" ]; then printf 'ENOENT\\0\\0'; continue; fi
  if [ -d "$p" ]; then printf 'EISDIR\\0\\0'; continue; fi
  if [ ! -r "$p" ]; then printf 'EACCES\\0\\0'; continue; fi
  c=''
  while :; do
    if IFS= read -r l; then c="$c$l
"; else c="$c$l"; break; fi
  done < "$p" 2>/dev/null
  if [ -z "$c" ]; then
    if c=$(cat -- "$p" 2>/dev/null && printf x); then c=\${c%x}
    else printf 'ERR\\0%s\\0' "$(cat -- "$p" 2>&1 >/dev/null)"; continue; fi
  fi
  printf 'OK\\0%s\\0' "$c"
done
`;
/** Lists a directory's entries, NUL-separated, or prints one NUL-framed error status. */
var READ_DIR_SCRIPT = `
d=$1
if [ ! -e "$d" ]; then printf 'ENOENT\\0'; exit 0; fi
if [ ! -d "$d" ]; then printf 'ENOTDIR\\0'; exit 0; fi
if [ ! -r "$d" ] || [ ! -x "$d" ]; then printf 'EACCES\\0'; exit 0; fi
printf 'OK\\0'
for f in "$d"/* "$d"/.[!.]* "$d"/..?*; do
  if [ -e "$f" ] || [ -L "$f" ]; then printf '%s\\0' "\${f##*/}"; fi
done
`;
/** Prints a symlink's target as stored, framed like READ_DIR_SCRIPT. */
var READ_LINK_SCRIPT = `
if [ -L "$1" ]; then printf 'OK\\0%s\\0' "$(readlink -- "$1")"; exit 0; fi
if [ -e "$1" ]; then printf 'EINVAL\\0'; else printf 'ENOENT\\0'; fi
`;
/** Writes $2 to the file $1 in one write, as \`echo -n VALUE > FILE\` would; prints the error text on failure. */
var WRITE_FILE_SCRIPT = `
if [ ! -e "$1" ]; then printf 'ENOENT\\0'; exit 0; fi
if e=$( { printf '%s' "$2" > "$1"; } 2>&1 ); then printf 'OK\\0'; else printf 'ERR\\0%s\\0' "$e"; fi
`;
var STRERROR = [
	[/No such file or directory/i, "ENOENT"],
	[/Permission denied/i, "EACCES"],
	[/Operation not permitted/i, "EPERM"],
	[/Device or resource busy/i, "EBUSY"],
	[/No such device( or address)?/i, "ENXIO"],
	[/Invalid argument/i, "EINVAL"]
];
/** Maps an error text printed by a remote tool or shell to the errno word it names. */
function errnoFromText(text) {
	for (const [re, code] of STRERROR) if (re.test(text)) return code;
	return "EIO";
}
function statusError(status, detail, path, where) {
	const text = detail.trim().replace(/^.*?: /, "") || status;
	switch (status) {
		case "ENOENT": return new HostError("ENOENT", `${where}${path}: no such file or directory`, { path });
		case "EACCES": return new HostError("EACCES", `${where}${path}: permission denied`, { path });
		case "EISDIR": return new HostError("EIO", `${where}${path}: is a directory`, { path });
		case "ENOTDIR": return new HostError("EINVAL", `${where}${path}: not a directory`, { path });
		case "EINVAL": return new HostError("EINVAL", `${where}${path}: not a symbolic link`, { path });
		default: return new HostError(errnoFromText(detail), `${where}${path}: ${text}`, { path });
	}
}
/** Splits the output of READ_FILES_SCRIPT back into one result per path; a short or malformed answer is an error. */
function parseReadFiles(stdout, paths, where) {
	const fields = stdout.split("\0");
	fields.pop();
	if (fields.length < 2 * paths.length) throw new HostError("EIO", `${where}the remote read stopped after ${Math.floor(fields.length / 2)} of ${paths.length} files`);
	if (fields.length > 2 * paths.length) throw new HostError("EBADDATA", `${where}the remote read answered more than it was asked`);
	const out = /* @__PURE__ */ new Map();
	paths.forEach((path, i) => {
		const status = fields[2 * i];
		const payload = fields[2 * i + 1];
		out.set(path, status === "OK" ? payload : statusError(status, payload, path, where));
	});
	return out;
}
/** Parses the output of READ_DIR_SCRIPT into entry names, or throws the error it reports. */
function parseReadDir(stdout, path, where) {
	const [status = "", ...names] = stdout.split("\0");
	if (status !== "OK") throw statusError(status, "", path, where);
	if (names.pop() !== "") throw new HostError("EIO", `${where}${path}: the remote directory listing was cut short`, { path });
	return names.sort();
}
/** Parses the output of READ_LINK_SCRIPT or WRITE_FILE_SCRIPT: the payload on OK, or throws the error it reports. */
function parseFramed(stdout, path, where) {
	const [status = "", payload = ""] = stdout.split("\0");
	if (status !== "OK") throw statusError(status, payload, path, where);
	return payload;
}
// electron/host/ssh/target.ts
var SPEC = /^ssh:\/\/(?:([A-Za-z0-9._][A-Za-z0-9._-]*)@)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_][A-Za-z0-9._-]*)(?::(\d{1,5}))?$/;
/** Parses an ssh:// spec; returns null when it is not one (the caller says what is accepted). */
function parseSshTarget(spec) {
	const m = SPEC.exec(spec);
	if (!m) return null;
	const port = m[3] === void 0 ? null : Number(m[3]);
	if (port !== null && (port < 1 || port > 65535)) return null;
	const host = m[2].startsWith("[") ? m[2].slice(1, -1) : m[2];
	return {
		user: m[1] ?? null,
		host,
		port
	};
}
/** The spec as the user would write it, for labels and messages. */
function formatSshTarget(t) {
	const host = t.host.includes(":") ? `[${t.host}]` : t.host;
	return `ssh://${t.user ? `${t.user}@` : ""}${host}${t.port ? `:${t.port}` : ""}`;
}
// electron/host/ssh/index.ts
/** ssh's own exit code for "could not connect or authenticate". */
var SSH_FAILED = 255;
/** How long after the time limit the local ssh client is killed if the remote timeout(1) has not answered. */
var BACKSTOP_MS = 3e3;
/** A machine reached over ssh. Commands and files are those of the remote machine; the local machine only runs ssh. */
var SshHost = class {
	target;
	opts;
	info;
	/** How many times ssh was run (each is one round trip); for tests and benchmarks. */
	roundTrips = 0;
	where;
	controlDir;
	connected = null;
	constructor(target, opts = {}) {
		this.target = target;
		this.opts = opts;
		const label = formatSshTarget(target);
		this.info = {
			kind: "ssh",
			label,
			preset: null
		};
		this.where = `${label}: `;
		this.controlDir = process.platform === "win32" ? null : mkdtempSync(join(tmpdir(), "pmc-ssh-"));
	}
	/** The ssh argv up to and including the destination; everything after it is the remote command. */
	sshArgv(extra = []) {
		const o = this.opts;
		const argv = [
			o.sshProgram ?? "ssh",
			"-o",
			"BatchMode=yes",
			"-o",
			`ConnectTimeout=${o.connectTimeoutS ?? 10}`,
			"-o",
			"LogLevel=ERROR"
		];
		if (this.controlDir) argv.push("-o", "ControlMaster=auto", "-o", `ControlPath=${join(this.controlDir, "cm")}`, "-o", "ControlPersist=60");
		if (o.configFile) argv.push("-F", o.configFile);
		if (this.target.port !== null) argv.push("-p", String(this.target.port));
		if (this.target.user !== null) argv.push("-l", this.target.user);
		argv.push(...extra, "--", this.target.host);
		return argv;
	}
	/** Runs one remote command string through ssh; ssh's own failures (exit 255 with no connection) become EUNREACHABLE. */
	async run(command, opts = {}) {
		const [file, ...args] = this.sshArgv();
		const timeout = opts.timeoutMs ?? 3e4;
		const what = opts.argv ? opts.argv[0] : "the remote command";
		this.roundTrips++;
		const started = Date.now();
		const sub = execa(file, [...args, command], {
			reject: false,
			cancelSignal: opts.signal,
			input: opts.input,
			stdin: opts.input === void 0 ? "ignore" : void 0,
			encoding: "utf8",
			maxBuffer: 1073741824
		});
		let stopped = false;
		const timer = setTimeout(() => {
			stopped = true;
			sub.kill("SIGKILL");
			sub.stdout?.destroy();
			sub.stderr?.destroy();
		}, timeout + BACKSTOP_MS);
		const r = await sub.finally(() => clearTimeout(timer));
		const elapsedMs = Date.now() - started;
		const stderr = String(r.stderr ?? "");
		if (stopped) throw new HostError("ETIMEDOUT", `${this.where}${what} did not finish within ${timeout} ms and was stopped`, {
			argv: opts.argv,
			timedOut: true,
			stderr
		});
		if (r.exitCode === void 0) {
			if (r.cause?.code === "ENOENT") throw new HostError("ENOTOOL", `the ssh client (${file}) is not installed on this machine`, {
				argv: opts.argv,
				cause: r.cause
			});
			throw new HostError("EIO", `${this.where}ssh could not be run: ${r.shortMessage}`, {
				argv: opts.argv,
				cause: r.cause
			});
		}
		if (r.exitCode === SSH_FAILED && !await this.masterAlive()) throw new HostError("EUNREACHABLE", `${this.where}cannot connect: ${lastLine(stderr) || "ssh failed"}`, {
			argv: opts.argv,
			exitCode: r.exitCode,
			stderr
		});
		return {
			exitCode: r.exitCode,
			stdout: String(r.stdout ?? ""),
			stderr,
			elapsedMs
		};
	}
	/** Whether the shared connection is up (so a 255 came from the remote command, not from ssh). */
	async masterAlive() {
		if (!this.controlDir || !this.connected) return false;
		const [file, ...args] = this.sshArgv(["-O", "check"]);
		return (await execa(file, args, {
			reject: false,
			timeout: 5e3,
			stdin: "ignore"
		})).exitCode === 0;
	}
	/** Opens the shared connection once; a host that cannot be reached fails here with ssh's reason. */
	connect() {
		this.connected ??= (async () => {
			const [file, ...args] = this.sshArgv();
			this.roundTrips++;
			const r = await execa(file, [...args, "exit 0"], {
				reject: false,
				timeout: ((this.opts.connectTimeoutS ?? 10) + 20) * 1e3,
				stdin: "ignore"
			});
			if (r.exitCode === 0) return;
			if (r.cause?.code === "ENOENT") throw new HostError("ENOTOOL", `the ssh client (${file}) is not installed on this machine`, { cause: r.cause });
			const why = r.timedOut ? "no answer in time" : lastLine(String(r.stderr ?? "")) || `ssh exited with ${r.exitCode}`;
			throw new HostError("EUNREACHABLE", `${this.where}cannot connect: ${why}`, {
				exitCode: r.exitCode,
				stderr: String(r.stderr ?? "")
			});
		})();
		this.connected.catch(() => {
			this.connected = null;
		});
		return this.connected;
	}
	async exec(argv, opts = {}) {
		if (argv.length === 0 || !argv[0]) throw new HostError("EINVAL", "empty command line", { argv });
		await this.connect();
		const timeoutMs = opts.timeoutMs ?? 3e4;
		const { elapsedMs, ...r } = await this.run(remoteExec(argv, timeoutMs), {
			...opts,
			timeoutMs,
			argv
		});
		if (r.exitCode === 124 && elapsedMs >= timeoutMs) throw new HostError("ETIMEDOUT", `${this.where}${argv[0]} did not finish within ${timeoutMs} ms and was stopped`, {
			argv,
			timedOut: true,
			stderr: r.stderr
		});
		if ((r.exitCode === 127 || r.exitCode === 126) && r.stdout === "" && /env: .*(No such file|not found|Permission denied)/.test(r.stderr)) throw new HostError("ENOTOOL", `${this.where}${argv[0]} is not installed on the remote machine`, {
			argv,
			exitCode: r.exitCode,
			stderr: r.stderr
		});
		return r;
	}
	/** Runs one of the remote scripts and returns what it printed; a failing shell is an I/O error. */
	async script(script, args, path, input) {
		if (path.includes("\n")) throw new HostError("EINVAL", `${path}: a path with a newline cannot be read`, { path });
		await this.connect();
		const r = await this.run(remoteSh(script, args), { input });
		if (r.exitCode !== 0) throw new HostError("EIO", `${this.where}${path}: the remote shell failed: ${lastLine(r.stderr) || `exit ${r.exitCode}`}`, {
			path,
			exitCode: r.exitCode,
			stderr: r.stderr
		});
		return r.stdout;
	}
	async readFile(path) {
		const v = (await this.readFiles([path])).get(path);
		if (v instanceof HostError) throw v;
		return v;
	}
	async readFiles(paths) {
		if (paths.length === 0) return /* @__PURE__ */ new Map();
		const bad = paths.find((p) => p.includes("\n"));
		if (bad !== void 0) throw new HostError("EINVAL", `${JSON.stringify(bad)}: a path with a newline cannot be read`, { path: bad });
		return parseReadFiles(await this.script(READ_FILES_SCRIPT, [], paths[0], paths.join("\n") + "\n"), paths, this.where);
	}
	async readDir(path) {
		return parseReadDir(await this.script(READ_DIR_SCRIPT, [path], path), path, this.where);
	}
	async readLink(path) {
		return parseFramed(await this.script(READ_LINK_SCRIPT, [path], path), path, this.where);
	}
	async writeFile(path, value) {
		parseFramed(await this.script(WRITE_FILE_SCRIPT, [path, value], path), path, this.where);
	}
	async close() {
		if (!this.controlDir) return;
		if (this.connected) {
			const [file, ...args] = this.sshArgv(["-O", "exit"]);
			await execa(file, args, {
				reject: false,
				timeout: 5e3,
				stdin: "ignore"
			});
			this.connected = null;
		}
		rmSync(this.controlDir, {
			recursive: true,
			force: true
		});
	}
};
function lastLine(text) {
	return text.trim().split("\n").filter(Boolean).pop()?.trim() ?? "";
}
// electron/host/sim/jsonc.ts
/** Formats a value the way `ndctl list` / `daxctl list` print it (two-space indent, "key":value, "\/"). */
function toJsonC(value, indent = 0) {
	const pad = "  ".repeat(indent + 1);
	const close = "  ".repeat(indent);
	if (Array.isArray(value)) {
		if (value.length === 0) return "[\n" + close + "]";
		return "[\n" + value.map((v) => pad + toJsonC(v, indent + 1)).join(",\n") + "\n" + close + "]";
	}
	if (value !== null && typeof value === "object") {
		const entries = Object.entries(value);
		if (entries.length === 0) return "{\n" + close + "}";
		return "{\n" + entries.map(([k, v]) => `${pad}${quote(k)}:${toJsonC(v, indent + 1)}`).join(",\n") + "\n" + close + "}";
	}
	if (typeof value === "string") return quote(value);
	return String(value);
}
function quote(s) {
	return JSON.stringify(s).replace(/\//g, "\\/");
}
// electron/host/sim/kernel.ts
var SZ_4K = 4096;
var SZ_8K = 8192;
var SZ_2M = 2097152;
var MAX_STRUCT_PAGE_SIZE = 64;
/** memremap_compat_align() on x86: a subsection. */
var COMPAT_ALIGN = SZ_2M;
/** Linux errno values the tools report, with their strerror text. */
var Errno = {
	EPERM: {
		code: 1,
		text: "Operation not permitted"
	},
	ENOENT: {
		code: 2,
		text: "No such file or directory"
	},
	ENXIO: {
		code: 6,
		text: "No such device or address"
	},
	EBUSY: {
		code: 16,
		text: "Device or resource busy"
	},
	ENODEV: {
		code: 19,
		text: "No such device"
	},
	EINVAL: {
		code: 22,
		text: "Invalid argument"
	},
	ENOSPC: {
		code: 28,
		text: "No space left on device"
	},
	EACCES: {
		code: 13,
		text: "Permission denied"
	},
	EOPNOTSUPP: {
		code: 95,
		text: "Operation not supported"
	}
};
/** Thrown by kernel operations; carries the errno a syscall would return. */
var KernelError = class extends Error {
	errno;
	constructor(errno, message) {
		super(message ?? errno.text);
		this.errno = errno;
	}
};
/** namespaceX.Y */
function namespaceName(r, ns) {
	return `namespace${r.id}.${ns.id}`;
}
/** Whether the region's namespaces come from labels (nstype 5) rather than being one label-less range (nstype 4). */
function isLabelled(state, r) {
	if (r.mappings.length === 0) return false;
	const dimms = busOf(state, r).dimms;
	return r.mappings.every((m) => {
		const d = dimms.find((x) => x.dev === m.dimm);
		return !!d && d.labelSize > 0 && d.labelsInitialized;
	});
}
/** The bus a region hangs off. */
function busOf(state, r) {
	const bus = state.buses.find((b) => b.regions.includes(r));
	if (!bus) throw new Error(`region${r.id} has no bus`);
	return bus;
}
/** Every region of the machine, bus by bus. */
function allRegions(state) {
	return state.buses.flatMap((b) => b.regions);
}
/** The namespace's mode as the kernel's "mode" attribute says it: raw, safe, memory or dax. */
function sysfsMode(r, ns, labelled) {
	if (ns.claim?.kind === "btt") return "safe";
	if (ns.claim?.kind === "pfn") return "memory";
	if (ns.claim?.kind === "dax") return "dax";
	return r.pagemap && !labelled && ns.size > 0 ? "memory" : "raw";
}
/** Offset of the data area behind a pfn/dax info block (nd_pfn_init). */
function infoBlockDataOffset(nsStart, nsSize, align, location) {
	const a = Math.max(align, COMPAT_ALIGN);
	if (location === "mem") return alignUp(nsStart + SZ_8K, a) - nsStart;
	const npfns = Math.floor((nsSize - SZ_8K) / SZ_4K);
	return alignUp(nsStart + SZ_8K + MAX_STRUCT_PAGE_SIZE * npfns, a) - nsStart;
}
/** Capacity a BTT exposes on a namespace of rawSize bytes (drivers/nvdimm/btt.c, one arena up to 512 GiB each). */
function bttCapacity(rawSize, lbasize) {
	const ARENA_MAX = 512 * 2 ** 30;
	const ARENA_MIN = 16 * 2 ** 20;
	const INITIAL_OFFSET = SZ_4K;
	const nfree = 256;
	const internalLbasize = alignUp(lbasize, 64);
	let remaining = rawSize - INITIAL_OFFSET;
	let nlba = 0;
	while (remaining > 0) {
		const arenaSize = Math.min(ARENA_MAX, remaining);
		remaining -= arenaSize;
		if (arenaSize < ARENA_MIN) break;
		let available = arenaSize - arenaSize % SZ_4K;
		available -= 2 * SZ_4K;
		available -= alignUp(nfree * 64, SZ_4K);
		const internalNlba = Math.floor((available - SZ_4K) / (internalLbasize + 4));
		nlba += internalNlba - nfree;
	}
	return nlba * lbasize;
}
/** Physical start of a namespace. */
function namespaceStart(r, ns) {
	return r.start + ns.offset;
}
/** Free extents of a labelled region, as [offset, length] pairs in the usable (aligned) part. */
function freeExtents(r) {
	const usable = alignDown(r.size, r.align);
	const used = r.namespaces.filter((n) => n.size > 0).map((n) => [n.offset, n.offset + n.size]).sort((a, b) => a[0] - b[0]);
	const free = [];
	let cursor = 0;
	for (const [s, e] of used) {
		if (s > cursor) free.push([cursor, s - cursor]);
		cursor = Math.max(cursor, e);
	}
	if (usable > cursor) free.push([cursor, usable - cursor]);
	return free.map(([o, l]) => [alignUp(o, r.align), alignDown(l - (alignUp(o, r.align) - o), r.align)]).filter(([, l]) => l > 0);
}
/** available_size as ndctl reports it: 0 for label-less regions. */
function availableSize(state, r) {
	if (!isLabelled(state, r)) return 0;
	return freeExtents(r).reduce((s, [, l]) => s + l, 0);
}
/** max_available_extent as ndctl reports it: 0 for label-less regions. */
function maxAvailableExtent(state, r) {
	if (!isLabelled(state, r)) return 0;
	return freeExtents(r).reduce((m, [, l]) => Math.max(m, l), 0);
}
/** Lowest id of a kind (btt/pfn/dax) not used by a claim or another seed in the region. */
function lowestFreeId(r, kind, exclude = []) {
	const used = new Set(exclude);
	for (const ns of r.namespaces) if (ns.claim?.kind === kind) used.add(ns.claim.id);
	let id = 0;
	while (used.has(id)) id++;
	return id;
}
/** Every dax device on the machine with where it lives. */
function allDaxDevices(state) {
	const out = [];
	for (const bus of state.buses) for (const r of bus.regions) for (const ns of r.namespaces) if (ns.claim?.kind === "dax" && ns.enabled && r.enabled) {
		const path = `${bus.parent}/ndbus${bus.id}/region${r.id}/dax${r.id}.${ns.claim.id}`;
		out.push({
			device: ns.claim.device,
			region: r,
			namespace: ns,
			regionId: r.id,
			path
		});
	}
	for (const h of state.hmem) out.push({
		device: h.device,
		region: null,
		namespace: null,
		regionId: h.id,
		path: h.path
	});
	return out;
}
/** Finds a namespace by name (namespaceX.Y). */
function findNamespace(state, name) {
	for (const r of allRegions(state)) for (const ns of r.namespaces) if (namespaceName(r, ns) === name) return {
		region: r,
		namespace: ns
	};
	return null;
}
/** The memory blocks a dax device hot-added. */
function blocksOf(state, dev) {
	return state.memory.blocks.filter((b) => b.owner === dev);
}
/** The zone kernel allocations would use for a block at this address (x86-64). */
function kernelZoneFor(addr) {
	if (addr < 16 * 2 ** 20) return "DMA";
	if (addr < 4 * 2 ** 30) return "DMA32";
	return "Normal";
}
function zoneSpanIntersects(state, node, zone, index) {
	let min = Infinity;
	let max = -Infinity;
	for (const b of state.memory.blocks) if (b.node === node && b.state === "online" && b.zone === zone) {
		if (b.index < min) min = b.index;
		if (b.index > max) max = b.index;
	}
	return index >= min && index <= max;
}
/** The zone "online" picks for an offline block (mm/memory_hotplug.c default_zone_for_pfn). */
function defaultZone(state, b) {
	const kernelZone = kernelZoneFor(b.index * state.memory.blockSize);
	const inKernel = zoneSpanIntersects(state, b.node, kernelZone, b.index);
	if (inKernel !== zoneSpanIntersects(state, b.node, "Movable", b.index)) return inKernel ? kernelZone : "Movable";
	return kernelZone;
}
/** valid_zones of a block: its zone when online; the default zone first, then the others, when offline. */
function validZones(state, b) {
	if (b.state === "online") return b.zone;
	const def = defaultZone(state, b);
	return [def, ...[kernelZoneFor(b.index * state.memory.blockSize), "Movable"].filter((z) => z !== def)].join(" ");
}
/** Writes a memory block's state file: online, online_kernel, online_movable or offline. */
function setBlockState(state, b, value) {
	const v = value.trim();
	if (v === "offline") {
		if (b.state === "offline") throw new KernelError(Errno.EINVAL);
		if (b.unmovable || state.faults.some((f) => f.kind === "block-unmovable" && f.block === b.index)) throw new KernelError(Errno.EBUSY);
		b.state = "offline";
		return;
	}
	if (v !== "online" && v !== "online_kernel" && v !== "online_movable") throw new KernelError(Errno.EINVAL);
	if (b.state === "online") throw new KernelError(Errno.EINVAL);
	if (v === "online_movable") b.zone = "Movable";
	else if (v === "online_kernel") b.zone = kernelZoneFor(b.index * state.memory.blockSize);
	else b.zone = defaultZone(state, b);
	b.state = "online";
}
/** Hot-adds the whole memory blocks of a dax device (kmem probe); auto_online_blocks decides their state. */
function hotAdd(state, dev) {
	const { first, count } = wholeBlocks(dev.start, dev.size, state.memory.blockSize);
	const added = [];
	for (let i = first; i < first + count; i++) {
		const b = {
			index: i,
			node: dev.targetNode,
			state: "offline",
			zone: "none",
			boot: false,
			unmovable: false,
			owner: dev.name
		};
		state.memory.blocks.push(b);
		added.push(b);
	}
	state.memory.blocks.sort((a, b) => a.index - b.index);
	const policy = state.memory.autoOnline;
	if (policy !== "offline") for (const b of added) setBlockState(state, b, policy);
	return added;
}
/** Removes a dax device's (offline) memory blocks (kmem remove). */
function hotRemove(state, dev) {
	if (blocksOf(state, dev.name).some((b) => b.state === "online")) throw new KernelError(Errno.EBUSY);
	state.memory.blocks = state.memory.blocks.filter((b) => b.owner !== dev.name);
}
/** Creates the claim (info block) for a namespace being set to a mode. */
function makeClaim(state, r, ns, mode, opts) {
	const start = namespaceStart(r, ns);
	if (mode === "sector") return {
		kind: "btt",
		id: r.seeds.btt,
		uuid: opts.uuid,
		sectorSize: opts.sectorSize,
		size: bttCapacity(ns.size, opts.sectorSize)
	};
	if (mode === "fsdax") return {
		kind: "pfn",
		id: r.seeds.pfn,
		uuid: opts.uuid,
		align: opts.align,
		location: opts.map,
		dataOffset: infoBlockDataOffset(start, ns.size, opts.align, opts.map)
	};
	const dataOffset = infoBlockDataOffset(start, ns.size, opts.align, "dev");
	const id = r.seeds.dax;
	return {
		kind: "dax",
		id,
		uuid: opts.uuid,
		align: opts.align,
		dataOffset,
		device: {
			name: `dax${r.id}.${id}`,
			start: start + dataOffset,
			size: ns.size - dataOffset,
			align: opts.align,
			targetNode: r.targetNode,
			numaNode: r.numaNode,
			mode: "devdax",
			enabled: true
		}
	};
}
/** After a claim is made or released, the region's seeds move to the lowest free ids. */
function refreshSeeds(r) {
	r.seeds.btt = lowestFreeId(r, "btt");
	r.seeds.pfn = lowestFreeId(r, "pfn");
	r.seeds.dax = lowestFreeId(r, "dax");
}
/** Makes sure a labelled region has exactly one idle seed namespace, with the lowest free id if none. */
function ensureNamespaceSeed(r) {
	const seed = r.namespaces.find((n) => n.id === r.seeds.namespace);
	if (seed && seed.size === 0) return;
	const used = new Set(r.namespaces.map((n) => n.id));
	let id = 0;
	while (used.has(id)) id++;
	r.namespaces.push({
		id,
		uuid: null,
		name: "",
		size: 0,
		offset: 0,
		enabled: false,
		claim: null,
		mountpoint: null
	});
	r.seeds.namespace = id;
}
/** Whether a node currently has memory (N_MEMORY): boot memory or online hot-added blocks. */
function nodeHasMemory(state, node) {
	const n = state.nodes.find((x) => x.id === node);
	if (n && n.bootMemKb > 0) return true;
	return state.memory.blocks.some((b) => b.node === node && b.state === "online");
}
/** Whether a node is online: it has CPUs or boot memory, or memory blocks were hot-added to it (online or not, as add_memory onlines the node). */
function nodeOnline(state, node) {
	const n = state.nodes.find((x) => x.id === node);
	return !!n && (n.cpulist !== "" || n.bootMemKb > 0 || state.memory.blocks.some((b) => b.node === node));
}
/** kB of hot-added memory online on a node (or on all nodes when node is null). */
function hotAddedOnlineKb(state, node) {
	const perBlock = state.memory.blockSize / 1024;
	let n = 0;
	for (const b of state.memory.blocks) if (!b.boot && b.state === "online" && (node === null || b.node === node)) n++;
	return n * perBlock;
}
// electron/host/sim/ndjson.ts
var NULL_UUID = "00000000-0000-0000-0000-000000000000";
/** A size field: a number, or "4.00 GiB (4.29 GB)" with -u. */
function sizeJson(n, f) {
	return f.human ? formatToolSize(n) : n;
}
/** A hex field: a number, or "0x1" with -u. */
function hexJson(n, f) {
	return f.human ? formatToolHex(n) : n;
}
/** `ndctl list -B` bus object (without its children). */
function busJson(provider, dev) {
	return {
		provider,
		dev
	};
}
/** `ndctl list -D` DIMM object. */
function dimmJson(d, f) {
	const o = {
		dev: d.dev,
		id: d.id,
		handle: hexJson(d.handle, f),
		phys_id: hexJson(d.physId, f)
	};
	if (!d.enabled) o.state = "disabled";
	if (d.security) o.security = d.security;
	if (f.health && d.health) o.health = {
		health_state: d.health.state,
		temperature_celsius: d.health.temperature,
		controller_temperature_celsius: d.health.temperature + 6,
		spares_percentage: d.health.spares,
		alarm_temperature: false,
		alarm_controller_temperature: false,
		alarm_spares: false,
		alarm_enabled_media_temperature: true,
		temperature_threshold: 82,
		alarm_enabled_ctrl_temperature: true,
		controller_temperature_threshold: 98,
		alarm_enabled_spares: true,
		spares_threshold: 50,
		shutdown_state: d.health.shutdownState,
		shutdown_count: 3,
		life_used_percentage: d.health.lifeUsed
	};
	return o;
}
/** A dax device object as daxctl prints it (and as ndctl nests it under "daxregion"). */
function daxDeviceJson(state, dev, f) {
	const o = {
		chardev: dev.name,
		size: sizeJson(dev.size, f),
		target_node: dev.targetNode,
		align: dev.align,
		mode: dev.mode
	};
	if (dev.mode === "system-ram") {
		const blocks = blocksOf(state, dev.name);
		const online = blocks.filter((b) => b.state === "online");
		o.online_memblocks = online.length;
		o.total_memblocks = blocks.length;
		if (online.length > 0) o.movable = online.every((b) => b.zone === "Movable");
	}
	if (!dev.enabled) o.state = "disabled";
	if (f.mappings) o.mappings = [{
		page_offset: hexJson(0, f),
		start: hexJson(dev.start, f),
		end: hexJson(dev.start + dev.size - 1, f),
		size: sizeJson(dev.size, f)
	}];
	return o;
}
/** ndctl's "daxregion" object for a devdax namespace. */
function daxRegionJson(state, regionId, dev, f, path) {
	const o = {};
	if (path) o.path = path;
	o.id = regionId;
	o.size = sizeJson(dev.size, f);
	o.align = dev.align;
	o.devices = [daxDeviceJson(state, dev, {
		human: f.human,
		mappings: false
	})];
	return o;
}
/** `ndctl list -N` namespace object. */
function namespaceJson(state, r, ns, f) {
	const labelled = isLabelled(state, r);
	const o = { dev: namespaceName(r, ns) };
	const claim = ns.claim;
	const active = ns.enabled && ns.size > 0 && r.enabled;
	const suffix = ns.id ? `.${ns.id}` : "";
	let bdev = null;
	let align = 0;
	if (claim?.kind === "pfn") {
		o.mode = "fsdax";
		o.map = claim.location;
		o.size = sizeJson(ns.size - claim.dataOffset, f);
	} else if (claim?.kind === "dax") {
		o.mode = "devdax";
		o.map = "dev";
		o.size = sizeJson(claim.device.size, f);
	} else if (claim?.kind === "btt") {
		o.mode = "sector";
		o.size = sizeJson(claim.size, f);
	} else if (r.pagemap && !labelled && ns.size > 0) {
		o.mode = "fsdax";
		o.map = "mem";
		o.size = sizeJson(ns.size, f);
	} else {
		o.mode = "raw";
		o.size = sizeJson(ns.size, f);
	}
	const rawUuid = () => {
		if (f.verbose && ns.uuid) o.raw_uuid = ns.uuid;
	};
	if (claim?.kind === "btt") {
		o.uuid = claim.uuid;
		rawUuid();
		bdev = `pmem${r.id}${suffix}s`;
	} else if (claim?.kind === "pfn") {
		align = claim.align;
		o.uuid = claim.uuid;
		rawUuid();
		bdev = `pmem${r.id}${suffix}`;
	} else if (claim?.kind === "dax") {
		align = claim.align;
		o.uuid = claim.uuid;
		rawUuid();
		if (active && f.dax) o.daxregion = daxRegionJson(state, r.id, claim.device, f);
		else if (active) o.chardev = claim.device.name;
	} else if (labelled) {
		o.uuid = ns.uuid ?? NULL_UUID;
		bdev = `pmem${r.id}${suffix}`;
	} else bdev = `pmem${r.id}${suffix}`;
	if (claim?.kind === "btt") o.sector_size = claim.sectorSize;
	else if (claim?.kind !== "dax") o.sector_size = 512;
	if (align) o.align = align;
	if (bdev && active) o.blockdev = bdev;
	if (!active) o.state = "disabled";
	if (ns.name) o.name = ns.name;
	if (f.verbose) {
		o.numa_node = r.numaNode;
		o.target_node = r.targetNode;
	}
	return o;
}
/** `ndctl list -R` region object (namespaces are added by the caller). */
function regionJson(state, r, f) {
	const labelled = isLabelled(state, r);
	const o = {
		dev: `region${r.id}`,
		size: sizeJson(r.size, f),
		align: sizeJson(r.align, f),
		available_size: sizeJson(availableSize(state, r), f),
		max_available_extent: sizeJson(maxAvailableExtent(state, r), f),
		type: "pmem"
	};
	if (f.verbose) {
		o.numa_node = r.numaNode;
		o.target_node = r.targetNode;
	}
	if (labelled) o.iset_id = hexJson(Number.parseInt(r.labelCookie, 16), f);
	if (f.dimms && r.mappings.length) o.mappings = r.mappings.map((m) => ({
		dimm: m.dimm,
		offset: hexJson(m.offset, f),
		length: hexJson(m.length, f),
		position: m.position
	}));
	if (f.capabilities && r.enabled) o.capabilities = [
		{
			mode: "sector",
			sector_sizes: [
				512,
				520,
				528,
				4096,
				4104,
				4160,
				4224
			]
		},
		{
			mode: "fsdax",
			alignments: [
				4096,
				2097152,
				1073741824
			]
		},
		{
			mode: "devdax",
			alignments: [
				4096,
				2097152,
				1073741824
			]
		}
	];
	if (!r.enabled) o.state = "disabled";
	o.persistence_domain = r.persistenceDomain;
	const bb = r.badblocks.reduce((s, b) => s + b.length, 0);
	if (bb) o.badblock_count = bb;
	return o;
}
/** Every dax device with the daxctl region path ("/LNXSYSTM:00/.../region0/dax0.0"). */
function daxctlDevices(state) {
	return allDaxDevices(state).filter((d) => !state.faults.some((f) => f.kind === "device-vanishes" && f.device === d.device.name)).map((d) => ({
		...d,
		daxctlPath: d.path.replace(/^\/sys\/devices/, "")
	}));
}
// electron/host/sim/options.ts
/** Raised for an option the command does not know; the message is parse-options' own. */
var OptionError = class extends Error {};
/** Parses argv (after the subcommand) against the specs. */
function parseOptions(argv, specs) {
	const out = {
		flags: /* @__PURE__ */ new Map(),
		values: /* @__PURE__ */ new Map(),
		args: []
	};
	const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short, s]));
	const byLong = new Map(specs.map((s) => [s.long, s]));
	const bump = (s) => out.flags.set(s.long, (out.flags.get(s.long) ?? 0) + 1);
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === "--") {
			out.args.push(...argv.slice(i + 1));
			break;
		}
		if (a.startsWith("--")) {
			const eq = a.indexOf("=");
			const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
			let spec = byLong.get(name);
			let negated = false;
			if (!spec && name.startsWith("no-")) {
				spec = byLong.get(name.slice(3));
				negated = !!spec && !spec.value;
			}
			if (!spec) throw new OptionError(`unknown option \`${name}'`);
			if (spec.value) {
				const v = eq >= 0 ? a.slice(eq + 1) : argv[++i];
				if (v === void 0) throw new OptionError(`option \`${name}' requires a value`);
				out.values.set(spec.long, v);
			} else if (negated) out.flags.set(`no-${spec.long}`, 1);
			else bump(spec);
			continue;
		}
		if (a.startsWith("-") && a.length > 1) {
			for (let j = 1; j < a.length; j++) {
				const spec = byShort.get(a[j]);
				if (!spec) throw new OptionError(`unknown switch \`${a[j]}'`);
				if (spec.value) {
					const rest = a.slice(j + 1);
					const v = rest.length ? rest : argv[++i];
					if (v === void 0) throw new OptionError(`switch \`${a[j]}' requires a value`);
					out.values.set(spec.long, v);
					break;
				}
				bump(spec);
			}
			continue;
		}
		out.args.push(a);
	}
	return out;
}
/** Renders a usage block the way parse-options does (name column 26 wide). */
function usageText(usage, specs) {
	const lines = [` usage: ${usage}`, ""];
	for (const s of specs) {
		const left = `    ${s.short ? `-${s.short}, ` : "    "}--${s.long}${s.value ? ` <${s.argName ?? s.long}>` : ""}`;
		if (left.length <= 25) lines.push(`${left.padEnd(26)}${s.help}`);
		else lines.push(left, `${" ".repeat(26)}${s.help}`);
	}
	return lines.join("\n") + "\n\n";
}
// electron/host/sim/daxctl.ts
var exitFor$1 = (e) => 256 - e.code;
var devices = (n) => `${n} device${n === 1 ? "" : "s"}`;
var LIST_OPTIONS$1 = [
	{
		short: "r",
		long: "region",
		value: true
	},
	{
		short: "d",
		long: "dev",
		value: true
	},
	{
		short: "D",
		long: "devices"
	},
	{
		short: "R",
		long: "regions"
	},
	{
		short: "M",
		long: "mappings"
	},
	{
		short: "i",
		long: "idle"
	},
	{
		short: "u",
		long: "human"
	},
	{
		short: "v",
		long: "verbose"
	}
];
var RECONFIG_OPTIONS = [
	{
		short: "r",
		long: "region",
		value: true
	},
	{
		short: "s",
		long: "size",
		value: true
	},
	{
		short: "a",
		long: "align",
		value: true
	},
	{
		short: "m",
		long: "mode",
		value: true
	},
	{
		short: "N",
		long: "no-online"
	},
	{ long: "no-movable" },
	{
		short: "f",
		long: "force"
	},
	{
		short: "C",
		long: "check-config"
	},
	{
		short: "u",
		long: "human"
	},
	{
		short: "v",
		long: "verbose"
	}
];
var MEMORY_OPTIONS = [
	{
		short: "r",
		long: "region",
		value: true
	},
	{ long: "no-movable" },
	{
		short: "u",
		long: "human"
	},
	{
		short: "v",
		long: "verbose"
	}
];
var RACE_WARNING = (dev) => `${dev}:\n  WARNING: detected a race while onlining memory\n  Some memory may not be in the expected zone. It is\n  recommended to disable any other onlining mechanisms,\n  and retry. If onlining is to be left to other agents,\n  use the --no-online option to suppress this warning\n`;
function list$1(state, argv) {
	let o;
	try {
		o = parseOptions(argv, LIST_OPTIONS$1);
	} catch (e) {
		return {
			exitCode: 129,
			stdout: "",
			stderr: `  Error: ${e.message}\n`
		};
	}
	const has = (k) => (o.flags.get(k) ?? 0) > 0;
	let wantDevices = has("devices");
	const wantRegions = has("regions");
	if (!wantDevices && !wantRegions) wantDevices = true;
	const f = {
		human: has("human"),
		mappings: has("mappings")
	};
	const devFilter = o.values.get("dev");
	const regionFilter = o.values.get("region");
	const all = [...daxctlDevices(state)].sort((a, b) => b.device.name.localeCompare(a.device.name, void 0, { numeric: true }));
	const items = [];
	for (const d of all) {
		if (devFilter && devFilter !== "all" && devFilter !== d.device.name) continue;
		if (regionFilter && regionFilter !== "all" && regionFilter !== `${d.regionId}` && regionFilter !== `region${d.regionId}`) continue;
		if (!has("idle") && !d.device.enabled) continue;
		const dev = daxDeviceJson(state, d.device, f);
		if (wantRegions) {
			const region = {
				path: d.daxctlPath,
				id: d.regionId,
				size: sizeJson(d.device.size, f),
				align: d.device.align
			};
			if (wantDevices) region.devices = [dev];
			items.push(region);
		} else items.push(dev);
	}
	if (items.length === 0) return {
		exitCode: 0,
		stdout: "",
		stderr: ""
	};
	return {
		exitCode: 0,
		stdout: (items.length > 1 || !f.human ? toJsonC(items) : toJsonC(items[0])) + "\n",
		stderr: ""
	};
}
function findTargets(state, args) {
	const known = daxctlDevices(state);
	const out = [];
	for (const a of args) {
		if (a === "all") {
			out.push(...known.map((d) => d.device));
			continue;
		}
		const d = known.find((k) => k.device.name === a);
		if (!d) return null;
		out.push(d.device);
	}
	return out;
}
/** Onlines a device's offline blocks; returns how many it onlined and what it printed. */
function onlineDevice(state, dev, movable) {
	const blocks = blocksOf(state, dev.name);
	let onlined = 0;
	for (const b of blocks) {
		if (b.state === "online") continue;
		try {
			setBlockState(state, b, movable ? "online_movable" : "online");
			onlined++;
		} catch (e) {
			if (e instanceof KernelError) return {
				onlined,
				stderr: `${dev.name}: failed to online memory${b.index}: ${e.errno.text}\n`,
				error: e.errno
			};
			throw e;
		}
	}
	if (onlined === 0) return {
		onlined,
		stderr: `${RACE_WARNING(dev.name)}${dev.name}: all memory sections (${blocks.length}) already online\n`,
		error: null
	};
	const wrongZone = blocks.some((b) => b.state === "online" && b.zone === "Movable" !== movable);
	return {
		onlined,
		stderr: wrongZone ? RACE_WARNING(dev.name) : "",
		error: null
	};
}
/** Offlines a device's online blocks, stopping at the first that refuses. */
function offlineDevice(state, dev) {
	const blocks = blocksOf(state, dev.name);
	let offlined = 0;
	for (const b of blocks) {
		if (b.state === "offline") continue;
		try {
			setBlockState(state, b, "offline");
			offlined++;
		} catch (e) {
			if (e instanceof KernelError) return {
				offlined,
				stderr: `${dev.name}: failed to offline memory${b.index}: ${e.errno.text}\n`,
				error: e.errno
			};
			throw e;
		}
	}
	if (offlined === 0) return {
		offlined,
		stderr: `${dev.name}: all memory sections (${blocks.length}) already offline\n`,
		error: null
	};
	return {
		offlined,
		stderr: "",
		error: null
	};
}
function reconfigure(state, argv) {
	let o;
	try {
		o = parseOptions(argv, RECONFIG_OPTIONS);
	} catch (e) {
		return {
			exitCode: 129,
			stdout: "",
			stderr: `  Error: ${e.message}\n`
		};
	}
	const has = (k) => (o.flags.get(k) ?? 0) > 0;
	const fail = (e, prefix = "") => ({
		exitCode: exitFor$1(e),
		stdout: "",
		stderr: `${prefix}error reconfiguring devices: ${e.text}\nreconfigured 0 devices\n`
	});
	const targets = findTargets(state, o.args);
	if (!targets || targets.length === 0) return fail(Errno.ENXIO);
	const mode = o.values.get("mode");
	const out = [];
	let stderr = "";
	let done = 0;
	for (const dev of targets) {
		if (mode !== "system-ram" && mode !== "devdax") return fail(Errno.EINVAL, `${dev.name}: unknown mode requested: 0\n`);
		if (mode === "system-ram") {
			if (dev.mode === "system-ram") stderr += `${dev.name} was already in system-ram mode\n`;
			else {
				const total = blocksOf(state, dev.name).length;
				if (dev.targetNode < 0) return fail(Errno.EINVAL, `${dev.name}: error: invalid target node ${dev.targetNode}\n`);
				dev.mode = "system-ram";
				if (hotAdd(state, dev).length === 0 && total === 0) {
					dev.mode = "devdax";
					return fail(Errno.EINVAL);
				}
			}
			if (!has("no-online")) {
				const r = onlineDevice(state, dev, !has("no-movable"));
				stderr += r.stderr;
				if (r.error) return {
					exitCode: exitFor$1(r.error),
					stdout: "",
					stderr: `${stderr}error reconfiguring devices: ${r.error.text}\nreconfigured ${devices(done)}\n`
				};
			}
		} else if (dev.mode === "devdax") stderr += `${dev.name} was already in devdax mode\n`;
		else {
			if (blocksOf(state, dev.name).some((b) => b.state === "online")) {
				if (!has("force")) return fail(Errno.EBUSY, stderr);
				const r = offlineDevice(state, dev);
				if (r.error) return {
					exitCode: exitFor$1(r.error),
					stdout: "",
					stderr: `${stderr}${r.stderr}error reconfiguring devices: ${r.error.text}\nreconfigured ${devices(done)}\n`
				};
			}
			hotRemove(state, dev);
			dev.mode = "devdax";
		}
		out.push(daxDeviceJson(state, dev, {
			human: has("human"),
			mappings: false
		}));
		done++;
	}
	return {
		exitCode: 0,
		stdout: toJsonC(out) + "\n",
		stderr: `${stderr}reconfigured ${devices(done)}\n`
	};
}
function memory(state, argv, action) {
	let o;
	try {
		o = parseOptions(argv, MEMORY_OPTIONS);
	} catch (e) {
		return {
			exitCode: 129,
			stdout: "",
			stderr: `  Error: ${e.message}\n`
		};
	}
	const verb = action === "online" ? "onlining" : "offlining";
	const past = action === "online" ? "onlined" : "offlined";
	const targets = findTargets(state, o.args);
	if (!targets || targets.length === 0) return {
		exitCode: exitFor$1(Errno.ENXIO),
		stdout: "",
		stderr: `error ${verb} memory: ${Errno.ENXIO.text}\n${past} memory for 0 devices\n`
	};
	let stderr = "";
	let done = 0;
	for (const dev of targets) {
		if (dev.mode !== "system-ram") {
			stderr += `${dev.name}: memory operations are not supported in devdax mode\n`;
			return {
				exitCode: exitFor$1(Errno.EOPNOTSUPP),
				stdout: "",
				stderr: `${stderr}error ${verb} memory: ${Errno.EOPNOTSUPP.text}\n${past} memory for ${devices(done)}\n`
			};
		}
		const r = action === "online" ? onlineDevice(state, dev, !(o.flags.get("no-movable") ?? 0)) : offlineDevice(state, dev);
		stderr += r.stderr;
		if (r.error) return {
			exitCode: exitFor$1(r.error),
			stdout: "",
			stderr: `${stderr}error ${verb} memory: ${r.error.text}\n${past} memory for ${devices(done)}\n`
		};
		if (("onlined" in r ? r.onlined : r.offlined) > 0) done++;
	}
	return {
		exitCode: done > 0 ? 0 : 1,
		stdout: "",
		stderr: `${stderr}${past} memory for ${devices(done)}\n`
	};
}
/** Runs a daxctl command line (argv without "daxctl"). */
function daxctl(state, argv) {
	const [cmd, ...rest] = argv;
	try {
		switch (cmd) {
			case "version":
			case "--version": return {
				exitCode: 0,
				stdout: `${state.tools.daxctl}\n`,
				stderr: ""
			};
			case "list": return list$1(state, rest);
			case "reconfigure-device": return reconfigure(state, rest);
			case "online-memory": return memory(state, rest, "online");
			case "offline-memory": return memory(state, rest, "offline");
			default: return {
				exitCode: 1,
				stdout: "",
				stderr: `daxctl: '${cmd ?? ""}' is not a daxctl command. See 'daxctl --help'.\n`
			};
		}
	} catch (e) {
		if (e instanceof KernelError) return {
			exitCode: exitFor$1(e.errno),
			stdout: "",
			stderr: `${e.message}\n`
		};
		if (e instanceof OptionError) return {
			exitCode: 129,
			stdout: "",
			stderr: `  Error: ${e.message}\n`
		};
		throw e;
	}
}
// electron/host/sim/ndctl.ts
var exitFor = (e) => 256 - e.code;
var plural = (n, word, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;
var LIST_OPTIONS = [
	{
		short: "b",
		long: "bus",
		value: true,
		argName: "bus-id",
		help: "filter by bus"
	},
	{
		short: "r",
		long: "region",
		value: true,
		argName: "region-id",
		help: "filter by region"
	},
	{
		short: "d",
		long: "dimm",
		value: true,
		argName: "dimm-id",
		help: "filter by dimm"
	},
	{
		short: "n",
		long: "namespace",
		value: true,
		argName: "namespace-id",
		help: "filter by namespace id"
	},
	{
		short: "m",
		long: "mode",
		value: true,
		argName: "namespace-mode",
		help: "filter by namespace mode"
	},
	{
		short: "t",
		long: "type",
		value: true,
		argName: "region-type",
		help: "filter by region-type"
	},
	{
		short: "U",
		long: "numa-node",
		value: true,
		argName: "numa node",
		help: "filter by numa node"
	},
	{
		short: "B",
		long: "buses",
		help: "include bus info"
	},
	{
		short: "D",
		long: "dimms",
		help: "include dimm info"
	},
	{
		short: "F",
		long: "firmware",
		help: "include firmware info"
	},
	{
		short: "H",
		long: "health",
		help: "include dimm health"
	},
	{
		short: "R",
		long: "regions",
		help: "include region info"
	},
	{
		short: "N",
		long: "namespaces",
		help: "include namespace info (default)"
	},
	{
		short: "X",
		long: "device-dax",
		help: "include device-dax info"
	},
	{
		short: "C",
		long: "capabilities",
		help: "include region capability info"
	},
	{
		short: "i",
		long: "idle",
		help: "include idle devices"
	},
	{
		short: "c",
		long: "configured",
		help: "include configured namespaces, disabled or not"
	},
	{
		short: "M",
		long: "media-errors",
		help: "include media errors"
	},
	{
		short: "u",
		long: "human",
		help: "use human friendly number formats "
	},
	{
		short: "v",
		long: "verbose",
		help: "increase output detail"
	}
];
var CREATE_OPTIONS = [
	{
		short: "b",
		long: "bus",
		value: true,
		argName: "bus-id",
		help: "limit namespace to a bus with an id or provider of <bus-id>"
	},
	{
		short: "r",
		long: "region",
		value: true,
		argName: "region-id",
		help: "limit namespace to a region with an id or name of <region-id>"
	},
	{
		short: "v",
		long: "verbose",
		help: "emit extra debug messages to stderr"
	},
	{
		short: "e",
		long: "reconfig",
		value: true,
		argName: "reconfig namespace",
		help: "reconfigure existing namespace"
	},
	{
		short: "u",
		long: "uuid",
		value: true,
		argName: "uuid",
		help: "specify the uuid for the namespace (default: autogenerate)"
	},
	{
		short: "n",
		long: "name",
		value: true,
		argName: "name",
		help: "specify an optional free form name for the namespace"
	},
	{
		short: "s",
		long: "size",
		value: true,
		argName: "size",
		help: "specify the namespace size in bytes (default: available capacity)"
	},
	{
		short: "m",
		long: "mode",
		value: true,
		argName: "operation-mode",
		help: "specify a mode for the namespace, 'sector', 'fsdax', 'devdax' or 'raw'"
	},
	{
		short: "M",
		long: "map",
		value: true,
		argName: "memmap-location",
		help: "specify 'mem' or 'dev' for the location of the memmap"
	},
	{
		short: "l",
		long: "sector-size",
		value: true,
		argName: "lba-size",
		help: "specify the logical sector size in bytes"
	},
	{
		short: "t",
		long: "type",
		value: true,
		argName: "type",
		help: "specify the type of namespace to create 'pmem' or 'blk'"
	},
	{
		short: "a",
		long: "align",
		value: true,
		argName: "align",
		help: "specify the namespace alignment in bytes (default: 2M)"
	},
	{
		short: "f",
		long: "force",
		help: "reconfigure namespace even if currently active"
	},
	{
		short: "L",
		long: "autolabel",
		help: "automatically initialize labels"
	},
	{
		short: "c",
		long: "continue",
		help: "continue creating namespaces as long as the filter criteria are met"
	},
	{
		short: "R",
		long: "autorecover",
		help: "automatically cleanup on failure"
	}
];
var XABLE_NAMESPACE_OPTIONS = [
	{
		short: "b",
		long: "bus",
		value: true,
		argName: "bus-id",
		help: "limit namespace to a bus with an id or provider of <bus-id>"
	},
	{
		short: "r",
		long: "region",
		value: true,
		argName: "region-id",
		help: "limit namespace to a region with an id or name of <region-id>"
	},
	{
		short: "v",
		long: "verbose",
		help: "emit extra debug messages to stderr"
	},
	{
		short: "f",
		long: "force",
		help: "destroy namespace even if currently active"
	}
];
var REGION_OPTIONS = [
	{
		short: "b",
		long: "bus",
		value: true,
		argName: "bus-id",
		help: "limit region to a bus with an id or provider of <bus-id>"
	},
	{
		short: "t",
		long: "type",
		value: true,
		argName: "region-type",
		help: "region-type filter"
	},
	{
		short: "v",
		long: "verbose",
		help: "emit extra debug messages to stderr"
	}
];
var LABEL_OPTIONS = [
	{
		short: "b",
		long: "bus",
		value: true,
		argName: "bus-id",
		help: "limit nmem to a bus with an id or provider of <bus-id>"
	},
	{
		short: "v",
		long: "verbose",
		help: "turn on debug"
	},
	{
		short: "f",
		long: "force",
		help: "force initialization even if existing index-block present"
	},
	{
		short: "V",
		long: "label-version",
		value: true,
		argName: "version-number",
		help: "specify a label version to initialize"
	}
];
function usageError(message, usage, specs) {
	return {
		exitCode: 129,
		stdout: "",
		stderr: `  Error: ${message}\n\n${usageText(usage, specs)}`
	};
}
/** Regions in the order libndctl walks them (it prepends each it finds, so the newest comes first). */
function regionsInOrder(state) {
	return [...allRegions(state)].sort((a, b) => b.id - a.id);
}
function namespacesInOrder(r) {
	return [...r.namespaces].sort((a, b) => b.id - a.id);
}
var regionMatches = (r, filter) => !filter || filter === "all" || filter === `region${r.id}` || filter === `${r.id}`;
/** Whether something holds the namespace so it cannot be disabled (kmem memory, a mount). */
function namespaceBusy(state, ns) {
	if (ns.mountpoint) return true;
	if (ns.claim?.kind === "dax" && ns.claim.device.mode === "system-ram" && blocksOf(state, ns.claim.device.name).length > 0) return true;
	return false;
}
function list(state, argv) {
	let o;
	try {
		o = parseOptions(argv, LIST_OPTIONS);
	} catch (e) {
		return usageError(e.message, "ndctl list [<options>]", LIST_OPTIONS);
	}
	const has = (k) => (o.flags.get(k) ?? 0) > 0;
	const verbose = o.flags.get("verbose") ?? 0;
	const want = {
		buses: has("buses"),
		dimms: has("dimms"),
		regions: has("regions"),
		namespaces: has("namespaces"),
		idle: has("idle"),
		health: has("health"),
		caps: has("capabilities"),
		media: has("media-errors")
	};
	if (verbose >= 3) Object.assign(want, {
		idle: true,
		health: true,
		caps: true
	});
	if (verbose >= 2) Object.assign(want, {
		dimms: true,
		buses: true,
		regions: true,
		media: true
	});
	if (verbose >= 1) want.namespaces = true;
	const param = {
		bus: o.values.get("bus"),
		region: o.values.get("region"),
		dimm: o.values.get("dimm"),
		namespace: o.values.get("namespace"),
		mode: o.values.get("mode")
	};
	if (!want.buses && !want.dimms && !want.regions && !want.namespaces) {
		want.buses = !!param.bus;
		want.regions = !!param.region;
		want.dimms = !!param.dimm;
	}
	if (!want.buses && !want.dimms && !want.regions && !want.namespaces) want.namespaces = true;
	const f = {
		human: has("human"),
		verbose: verbose > 0,
		dax: has("device-dax"),
		mappings: false,
		capabilities: want.caps,
		health: want.health,
		dimms: want.dimms
	};
	const modeOf = (r, ns) => String(namespaceJson(state, r, ns, f).mode);
	let jbuses = null;
	let jdimms = null;
	let jregions = null;
	let jnamespaces = null;
	for (const bus of state.buses) {
		const busName = `ndbus${bus.id}`;
		if (param.bus && param.bus !== "all" && param.bus !== busName && param.bus !== bus.provider && param.bus !== `${bus.id}`) continue;
		let jbus = null;
		if (want.buses) {
			jbus = busJson(bus.provider, busName);
			(jbuses ??= []).push(jbus);
		}
		if (want.dimms) for (const d of [...bus.dimms].reverse()) {
			if (param.dimm && param.dimm !== "all" && param.dimm !== d.dev) continue;
			if (!want.idle && !d.enabled) continue;
			if (!jdimms) {
				jdimms = [];
				if (jbus) jbus.dimms = jdimms;
			}
			jdimms.push(dimmJson(d, f));
		}
		for (const r of regionsInOrder(state).filter((x) => bus.regions.includes(x))) {
			if (!regionMatches(r, param.region)) continue;
			if (param.dimm && param.dimm !== "all" && !r.mappings.some((m) => m.dimm === param.dimm)) continue;
			let container = null;
			if (want.regions) {
				if (!want.idle && !r.enabled) continue;
				container = regionJson(state, r, f);
				if (!jregions) {
					jregions = [];
					if (jbus) jbus.regions = jregions;
				}
				jregions.push(container);
			} else container = jbus;
			if (!want.namespaces || !r.enabled) continue;
			let regionNamespaces = null;
			for (const ns of namespacesInOrder(r)) {
				const active = ns.enabled && ns.size > 0 && r.enabled;
				if (!want.idle && !active) continue;
				if (param.namespace && param.namespace !== "all" && param.namespace !== namespaceName(r, ns)) continue;
				if (param.mode && param.mode !== modeOf(r, ns)) continue;
				const j = namespaceJson(state, r, ns, f);
				if (container) {
					if (!regionNamespaces) {
						regionNamespaces = container.namespaces ?? [];
						container.namespaces = regionNamespaces;
					}
					regionNamespaces.push(j);
					jnamespaces ??= [];
				} else (jnamespaces ??= []).push(j);
			}
		}
	}
	const display = (arr) => (arr.length > 1 || !f.human ? toJsonC(arr) : toJsonC(arr[0])) + "\n";
	let stdout = "";
	if (jbuses) stdout = display(jbuses);
	else if ((jdimms ? 1 : 0) + (jregions ? 1 : 0) + (jnamespaces ? 1 : 0) > 1) {
		const platform = {};
		if (jdimms) platform.dimms = jdimms;
		if (jregions) platform.regions = jregions;
		if (jnamespaces && !jregions) platform.namespaces = jnamespaces;
		stdout = toJsonC(platform) + "\n";
	} else if (jdimms) stdout = display(jdimms);
	else if (jregions) stdout = display(jregions);
	else if (jnamespaces) stdout = display(jnamespaces);
	return {
		exitCode: 0,
		stdout,
		stderr: ""
	};
}
function parseNdctlSize(text) {
	const m = /^(\d+)([kKmMgGtT]?)$/.exec(text.trim());
	if (!m) return null;
	const mult = {
		"": 1,
		k: 1024,
		m: 2 ** 20,
		g: 2 ** 30,
		t: 2 ** 40
	}[m[2].toLowerCase()];
	return Number(m[1]) * mult;
}
var MODE_ALIASES = {
	raw: "raw",
	sector: "sector",
	safe: "sector",
	fsdax: "fsdax",
	memory: "fsdax",
	devdax: "devdax",
	dax: "devdax"
};
function currentMode(state, r, ns) {
	if (ns.claim?.kind === "btt") return "sector";
	if (ns.claim?.kind === "pfn") return "fsdax";
	if (ns.claim?.kind === "dax") return "devdax";
	return r.pagemap && !isLabelled(state, r) ? "fsdax" : "raw";
}
function releaseClaim(r, ns) {
	ns.claim = null;
	refreshSeeds(r);
}
function createNamespace(state, argv) {
	const usage = "ndctl create-namespace [<options>]";
	let o;
	try {
		o = parseOptions(argv, CREATE_OPTIONS);
	} catch (e) {
		return usageError(e.message, usage, CREATE_OPTIONS);
	}
	const modeText = o.values.get("mode");
	let mode;
	if (modeText !== void 0) {
		mode = MODE_ALIASES[modeText];
		if (!mode) return usageError(`invalid mode '${modeText}'\n`, usage, CREATE_OPTIONS);
	}
	let align;
	const alignText = o.values.get("align");
	if (alignText !== void 0) {
		const a = parseNdctlSize(alignText);
		if (a === null || !isPowerOfTwo(a) || a < 4096) return usageError("align must be a power-of-2 greater than 4096\n", usage, CREATE_OPTIONS);
		align = a;
	}
	const sizeText = o.values.get("size");
	let size;
	if (sizeText !== void 0) {
		const s = parseNdctlSize(sizeText);
		if (s === null) return usageError(`invalid size '${sizeText}'\n`, usage, CREATE_OPTIONS);
		size = s;
	}
	const map = o.values.get("map");
	if (map !== void 0 && map !== "mem" && map !== "dev") return usageError(`invalid map location '${map}'\n`, usage, CREATE_OPTIONS);
	const sectorText = o.values.get("sector-size");
	const force = (o.flags.get("force") ?? 0) > 0;
	const reconfig = o.values.get("reconfig");
	const fail = (verb, errno, prefix = "") => ({
		exitCode: verb === "create" ? exitFor(Errno.ENODEV) : exitFor(errno),
		stdout: "",
		stderr: `${prefix}failed to ${verb} namespace: ${errno.text}\n`
	});
	const configure = (r, ns, m, alignValue) => {
		const labelled = isLabelled(state, r);
		if (labelled) {
			ns.uuid = o.values.get("uuid") ?? randomUUID();
			ns.name = o.values.get("name") ?? ns.name ?? "";
		}
		const sectorSize = sectorText ? Number(sectorText) : m === "sector" ? 4096 : 512;
		if (m === "sector" && ![
			512,
			520,
			528,
			4096,
			4104,
			4160,
			4224
		].includes(sectorSize)) return fail(reconfig ? "reconfigure" : "create", Errno.EINVAL);
		if ((m === "fsdax" || m === "devdax") && ![
			4096,
			2 ** 21,
			2 ** 30
		].includes(alignValue)) return fail(reconfig ? "reconfigure" : "create", Errno.EINVAL);
		ns.claim = m === "raw" ? null : makeClaim(state, r, ns, m, {
			align: alignValue,
			sectorSize,
			map: map ?? "dev",
			uuid: randomUUID()
		});
		ns.enabled = true;
		refreshSeeds(r);
		if (labelled) ensureNamespaceSeed(r);
		return {
			exitCode: 0,
			stdout: toJsonC(namespaceJson(state, r, ns, {
				human: false,
				verbose: false,
				dax: true,
				mappings: false,
				capabilities: false,
				health: false,
				dimms: false
			})) + "\n",
			stderr: ""
		};
	};
	const defaultAlign = (r, ns, m) => {
		if (align !== void 0) return align;
		if (ns && ns.size > 0 && currentMode(state, r, ns) === m) {
			if (ns.claim?.kind === "pfn" || ns.claim?.kind === "dax") return ns.claim.align;
			return 4096;
		}
		return 2 ** 21;
	};
	if (reconfig) {
		const found = findNamespace(state, reconfig);
		if (!found || !found.region.enabled) return fail("reconfigure", Errno.ENXIO);
		const { region: r, namespace: ns } = found;
		if (ns.enabled && ns.size > 0 && !force) return fail("reconfigure", Errno.EBUSY, `  Error: ${reconfig} is active, specify --force for re-configuration\n\n`);
		if (namespaceBusy(state, ns)) return fail("reconfigure", Errno.EBUSY);
		const m = mode ?? currentMode(state, r, ns);
		const a = defaultAlign(r, ns, m);
		releaseClaim(r, ns);
		if (isLabelled(state, r) && size !== void 0 && size !== ns.size) {
			const oldSize = ns.size;
			ns.size = 0;
			const extent = freeExtents(r).find(([, l]) => l >= size);
			if (!extent || size % r.align !== 0 || size === 0) {
				ns.size = oldSize;
				return fail("reconfigure", Errno.ENOSPC);
			}
			ns.offset = extent[0];
			ns.size = size;
		} else if (!isLabelled(state, r) && size !== void 0) return {
			exitCode: exitFor(Errno.EINVAL),
			stdout: "",
			stderr: "  Error: Legacy / label-less namespaces do not support sub-dividing a region\n\n  Error: Retry without -s/--size=\n\nfailed to reconfigure namespace: Invalid argument\n"
		};
		return configure(r, ns, m, a);
	}
	const m = mode ?? "fsdax";
	const regionFilter = o.values.get("region");
	const candidates = regionsInOrder(state).filter((r) => regionMatches(r, regionFilter));
	if (regionFilter && candidates.length === 0) return fail("create", Errno.ENXIO);
	let lastError = fail("create", Errno.ENOSPC);
	for (const r of candidates) {
		if (!r.enabled) {
			lastError = fail("create", Errno.ENOSPC);
			continue;
		}
		if (!isLabelled(state, r)) {
			if (size !== void 0) {
				lastError = {
					exitCode: exitFor(Errno.ENODEV),
					stdout: "",
					stderr: "  Error: Legacy / label-less namespaces do not support sub-dividing a region\n\n  Error: Retry without -s/--size=\n\nfailed to create namespace: Invalid argument\n"
				};
				continue;
			}
			const ns = r.namespaces.find((n) => n.id === 0);
			if (!ns || ns.enabled && ns.size > 0) {
				lastError = fail("create", Errno.ENOSPC);
				continue;
			}
			return configure(r, ns, m, defaultAlign(r, null, m));
		}
		const want = size ?? maxAvailableExtent(state, r);
		const extent = freeExtents(r).find(([, l]) => l >= want);
		if (!extent || want === 0 || want % r.align !== 0) {
			lastError = fail("create", Errno.ENOSPC);
			continue;
		}
		const ns = r.namespaces.find((n) => n.id === 0 && !(n.enabled && n.size > 0)) ?? r.namespaces.find((n) => n.id === r.seeds.namespace);
		if (!ns) {
			lastError = fail("create", Errno.ENXIO);
			continue;
		}
		ns.offset = extent[0];
		ns.size = want;
		return configure(r, ns, m, defaultAlign(r, null, m));
	}
	return lastError;
}
function namespaceTargets(state, args, regionFilter) {
	const out = [];
	for (const a of args) {
		if (a === "all") {
			for (const r of regionsInOrder(state)) {
				if (!regionMatches(r, regionFilter) || !r.enabled) continue;
				for (const ns of namespacesInOrder(r)) if (ns.size > 0) out.push({
					region: r,
					namespace: ns
				});
			}
			continue;
		}
		const found = findNamespace(state, a);
		if (!found || !regionMatches(found.region, regionFilter) || !found.region.enabled) return null;
		out.push(found);
	}
	return out;
}
function xableNamespace(state, argv, action) {
	const specs = action === "destroy" ? XABLE_NAMESPACE_OPTIONS : XABLE_NAMESPACE_OPTIONS.filter((s) => s.long !== "force");
	const usage = `ndctl ${action}-namespace <namespace> [<options>]`;
	let o;
	try {
		o = parseOptions(argv, specs);
	} catch (e) {
		return usageError(e.message, usage, specs);
	}
	const gerund = {
		destroy: "destroying",
		enable: "enabling",
		disable: "disabling"
	}[action];
	const past = {
		destroy: "destroyed",
		enable: "enabled",
		disable: "disabled"
	}[action];
	if (o.args.length === 0) return usageError("specify a namespace to " + action + ", or \"all\"\n", usage, specs);
	const targets = namespaceTargets(state, o.args, o.values.get("region"));
	if (!targets) return {
		exitCode: exitFor(Errno.ENXIO),
		stdout: "",
		stderr: `error ${gerund} namespaces: ${Errno.ENXIO.text}\n${past} 0 namespaces\n`
	};
	const force = (o.flags.get("force") ?? 0) > 0;
	let done = 0;
	let error = null;
	let prefix = "";
	for (const { region: r, namespace: ns } of targets) {
		const active = ns.enabled && ns.size > 0;
		if (action === "enable") {
			if (ns.size === 0) continue;
			ns.enabled = true;
			done++;
			continue;
		}
		if (action === "destroy" && active && !force) {
			prefix += `  Error: ${namespaceName(r, ns)} is active, specify --force for re-configuration\n\n`;
			error = Errno.EBUSY;
			continue;
		}
		if (active && namespaceBusy(state, ns)) {
			if (ns.mountpoint) prefix += `${namespaceName(r, ns)}: /dev/pmem${r.id}${ns.id ? "." + ns.id : ""} is mounted at ${ns.mountpoint}\n`;
			error = Errno.EBUSY;
			continue;
		}
		if (action === "disable") {
			ns.enabled = false;
			done++;
			continue;
		}
		releaseClaim(r, ns);
		if (isLabelled(state, r)) {
			ns.size = 0;
			ns.uuid = null;
			ns.name = "";
			ns.enabled = false;
		} else ns.enabled = false;
		done++;
	}
	const summary = `${past} ${plural(done, "namespace")}\n`;
	if (error) return {
		exitCode: exitFor(error),
		stdout: "",
		stderr: `${prefix}error ${gerund} namespaces: ${error.text}\n${summary}`
	};
	return {
		exitCode: 0,
		stdout: "",
		stderr: summary
	};
}
function xableRegion(state, argv, action) {
	const usage = `ndctl ${action}-region <region> [<options>]`;
	let o;
	try {
		o = parseOptions(argv, REGION_OPTIONS);
	} catch (e) {
		return usageError(e.message, usage, REGION_OPTIONS);
	}
	if (o.args.length === 0) return usageError(`specify a region to ${action}, or "all"\n`, usage, REGION_OPTIONS);
	const targets = regionsInOrder(state).filter((r) => o.args.some((a) => regionMatches(r, a)));
	if (targets.length === 0) return {
		exitCode: exitFor(Errno.ENXIO),
		stdout: "",
		stderr: `error ${action === "enable" ? "enabling" : "disabling"} regions: ${Errno.ENXIO.text}\n${action}d 0 regions\n`
	};
	let done = 0;
	let error = null;
	for (const r of targets) {
		if (action === "disable") {
			if (r.namespaces.some((ns) => ns.enabled && ns.size > 0 && namespaceBusy(state, ns))) {
				error = Errno.EBUSY;
				continue;
			}
			r.enabled = false;
			done++;
			continue;
		}
		if (!r.enabled) {
			r.enabled = true;
			if (isLabelled(state, r)) {
				r.namespaces = r.namespaces.filter((n) => n.size > 0);
				r.seeds.namespace = -1;
				ensureNamespaceSeed(r);
			}
			refreshSeeds(r);
		}
		done++;
	}
	const summary = `${action}d ${plural(done, "region")}\n`;
	if (error) return {
		exitCode: exitFor(error),
		stdout: "",
		stderr: `error ${action === "enable" ? "enabling" : "disabling"} regions: ${error.text}\n${summary}`
	};
	return {
		exitCode: 0,
		stdout: "",
		stderr: summary
	};
}
function initLabels(state, argv) {
	const usage = "ndctl init-labels <nmem0> [<nmem1>..<nmemN>] [<options>]";
	let o;
	try {
		o = parseOptions(argv, LABEL_OPTIONS);
	} catch (e) {
		return usageError(e.message, usage, LABEL_OPTIONS);
	}
	if (o.args.length === 0) return usageError("specify a dimm to init, or \"all\"\n", usage, LABEL_OPTIONS);
	const force = (o.flags.get("force") ?? 0) > 0;
	let done = 0;
	let prefix = "";
	let error = null;
	for (const bus of state.buses) for (const d of bus.dimms) {
		if (!o.args.includes("all") && !o.args.includes(d.dev)) continue;
		if (d.labelSize === 0) continue;
		const regions = bus.regions.filter((r) => r.mappings.some((m) => m.dimm === d.dev));
		if (regions.some((r) => r.enabled)) {
			prefix += `${d.dev}: regions active, abort label write\n`;
			error = Errno.EBUSY;
			continue;
		}
		if (d.labelsInitialized && !force) {
			prefix += `${d.dev}: error: labels already initialized, use --force to overwrite\n`;
			error = Errno.EBUSY;
			continue;
		}
		d.labelsInitialized = true;
		for (const r of regions) r.namespaces = [];
		done++;
	}
	const summary = `initialized ${done} nmem${done > 1 ? "s" : ""}\n`;
	return {
		exitCode: error && done === 0 ? exitFor(error) : 0,
		stdout: "",
		stderr: prefix + summary
	};
}
/** Runs an ndctl command line (argv without "ndctl"). */
function ndctl(state, argv) {
	const [cmd, ...rest] = argv;
	try {
		switch (cmd) {
			case "version":
			case "--version": return {
				exitCode: 0,
				stdout: `${state.tools.ndctl}\n`,
				stderr: ""
			};
			case "list": return list(state, rest);
			case "create-namespace": return createNamespace(state, rest);
			case "destroy-namespace": return xableNamespace(state, rest, "destroy");
			case "enable-namespace": return xableNamespace(state, rest, "enable");
			case "disable-namespace": return xableNamespace(state, rest, "disable");
			case "enable-region": return xableRegion(state, rest, "enable");
			case "disable-region": return xableRegion(state, rest, "disable");
			case "init-labels": return initLabels(state, rest);
			case void 0: return {
				exitCode: 1,
				stdout: "",
				stderr: "\n usage: ndctl [--version] [--help] COMMAND [ARGS]\n\n"
			};
			default: return {
				exitCode: 1,
				stdout: "",
				stderr: `ndctl: '${cmd}' is not a ndctl command. See 'ndctl --help'.\n`
			};
		}
	} catch (e) {
		if (e instanceof KernelError) return {
			exitCode: exitFor(e.errno),
			stdout: "",
			stderr: `${e.message}\n`
		};
		if (e instanceof OptionError) return {
			exitCode: 129,
			stdout: "",
			stderr: `  Error: ${e.message}\n`
		};
		throw e;
	}
}
// electron/host/sim/presets.ts
var KiB$1 = 1024;
var MiB = 1024 * KiB$1;
var GiB$1 = 1024 * MiB;
/** The names of the presets, in the order the console offers them. */
var PRESET_NAMES = [
	"seed-qemu",
	"qemu-nvdimm",
	"optane-2s",
	"cxl-expander",
	"large"
];
var KERNEL = {
	release: "6.1.0-56-amd64",
	version: "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)"
};
var NVDIMM_MODULES = [
	"libnvdimm",
	"nd_pmem",
	"nd_btt",
	"dax_pmem",
	"device_dax",
	"kmem"
];
function meminfo(totalKb, freeKb) {
	return [
		["MemTotal", totalKb],
		["MemFree", freeKb],
		["MemAvailable", Math.round(freeKb * .96)],
		["Buffers", 0],
		["Cached", 15920],
		["SwapCached", 0],
		["Active", 9360],
		["Inactive", 6672],
		["Active(anon)", 9360],
		["Inactive(anon)", 6672],
		["Active(file)", 0],
		["Inactive(file)", 0],
		["Unevictable", 0],
		["Mlocked", 0],
		["SwapTotal", 0],
		["SwapFree", 0],
		["Zswap", 0],
		["Zswapped", 0],
		["Dirty", 0],
		["Writeback", 0],
		["AnonPages", 120],
		["Mapped", 1808],
		["Shmem", 15920],
		["KReclaimable", 9532],
		["Slab", 17856],
		["SReclaimable", 9532],
		["SUnreclaim", 8324],
		["KernelStack", 896],
		["PageTables", 80],
		["SecPageTables", 0],
		["NFS_Unstable", 0],
		["Bounce", 0],
		["WritebackTmp", 0],
		["CommitLimit", Math.floor(totalKb / 2)],
		["Committed_AS", 16640],
		["VmallocTotal", 0xc7fffffffff],
		["VmallocUsed", 6180],
		["VmallocChunk", 0],
		["Percpu", 520],
		["HardwareCorrupted", 0],
		["AnonHugePages", 0],
		["ShmemHugePages", 0],
		["ShmemPmdMapped", 0],
		["FileHugePages", 0],
		["FilePmdMapped", 0],
		["HugePages_Total", 0],
		["HugePages_Free", 0],
		["HugePages_Rsvd", 0],
		["HugePages_Surp", 0],
		["Hugepagesize", 2048],
		["Hugetlb", 0],
		["DirectMap4k", 30580],
		["DirectMap2M", 1935360],
		["DirectMap1G", 2097152]
	];
}
function bootBlocks(ranges, blockSize) {
	const blocks = [];
	for (const [start, end, node] of ranges) for (let a = start; a < end; a += blockSize) {
		const index = a / blockSize;
		const zone = a === 0 ? "none" : a < 16 * MiB ? "DMA" : a < 4 * GiB$1 ? "DMA32" : "Normal";
		blocks.push({
			index,
			node,
			state: "online",
			zone,
			boot: true,
			unmovable: true,
			owner: null
		});
	}
	return blocks.sort((a, b) => a.index - b.index);
}
function node(id, cpulist, distances, tier, memKb, access) {
	return {
		id,
		cpulist,
		distances,
		access0: access,
		access1: access,
		tier,
		bootMemKb: memKb,
		bootFreeKb: Math.round(memKb * .97)
	};
}
function ioNamespace(size) {
	return {
		id: 0,
		uuid: null,
		name: "",
		size,
		offset: 0,
		enabled: true,
		claim: null,
		mountpoint: null
	};
}
/** The seed patch's machine: QEMU with memmap=512M!0x80000000 and 3 GiB RAM (fixtures/real/qemu-memmap-legacy.json). */
function seedQemu() {
	const blockSize = 128 * MiB;
	const n0 = node(0, "0-1", [10], 4, 2525144, null);
	n0.bootFreeKb = 2461404;
	const mi = meminfo(2525144, 2461404);
	return {
		version: 1,
		preset: "seed-qemu",
		description: "QEMU, 3 GiB RAM booted with memmap=512M!0x80000000: one 512 MiB legacy (e820) pmem region, label-less namespace0.0",
		kernel: {
			...KERNEL,
			cmdline: "console=ttyS0 panic=-1 loglevel=6 pmemvm.mode=scenario memmap=512M!0x80000000"
		},
		tools: {
			ndctl: "76.1",
			daxctl: "76.1"
		},
		modules: [...NVDIMM_MODULES, "nd_e820"],
		memory: {
			blockSize,
			autoOnline: "offline",
			onlinePolicy: "contig-zones",
			memmapOnMemory: false,
			blocks: bootBlocks([[
				0,
				2 * GiB$1,
				0
			], [
				2684354560,
				3221225472,
				0
			]], blockSize)
		},
		nodes: [n0],
		buses: [{
			id: 0,
			provider: "e820",
			parent: "/sys/devices/platform/e820_pmem",
			dimms: [],
			regions: [{
				id: 0,
				start: 2147483648,
				size: 512 * MiB,
				align: 16 * MiB,
				numaNode: 0,
				targetNode: 0,
				persistenceDomain: "unknown",
				enabled: true,
				pagemap: true,
				mappings: [],
				setCookie: "",
				labelCookie: "",
				badblocks: [],
				namespaces: [ioNamespace(512 * MiB)],
				seeds: {
					namespace: 0,
					btt: 0,
					pfn: 0,
					dax: 0
				}
			}]
		}],
		hmem: [],
		meminfoKb: mi,
		demotionEnabled: false,
		numaBalancing: 0,
		files: {},
		faults: []
	};
}
/** The machine of fixtures/real/qemu-1dimm-labels.json: one 4 GiB NVDIMM with a label area on CPU-less node 1. */
function qemuNvdimm() {
	const blockSize = 128 * MiB;
	const n0 = node(0, "0-1", [10, 28], 4, 1945640, {
		readLatency: 10,
		writeLatency: 10,
		readBandwidth: 10240,
		writeBandwidth: 10240,
		initiators: [0]
	});
	n0.bootFreeKb = 1887876;
	const n1 = node(1, "", [28, 10], 22, 0, {
		readLatency: 40,
		writeLatency: 40,
		readBandwidth: 4096,
		writeBandwidth: 4096,
		initiators: [0]
	});
	const regionSize = 4292870144;
	const dimm = {
		dev: "nmem0",
		id: "8680-56341200",
		handle: 1,
		physId: 0,
		serial: "0x56341200",
		vendor: "0x8680",
		device: "0x0100",
		labelSize: 128 * KiB$1,
		labelsInitialized: false,
		enabled: true,
		security: null,
		health: null
	};
	return {
		version: 1,
		preset: "qemu-nvdimm",
		description: "QEMU, 2 GiB DRAM on node 0 (2 CPUs), one 4 GiB NVDIMM with a 128 KiB label area on CPU-less node 1, HMAT",
		kernel: {
			...KERNEL,
			cmdline: "console=ttyS0 panic=-1 loglevel=6 pmemvm.mode=scenario "
		},
		tools: {
			ndctl: "76.1",
			daxctl: "76.1"
		},
		modules: [
			...NVDIMM_MODULES,
			"nfit",
			"dax_hmem"
		],
		memory: {
			blockSize,
			autoOnline: "offline",
			onlinePolicy: "contig-zones",
			memmapOnMemory: false,
			blocks: bootBlocks([[
				0,
				2 * GiB$1,
				0
			]], blockSize)
		},
		nodes: [n0, n1],
		buses: [{
			id: 0,
			provider: "ACPI.NFIT",
			parent: "/sys/devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0012:00",
			dimms: [dimm],
			regions: [{
				id: 0,
				start: 4 * GiB$1,
				size: regionSize,
				align: 16 * MiB,
				numaNode: 0,
				targetNode: 1,
				persistenceDomain: "unknown",
				enabled: true,
				pagemap: false,
				mappings: [{
					dimm: "nmem0",
					offset: 0,
					length: regionSize,
					position: 0
				}],
				setCookie: "0xba90120012b4dc",
				labelCookie: "0x2468ac00123456",
				badblocks: [],
				namespaces: [ioNamespace(regionSize)],
				seeds: {
					namespace: 0,
					btt: 0,
					pfn: 0,
					dax: 0
				}
			}]
		}],
		hmem: [],
		meminfoKb: meminfo(1945640, 1887876),
		demotionEnabled: false,
		numaBalancing: 0,
		files: {},
		faults: []
	};
}
function optaneDimm(socket, slot) {
	const handle = socket << 12 | slot >> 1 << 4 | slot & 1 | slot % 3 << 8;
	const serial = (10752 + socket * 16 + slot).toString(16).padStart(8, "0");
	return {
		dev: `nmem${socket * 6 + slot}`,
		id: `8089-a2-1837-${serial}`,
		handle,
		physId: 32 + socket * 12 + slot * 2,
		serial: `0x${serial}`,
		vendor: "0x8089",
		device: "0x097a",
		labelSize: 128 * KiB$1,
		labelsInitialized: true,
		enabled: true,
		security: "disabled",
		health: {
			state: "ok",
			temperature: 30 + slot,
			spares: 100,
			lifeUsed: 1 + socket + slot,
			shutdownState: "clean"
		}
	};
}
function labelledRegion(id, start, size, numaNode, targetNode, dimms, perDimm) {
	const r = {
		id,
		start,
		size,
		align: 16 * MiB,
		numaNode,
		targetNode,
		persistenceDomain: "memory_controller",
		enabled: true,
		pagemap: false,
		mappings: dimms.map((d, i) => ({
			dimm: d.dev,
			offset: 0,
			length: perDimm,
			position: i
		})),
		setCookie: `0x${(0x6f2c3a1e5b00 + id).toString(16)}`,
		labelCookie: `0x${(50932824121796 + id * 257).toString(16)}`,
		badblocks: [],
		namespaces: [],
		seeds: {
			namespace: 0,
			btt: 0,
			pfn: 0,
			dax: 0
		}
	};
	ensureNamespaceSeed(r);
	return r;
}
/** Carves a namespace out of a labelled region's free space and gives it a mode (as create-namespace would). */
function addNamespace(s, r, size, mode, uuid, claimUuid, name = "") {
	const used = r.namespaces.filter((n) => n.size > 0).reduce((m, n) => Math.max(m, n.offset + n.size), 0);
	const ns = r.namespaces.find((n) => n.id === r.seeds.namespace);
	Object.assign(ns, {
		size,
		offset: used,
		uuid,
		name,
		enabled: true
	});
	if (mode !== "raw") ns.claim = makeClaim(s, r, ns, mode, {
		align: 2 * MiB,
		sectorSize: 512,
		map: "dev",
		uuid: claimUuid
	});
	refreshSeeds(r);
	ensureNamespaceSeed(r);
	return ns;
}
/** A two-socket Optane server: 6 DIMMs per socket in one region each, PMem on CPU-less nodes 2 and 3. */
function optane2s() {
	const blockSize = 2 * GiB$1;
	const dram = 192 * GiB$1;
	const pmemPerDimm = 128 * GiB$1;
	const dramAccess = (n) => ({
		readLatency: 80,
		writeLatency: 80,
		readBandwidth: 107e3,
		writeBandwidth: 93e3,
		initiators: [n]
	});
	const pmemAccess = (n) => ({
		readLatency: 305,
		writeLatency: 90,
		readBandwidth: 39e3,
		writeBandwidth: 13e3,
		initiators: [n]
	});
	const nodes = [
		node(0, "0-23,48-71", [
			10,
			21,
			17,
			28
		], 4, dram / KiB$1 - 1843200, dramAccess(0)),
		node(1, "24-47,72-95", [
			21,
			10,
			28,
			17
		], 4, dram / KiB$1 - 524288, dramAccess(1)),
		node(2, "", [
			17,
			28,
			10,
			28
		], 22, 0, pmemAccess(0)),
		node(3, "", [
			28,
			17,
			28,
			10
		], 22, 0, pmemAccess(1))
	];
	const dimms0 = [
		0,
		1,
		2,
		3,
		4,
		5
	].map((i) => optaneDimm(0, i));
	const dimms1 = [
		0,
		1,
		2,
		3,
		4,
		5
	].map((i) => optaneDimm(1, i));
	const r0 = labelledRegion(0, 481036337152, 6 * pmemPerDimm, 0, 2, dimms0, pmemPerDimm);
	const r1 = labelledRegion(1, 1305670057984, 6 * pmemPerDimm, 1, 3, dimms1, pmemPerDimm);
	const total = nodes.reduce((s, n) => s + n.bootMemKb, 0);
	const s = {
		version: 1,
		preset: "optane-2s",
		description: "Two-socket Optane PMem server: 2 x 192 GiB DRAM, 2 x 6 x 128 GiB PMem interleaved per socket on CPU-less nodes 2 and 3, HMAT, memory tiers",
		kernel: {
			...KERNEL,
			cmdline: "BOOT_IMAGE=/boot/vmlinuz-6.1.0-56-amd64 root=/dev/mapper/vg0-root ro quiet"
		},
		tools: {
			ndctl: "76.1",
			daxctl: "76.1"
		},
		modules: [
			...NVDIMM_MODULES,
			"nfit",
			"dax_hmem"
		],
		memory: {
			blockSize,
			autoOnline: "offline",
			onlinePolicy: "contig-zones",
			memmapOnMemory: false,
			blocks: bootBlocks([[
				0,
				dram,
				0
			], [
				dram,
				2 * dram,
				1
			]], blockSize)
		},
		nodes,
		buses: [{
			id: 0,
			provider: "ACPI.NFIT",
			parent: "/sys/devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0012:00",
			dimms: [...dimms0, ...dimms1],
			regions: [r0, r1]
		}],
		hmem: [],
		meminfoKb: meminfo(total, Math.round(total * .93)),
		demotionEnabled: false,
		numaBalancing: 1,
		files: {},
		faults: []
	};
	addNamespace(s, r0, 256 * GiB$1, "devdax", "b9c1a8e2-5f0d-4c4b-9d47-3f6a1e2c7d10", "5e0f2b1c-8a7d-4e3f-b6a9-0c1d2e3f4a5b", "kmem-pool");
	const fs = addNamespace(s, r1, 6 * pmemPerDimm, "fsdax", "0f4b6c2d-1e3a-4d5b-8c7e-9a0b1c2d3e4f", "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d", "pmem-db");
	fs.mountpoint = "/mnt/pmem1";
	return s;
}
/** A CXL Type-3 memory expander: its RAM is a dax device already in system-ram mode, offline, on CPU-less node 1. */
function cxlExpander() {
	const blockSize = 2 * GiB$1;
	const dram = 64 * GiB$1;
	const nodes = [node(0, "0-15", [10, 20], 4, dram / KiB$1 - 786432, {
		readLatency: 90,
		writeLatency: 90,
		readBandwidth: 76800,
		writeBandwidth: 76800,
		initiators: [0]
	}), node(1, "", [20, 10], 22, 0, {
		readLatency: 250,
		writeLatency: 250,
		readBandwidth: 3e4,
		writeBandwidth: 3e4,
		initiators: [0]
	})];
	const cxlStart = 70866960384;
	const cxlSize = 128 * GiB$1;
	const s = {
		version: 1,
		preset: "cxl-expander",
		description: "One socket, 64 GiB DRAM, and a 128 GiB CXL Type-3 memory expander whose RAM is dax0.0 in system-ram mode, offline, on CPU-less node 1",
		kernel: {
			...KERNEL,
			cmdline: "BOOT_IMAGE=/boot/vmlinuz-6.1.0-56-amd64 root=/dev/nvme0n1p2 ro quiet"
		},
		tools: {
			ndctl: "76.1",
			daxctl: "76.1"
		},
		modules: [
			"device_dax",
			"kmem",
			"dax_hmem",
			"cxl_acpi",
			"cxl_pci",
			"cxl_mem",
			"cxl_port"
		],
		memory: {
			blockSize,
			autoOnline: "offline",
			onlinePolicy: "contig-zones",
			memmapOnMemory: false,
			blocks: bootBlocks([[
				0,
				dram,
				0
			]], blockSize)
		},
		nodes,
		buses: [],
		hmem: [{
			id: 0,
			path: "/sys/devices/platform/ACPI0017:00/root0/decoder0.0/region0/dax_region0",
			align: 2 * MiB,
			device: {
				name: "dax0.0",
				start: cxlStart,
				size: cxlSize,
				align: 2 * MiB,
				targetNode: 1,
				numaNode: 0,
				mode: "system-ram",
				enabled: true
			}
		}],
		meminfoKb: [],
		demotionEnabled: false,
		numaBalancing: 0,
		files: {},
		faults: []
	};
	const total = nodes.reduce((sum, n) => sum + n.bootMemKb, 0);
	s.meminfoKb = meminfo(total, Math.round(total * .95));
	hotAdd(s, s.hmem[0].device);
	return s;
}
/** A stress machine: 8 sockets, 16 NUMA nodes, 48 DIMMs in 16 regions, 65,536 memory blocks (half of them kmem). */
function large() {
	const blockSize = 128 * MiB;
	const sockets = 8;
	const dramBlocksPerNode = 4162;
	const regionSize = 256 * GiB$1;
	const nodes = [];
	for (let i = 0; i < 16; i++) {
		const cpuNode = i < sockets;
		const socket = cpuNode ? i : i - sockets;
		const distances = Array.from({ length: 16 }, (_, j) => {
			const sj = j < sockets ? j : j - sockets;
			if (i === j) return 10;
			if (socket === sj) return 17;
			return cpuNode && j < sockets ? 21 : 28;
		});
		const cpus = cpuNode ? `${socket * 32}-${socket * 32 + 31}` : "";
		const access = cpuNode ? {
			readLatency: 85,
			writeLatency: 85,
			readBandwidth: 11e4,
			writeBandwidth: 95e3,
			initiators: [socket]
		} : {
			readLatency: 310,
			writeLatency: 95,
			readBandwidth: 38e3,
			writeBandwidth: 12500,
			initiators: [socket]
		};
		nodes.push(node(i, cpus, distances, cpuNode ? 4 : 22, cpuNode ? dramBlocksPerNode * blockSize / KiB$1 : 0, access));
	}
	const dramRanges = [];
	for (let n = 0; n < sockets; n++) dramRanges.push([
		n * dramBlocksPerNode * blockSize,
		(n + 1) * dramBlocksPerNode * blockSize,
		n
	]);
	const dimms = [];
	const regions = [];
	const pmemBase = alignUpTo(sockets * dramBlocksPerNode * blockSize, 1024 * GiB$1);
	for (let r = 0; r < 16; r++) {
		const socket = Math.floor(r / 2);
		const rd = [
			0,
			1,
			2
		].map((k) => optaneDimm(socket, r % 2 * 3 + k));
		dimms.push(...rd);
		regions.push(labelledRegion(r, pmemBase + r * regionSize, regionSize, socket, sockets + socket, rd, Math.floor(regionSize / 3)));
	}
	const total = nodes.reduce((s, n) => s + n.bootMemKb, 0);
	const s = {
		version: 1,
		preset: "large",
		description: "Stress machine: 8 sockets, 16 NUMA nodes, 48 DIMMs in 16 regions all given to the kernel as system RAM, 65,536 memory blocks",
		kernel: {
			...KERNEL,
			cmdline: "BOOT_IMAGE=/boot/vmlinuz-6.1.0-56-amd64 root=/dev/sda2 ro"
		},
		tools: {
			ndctl: "76.1",
			daxctl: "76.1"
		},
		modules: [...NVDIMM_MODULES, "nfit"],
		memory: {
			blockSize,
			autoOnline: "offline",
			onlinePolicy: "contig-zones",
			memmapOnMemory: false,
			blocks: bootBlocks(dramRanges, blockSize)
		},
		nodes,
		buses: [{
			id: 0,
			provider: "ACPI.NFIT",
			parent: "/sys/devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0012:00",
			dimms,
			regions
		}],
		hmem: [],
		meminfoKb: meminfo(total, Math.round(total * .9)),
		demotionEnabled: true,
		numaBalancing: 2,
		files: {},
		faults: []
	};
	for (const r of regions) {
		const hex = r.id.toString(16).padStart(2, "0");
		const ns = addNamespace(s, r, regionSize, "devdax", `5a5a00${hex}-0000-4000-8000-0000000000${hex}`, `a5a500${hex}-0000-4000-8000-0000000000${hex}`);
		if (ns.claim?.kind !== "dax") continue;
		ns.claim.device.mode = "system-ram";
		for (const b of hotAdd(s, ns.claim.device)) {
			b.state = "online";
			b.zone = "Movable";
		}
	}
	return s;
}
function alignUpTo(v, a) {
	return Math.ceil(v / a) * a;
}
var BUILDERS = {
	"seed-qemu": seedQemu,
	"qemu-nvdimm": qemuNvdimm,
	"optane-2s": optane2s,
	"cxl-expander": cxlExpander,
	large
};
/** Whether a string names a preset. */
function isPresetName(name) {
	return PRESET_NAMES.includes(name);
}
/** Builds a fresh machine from a preset. */
function buildPreset(name) {
	return BUILDERS[name]();
}
// electron/host/sim/vfs.ts
/** A tree of rendered paths; directories are created implicitly. */
var Vfs = class {
	nodes = /* @__PURE__ */ new Map([["/", {
		type: "dir",
		children: /* @__PURE__ */ new Set()
	}]]);
	/** Adds a file with its content (sysfs attributes end in a newline; callers give it). */
	file(path, content, error) {
		this.parent(path);
		this.nodes.set(path, error ? {
			type: "file",
			content,
			error
		} : {
			type: "file",
			content
		});
	}
	/** Adds a symlink whose target is given as an absolute path; it is stored relative, as sysfs does. */
	link(path, absoluteTarget) {
		this.parent(path);
		this.nodes.set(path, {
			type: "link",
			target: posix.relative(posix.dirname(path), absoluteTarget)
		});
	}
	/** Adds an (empty) directory. */
	dir(path) {
		if (this.nodes.get(path)?.type === "dir") return;
		this.parent(path);
		this.nodes.set(path, {
			type: "dir",
			children: /* @__PURE__ */ new Set()
		});
	}
	parent(path) {
		const dir = posix.dirname(path);
		this.dir(dir);
		const d = this.nodes.get(dir);
		if (d?.type === "dir") d.children.add(posix.basename(path));
	}
};
/** Resolves symlinks in every component of a path, like the kernel's path walk ("link/.." leaves the link's target). */
function resolvePath(vfs, path, depth = 0) {
	if (depth > 16) return path;
	const parts = path.split("/").filter((p) => p && p !== ".");
	let cur = "/";
	for (let i = 0; i < parts.length; i++) {
		const part = parts[i];
		if (part === "..") {
			cur = posix.dirname(cur);
			continue;
		}
		const next = posix.join(cur, part);
		const node = vfs.nodes.get(next);
		if (node?.type === "link") return resolvePath(vfs, [posix.resolve(cur, node.target), ...parts.slice(i + 1)].join("/"), depth + 1);
		cur = next;
	}
	return cur;
}
// electron/host/sim/render.ts
var hex = (n) => `0x${n.toString(16)}`;
/** Formats a node list the way the kernel does ("0-1,4"). */
function formatNodeList(ids) {
	const sorted = [...new Set(ids)].sort((a, b) => a - b);
	const parts = [];
	for (let i = 0; i < sorted.length; i++) {
		const start = sorted[i];
		let end = start;
		while (sorted[i + 1] === end + 1) end = sorted[++i];
		parts.push(start === end ? `${start}` : `${start}-${end}`);
	}
	return parts.join(",");
}
/** Expands a cpulist ("0-3,8") into CPU numbers. */
function parseList(list) {
	const out = [];
	for (const part of list.trim().split(",").filter(Boolean)) {
		const [a, b] = part.split("-").map(Number);
		for (let i = a; i <= (b ?? a); i++) out.push(i);
	}
	return out;
}
function cpumap(cpulist, nrCpus) {
	const cpus = parseList(cpulist);
	const digits = Math.max(1, Math.ceil(nrCpus / 4));
	let big = 0n;
	for (const c of cpus) big |= 1n << BigInt(c);
	const s = big.toString(16).padStart(digits, "0");
	const groups = [];
	for (let end = s.length; end > 0; end -= 8) groups.unshift(s.slice(Math.max(0, end - 8), end));
	return groups.join(",");
}
/** /proc/meminfo text: boot values with MemTotal/MemFree/MemAvailable moved by hot-added memory. */
function renderMeminfo(state) {
	const added = hotAddedOnlineKb(state, null);
	return state.meminfoKb.map(([k, v]) => {
		const value = k === "MemTotal" || k === "MemFree" || k === "MemAvailable" ? v + added : v;
		const label = `${k}:`.padEnd(16);
		return k.startsWith("HugePages_") ? `${label}${String(value).padStart(8)}` : `${label}${String(value).padStart(8)} kB`;
	}).join("\n") + "\n";
}
var NODE_MEMINFO_KEYS = [
	"SwapCached",
	"Active",
	"Inactive",
	"Active(anon)",
	"Inactive(anon)",
	"Active(file)",
	"Inactive(file)",
	"Unevictable",
	"Mlocked",
	"Dirty",
	"Writeback",
	"FilePages",
	"Mapped",
	"AnonPages",
	"Shmem",
	"KernelStack",
	"PageTables",
	"SecPageTables",
	"NFS_Unstable",
	"Bounce",
	"WritebackTmp",
	"KReclaimable",
	"Slab",
	"SReclaimable",
	"SUnreclaim",
	"AnonHugePages",
	"ShmemHugePages",
	"ShmemPmdMapped",
	"FileHugePages",
	"FilePmdMapped"
];
/** /sys/devices/system/node/nodeN/meminfo text. */
function renderNodeMeminfo(state, n) {
	const added = hotAddedOnlineKb(state, n.id);
	const total = n.bootMemKb + added;
	const free = n.bootFreeKb + added;
	const line = (k, v) => `Node ${n.id} ${`${k}:`.padEnd(16)}${String(v).padStart(8)} kB`;
	return [
		line("MemTotal", total),
		line("MemFree", free),
		line("MemUsed", total - free),
		...NODE_MEMINFO_KEYS.map((k) => line(k, 0)),
		`Node ${n.id} HugePages_Total:     0`,
		`Node ${n.id} HugePages_Free:      0`,
		`Node ${n.id} HugePages_Surp:      0`
	].join("\n") + "\n";
}
function renderNodes(state, vfs) {
	const base = "/sys/devices/system/node";
	const online = state.nodes.filter((n) => nodeOnline(state, n.id));
	const nrCpus = Math.max(1, ...state.nodes.flatMap((n) => parseList(n.cpulist)).map((c) => c + 1));
	vfs.file(`${base}/possible`, formatNodeList(state.nodes.map((n) => n.id)) + "\n");
	vfs.file(`${base}/online`, formatNodeList(online.map((n) => n.id)) + "\n");
	vfs.file(`${base}/has_cpu`, formatNodeList(state.nodes.filter((n) => n.cpulist !== "").map((n) => n.id)) + "\n");
	vfs.file(`${base}/has_memory`, formatNodeList(state.nodes.filter((n) => nodeHasMemory(state, n.id)).map((n) => n.id)) + "\n");
	vfs.file(`${base}/has_normal_memory`, formatNodeList(state.nodes.filter((n) => n.bootMemKb > 0 || state.memory.blocks.some((b) => b.node === n.id && b.state === "online" && b.zone !== "Movable")).map((n) => n.id)) + "\n");
	vfs.file(`${base}/has_generic_initiator`, "\n");
	for (const n of online) {
		const dir = `${base}/node${n.id}`;
		vfs.file(`${dir}/cpulist`, n.cpulist + "\n");
		vfs.file(`${dir}/cpumap`, cpumap(n.cpulist, nrCpus) + "\n");
		const dist = online.map((o) => n.distances[state.nodes.indexOf(o)] ?? 10);
		vfs.file(`${dir}/distance`, dist.join(" ") + "\n");
		vfs.file(`${dir}/meminfo`, renderNodeMeminfo(state, n));
		vfs.file(`${dir}/numastat`, "numa_hit 0\nnuma_miss 0\nnuma_foreign 0\ninterleave_hit 0\nlocal_node 0\nother_node 0\n");
		for (const c of parseList(n.cpulist)) vfs.link(`${dir}/cpu${c}`, `/sys/devices/system/cpu/cpu${c}`);
		for (const [name, acc] of [["access0", n.access0], ["access1", n.access1]]) {
			if (!acc) continue;
			vfs.file(`${dir}/${name}/initiators/read_bandwidth`, `${acc.readBandwidth}\n`);
			vfs.file(`${dir}/${name}/initiators/read_latency`, `${acc.readLatency}\n`);
			vfs.file(`${dir}/${name}/initiators/write_bandwidth`, `${acc.writeBandwidth}\n`);
			vfs.file(`${dir}/${name}/initiators/write_latency`, `${acc.writeLatency}\n`);
			for (const i of acc.initiators) {
				if (!online.some((o) => o.id === i)) continue;
				vfs.link(`${dir}/${name}/initiators/node${i}`, `${base}/node${i}`);
				vfs.link(`${base}/node${i}/${name}/targets/node${n.id}`, dir);
			}
		}
	}
	const tiers = /* @__PURE__ */ new Map();
	for (const n of state.nodes) if (nodeHasMemory(state, n.id)) tiers.set(n.tier, [...tiers.get(n.tier) ?? [], n.id]);
	for (const [tier, nodes] of tiers) {
		vfs.file(`/sys/devices/virtual/memory_tiering/memory_tier${tier}/nodelist`, formatNodeList(nodes) + "\n");
		vfs.link(`/sys/devices/virtual/memory_tiering/memory_tier${tier}/subsystem`, "/sys/bus/memory_tiering");
	}
	vfs.file("/sys/kernel/mm/numa/demotion_enabled", state.demotionEnabled ? "true\n" : "false\n");
	vfs.file("/proc/sys/kernel/numa_balancing", `${state.numaBalancing}\n`);
}
function renderRegion(state, vfs, busDir, r) {
	const dir = `${busDir}/region${r.id}`;
	const labelled = isLabelled(state, r);
	vfs.file(`${dir}/align`, hex(r.align) + "\n");
	const unlabelledFree = r.pagemap ? 0 : Math.floor(r.size / r.align) * r.align;
	if (labelled || !r.pagemap) vfs.file(`${dir}/available_size`, `${labelled ? availableSize(state, r) : unlabelledFree}\n`);
	vfs.file(`${dir}/max_available_extent`, `${labelled ? maxAvailableExtent(state, r) : unlabelledFree}\n`);
	vfs.file(`${dir}/badblocks`, r.badblocks.map((b) => `${b.offset} ${b.length}\n`).join(""));
	vfs.file(`${dir}/devtype`, "nd_pmem\n");
	vfs.file(`${dir}/modalias`, "nd:t2\n");
	vfs.file(`${dir}/nstype`, labelled ? "5\n" : "4\n");
	vfs.file(`${dir}/numa_node`, `${r.numaNode}\n`);
	vfs.file(`${dir}/target_node`, `${r.targetNode}\n`);
	vfs.file(`${dir}/read_only`, "0\n");
	vfs.file(`${dir}/resource`, hex(r.start) + "\n");
	vfs.file(`${dir}/size`, `${r.size}\n`);
	vfs.file(`${dir}/persistence_domain`, r.persistenceDomain === "unknown" ? "\n" : `${r.persistenceDomain}\n`);
	vfs.file(`${dir}/mappings`, `${r.mappings.length}\n`);
	r.mappings.forEach((m, i) => vfs.file(`${dir}/mapping${i}`, `${m.dimm},${m.offset},${m.length},${m.position}\n`));
	if (r.mappings.length > 0) vfs.file(`${dir}/set_cookie`, (labelled ? r.labelCookie : r.setCookie) + "\n");
	vfs.link(`/sys/bus/nd/devices/region${r.id}`, dir);
	if (!r.enabled) return;
	vfs.link(`${dir}/driver`, "/sys/bus/nd/drivers/nd_region");
	const active = r.namespaces.filter((n) => n.size > 0).length;
	vfs.file(`${dir}/init_namespaces`, `${Math.max(active, 1)}/${Math.max(active, 1)}\n`);
	vfs.file(`${dir}/namespace_seed`, `namespace${r.id}.${r.seeds.namespace}\n`);
	vfs.file(`${dir}/btt_seed`, `btt${r.id}.${r.seeds.btt}\n`);
	vfs.file(`${dir}/pfn_seed`, `pfn${r.id}.${r.seeds.pfn}\n`);
	vfs.file(`${dir}/dax_seed`, `dax${r.id}.${r.seeds.dax}\n`);
	const nstypeAlias = labelled ? "nd:t5\n" : "nd:t4\n";
	for (const kind of [
		"btt",
		"pfn",
		"dax"
	]) {
		const id = r.seeds[kind];
		const d = `${dir}/${kind}${r.id}.${id}`;
		vfs.file(`${d}/devtype`, `nd_${kind}\n`);
		vfs.file(`${d}/modalias`, kind === "dax" ? "nd:t7\n" : nstypeAlias);
		vfs.file(`${d}/namespace`, "\n");
		vfs.file(`${d}/numa_node`, `${r.numaNode}\n`);
		vfs.file(`${d}/target_node`, `${r.targetNode}\n`);
		vfs.file(`${d}/uuid`, "\n");
		if (kind === "btt") {
			vfs.file(`${d}/sector_size`, "512 520 528 4096 4104 4160 4224 \n");
			vfs.file(`${d}/log_zero_flags`, "Y\n");
			vfs.file(`${d}/size`, "", "ENXIO");
		} else {
			vfs.file(`${d}/align`, "2097152\n");
			vfs.file(`${d}/mode`, "none\n");
			vfs.file(`${d}/supported_alignments`, "4096 2097152 1073741824 \n");
			vfs.file(`${d}/size`, "", "ENXIO");
			vfs.file(`${d}/resource`, "", "ENXIO");
		}
		vfs.link(`/sys/bus/nd/devices/${kind}${r.id}.${id}`, d);
	}
	for (const ns of r.namespaces) {
		const name = namespaceName(r, ns);
		const d = `${dir}/${name}`;
		const mode = sysfsMode(r, ns, labelled);
		vfs.link(`/sys/bus/nd/devices/${name}`, d);
		vfs.file(`${d}/devtype`, labelled ? "nd_namespace_pmem\n" : "nd_namespace_io\n");
		vfs.file(`${d}/modalias`, nstypeAlias);
		vfs.file(`${d}/nstype`, labelled ? "5\n" : "4\n");
		vfs.file(`${d}/force_raw`, "0\n");
		vfs.file(`${d}/mode`, `${mode}\n`);
		vfs.file(`${d}/numa_node`, `${r.numaNode}\n`);
		vfs.file(`${d}/target_node`, `${r.targetNode}\n`);
		vfs.file(`${d}/size`, `${ns.size}\n`);
		if (ns.size > 0) vfs.file(`${d}/resource`, hex(namespaceStart(r, ns)) + "\n");
		else vfs.file(`${d}/resource`, "", "ENXIO");
		const holder = ns.claim ? `${ns.claim.kind}${r.id}.${ns.claim.id}` : "";
		vfs.file(`${d}/holder`, `${holder}\n`);
		vfs.file(`${d}/holder_class`, ns.claim ? `${ns.claim.kind}\n` : "\n");
		if (labelled) {
			vfs.file(`${d}/alt_name`, `${ns.name}\n`);
			vfs.file(`${d}/uuid`, `${ns.uuid ?? ""}\n`);
			vfs.file(`${d}/dpa_extents`, ns.size > 0 ? "1\n" : "0\n");
			vfs.file(`${d}/sector_size`, ns.size > 0 ? "[512] 4096 \n" : "512 4096 \n");
		}
		if (!ns.enabled || ns.size === 0) continue;
		const claim = ns.claim;
		if (!claim) {
			vfs.link(`${d}/driver`, "/sys/bus/nd/drivers/nd_pmem");
			vfs.dir(`${d}/block/pmem${r.id}${ns.id ? "." + ns.id : ""}`);
			continue;
		}
		const cd = `${dir}/${claim.kind}${r.id}.${claim.id}`;
		vfs.link(`/sys/bus/nd/devices/${claim.kind}${r.id}.${claim.id}`, cd);
		vfs.file(`${cd}/devtype`, `nd_${claim.kind}\n`);
		vfs.file(`${cd}/modalias`, claim.kind === "dax" ? "nd:t7\n" : nstypeAlias);
		vfs.file(`${cd}/namespace`, `${name}\n`);
		vfs.file(`${cd}/numa_node`, `${r.numaNode}\n`);
		vfs.file(`${cd}/target_node`, `${r.targetNode}\n`);
		vfs.file(`${cd}/uuid`, `${claim.uuid}\n`);
		const blockName = `pmem${r.id}${ns.id ? "." + ns.id : ""}`;
		if (claim.kind === "btt") {
			vfs.link(`${cd}/driver`, "/sys/bus/nd/drivers/nd_pmem");
			vfs.file(`${cd}/sector_size`, [
				512,
				520,
				528,
				4096,
				4104,
				4160,
				4224
			].map((s) => s === claim.sectorSize ? `[${s}]` : `${s}`).join(" ") + " \n");
			vfs.file(`${cd}/size`, `${claim.size}\n`);
			vfs.dir(`${cd}/block/${blockName}s`);
			continue;
		}
		vfs.file(`${cd}/align`, `${claim.align}\n`);
		vfs.file(`${cd}/supported_alignments`, "4096 2097152 1073741824 \n");
		vfs.file(`${cd}/resource`, hex(namespaceStart(r, ns) + claim.dataOffset) + "\n");
		vfs.file(`${cd}/size`, `${ns.size - claim.dataOffset}\n`);
		if (claim.kind === "pfn") {
			vfs.file(`${cd}/mode`, claim.location === "dev" ? "pmem\n" : "ram\n");
			vfs.link(`${cd}/driver`, "/sys/bus/nd/drivers/nd_pmem");
			vfs.dir(`${cd}/block/${blockName}`);
			continue;
		}
		vfs.file(`${cd}/mode`, "pmem\n");
		vfs.link(`${cd}/driver`, "/sys/bus/nd/drivers/dax_pmem");
	}
}
function renderDax(state, vfs) {
	for (const { device: dev, regionId, path } of allDaxDevices(state)) {
		if (state.faults.some((f) => f.kind === "device-vanishes" && f.device === dev.name)) continue;
		const d = `${path}/${dev.name}`;
		vfs.link(`/sys/bus/dax/devices/${dev.name}`, d);
		vfs.file(`${d}/align`, `${dev.align}\n`);
		vfs.file(`${d}/dev`, `252:${Number(dev.name.split(".")[1] ?? 0)}\n`);
		vfs.file(`${d}/modalias`, "dax:t0\n");
		vfs.file(`${d}/numa_node`, `${dev.numaNode}\n`);
		vfs.file(`${d}/target_node`, `${dev.targetNode}\n`);
		vfs.file(`${d}/resource`, hex(dev.start) + "\n");
		vfs.file(`${d}/size`, `${dev.size}\n`);
		vfs.file(`${d}/mapping0/start`, hex(dev.start) + "\n");
		vfs.file(`${d}/mapping0/end`, hex(dev.start + dev.size - 1) + "\n");
		vfs.file(`${d}/mapping0/page_offset`, "0x0\n");
		if (dev.enabled) vfs.link(`${d}/driver`, `/sys/bus/dax/drivers/${dev.mode === "system-ram" ? "kmem" : "device_dax"}`);
		vfs.file(`${path}/dax_region/align`, `${dev.align}\n`);
		vfs.file(`${path}/dax_region/id`, `${regionId}\n`);
		vfs.file(`${path}/dax_region/size`, `${dev.size}\n`);
		for (const b of blocksOf(state, dev.name)) vfs.link(`${d}/memory${b.index}`, `/sys/devices/system/memory/memory${b.index}`);
	}
}
/** Renders everything but the memory blocks (which are resolved on demand, there may be 10^5 of them). */
function render(state) {
	const vfs = new Vfs();
	vfs.file("/proc/meminfo", renderMeminfo(state));
	vfs.file("/proc/cmdline", state.kernel.cmdline + "\n");
	vfs.file("/proc/sys/kernel/osrelease", state.kernel.release + "\n");
	vfs.file("/proc/version", `Linux version ${state.kernel.release} ${state.kernel.version}\n`);
	vfs.file("/proc/self/mountinfo", mountinfo(state));
	vfs.file("/sys/devices/system/memory/block_size_bytes", state.memory.blockSize.toString(16) + "\n");
	vfs.file("/sys/devices/system/memory/auto_online_blocks", state.memory.autoOnline + "\n");
	vfs.file("/sys/module/memory_hotplug/parameters/memmap_on_memory", state.memory.memmapOnMemory ? "Y\n" : "N\n");
	vfs.file("/sys/module/memory_hotplug/parameters/online_policy", state.memory.onlinePolicy + "\n");
	for (const m of state.modules) vfs.dir(`/sys/module/${m}`);
	const has = (m) => state.modules.includes(m);
	if (has("libnvdimm")) for (const d of [
		"nd_bus",
		"nvdimm",
		"nd_region",
		...has("nd_pmem") ? ["nd_pmem"] : [],
		...has("dax_pmem") ? ["dax_pmem"] : []
	]) vfs.dir(`/sys/bus/nd/drivers/${d}`);
	if (has("device_dax")) vfs.dir("/sys/bus/dax/drivers/device_dax");
	if (has("kmem")) vfs.dir("/sys/bus/dax/drivers/kmem");
	vfs.dir("/sys/bus/nd/devices");
	vfs.dir("/sys/bus/dax/devices");
	renderNodes(state, vfs);
	for (const bus of state.buses) {
		const busDir = `${bus.parent}/ndbus${bus.id}`;
		vfs.file(`${busDir}/provider`, bus.provider + "\n");
		vfs.file(`${busDir}/commands`, bus.dimms.length ? "cmd_call \n" : "\n");
		vfs.file(`${busDir}/wait_probe`, "1\n");
		vfs.link(`${busDir}/driver`, "/sys/bus/nd/drivers/nd_bus");
		vfs.link(`/sys/bus/nd/devices/ndbus${bus.id}`, busDir);
		for (const dimm of bus.dimms) {
			const d = `${busDir}/${dimm.dev}`;
			vfs.link(`/sys/bus/nd/devices/${dimm.dev}`, d);
			vfs.file(`${d}/devtype`, "nvdimm\n");
			vfs.file(`${d}/modalias`, "nd:t1\n");
			vfs.file(`${d}/state`, bus.regions.some((r) => r.enabled && r.mappings.some((m) => m.dimm === dimm.dev)) ? "active\n" : "idle\n");
			vfs.file(`${d}/flags`, dimm.labelsInitialized ? "label \n" : "\n");
			vfs.file(`${d}/available_slots`, dimm.labelSize ? `${dimm.labelsInitialized ? 1017 : 509}\n` : "0\n");
			vfs.file(`${d}/security`, `${dimm.security ?? "unsupported"}\n`);
			vfs.file(`${d}/nfit/id`, dimm.id + "\n");
			vfs.file(`${d}/nfit/handle`, hex(dimm.handle) + "\n");
			vfs.file(`${d}/nfit/phys_id`, hex(dimm.physId) + "\n");
			vfs.file(`${d}/nfit/serial`, dimm.serial + "\n");
			vfs.file(`${d}/nfit/vendor`, dimm.vendor + "\n");
			vfs.file(`${d}/nfit/device`, dimm.device + "\n");
			vfs.file(`${d}/nfit/flags`, "\n");
			if (dimm.enabled) vfs.link(`${d}/driver`, "/sys/bus/nd/drivers/nvdimm");
		}
		for (const r of bus.regions) renderRegion(state, vfs, busDir, r);
	}
	renderDax(state, vfs);
	for (const [path, content] of Object.entries(state.files)) vfs.file(path, content);
	return vfs;
}
function mountinfo(state) {
	const lines = ["21 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw"];
	let id = 30;
	for (const r of state.buses.flatMap((b) => b.regions)) for (const ns of r.namespaces) {
		if (!ns.mountpoint) continue;
		const dev = `pmem${r.id}${ns.id ? "." + ns.id : ""}${ns.claim?.kind === "btt" ? "s" : ""}`;
		lines.push(`${id++} 21 259:${ns.id} / ${ns.mountpoint} rw,relatime shared:${id} - ext4 /dev/${dev} rw,dax=always`);
	}
	return lines.join("\n") + "\n";
}
// electron/host/sim/sysfs.ts
var MEMORY_DIR = "/sys/devices/system/memory";
var BLOCK_RE = /^\/sys\/devices\/system\/memory\/memory(\d+)(?:\/([a-z_0-9]+))?$/;
var NODE_DIR_RE = /^\/sys\/devices\/system\/node\/node(\d+)$/;
var NODE_MEMORY_RE = /^\/sys\/devices\/system\/node\/node(\d+)\/memory(\d+)$/;
var BLOCK_ATTRS = [
	"online",
	"phys_device",
	"phys_index",
	"removable",
	"state",
	"valid_zones",
	"uevent"
];
/** Reads and writes the emulated machine's files; re-renders when the state changes. */
var SimFs = class {
	getState;
	vfs = null;
	blockIndex = null;
	constructor(getState) {
		this.getState = getState;
	}
	/** Drops cached renderings after the state changed. */
	invalidate() {
		this.vfs = null;
		this.blockIndex = null;
	}
	tree() {
		return this.vfs ??= render(this.getState());
	}
	block(index) {
		if (!this.blockIndex) this.blockIndex = new Map(this.getState().memory.blocks.map((b) => [b.index, b]));
		return this.blockIndex.get(index);
	}
	resolve(path) {
		if (path.startsWith(MEMORY_DIR + "/memory") && !path.includes("..")) return posix.normalize(path);
		return resolvePath(this.tree(), path);
	}
	/** Reads a file like cat(1) would. */
	readFile(path) {
		const direct = BLOCK_RE.exec(path);
		const p = direct ? path : this.resolve(path);
		const m = direct ?? BLOCK_RE.exec(p);
		if (m) {
			const b = this.block(Number(m[1]));
			if (!b || !m[2] || !BLOCK_ATTRS.includes(m[2])) throw new HostError(m[2] || !b ? "ENOENT" : "EINVAL", `${path}: No such file or directory`, { path });
			return this.blockAttr(b, m[2]);
		}
		const node = this.tree().nodes.get(p);
		if (!node) throw new HostError("ENOENT", `${path}: No such file or directory`, { path });
		if (node.type === "dir") throw new HostError("EINVAL", `${path}: Is a directory`, { path });
		if (node.type === "link") throw new HostError("ENOENT", `${path}: dangling link`, { path });
		if (node.error) throw new HostError(node.error, `${path}: ${node.error === "ENXIO" ? "No such device or address" : "Permission denied"}`, { path });
		return node.content;
	}
	blockAttr(b, attr) {
		const state = this.getState();
		switch (attr) {
			case "online": return b.state === "online" ? "1\n" : "0\n";
			case "phys_device": return "0\n";
			case "phys_index": return b.index.toString(16).padStart(8, "0") + "\n";
			case "removable": return "1\n";
			case "state": return b.state + "\n";
			case "valid_zones": return (b.boot && b.zone === "none" ? "none" : validZones(state, b)) + "\n";
			default: return "";
		}
	}
	/** Lists a directory. */
	readDir(path) {
		const p = this.resolve(path);
		const m = BLOCK_RE.exec(p);
		if (m && !m[2]) {
			const b = this.block(Number(m[1]));
			if (!b) throw new HostError("ENOENT", `${path}: No such file or directory`, { path });
			return [
				...BLOCK_ATTRS,
				`node${b.node}`,
				"subsystem",
				"power"
			];
		}
		if (p === MEMORY_DIR) return [
			"auto_online_blocks",
			"block_size_bytes",
			"hard_offline_page",
			"power",
			"probe",
			"soft_offline_page",
			"uevent",
			...this.getState().memory.blocks.map((b) => `memory${b.index}`)
		];
		const node = this.tree().nodes.get(p);
		if (!node || node.type !== "dir") throw new HostError("ENOENT", `${path}: No such directory`, { path });
		const names = [...node.children];
		const nm = NODE_DIR_RE.exec(p);
		if (nm) {
			for (const b of this.getState().memory.blocks) if (b.node === Number(nm[1])) names.push(`memory${b.index}`);
		}
		return names;
	}
	/** Reads a symlink's stored target. */
	readLink(path) {
		const norm = posix.normalize(path);
		const m = /^\/sys\/devices\/system\/memory\/memory(\d+)\/node(\d+)$/.exec(norm);
		if (m) {
			const b = this.block(Number(m[1]));
			if (b && b.node === Number(m[2])) return `../../node/node${b.node}`;
			throw new HostError("ENOENT", `${path}: No such file or directory`, { path });
		}
		const nm = NODE_MEMORY_RE.exec(norm);
		if (nm) {
			const b = this.block(Number(nm[2]));
			if (b && b.node === Number(nm[1])) return `../../memory/memory${b.index}`;
			throw new HostError("ENOENT", `${path}: No such file or directory`, { path });
		}
		const dir = resolvePath(this.tree(), posix.dirname(norm));
		const node = this.tree().nodes.get(posix.join(dir, posix.basename(norm)));
		if (!node || node.type !== "link") throw new HostError(node ? "EINVAL" : "ENOENT", `${path}: not a symlink`, { path });
		return node.target;
	}
	/** Writes a value like `echo value > path` would; returns whether the state changed. */
	writeFile(path, value) {
		const state = this.getState();
		const p = this.resolve(path);
		const v = value.trim();
		const m = BLOCK_RE.exec(p);
		try {
			if (m && (m[2] === "state" || m[2] === "online")) {
				const b = this.block(Number(m[1]));
				if (!b) throw new HostError("ENOENT", `${path}: No such file or directory`, { path });
				if (m[2] === "online") {
					if (v !== "0" && v !== "1") throw new HostError("EINVAL", `${path}: Invalid argument`, { path });
					setBlockState(state, b, v === "1" ? "online" : "offline");
				} else setBlockState(state, b, v);
				return;
			}
			if (p === `${MEMORY_DIR}/auto_online_blocks`) {
				if (![
					"offline",
					"online",
					"online_kernel",
					"online_movable"
				].includes(v)) throw new HostError("EINVAL", `${path}: Invalid argument`, { path });
				state.memory.autoOnline = v;
				return;
			}
			if (p === "/sys/kernel/mm/numa/demotion_enabled") {
				if (![
					"true",
					"false",
					"1",
					"0",
					"y",
					"n",
					"Y",
					"N"
				].includes(v)) throw new HostError("EINVAL", `${path}: Invalid argument`, { path });
				state.demotionEnabled = [
					"true",
					"1",
					"y",
					"Y"
				].includes(v);
				return;
			}
			if (p === "/proc/sys/kernel/numa_balancing") {
				if (!/^[0-3]$/.test(v)) throw new HostError("EINVAL", `${path}: Invalid argument`, { path });
				state.numaBalancing = Number(v);
				return;
			}
			if (p.startsWith("/etc/")) {
				state.files[p] = value;
				return;
			}
		} catch (e) {
			if (e instanceof KernelError) throw new HostError(e.errno.code === 16 ? "EBUSY" : e.errno.code === 22 ? "EINVAL" : "EIO", `${path}: ${e.errno.text}`, {
				path,
				cause: e
			});
			throw e;
		}
		if (this.tree().nodes.has(p) || BLOCK_RE.test(p)) throw new HostError("EACCES", `${path}: Permission denied`, { path });
		throw new HostError("ENOENT", `${path}: No such file or directory`, { path });
	}
};
// electron/host/sim/index.ts
/** Checks that a value looks like a saved SimState; throws a HostError saying what is wrong. */
function validateSimState(value, source) {
	const v = value;
	if (!v || typeof v !== "object" || v.version !== 1 || !Array.isArray(v.buses) || !Array.isArray(v.nodes) || !v.memory || !Array.isArray(v.memory.blocks)) throw new HostError("EBADDATA", `${source} is not a pmem-console sim state (version 1)`, { path: source });
	return v;
}
/** The kernel's words for the errors a write fault can give. */
var WRITE_ERRORS = {
	EBUSY: "Device or resource busy",
	EINVAL: "Invalid argument",
	EIO: "Input/output error",
	ENXIO: "No such device or address"
};
/** Whether a command line only reads (list, version), so the rendered files stay valid and nothing is saved. */
function readsOnly(program, args) {
	const name = program.split("/").pop() ?? program;
	if (name === "uname") return true;
	return (name === "ndctl" || name === "daxctl") && [
		"list",
		"version",
		"--version",
		"--help",
		"help"
	].includes(args[0] ?? "");
}
/** The emulated machine. Mutations are saved to the state file, if there is one, so other processes see them. */
var SimHost = class {
	info;
	state;
	fs;
	stateFile;
	loadedMtime = 0;
	constructor(origin) {
		this.stateFile = "stateFile" in origin ? origin.stateFile : null;
		if (this.stateFile && exists(this.stateFile)) this.state = this.loadFile(this.stateFile);
		else if ("state" in origin && origin.state) {
			this.state = structuredClone(origin.state);
			if (this.stateFile) this.save();
		} else {
			const preset = "preset" in origin && origin.preset ? origin.preset : "qemu-nvdimm";
			if (!isPresetName(preset)) throw new HostError("EINVAL", `unknown sim preset "${preset}"; presets: ${PRESET_NAMES.join(", ")}`);
			this.state = buildPreset(preset);
			if (this.stateFile) this.save();
		}
		this.fs = new SimFs(() => this.state);
		this.info = {
			kind: "sim",
			label: `sim:${this.state.preset}`,
			preset: this.state.preset
		};
	}
	/** A deep copy of the current state (for twins, predictions and tests). */
	snapshotState() {
		this.refresh();
		return structuredClone(this.state);
	}
	/** Replaces the state (e.g. to reset a twin). */
	setState(state) {
		this.state = structuredClone(state);
		this.fs.invalidate();
		this.save();
	}
	/** Adds a fault to inject. */
	injectFault(fault) {
		this.refresh();
		this.state.faults.push(fault);
		this.fs.invalidate();
		this.save();
	}
	/** Applies a change to the state directly (out-of-band events: a device vanishing, a mount). */
	mutate(change) {
		this.refresh();
		change(this.state);
		this.fs.invalidate();
		this.save();
	}
	async exec(argv, opts = {}) {
		this.refresh();
		const [program, ...args] = argv;
		const line = argv.join(" ");
		const fault = this.takeFault(line);
		if (fault?.kind === "command-hangs") {
			const ms = opts.timeoutMs ?? 3e4;
			await new Promise((resolve) => setTimeout(resolve, ms));
			throw new HostError("ETIMEDOUT", `${program} did not finish within ${ms} ms and was stopped`, {
				argv,
				timedOut: true
			});
		}
		if (fault?.kind === "command-fails") return {
			exitCode: fault.exitCode,
			stdout: fault.stdout ?? "",
			stderr: fault.stderr
		};
		const result = this.run(program ?? "", args);
		if (!readsOnly(program ?? "", args)) {
			this.fs.invalidate();
			this.save();
		}
		return result;
	}
	run(program, args) {
		const name = program.split("/").pop() ?? program;
		const missing = () => new HostError("ENOTOOL", `${name} is not installed on ${this.info.label}`, { argv: [program, ...args] });
		switch (name) {
			case "ndctl":
				if (!this.state.tools.ndctl) throw missing();
				return ndctl(this.state, args);
			case "daxctl":
				if (!this.state.tools.daxctl) throw missing();
				return daxctl(this.state, args);
			case "uname": return {
				exitCode: 0,
				stdout: (args.includes("-r") ? this.state.kernel.release : `Linux`) + "\n",
				stderr: ""
			};
			case "modprobe":
				for (const m of args.filter((a) => !a.startsWith("-"))) if (!this.state.modules.includes(m)) this.state.modules.push(m);
				return {
					exitCode: 0,
					stdout: "",
					stderr: ""
				};
			default: throw missing();
		}
	}
	takeFault(line) {
		const i = this.state.faults.findIndex((f) => (f.kind === "command-fails" || f.kind === "command-hangs") && line.includes(f.match));
		if (i < 0) return null;
		const f = this.state.faults[i];
		if ((f.kind === "command-fails" || f.kind === "command-hangs") && f.times !== void 0) {
			f.times -= 1;
			if (f.times <= 0) this.state.faults.splice(i, 1);
			this.save();
		}
		return f;
	}
	async readFile(path) {
		this.refresh();
		return this.fs.readFile(path);
	}
	async readFiles(paths) {
		this.refresh();
		const out = /* @__PURE__ */ new Map();
		for (const p of paths) try {
			out.set(p, this.fs.readFile(p));
		} catch (e) {
			if (e instanceof HostError) out.set(p, e);
			else throw e;
		}
		return out;
	}
	async readDir(path) {
		this.refresh();
		return this.fs.readDir(path);
	}
	async readLink(path) {
		this.refresh();
		return this.fs.readLink(path);
	}
	async writeFile(path, value) {
		this.refresh();
		const i = this.state.faults.findIndex((f) => f.kind === "write-fails" && f.path === path);
		const fault = this.state.faults[i];
		if (fault?.kind === "write-fails") {
			if (fault.times !== void 0 && --fault.times <= 0) this.state.faults.splice(i, 1);
			this.save();
			throw new HostError(fault.code, `${path}: ${WRITE_ERRORS[fault.code]}`, { path });
		}
		try {
			this.fs.writeFile(path, value);
		} finally {
			this.fs.invalidate();
			this.save();
		}
	}
	async close() {}
	loadFile(file) {
		let text;
		try {
			text = readFileSync(file, "utf8");
			this.loadedMtime = statSync(file).mtimeMs;
		} catch (e) {
			throw new HostError("ENOENT", `cannot read sim state ${file}: ${e.message}`, {
				path: file,
				cause: e
			});
		}
		let parsed;
		try {
			parsed = JSON.parse(text);
		} catch (e) {
			throw new HostError("EBADDATA", `${file} is not valid JSON: ${e.message}`, {
				path: file,
				cause: e
			});
		}
		return validateSimState(parsed, file);
	}
	/** Picks up changes another process saved to the state file. */
	refresh() {
		if (!this.stateFile || !exists(this.stateFile)) return;
		if (statSync(this.stateFile).mtimeMs !== this.loadedMtime) {
			this.state = this.loadFile(this.stateFile);
			this.fs?.invalidate();
		}
	}
	save() {
		if (!this.stateFile) return;
		const tmp = `${this.stateFile}.${process.pid}.tmp`;
		writeFileSync(tmp, JSON.stringify(this.state));
		renameSync(tmp, this.stateFile);
		this.loadedMtime = statSync(this.stateFile).mtimeMs;
	}
};
function exists(file) {
	try {
		statSync(file);
		return true;
	} catch {
		return false;
	}
}
// electron/host/sim/twin.ts
var KiB = 1024;
var GiB = 2 ** 30;
var SIM_ZONES = [
	"none",
	"DMA",
	"DMA32",
	"Normal",
	"Movable"
];
var NFIT_PARENT = "/sys/devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0012:00";
var devNumber = (dev) => Number(/(\d+)$/.exec(dev)?.[1] ?? 0);
var nsId = (dev) => Number(/\.(\d+)$/.exec(dev)?.[1] ?? 0);
function access(a) {
	if (!a) return null;
	return {
		readLatency: a.readLatencyNs ?? 0,
		writeLatency: a.writeLatencyNs ?? 0,
		readBandwidth: a.readBandwidthMBps ?? 0,
		writeBandwidth: a.writeBandwidthMBps ?? 0,
		initiators: a.initiators
	};
}
function blockOf(b) {
	const online = b.state !== "offline";
	const zone = online ? SIM_ZONES.find((z) => z === b.validZones[0]) ?? "Normal" : "none";
	const boot = b.daxDevice === null;
	return {
		index: b.index,
		node: b.node < 0 ? 0 : b.node,
		state: online ? "online" : "offline",
		zone,
		boot,
		unmovable: boot && zone !== "Movable",
		owner: b.daxDevice
	};
}
/** The raw namespace size whose usable size, after the claim's metadata, is what the tools reported. */
function rawNamespaceSize(reported, fits, step) {
	for (let raw = alignUp(reported, step); raw <= reported * 1.2 + step; raw += step) if (fits(raw) === reported) return raw;
	for (let raw = alignUp(reported, step);; raw += step) if (fits(raw) >= reported) return raw;
}
function daxDeviceOf(d, fallback) {
	return {
		name: fallback.name,
		start: d?.ranges[0]?.start ?? fallback.start,
		size: d?.size ?? fallback.size,
		align: d?.align || fallback.align,
		targetNode: d?.targetNode ?? fallback.targetNode,
		numaNode: d?.numaNode ?? fallback.numaNode,
		mode: d?.mode === "system-ram" ? "system-ram" : "devdax",
		enabled: d ? d.state === "enabled" : true
	};
}
function namespaceOf(t, r, sr, ns, offset, ids, uuids) {
	const start = sr.start + offset;
	const step = r.labelled ? sr.align : 4096;
	const align = ns.align ?? 2 * 2 ** 20;
	let size = ns.size;
	let claim = null;
	if (!r.labelled && (ns.mode === "raw" || sr.pagemap && ns.mode === "fsdax" && ns.map === "mem" && !ns.uuid)) size = r.size;
	else if (ns.mode === "sector") {
		const sector = ns.sectorSize ?? 512;
		size = r.labelled ? rawNamespaceSize(ns.size, (raw) => bttCapacity(raw, sector), step) : r.size;
		claim = {
			kind: "btt",
			id: ids.btt++,
			uuid: ns.uuid ?? uuids(),
			sectorSize: sector,
			size: bttCapacity(size, sector)
		};
	} else if (ns.mode === "fsdax") {
		const loc = ns.map === "mem" ? "mem" : "dev";
		size = r.labelled ? rawNamespaceSize(ns.size, (raw) => raw - infoBlockDataOffset(start, raw, align, loc), step) : r.size;
		claim = {
			kind: "pfn",
			id: ids.pfn++,
			uuid: ns.uuid ?? uuids(),
			align,
			location: loc,
			dataOffset: infoBlockDataOffset(start, size, align, loc)
		};
	} else if (ns.mode === "devdax") {
		size = r.labelled ? rawNamespaceSize(ns.size, (raw) => raw - infoBlockDataOffset(start, raw, align, "dev"), step) : r.size;
		const dataOffset = infoBlockDataOffset(start, size, align, "dev");
		const name = ns.chardev ?? `dax${sr.id}.${nsId(ns.dev)}`;
		const device = daxDeviceOf(t.daxDevices.find((d) => d.dev === name), {
			name,
			start: start + dataOffset,
			size: size - dataOffset,
			align,
			targetNode: r.targetNode,
			numaNode: r.numaNode
		});
		claim = {
			kind: "dax",
			id: nsId(name),
			uuid: ns.uuid ?? uuids(),
			align,
			dataOffset,
			device
		};
	}
	return {
		id: nsId(ns.dev),
		uuid: r.labelled ? uuids() : null,
		name: ns.name ?? "",
		size,
		offset,
		enabled: ns.state === "enabled",
		claim,
		mountpoint: null
	};
}
function regionOf(t, r, start, uuids) {
	const sr = {
		id: devNumber(r.dev),
		start,
		size: r.size,
		align: r.align || 16 * 2 ** 20,
		numaNode: Math.max(0, r.numaNode),
		targetNode: r.targetNode,
		persistenceDomain: r.persistenceDomain || "unknown",
		enabled: r.state === "enabled",
		pagemap: !r.labelled && t.buses.find((b) => b.dev === r.bus)?.provider === "e820",
		mappings: r.mappings,
		setCookie: r.isetId ?? "0x0",
		labelCookie: r.isetId ?? "0x0",
		badblocks: [],
		namespaces: [],
		seeds: {
			namespace: 0,
			btt: 0,
			pfn: 0,
			dax: 0
		}
	};
	let offset = 0;
	const ids = {
		btt: 0,
		pfn: 0
	};
	const namespaces = t.namespaces.filter((n) => n.region === r.dev && n.size > 0).sort((a, b) => nsId(a.dev) - nsId(b.dev));
	for (const ns of namespaces) {
		const sn = namespaceOf(t, r, sr, ns, offset, ids, uuids);
		sr.namespaces.push(sn);
		offset += sn.size;
	}
	if (!r.labelled && sr.namespaces.length === 0) sr.namespaces.push({
		id: 0,
		uuid: null,
		name: "",
		size: r.size,
		offset: 0,
		enabled: true,
		claim: null,
		mountpoint: null
	});
	refreshSeeds(sr);
	if (r.labelled) {
		sr.seeds.namespace = -1;
		ensureNamespaceSeed(sr);
	}
	return sr;
}
function dimmOf(d, labelled) {
	const vendor = d.id && /^[0-9a-f]{4}-/i.test(d.id) ? `0x${d.id.slice(0, 4)}` : "0x0000";
	const serial = d.id ? `0x${d.id.split("-").pop()}` : "0x00000000";
	return {
		dev: d.dev,
		id: d.id ?? d.dev,
		handle: d.handle ?? devNumber(d.dev),
		physId: d.physId ?? devNumber(d.dev),
		serial,
		vendor,
		device: "0x0000",
		labelSize: d.labelled || labelled ? 128 * KiB : 0,
		labelsInitialized: labelled,
		enabled: d.state === "enabled",
		security: d.security,
		health: d.health ? {
			state: d.health.healthState,
			temperature: d.health.temperatureCelsius ?? 0,
			spares: d.health.sparesPercent ?? 0,
			lifeUsed: d.health.lifeUsedPercent ?? 0,
			shutdownState: d.health.shutdownState ?? "clean"
		} : null
	};
}
/** Builds an emulated machine that answers like the machine a topology describes (a twin of it). */
function twinFromTopology(t, label) {
	let n = 0;
	const uuids = () => `00000000-7717-4000-8000-${(++n).toString(16).padStart(12, "0")}`;
	const blockSize = t.memory.blockSize || 128 * 2 ** 20;
	const blocks = t.memory.blocks.map(blockOf);
	const hotAddedOnline = (node) => blocks.filter((b) => !b.boot && b.state === "online" && (node === null || b.node === node)).length * (blockSize / KiB);
	const nodes = t.nodes.map((node) => ({
		id: node.id,
		cpulist: node.cpulist,
		distances: t.nodes.map((o) => node.distances.find((d) => d.node === o.id)?.distance ?? (o.id === node.id ? 10 : 20)),
		access0: access(node.access0),
		access1: access(node.access1),
		tier: node.memoryTier ?? t.tiers.find((tier) => tier.nodes.includes(node.id))?.id ?? (node.cpulist ? 4 : 22),
		bootMemKb: Math.max(0, node.memTotal / KiB - hotAddedOnline(node.id)),
		bootFreeKb: Math.max(0, node.memFree / KiB - hotAddedOnline(node.id))
	}));
	let nextStart = alignUp(Math.max(4 * GiB, ...blocks.map((b) => (b.index + 1) * blockSize)), 64 * GiB);
	const buses = t.buses.map((bus) => {
		const regions = t.regions.filter((r) => r.bus === bus.dev).map((r) => {
			const start = r.resource ?? nextStart;
			nextStart = alignUp(Math.max(nextStart, start + r.size), 64 * GiB);
			return regionOf(t, r, start, uuids);
		});
		const labelledDimms = new Set(t.regions.filter((r) => r.labelled).flatMap((r) => r.mappings.map((m) => m.dimm)));
		return {
			id: devNumber(bus.dev),
			provider: bus.provider,
			parent: bus.provider === "ACPI.NFIT" ? NFIT_PARENT : `/sys/devices/platform/${bus.provider === "e820" ? "e820_pmem" : bus.provider}`,
			dimms: t.dimms.filter((d) => d.bus === bus.dev).map((d) => dimmOf(d, labelledDimms.has(d.dev))),
			regions
		};
	});
	const hmem = t.daxDevices.filter((d) => d.namespace === null).map((d) => {
		const region = t.daxRegions.find((r) => r.id === d.region);
		return {
			id: d.region,
			path: region?.path ?? `/sys/devices/platform/hmem.${d.region}/dax_region${d.region}`,
			align: region?.align || d.align,
			device: daxDeviceOf(d, {
				name: d.dev,
				start: 0,
				size: d.size,
				align: d.align,
				targetNode: d.targetNode,
				numaNode: d.numaNode
			})
		};
	});
	const added = hotAddedOnline(null);
	const meminfoKb = Object.entries(t.meminfo.fields).map(([k, v]) => {
		const kb = k.startsWith("HugePages_") ? v : v / KiB;
		return [k, [
			"MemTotal",
			"MemFree",
			"MemAvailable"
		].includes(k) ? Math.max(0, kb - added) : kb];
	});
	return {
		version: 1,
		preset: `twin:${label}`,
		description: `Twin of ${t.host.label} as seen at ${t.takenAt}`,
		kernel: {
			release: t.kernel ?? "unknown",
			version: "",
			cmdline: ""
		},
		tools: {
			ndctl: t.tools.ndctl,
			daxctl: t.tools.daxctl
		},
		modules: [
			"libnvdimm",
			"nd_pmem",
			"nd_btt",
			"dax_pmem",
			"device_dax",
			"kmem",
			...t.buses.some((b) => b.provider === "ACPI.NFIT") ? ["nfit"] : [],
			...hmem.length ? ["dax_hmem"] : []
		],
		memory: {
			blockSize,
			autoOnline: t.memory.autoOnlineBlocks ?? "offline",
			onlinePolicy: t.memory.onlinePolicy ?? "contig-zones",
			memmapOnMemory: t.memory.memmapOnMemory ?? false,
			blocks
		},
		nodes,
		buses,
		hmem,
		meminfoKb,
		demotionEnabled: t.demotionEnabled ?? false,
		numaBalancing: 0,
		files: {},
		faults: []
	};
}
// electron/host/spec.ts
/** A host spec that could not be understood; the message lists what is accepted. */
var HostSpecError = class extends Error {};
var SPEC_HELP = `host specs: local, sim:PRESET (${PRESET_NAMES.join(", ")}), sim:twin:FILE, replay:FILE, ssh://[user@]host[:port]`;
/** Opens the host a spec names. */
function openHost(spec, opts = {}) {
	if (spec === "local") return new LocalHost(opts.sysroot ?? null);
	if (spec.startsWith("sim:twin:")) {
		const file = spec.slice(9);
		if (!file) throw new HostSpecError(`sim:twin: needs a file (a capture bundle, a snapshot --json, or a saved sim state); ${SPEC_HELP}`);
		const state = loadTwin(file);
		return opts.stateFile ? new SimHost({
			stateFile: opts.stateFile,
			state
		}) : new SimHost({ state });
	}
	if (spec.startsWith("sim:")) {
		const preset = spec.slice(4);
		if (!isPresetName(preset)) throw new HostSpecError(`unknown sim preset "${preset}"; ${SPEC_HELP}`);
		return opts.stateFile ? new SimHost({
			stateFile: opts.stateFile,
			preset
		}) : new SimHost({ preset });
	}
	if (spec.startsWith("replay:")) {
		const file = spec.slice(7);
		if (!file) throw new HostSpecError(`replay: needs a capture file; ${SPEC_HELP}`);
		return new ReplayHost(loadBundle(file), file);
	}
	if (spec.startsWith("ssh://")) {
		const target = parseSshTarget(spec);
		if (!target) throw new HostSpecError(`"${spec}" is not a valid ssh host; use ssh://[user@]host[:port]`);
		return new SshHost(target, { configFile: opts.sshConfig });
	}
	throw new HostSpecError(`unknown host "${spec}"; ${SPEC_HELP}`);
}
/** Builds a twin's starting state from a capture bundle, a topology (snapshot --json) or a saved sim state. */
function loadTwin(file) {
	let value;
	try {
		value = JSON.parse(readFileSync(file, "utf8"));
	} catch (e) {
		const why = e.code === "ENOENT" ? "no such file" : e instanceof SyntaxError ? "it is not valid JSON" : e.message;
		throw new HostError(e.code === "ENOENT" ? "ENOENT" : "EBADDATA", `cannot load twin ${file}: ${why}`, { path: file });
	}
	const v = value;
	const label = basename(file);
	if (v && typeof v === "object" && v.format === "pmem-console-capture/1") {
		if (v.topology === void 0) throw new HostError("EBADDATA", `cannot load twin ${file}: this capture has no snapshot in it; capture the machine again with this version`, { path: file });
		return twinFromTopology(parseTopology(v.topology, file), label);
	}
	if (v && typeof v === "object" && v.schemaVersion === 1 && "host" in v) return twinFromTopology(parseTopology(v, file), label);
	return validateSimState(value, file);
}
function parseTopology(value, file) {
	const r = Topology.safeParse(value);
	if (!r.success) throw new HostError("EBADDATA", `cannot load twin ${file}: the snapshot in it is not valid (${r.error.issues[0]?.path.join(".")}: ${r.error.issues[0]?.message})`, { path: file });
	return r.data;
}
/** Picks the default host: this machine if it has nd or dax devices, else the qemu-nvdimm sim; says why. */
async function defaultHost(opts = {}) {
	const local = new LocalHost(opts.sysroot ?? null);
	const nd = await readDirOptional(local, "/sys/bus/nd/devices");
	const dax = await readDirOptional(local, "/sys/bus/dax/devices");
	if (nd.length > 0 || dax.length > 0) return {
		host: local,
		reason: `using this machine (local): it has ${nd.length} nd and ${dax.length} dax devices`
	};
	return {
		host: openHost("sim:qemu-nvdimm", opts),
		reason: "using the simulator (sim:qemu-nvdimm): this machine has no NVDIMM or dax devices; pass --host local to inspect it anyway"
	};
}
/** Predictions run on a simulated twin of the machine being planned for. */
function simTwin(t) {
	return new SimHost({ state: twinFromTopology(t, "prediction") });
}
// electron/actions/elevation/runner.ts
/** Runs steps on the host itself (sim, root, or a host that elevates on its own). */
var DirectRunner = class {
	host;
	timeoutMs;
	constructor(host, timeoutMs) {
		this.host = host;
		this.timeoutMs = timeoutMs;
	}
	async begin() {}
	run(_index, op) {
		return runStep(this.host, op, this.timeoutMs);
	}
	async end() {}
};
/** The helper program pkexec starts. */
var HELPER_PATH = fileURLToPath(new URL("../../../bin/pmem-console-helper.js", import.meta.url));
/** Runs steps as root through `pkexec node pmem-console-helper`: the helper checks the whole plan, then runs each step when asked. */
var ElevatedRunner = class {
	argv;
	child = null;
	lines = null;
	rl = null;
	constructor(argv = [
		"pkexec",
		process.execPath,
		HELPER_PATH
	]) {
		this.argv = argv;
	}
	async reply() {
		const next = await this.lines.next();
		if (next.done) throw new HostError("EPERM", "the privileged helper stopped: authentication was refused or cancelled, or pkexec is missing");
		return JSON.parse(next.value);
	}
	async begin(steps) {
		const [file, ...args] = this.argv;
		this.child = spawn(file, args, { stdio: [
			"pipe",
			"pipe",
			"pipe"
		] });
		this.child.on("error", () => {});
		this.rl = createInterface({ input: this.child.stdout });
		this.lines = this.rl[Symbol.asyncIterator]();
		this.child.stdin.write(JSON.stringify({ steps }) + "\n");
		const r = await this.reply();
		if (r.refused) throw new HostError("EPERM", `the privileged helper refused the plan: ${String(r.refused)}`);
	}
	async run(index) {
		this.child.stdin.write(JSON.stringify({ run: index }) + "\n");
		const r = await this.reply();
		if (r.refused) throw new HostError("EPERM", `the privileged helper refused: ${String(r.refused)}`);
		return r;
	}
	async end() {
		this.child?.stdin.end();
		this.rl?.close();
		this.child = null;
	}
};
/** The runner a host needs: the helper for this machine when not root, the host itself otherwise. */
function runnerFor(host, timeoutMs) {
	const root = typeof process.getuid !== "function" || process.getuid() === 0;
	if (host.info.kind === "local" && !root) return new ElevatedRunner();
	return new DirectRunner(host, timeoutMs);
}
// electron/host/watch.ts
/** The poll interval for hosts without change notifications (ssh), and the fallback when udevadm is missing. */
var POLL_MS = 5e3;
/** Subsystems whose uevents can change what the console shows. */
var UEVENT_SUBSYSTEMS = [
	"nd",
	"dax",
	"memory",
	"node"
];
function debounced(fn, ms) {
	let timer = null;
	const call = () => {
		if (timer) clearTimeout(timer);
		timer = setTimeout(() => {
			timer = null;
			fn();
		}, ms);
	};
	return Object.assign(call, { cancel: () => {
		if (timer) clearTimeout(timer);
	} });
}
function poll(onChange, ms) {
	const timer = setInterval(onChange, ms);
	timer.unref();
	return {
		kind: "poll",
		pollMs: ms,
		stop: () => clearInterval(timer)
	};
}
/** Watches the state file a sim keeps (another process, such as the CLI on the same --state, may change it). */
function watchStateFile(file, onChange) {
	const fire = debounced(onChange, 80);
	let watcher = null;
	try {
		watcher = watch(dirname(file), { persistent: false }, (_event, name) => {
			if (name === basename(file)) fire();
		});
	} catch {
		return poll(onChange, POLL_MS);
	}
	return {
		kind: "state-file",
		pollMs: null,
		stop: () => {
			fire.cancel();
			watcher?.close();
		}
	};
}
/** Follows kernel uevents of the nd, dax, memory and node subsystems with udevadm monitor; polls when udevadm cannot run. */
function watchUevents(onChange) {
	const fire = debounced(onChange, 300);
	let fallback = null;
	let child = null;
	try {
		child = execa("udevadm", [
			"monitor",
			"--kernel",
			...UEVENT_SUBSYSTEMS.map((s) => `--subsystem-match=${s}`)
		], {
			reject: false,
			buffer: false,
			stdin: "ignore",
			stderr: "ignore"
		});
		child.stdout?.on("data", fire);
		child.then((r) => {
			if (!r.isTerminated && !fallback) fallback = poll(onChange, POLL_MS);
		}, () => {
			fallback ??= poll(onChange, POLL_MS);
		});
	} catch {
		return poll(onChange, POLL_MS);
	}
	return {
		kind: "uevents",
		pollMs: null,
		stop: () => {
			fire.cancel();
			child?.kill();
			fallback?.stop();
		}
	};
}
/** Starts watching a host for changes made outside the console; onChange is called (debounced) when something may have changed. */
function watchHost(host, opts, onChange) {
	switch (host.info.kind) {
		case "sim": return opts.stateFile ? watchStateFile(opts.stateFile, onChange) : {
			kind: "none",
			pollMs: null,
			stop: () => {}
		};
		case "local": return opts.sysroot ? poll(onChange, POLL_MS) : watchUevents(onChange);
		case "ssh": return poll(onChange, POLL_MS);
		case "replay": return {
			kind: "none",
			pollMs: null,
			stop: () => {}
		};
		default: return host.info.kind;
	}
}
// electron/api/availability.ts
function candidates(input) {
	const t = input.topology;
	const out = /* @__PURE__ */ new Map();
	for (const r of t.regions) out.set(r.dev, [
		r.state === "enabled" ? [
			"region.disable",
			"Disable",
			{ region: r.dev }
		] : [
			"region.enable",
			"Enable",
			{ region: r.dev }
		],
		[
			"namespace.create",
			"Create namespace…",
			{
				region: r.dev,
				mode: "devdax"
			}
		],
		[
			"labels.init",
			"Initialise labels…",
			{ region: r.dev }
		]
	]);
	for (const ns of t.namespaces.filter((n) => n.size > 0)) out.set(ns.dev, [
		[
			"namespace.reconfigure",
			"Change mode…",
			{
				namespace: ns.dev,
				mode: ns.mode === "devdax" ? "fsdax" : "devdax"
			}
		],
		ns.state === "enabled" ? [
			"namespace.disable",
			"Disable",
			{ namespace: ns.dev }
		] : [
			"namespace.enable",
			"Enable",
			{ namespace: ns.dev }
		],
		[
			"namespace.destroy",
			"Destroy…",
			{ namespace: ns.dev }
		]
	]);
	for (const d of t.daxDevices) {
		const list = d.mode === "system-ram" ? [
			[
				"dax.devdax",
				"Give back (devdax)",
				{ device: d.dev }
			],
			[
				"memory.online",
				"Online memory",
				{ device: d.dev }
			],
			[
				"memory.offline",
				"Offline memory",
				{ device: d.dev }
			]
		] : [[
			"dax.system-ram",
			"Use as system RAM",
			{ device: d.dev }
		]];
		out.set(d.dev, list);
	}
	return out;
}
/** The actions each region, namespace and dax device allows, with the reason where one does not. */
function objectActions(input, canAct) {
	const out = {};
	for (const [object, list] of candidates(input)) out[object] = list.map(([action, label, params]) => {
		const withDefaults = { ...params };
		for (const [k, spec] of Object.entries(CATALOG[action].params)) if (spec.default !== void 0 && withDefaults[k] === void 0) withDefaults[k] = spec.default;
		let risk = "safe";
		let disabledBecause = canAct;
		try {
			const draft = draftPlan(input, {
				action,
				params: withDefaults
			});
			risk = draft.risk;
			disabledBecause ??= draft.guards.find((g) => g.blocking)?.message ?? null;
		} catch (e) {
			disabledBecause ??= e.message;
		}
		return {
			action,
			label,
			params: withDefaults,
			risk,
			disabledBecause
		};
	});
	return out;
}
// electron/api/session.ts
/** Plans are kept this long after they were made; running an older one means planning again. */
var PLAN_TTL_MS = 9e5;
var MAX_PLANS = 64;
/** What changes between two reads that the views care about: everything but the clock and the free-memory counters. */
function fingerprint(t) {
	const { takenAt: _t, meminfo: _m, nodes, ...rest } = t;
	return JSON.stringify({
		...rest,
		nodes: nodes.map(({ memFree: _f, ...n }) => n)
	});
}
/** One open host and everything the API serves about it. */
var ConsoleSession = class {
	#spec;
	#host;
	#watch;
	#view = null;
	#reading = null;
	#again = false;
	#lastFingerprint = "";
	#version = 0;
	#plans = /* @__PURE__ */ new Map();
	#listeners = /* @__PURE__ */ new Set();
	#first;
	constructor(opts) {
		this.#first = opts;
		this.#spec = opts.spec;
		this.#host = opts.host ?? openHost(opts.spec, opts);
		this.#watch = this.#startWatch(opts);
	}
	#startWatch(opts) {
		return watchHost(this.#host, opts, () => void this.refresh().catch(() => {}));
	}
	/** Subscribes to events; returns the unsubscribe. */
	subscribe(listener) {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}
	#emit(event, payload) {
		for (const l of this.#listeners) l(event, payload);
	}
	/** Why actions cannot run on this host, or null when they can. */
	#cannotAct() {
		if (this.#host.info.kind === "replay") return "this is a replay of a captured machine: it can be looked at, not changed";
		if (this.#host.info.kind === "local" && this.#first.sysroot && this.#spec === this.#first.spec) return "this is a --sysroot view of files, not a live machine: it can be looked at, not changed";
		return null;
	}
	/** Which host this is and how it is watched. */
	info() {
		const cannot = this.#cannotAct();
		return {
			spec: this.#spec,
			host: this.#host.info,
			presets: [...PRESET_NAMES],
			watch: this.#watch.kind,
			pollMs: this.#watch.pollMs,
			canAct: cannot === null,
			cannotActBecause: cannot
		};
	}
	/** Switches to another host (the host picker); the old one is closed once the new one opened. */
	async open(spec) {
		const opts = spec === this.#first.spec ? this.#first : { sshConfig: this.#first.sshConfig };
		const host = openHost(spec, opts);
		const old = this.#host;
		this.#watch.stop();
		this.#host = host;
		this.#spec = spec;
		this.#plans.clear();
		this.#view = null;
		this.#lastFingerprint = "";
		this.#watch = this.#startWatch(opts);
		await old.close();
		await this.refresh();
		return this.info();
	}
	/** The latest read, reading the machine if there is none yet. */
	async view() {
		return this.#view ?? this.refresh();
	}
	/** Reads the machine again; emits a view event when something the views show changed. Reads never overlap: a request during a read queues one more. */
	refresh() {
		if (this.#reading) {
			this.#again = true;
			return this.#reading;
		}
		const host = this.#host;
		this.#reading = (async () => {
			try {
				let view;
				do {
					this.#again = false;
					const input = await readPlanInput(host);
					const topology = viewTopology(input.topology);
					const fp = fingerprint(topology);
					const changed = fp !== this.#lastFingerprint;
					if (changed) this.#version++;
					this.#lastFingerprint = fp;
					view = {
						version: this.#version,
						session: this.info(),
						topology,
						findings: input.findings,
						objects: objectActions(input, this.#cannotAct())
					};
					if (host !== this.#host) throw new Error("the host was switched while it was being read");
					this.#view = view;
					if (changed) this.#emit("view", view);
				} while (this.#again);
				return view;
			} finally {
				this.#reading = null;
			}
		})();
		return this.#reading;
	}
	#context() {
		return {
			host: this.#host,
			twin: simTwin
		};
	}
	/** Plans an action and keeps the plan, so that running it names the plan instead of sending it back. */
	async plan(request) {
		const plan = await makePlan(this.#context(), request);
		const now = Date.now();
		for (const [id, p] of this.#plans) if (now - p.at > PLAN_TTL_MS || this.#plans.size >= MAX_PLANS) this.#plans.delete(id);
		const planId = randomUUID();
		this.#plans.set(planId, {
			plan,
			at: now
		});
		return {
			planId,
			plan
		};
	}
	/** Runs a kept plan with the person's confirmation, reporting each step as an event, then reads the machine again. */
	async run(request) {
		const kept = this.#plans.get(request.planId);
		if (!kept) throw new PlanGoneError("this plan is no longer known (it expired, the host was switched, or it already ran): plan it again");
		const inner = runnerFor(this.#host, this.#first.timeoutMs);
		const total = kept.plan.steps.length;
		const step = (index, op, status) => this.#emit("run.step", {
			planId: request.planId,
			index,
			total,
			op: describeOp(op),
			status
		});
		const runner = {
			begin: (ops) => inner.begin(ops),
			run: async (index, op) => {
				step(index, op, "running");
				const r = await inner.run(index, op);
				step(index, op, r.ok ? "ok" : "failed");
				return r;
			},
			end: () => inner.end()
		};
		try {
			const report = await runPlan(this.#context(), kept.plan, {
				yes: request.yes,
				typedName: request.typedName
			}, runner);
			this.#plans.delete(request.planId);
			return report;
		} finally {
			await this.refresh().catch(() => {});
		}
	}
	/** Every plan run so far, newest first. */
	journal() {
		const { entries, skipped } = readJournal();
		return {
			entries: [...entries].reverse(),
			skipped
		};
	}
	/** The actions and their parameters, for the dialogs' forms. */
	catalog() {
		return ACTION_NAMES.map((action) => ({
			action,
			summary: CATALOG[action].summary,
			params: Object.entries(CATALOG[action].params).map(([key, p]) => ({
				key,
				kind: typeof p.kind === "object" ? "choice" : p.kind,
				choices: typeof p.kind === "object" ? [...p.kind.oneOf] : [],
				required: p.required,
				help: p.help,
				default: p.default ?? null
			}))
		}));
	}
	/** Stops watching and closes the host. */
	async close() {
		this.#watch.stop();
		this.#listeners.clear();
		await this.#host.close();
	}
};
/** A plan id that is not (or no longer) kept. */
var PlanGoneError = class extends Error {};
// electron/api/dispatch.ts
function kindOf(e) {
	if (e instanceof RefusedError) return e.badInput ? "bad-input" : "refused";
	if (e instanceof NotConfirmedError) return "not-confirmed";
	if (e instanceof LockedError) return "locked";
	if (e instanceof ParamError || e instanceof HostSpecError || e instanceof PlanGoneError) return "bad-input";
	if (e instanceof HostError || e instanceof ToolOutputError) return "host";
	return "internal";
}
var HANDLERS = {
	"session.get": (s) => s.info(),
	"session.open": (s, r) => s.open(r.spec),
	"view.get": (s) => s.view(),
	"view.refresh": (s) => s.refresh(),
	"plan.make": (s, r) => s.plan(r),
	"plan.run": (s, r) => s.run(r),
	"journal.list": (s) => s.journal(),
	"actions.catalog": (s) => s.catalog()
};
/** Checks and answers one call. A call that does not fit the contract is refused and logged, and nothing runs. */
async function dispatch(session, method, payload, log) {
	if (!isApiMethod(method)) {
		log(`refused a call to an unknown method ${JSON.stringify(String(method)).slice(0, 80)}`);
		return {
			ok: false,
			error: {
				kind: "bad-request",
				message: "unknown method"
			}
		};
	}
	const parsed = REQUESTS[method].safeParse(payload ?? {});
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const why = `${issue?.path.join(".") || "request"}: ${issue?.message ?? "invalid"}`;
		log(`refused ${method}: the request does not fit its schema (${why})`);
		return {
			ok: false,
			error: {
				kind: "bad-request",
				message: `${method}: ${why}`
			}
		};
	}
	try {
		return {
			ok: true,
			result: await HANDLERS[method](session, parsed.data)
		};
	} catch (e) {
		const kind = kindOf(e);
		if (kind === "internal") log(`internal error in ${method}: ${e.stack ?? e}`);
		return {
			ok: false,
			error: {
				kind,
				message: e.message
			}
		};
	}
}
// electron/cli/gui.ts
/** The project's root folder (where package.json and out/ are). */
var PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));
join(PROJECT_ROOT, "out", "renderer");
join(PROJECT_ROOT, "out", "main", "index.js");
// electron/cli/main.ts
/** Bad command-line input (exit 2). */
var UsageError = class extends Error {};
/** Parses the command line (exported for the Electron main process, which takes the same host options). */
function parseArgs(argv) {
	const [command, ...rest] = argv;
	if (!command || command === "--help" || command === "-h" || command === "help") throw new UsageError("help");
	const a = {
		command,
		json: false,
		params: {},
		yes: false
	};
	if ((command === "plan" || command === "apply") && rest[0] !== void 0 && !rest[0].startsWith("-")) a.action = rest.shift();
	for (let i = 0; i < rest.length; i++) {
		const arg = rest[i];
		const [name, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, void 0];
		const value = () => {
			const v = inline ?? rest[++i];
			if (v === void 0 || v === "") throw new UsageError(`${name} needs a value`);
			return v;
		};
		switch (name) {
			case "--host":
				a.host = value();
				break;
			case "--state":
				a.state = value();
				break;
			case "--sysroot":
				a.sysroot = value();
				break;
			case "--ssh-config":
				a.sshConfig = value();
				break;
			case "--json":
				a.json = true;
				break;
			case "-o":
			case "--output":
				a.output = value();
				break;
			case "--yes":
				a.yes = true;
				break;
			case "--confirm":
				a.confirm = value();
				break;
			case "--timeout": {
				const v = value();
				if (!/^\d+$/.test(v) || Number(v) <= 0) throw new UsageError(`--timeout takes milliseconds (a whole number above 0), not "${v}"`);
				a.timeoutMs = Number(v);
				break;
			}
			case "--port": {
				const v = value();
				if (!/^\d+$/.test(v) || Number(v) > 65535) throw new UsageError(`--port takes a port number (0-65535), not "${v}"`);
				a.port = Number(v);
				break;
			}
			default:
				if (a.action !== void 0 && /^--[a-z][a-z-]*$/.test(name)) {
					const key = name.slice(2);
					if (key in a.params) throw new UsageError(`--${key} is given twice`);
					a.params[key] = value();
					break;
				}
				throw new UsageError(`unknown option "${arg}" for ${command}`);
		}
	}
	return a;
}
/** Wraps a host so every tool run gets the requested timeout. */
function withTimeout(host, timeoutMs) {
	if (!timeoutMs) return host;
	return new Proxy(host, { get(target, prop, receiver) {
		if (prop === "exec") return (argv) => target.exec(argv, { timeoutMs });
		const v = Reflect.get(target, prop, receiver);
		return typeof v === "function" ? v.bind(target) : v;
	} });
}
/** Opens the host the arguments name (exported for the Electron main process). */
async function open(a, err) {
	if (a.sysroot && a.host && a.host !== "local") throw new UsageError("--sysroot only goes with --host local");
	if (a.state && a.host && !a.host.startsWith("sim:")) throw new UsageError("--state only goes with a sim host (--host sim:PRESET)");
	if (a.sshConfig && !a.host?.startsWith("ssh://")) throw new UsageError("--ssh-config only goes with an ssh host (--host ssh://[user@]host[:port])");
	if (a.host) return withTimeout(openHost(a.host, {
		stateFile: a.state,
		sysroot: a.sysroot,
		sshConfig: a.sshConfig
	}), a.timeoutMs);
	if (a.state) return withTimeout(openHost("sim:qemu-nvdimm", { stateFile: a.state }), a.timeoutMs);
	const { host, reason } = await defaultHost({ sysroot: a.sysroot });
	err(`pmem-console: ${reason}\n`);
	return withTimeout(host, a.timeoutMs);
}
/** The spec of a host the CLI opened by default (sim:PRESET or local). */
function specOf(host) {
	return host.info.kind === "sim" ? `sim:${host.info.preset}` : "local";
}
// electron/window.ts
/** The renderer's index.html, next to the built main process. */
var RENDERER_INDEX = join(import.meta.dirname, "../renderer/index.html");
/** Whether a URL is the console's own page (and so may talk to the API). */
function isConsolePage(url) {
	try {
		const u = new URL(url);
		return u.protocol === "file:" && decodeURIComponent(u.pathname) === RENDERER_INDEX.replaceAll("\\", "/");
	} catch {
		return false;
	}
}
/** Denies every permission request (camera, notifications, clipboard, ...): the console needs none. */
function denyPermissions() {
	session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
	session.defaultSession.setPermissionCheckHandler(() => false);
}
/** Creates the console window. */
function createWindow() {
	const win = new BrowserWindow({
		width: 1280,
		height: 800,
		minWidth: 960,
		minHeight: 640,
		title: "pmem-console",
		show: false,
		webPreferences: {
			preload: join(import.meta.dirname, "../preload/index.cjs"),
			contextIsolation: true,
			sandbox: true,
			nodeIntegration: false,
			nodeIntegrationInWorker: false,
			nodeIntegrationInSubFrames: false,
			webSecurity: true,
			allowRunningInsecureContent: false,
			experimentalFeatures: false,
			webviewTag: false,
			navigateOnDragDrop: false,
			spellcheck: false
		}
	});
	win.webContents.on("will-navigate", (event) => event.preventDefault());
	win.webContents.on("will-redirect", (event) => event.preventDefault());
	win.webContents.on("will-attach-webview", (event) => event.preventDefault());
	win.webContents.setWindowOpenHandler(({ url }) => {
		if (/^https?:\/\//.test(url)) shell.openExternal(url);
		return { action: "deny" };
	});
	win.once("ready-to-show", () => win.show());
	win.loadFile(RENDERER_INDEX);
	return win;
}
// electron/main.ts
var log = (line) => process.stderr.write(`pmem-console: ${line}\n`);
app.enableSandbox();
async function start() {
	const args = parseArgs(["start", ...process.argv.slice(app.isPackaged ? 1 : 2)]);
	const host = await open(args, log);
	const session = new ConsoleSession({
		spec: args.host ?? specOf(host),
		host,
		stateFile: args.state,
		sysroot: args.sysroot,
		sshConfig: args.sshConfig,
		timeoutMs: args.timeoutMs
	});
	denyPermissions();
	ipcMain.handle("pmem:call", (event, method, payload) => {
		if (!event.senderFrame || !isConsolePage(event.senderFrame.url)) {
			log(`refused IPC from ${event.senderFrame?.url ?? "a destroyed frame"}: not the console's page`);
			return {
				ok: false,
				error: {
					kind: "bad-request",
					message: "not the console page"
				}
			};
		}
		return dispatch(session, method, payload, log);
	});
	const win = createWindow();
	const unsubscribe = session.subscribe((event, payload) => {
		if (!win.isDestroyed()) win.webContents.send("pmem:event", event, payload);
	});
	app.on("window-all-closed", () => {
		unsubscribe();
		session.close().finally(() => app.quit());
	});
}
app.whenReady().then(start).catch((e) => {
	log(e.message);
	app.exit(2);
});
export {};
