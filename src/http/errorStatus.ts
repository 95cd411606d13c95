import type { AppErrorCode } from '../errors/appError.js';

/** The one place error codes meet HTTP. A new code without a status does not compile. */
export const ERROR_STATUS: Readonly<Record<AppErrorCode, number>> = {
  invalid_config: 500,
  invalid_signature: 401,
  unknown_gateway: 404,
  gateway_not_configured: 404,
  method_not_allowed: 405,
  unsupported_media_type: 415,
  payload_too_large: 413,
  request_timeout: 408,
  store_unavailable: 503,
  overloaded: 503,
  stream_revision_conflict: 409,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  invalid_query: 400,
  invalid_as_of: 400,
  not_found_as_of: 404,
  payment_not_found: 404,
  order_not_found: 404,
  gateway_unavailable: 503,
  invalid_notification: 400,
  gateway_rate_limited: 503,
  too_many_attempts: 429,
  delivery_not_found: 404,
  invalid_delivery_id: 400,
  console_not_built: 404,
  digest_not_found: 404,
};

/** Seconds a client should wait before retrying a 503. */
export const RETRY_AFTER_SECONDS = 5;
