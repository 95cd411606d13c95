import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKey } from '../config/config.js';

const digest = (token: string) => createHash('sha256').update(token).digest();

/** A short, stable name for a token in logs and metrics: never the token, never reversible. */
export function tokenFingerprint(token: string): string {
  return digest(token).toString('hex').slice(0, 16);
}

export interface ApiKeyRing {
  /** The key a presented token belongs to, compared in constant time. */
  find(token: string): (ApiKey & { readonly fingerprint: string }) | undefined;
  /** Swaps in a new set of keys at once: a request sees the old set or the new, never a mix. */
  replace(keys: readonly ApiKey[]): void;
}

/**
 * `API_KEYS`, held as SHA-256 digests and compared in constant time, so neither a token's content
 * nor its length leaks through timing. Every configured key is compared, whichever matches.
 */
export function createApiKeyRing(initial: readonly ApiKey[]): ApiKeyRing {
  const hashed = (keys: readonly ApiKey[]) =>
    keys.map((key) => ({
      ...key,
      digest: digest(key.token),
      fingerprint: tokenFingerprint(key.token),
    }));
  let keys = hashed(initial);
  return {
    find(token) {
      const presented = digest(token);
      let found: (typeof keys)[number] | undefined;
      for (const key of keys) if (timingSafeEqual(key.digest, presented) && !found) found = key;
      return found && { role: found.role, token: found.token, fingerprint: found.fingerprint };
    },
    replace(next) {
      keys = hashed(next);
    },
  };
}
