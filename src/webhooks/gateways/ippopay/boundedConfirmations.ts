import { monotonicMs } from '../../../limits/tokenBucket.js';
import { GatewayUnavailableError, InvalidNotificationError } from '../../webhookErrors.js';
import type { IppopayAnswer, IppopayApi } from './ippopayApi.js';
import { createIppopayCallBudget, type IppopayCallBudget } from './ippopayCallBudget.js';

/** What the API said about a notified order: both answers, exactly as received. */
export interface IppopayConfirmation {
  readonly order: IppopayAnswer;
  readonly transaction: IppopayAnswer;
}

export interface ConfirmationLimits {
  /** Calls to the API per second, across all orders; also the burst allowed at once. */
  readonly callsPerSecond: number;
  /** The process's budget of calls, when it is shared (otherwise one of `callsPerSecond`). */
  readonly budget?: IppopayCallBudget;
  /** How long "Ippopay does not know this order" is remembered. */
  readonly unknownOrderTtlMs?: number;
  /** How long a settled answer is reused (never one that may still change). */
  readonly settledTtlMs?: number;
  readonly maxCachedOrders?: number;
  readonly now?: () => number;
}

type Cached =
  | { readonly expiresAt: number; readonly known: false }
  | { readonly expiresAt: number; readonly known: true; readonly value: IppopayConfirmation };

/**
 * Asks the API about notified orders at a bounded cost, since anyone can post a notification:
 * concurrent notifications of one order share one lookup (single flight); "unknown order" and
 * settled answers are remembered briefly (a transaction that may still change is always asked
 * again, so a later final state is never hidden by a cached earlier one); and all calls share
 * one rate limit, past which a notification is answered 503 with `Retry-After`. A lookup asks
 * for the order first and for its transaction only when the order exists, so a forged order id
 * costs one call at most. Over `t` seconds the API sees at most `callsPerSecond × (1 + t)` calls.
 */
export function createBoundedConfirmations(
  api: IppopayApi,
  isSettled: (confirmation: IppopayConfirmation) => boolean,
  limits: ConfirmationLimits,
) {
  const now = limits.now ?? monotonicMs;
  const budget = limits.budget ?? createIppopayCallBudget(limits.callsPerSecond, now);
  const cache = new Map<string, Cached>();
  const inFlight = new Map<string, Promise<IppopayConfirmation>>();
  const maxCached = limits.maxCachedOrders ?? 10_000;

  function remember(orderId: string, entry: Cached): void {
    cache.delete(orderId);
    cache.set(orderId, entry);
    if (cache.size > maxCached) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
  }

  const spendCall = () => {
    budget.spend();
  };

  const unknownOrder = (orderId: string) =>
    new InvalidNotificationError(`Ippopay does not know order ${orderId}`);

  async function lookUp(orderId: string): Promise<IppopayConfirmation> {
    spendCall();
    const order = await api.fetchOrder(orderId);
    if (!order.found) {
      remember(orderId, { known: false, expiresAt: now() + (limits.unknownOrderTtlMs ?? 30_000) });
      throw unknownOrder(orderId);
    }
    spendCall();
    const transaction = await api.fetchTransaction(orderId);
    // Ippopay notified about a payment its API does not show yet: answer 503 so it retries,
    // rather than acknowledge a notification whose outcome was never recorded.
    if (!transaction.found)
      throw new GatewayUnavailableError(
        `Ippopay does not show a transaction for order ${orderId} yet; retry later.`,
      );
    const confirmation = { order, transaction };
    if (isSettled(confirmation))
      remember(orderId, {
        known: true,
        value: confirmation,
        expiresAt: now() + (limits.settledTtlMs ?? 5_000),
      });
    return confirmation;
  }

  return {
    /** Resolves with the API's answers, or throws `invalid_notification` / a 503 error. */
    confirm(orderId: string): Promise<IppopayConfirmation> {
      const cached = cache.get(orderId);
      if (cached && cached.expiresAt > now()) {
        return cached.known ? Promise.resolve(cached.value) : Promise.reject(unknownOrder(orderId));
      }
      if (cached) cache.delete(orderId);
      const pending = inFlight.get(orderId);
      if (pending) return pending;
      const lookup = lookUp(orderId).finally(() => inFlight.delete(orderId));
      inFlight.set(orderId, lookup);
      return lookup;
    },
  };
}
