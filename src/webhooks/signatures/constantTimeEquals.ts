import { timingSafeEqual } from 'node:crypto';

/**
 * Compares a received signature with the expected one in time independent of where they differ,
 * so an attacker cannot learn the signature byte by byte. `timingSafeEqual` throws on unequal
 * lengths, and a length mismatch reveals nothing secret, so it is checked first.
 */
export function constantTimeEquals(received: Buffer, expected: Buffer): boolean {
  return received.length === expected.length && timingSafeEqual(received, expected);
}
