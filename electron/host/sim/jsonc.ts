// Prints JSON byte-for-byte like json-c's JSON_C_TO_STRING_PRETTY, which ndctl and daxctl use.

/** A json-c double (json_object_new_double): printed with %.17g and ".0" when that has no point, so 23 prints "23.0". */
export class JsonDouble {
  constructor(readonly value: number) {}
}

/** A JSON value whose object keys keep insertion order, as json-c's do; a bigint is a u64 (json_object_new_uint64), printed exactly. */
export type JsonValue = string | number | bigint | boolean | null | JsonDouble | JsonValue[] | { [key: string]: JsonValue };

/** json-c's double format: "%.17g", then ".0" when the digits have neither a point nor an exponent. */
function doubleText(v: number): string {
  let t = Number.isInteger(v) && Math.abs(v) < 1e17 ? String(v) : v.toPrecision(17).replace(/(\.\d*?)0+(e|$)/, '$1$2').replace(/\.(e|$)/, '$1');
  t = t.replace(/e\+?(-?)(\d)$/, 'e$10$2');
  return /[.e]/.test(t) ? t : `${t}.0`;
}

/** Formats a value the way `ndctl list` / `daxctl list` print it (two-space indent, "key":value, "\/"). */
export function toJsonC(value: JsonValue, indent = 0): string {
  const pad = '  '.repeat(indent + 1);
  const close = '  '.repeat(indent);
  if (value instanceof JsonDouble) return doubleText(value.value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[\n' + close + ']';
    return '[\n' + value.map((v) => pad + toJsonC(v, indent + 1)).join(',\n') + '\n' + close + ']';
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{\n' + close + '}';
    return '{\n' + entries.map(([k, v]) => `${pad}${quote(k)}:${toJsonC(v, indent + 1)}`).join(',\n') + '\n' + close + '}';
  }
  if (typeof value === 'string') return quote(value);
  return String(value);
}

function quote(s: string): string {
  return JSON.stringify(s).replace(/\//g, '\\/');
}
