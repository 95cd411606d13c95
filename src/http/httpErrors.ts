import { AppError } from '../errors/appError.js';

export class UnauthorizedError extends AppError {
  readonly code = 'unauthorized';

  constructor() {
    super('Send an API key as "Authorization: Bearer <token>".');
  }
}

export class ForbiddenError extends AppError {
  readonly code = 'forbidden';

  constructor(role: string, allowed: readonly string[]) {
    super(`The ${role} role may not do this; it needs one of: ${allowed.join(', ')}.`);
  }
}

export class MethodNotAllowedError extends AppError {
  readonly code = 'method_not_allowed';

  constructor(readonly allowed: readonly string[]) {
    super(`Use ${allowed.join(' or ')} here.`);
  }
}

export class RouteNotFoundError extends AppError {
  readonly code = 'not_found';

  constructor(path: string) {
    super(`Nothing is served at ${path}.`);
  }
}

export class PaymentNotFoundError extends AppError {
  readonly code = 'payment_not_found';

  constructor(gateway: string, paymentId: string) {
    super(`No events are stored for payment ${paymentId} of ${gateway}.`);
  }
}

export class OrderNotFoundError extends AppError {
  readonly code = 'order_not_found';

  constructor(orderId: string) {
    super(`No payment names order ${orderId}.`);
  }
}

export class RequestTimeoutError extends AppError {
  readonly code = 'request_timeout';

  constructor() {
    super('The request body did not arrive in time.');
  }
}
