import { constantTimeEquals } from './constantTimeEquals.js';

/**
 * Index of the first configured secret whose expected signature equals any of the received ones,
 * or -1. Every candidate is compared (no early exit on a match of length) so rotation — several
 * secrets, several signatures — costs the same whichever one matches.
 */
export function findMatchingSecret<Secret>(
  secrets: readonly Secret[],
  receivedSignatures: readonly Buffer[],
  expectedSignatureFor: (secret: Secret) => Buffer,
): number {
  let match = -1;
  secrets.forEach((secret, index) => {
    const expected = expectedSignatureFor(secret);
    for (const received of receivedSignatures) {
      if (constantTimeEquals(received, expected) && match === -1) match = index;
    }
  });
  return match;
}
