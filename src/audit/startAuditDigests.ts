import type { Config } from '../config/config.js';
import { ConfigError } from '../config/configError.js';
import type { Clock } from '../domain/clock.js';
import type { EventStore } from '../eventStore/eventStore.js';
import type { Logger } from '../observability/logger.js';
import { startDigester, type Digester } from './digest/digester.js';
import { loadDigestSigner, SigningKeyError, type DigestSigner } from './digest/digestSigning.js';

/** The digest signer `AUDIT_SIGNING_KEY_FILE` names, if any; a bad key is a `ConfigError`. */
export function loadAuditSigner(config: Config): DigestSigner | undefined {
  const file = config.audit.signingKeyFile;
  try {
    return file === undefined ? undefined : loadDigestSigner(file);
  } catch (error) {
    if (!(error instanceof SigningKeyError)) throw error;
    throw new ConfigError([{ variable: 'AUDIT_SIGNING_KEY_FILE', message: error.message }]);
  }
}

/** The service's digests as configured: none with `AUDIT_DIGEST_INTERVAL_SECONDS=0`. */
export function startAuditDigests(
  config: Config,
  deps: {
    readonly eventStore: EventStore;
    readonly logger: Logger;
    readonly clock: Clock;
    readonly signer: DigestSigner | undefined;
  },
): Digester | undefined {
  const intervalSeconds = config.audit.digestIntervalSeconds;
  if (intervalSeconds === 0) {
    deps.logger.info('audit: this instance appends no digests (AUDIT_DIGEST_INTERVAL_SECONDS=0)');
    return undefined;
  }
  deps.logger.info('audit: digests', {
    intervalSeconds,
    signedBy: deps.signer?.keyId ?? 'nobody (AUDIT_SIGNING_KEY_FILE unset)',
  });
  return startDigester({ ...deps, intervalSeconds });
}
