import type { GatewayName } from '../webhooks/gateway.js';

export type Role = 'auditor' | 'analyst' | 'admin';

export interface ApiKey {
  readonly role: Role;
  readonly token: string;
}

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly eventStoreUrl: string | undefined;
  readonly mongodbUrl: string | undefined;
  readonly mongodbDb: string;
  readonly secrets: {
    readonly stripe: readonly string[];
    readonly razorpay: readonly string[];
    /** Decoded Standard Webhooks keys. */
    readonly generic: readonly Buffer[];
  };
  readonly ippopay:
    | {
        readonly publicKey: string;
        readonly secretKey: string;
        readonly apiUrl: string;
        /** Bound on calls to Ippopay's API, which anyone can trigger by posting a notification. */
        readonly callsPerSecond: number;
      }
    | undefined;
  readonly apiKeys: readonly ApiKey[];
  readonly webhookToleranceSeconds: number;
  /** Largest webhook body taken; never more than the event store can hold. */
  readonly maxBodyBytes: number;
  /** The most the configured event store takes in one append (EventStoreDB's MaxAppendSize). */
  readonly eventStoreMaxAppendBytes: number;
  /** Time a client has to send a whole request; slower ones (slowloris) get 408. */
  readonly requestTimeoutSeconds: number;
  readonly maxPendingWebhooks: number;
  /** Whether this instance runs the projections (exactly one instance should). */
  readonly projectionsEnabled: boolean;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  readonly audit: {
    /** How often a digest is appended when the log moved; 0: this instance appends none. */
    readonly digestIntervalSeconds: number;
    /** Ed25519 private key (PEM) that signs digests; unsigned when unset. */
    readonly signingKeyFile: string | undefined;
  };
}

/** The variable to set for each gateway, named in `gateway_not_configured` answers. */
export const GATEWAY_SECRET_VARIABLES: Readonly<Record<GatewayName, string>> = {
  stripe: 'STRIPE_WEBHOOK_SECRET',
  razorpay: 'RAZORPAY_WEBHOOK_SECRET',
  generic: 'GENERIC_WEBHOOK_SECRET',
  ippopay: 'IPPOPAY_PUBLIC_KEY and IPPOPAY_SECRET_KEY',
};
