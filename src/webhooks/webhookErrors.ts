import { AppError } from '../errors/appError.js';

/**
 * Missing, malformed, forged or stale signature. The reason goes to the log, never the caller.
 * Made without a stack trace: it is an answer, not a fault (nothing logs its stack), and a forged
 * flood makes one per request, where capturing the async stack cost more than the HMAC.
 */
export class InvalidSignatureError extends AppError {
  readonly code = 'invalid_signature';

  constructor(readonly reason: string) {
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super('The webhook signature is missing, invalid or outside the allowed time window.');
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
  }
}

export class UnknownGatewayError extends AppError {
  readonly code = 'unknown_gateway';

  constructor(gateway: string) {
    super(`There is no gateway called "${gateway}".`);
  }
}

export class GatewayNotConfiguredError extends AppError {
  readonly code = 'gateway_not_configured';

  constructor(gateway: string, variable: string) {
    super(`The ${gateway} gateway is not configured: set ${variable} to accept its webhooks.`);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  readonly code = 'unsupported_media_type';

  constructor(contentType: string | undefined) {
    super(
      `Webhooks must be sent as application/json in UTF-8, not ${contentType ?? 'without a Content-Type'}.`,
    );
  }
}

export class PayloadTooLargeError extends AppError {
  readonly code = 'payload_too_large';

  constructor(limitBytes: number) {
    super(`The body is larger than ${limitBytes} bytes.`);
  }
}

/** The gateway's API, needed to confirm a notification, did not answer (Ippopay). */
export class GatewayUnavailableError extends AppError {
  readonly code = 'gateway_unavailable';
}

/**
 * An Ippopay notification that could not be confirmed: not JSON, not a notification, or naming
 * an order Ippopay's API does not know. Ippopay signs nothing, so such a delivery proves nothing
 * and nothing of it is stored.
 */
export class InvalidNotificationError extends AppError {
  readonly code = 'invalid_notification';

  constructor(reason: string) {
    super(`The notification cannot be confirmed: ${reason}. Nothing was stored.`);
  }
}

/** payledger's own limit on calls to a gateway's API was reached; retry after the given time. */
export class GatewayRateLimitedError extends AppError {
  readonly code = 'gateway_rate_limited';

  constructor(
    gateway: string,
    callsPerSecond: number,
    override readonly retryAfterSeconds: number,
  ) {
    super(
      `Calls to the ${gateway} API are limited to ${callsPerSecond} per second; retry in ${retryAfterSeconds} s.`,
    );
  }
}
