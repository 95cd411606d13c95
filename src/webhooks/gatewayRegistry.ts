import { isGatewayName, type Gateway, type GatewayName } from './gateway.js';
import { createGenericGateway } from './gateways/generic/genericGateway.js';
import {
  createIppopayCallBudget,
  type IppopayCallBudget,
} from './gateways/ippopay/ippopayCallBudget.js';
import {
  createIppopayGateway,
  type IppopayGatewayOptions,
} from './gateways/ippopay/ippopayGateway.js';
import { createRazorpayGateway } from './gateways/razorpay/razorpayGateway.js';
import { createStripeGateway } from './gateways/stripe/stripeGateway.js';
import { GatewayNotConfiguredError, UnknownGatewayError } from './webhookErrors.js';

export type GatewayRegistry = (name: string) => Gateway;

/** What the gateways are built from (the configuration passes itself). */
export interface GatewaySettings {
  readonly secrets: {
    readonly stripe: readonly string[];
    readonly razorpay: readonly string[];
    /** Decoded Standard Webhooks keys. */
    readonly generic: readonly Buffer[];
  };
  readonly ippopay: (IppopayGatewayOptions & { readonly callsPerSecond: number }) | undefined;
  readonly webhookToleranceSeconds: number;
}

/** The variable to set for each gateway, named in `gateway_not_configured` answers. */
export const GATEWAY_SECRET_VARIABLES: Readonly<Record<GatewayName, string>> = {
  stripe: 'STRIPE_WEBHOOK_SECRET',
  razorpay: 'RAZORPAY_WEBHOOK_SECRET',
  generic: 'GENERIC_WEBHOOK_SECRET',
  ippopay: 'IPPOPAY_PUBLIC_KEY and IPPOPAY_SECRET_KEY',
};

/**
 * Builds registries (one at start, one per SIGHUP reload) that share what must outlive a reload:
 * the budget of Ippopay API calls, made with the first configuration that has Ippopay.
 */
export function gatewayRegistryBuilder(): (config: GatewaySettings) => GatewayRegistry {
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
  config: GatewaySettings,
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
