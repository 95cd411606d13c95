import { hash as sha1 } from 'node:crypto';

/** Fixed namespace for payledger's UUIDv5 event ids (itself a random UUID, chosen once). */
const PAYLEDGER_NAMESPACE = 'a3a7e4c2-5b8e-4f0a-9a64-0f1c2d7b9e51';
const NAMESPACE_BYTES = Buffer.from(PAYLEDGER_NAMESPACE.replaceAll('-', ''), 'hex');

/**
 * RFC 9562 UUIDv5 of `name` in payledger's namespace. Deterministic, so a gateway's redelivery of
 * one event always maps to the same event id, which is what the stores dedupe on.
 */
export function deterministicEventId(name: string): string {
  // One-shot `hash` over namespace + name: a `createHash` object costs more than the SHA-1 itself.
  const input = Buffer.allocUnsafe(NAMESPACE_BYTES.length + Buffer.byteLength(name, 'utf8'));
  NAMESPACE_BYTES.copy(input);
  input.write(name, NAMESPACE_BYTES.length, 'utf8');
  const hash = sha1('sha1', input, 'buffer');
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id of the canonical event for a gateway's event, e.g. `stripe:evt_123`. */
export function paymentEventId(gateway: string, gatewayEventId: string): string {
  return deterministicEventId(`${gateway}:${gatewayEventId}`);
}
