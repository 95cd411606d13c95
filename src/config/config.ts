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
  /** Whether this instance takes part in the projection lease (the holder runs them). */
  readonly projectionsEnabled: boolean;
  /** Paths of analysts' projection modules kept up to date beside the built-in ones. */
  readonly projectionsExtra: readonly string[];
  /** When set, projection lag above it makes the projections unhealthy (never `/readyz` alone). */
  readonly projectionMaxLagSeconds: number | undefined;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  readonly audit: {
    /** How often a digest is appended when the log moved; 0: this instance appends none. */
    readonly digestIntervalSeconds: number;
    /** Ed25519 private key (PEM) that signs digests; unsigned when unset. */
    readonly signingKeyFile: string | undefined;
  };
}
