/** Every error a caller can act on. Each code is also the `error` field of the HTTP answer. */
export type AppErrorCode =
  | 'invalid_config'
  | 'invalid_signature'
  | 'unknown_gateway'
  | 'gateway_not_configured'
  | 'method_not_allowed'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'request_timeout'
  | 'store_unavailable'
  | 'overloaded'
  | 'stream_revision_conflict'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'invalid_query'
  | 'invalid_as_of'
  | 'not_found_as_of'
  | 'payment_not_found'
  | 'order_not_found'
  | 'gateway_unavailable'
  | 'invalid_notification'
  | 'gateway_rate_limited'
  | 'too_many_attempts'
  | 'delivery_not_found'
  | 'invalid_delivery_id'
  | 'console_not_built'
  | 'digest_not_found';

export abstract class AppError extends Error {
  abstract readonly code: AppErrorCode;
  /** For 429 and 503 answers: when to try again, if the error knows better than the default. */
  readonly retryAfterSeconds?: number;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}
