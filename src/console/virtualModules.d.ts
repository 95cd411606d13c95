/** Data from the service's own sources, put in by the build (vite.config.ts). */
declare module 'virtual:payledger-vocabulary' {
  /** ISO 4217 code → minor-unit exponent (JPY 0, USD 2, KWD 3), from src/domain/currency.ts. */
  export const currencyExponents: Readonly<Record<string, number>>;
  /** The canonical statuses, from src/domain/paymentStatus.ts. */
  export const paymentStatuses: readonly string[];
  /** The gateways, from src/webhooks/gateway.ts. */
  export const gateways: readonly string[];
}
