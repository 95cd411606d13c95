import { GATEWAY_SECRET_VARIABLES, type Config } from '../config/config.js';
import { isGatewayName, type Gateway, type GatewayName } from './gateway.js';
import { createGenericGateway } from './gateways/generic/genericGateway.js';
import { GatewayNotConfiguredError, UnknownGatewayError } from './webhookErrors.js';

export type GatewayRegistry = (name: string) => Gateway;

/**
 * Builds every configured gateway once. A gateway without its secret (or keys) is refused with
 * `gateway_not_configured`: a webhook is never stored unverified.
 */
export function createGatewayRegistry(
  config: Pick<Config, 'secrets' | 'ippopay' | 'webhookToleranceSeconds'>,
): GatewayRegistry {
  const gateways = new Map<GatewayName, Gateway>();
  if (config.secrets.generic.length > 0) {
    gateways.set(
      'generic',
      createGenericGateway({
        keys: config.secrets.generic,
        toleranceSeconds: config.webhookToleranceSeconds,
      }),
    );
  }
  return (name) => {
    if (!isGatewayName(name)) throw new UnknownGatewayError(name);
    const gateway = gateways.get(name);
    if (!gateway) throw new GatewayNotConfiguredError(name, GATEWAY_SECRET_VARIABLES[name]);
    return gateway;
  };
}
