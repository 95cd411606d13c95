import type { JsonValue } from '../domain/paymentEvent.js';

/**
 * The one text of a JSON value that hashing relies on: object keys sorted by UTF-16 code units,
 * no whitespace, strings and numbers as `JSON.stringify` writes them. For the values JSON can
 * hold this is RFC 8785 (JCS), so anyone can recompute a hash with a JCS library. Two stores that
 * serialize the same value differently (key order, spacing) still give the same text.
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value) as string | undefined;
    if (text === undefined || (typeof value === 'number' && !Number.isFinite(value))) {
      throw new TypeError(`canonicalJson: ${String(value)} is not a JSON value`);
    }
    return text;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  const members: string[] = [];
  for (const key of keys) {
    const member = value[key];
    if (member === undefined) continue;
    members.push(`${JSON.stringify(key)}:${canonicalJson(member)}`);
  }
  return `{${members.join(',')}}`;
}
