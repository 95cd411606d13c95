import { GATEWAY_SECRET_VARIABLES, type Config } from '../config/config.js';
import { isGatewayName, type Gateway, type GatewayName } from './gateway.js';
import { createGenericGateway } from './gateways/generic/genericGateway.js';
import {
  createIppopayCallBudget,
  type IppopayCallBudget,
} from './gateways/ippopay/ippopayCallBudget.js';
import { createIppopayGateway } from './gateways/ippopay/ippopayGateway.js';
import { createRazorpayGateway } from './gateways/razorpay/razorpayGateway.js';
import { createStripeGateway } from './gateways/stripe/stripeGateway.js';
import { GatewayNotConfiguredError, UnknownGatewayError } from './webhookErrors.js';

export type GatewayRegistry = (name: string) => Gateway;

type GatewayConfig = Pick<Config, 'secrets' | 'ippopay' | 'webhookToleranceSeconds'>;

/**
 * Builds registries (one at start, one per SIGHUP reload) that share what must outlive a reload:
 * the budget of Ippopay API calls, made with the first configuration that has Ippopay.
 */
export function gatewayRegistryBuilder(): (config: GatewayConfig) => GatewayRegistry {
  let ippopayCalls: IppopayCallBudget | undefined;
  return (config) => {
    if (config.ippopay) ippopayCalls ??= createIppopayCallBudget(config.ippopay.callsPerSecond);
    return createGatewayRegistry(config, ippopayCalls);
  };
}

/**
 * Builds every configured gateway once. A gateway without its secret (or keys) is refused with
 * `gateway_not_configured`: a webhook is never stored unverified.
 */
export function createGatewayRegistry(
  config: GatewayConfig,
  ippopayCalls?: IppopayCallBudget,
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
  if (config.secrets.stripe.length > 0) {
    gateways.set(
      'stripe',
      createStripeGateway({
        secrets: config.secrets.stripe,
        toleranceSeconds: config.webhookToleranceSeconds,
      }),
    );
  }
  if (config.secrets.razorpay.length > 0) {
    gateways.set('razorpay', createRazorpayGateway({ secrets: config.secrets.razorpay }));
  }
  if (config.ippopay)
    gateways.set(
      'ippopay',
      createIppopayGateway({
        ...config.ippopay,
        ...(ippopayCalls ? { budget: ippopayCalls } : {}),
      }),
    );
  return (name) => {
    if (!isGatewayName(name)) throw new UnknownGatewayError(name);
    const gateway = gateways.get(name);
    if (!gateway) throw new GatewayNotConfiguredError(name, GATEWAY_SECRET_VARIABLES[name]);
    return gateway;
  };
}
