// Prints JSON byte-for-byte like json-c's JSON_C_TO_STRING_PRETTY, which ndctl and daxctl use.

/** A JSON value whose object keys keep insertion order, as json-c's do. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Formats a value the way `ndctl list` / `daxctl list` print it (two-space indent, "key":value, "\/"). */
export function toJsonC(value: JsonValue, indent = 0): string {
  const pad = '  '.repeat(indent + 1);
  const close = '  '.repeat(indent);
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
