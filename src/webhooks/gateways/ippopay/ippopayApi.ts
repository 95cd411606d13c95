import type { JsonValue } from '../../../domain/paymentEvent.js';
import { decodeJsonBody } from '../../decodeJsonBody.js';
import { GatewayUnavailableError } from '../../webhookErrors.js';

export interface IppopayApiOptions {
  /** `IPPOPAY_API_URL`, e.g. `https://api.ippopay.com`. */
  readonly apiUrl: string;
  readonly publicKey: string;
  readonly secretKey: string;
  /** How long one API call may take before the notification is answered 503. */
  readonly timeoutMs: number;
}

/** One API answer as received: its exact text (kept as evidence) and the JSON it holds. */
export interface IppopayAnswer {
  readonly text: string;
  readonly body: JsonValue;
}

/** A lookup's answer, or that Ippopay does not know the thing. */
export type IppopayLookup = ({ readonly found: true } & IppopayAnswer) | { readonly found: false };

export interface IppopayApi {
  fetchOrder(orderId: string): Promise<IppopayLookup>;
  fetchTransaction(orderId: string): Promise<IppopayLookup>;
}

/**
 * Ippopay's REST API with HTTP Basic auth (public key : secret key), through Node's global fetch.
 * Anything that is not a clear answer (network error, timeout, 5xx, auth refused, a body that is
 * not strict JSON) throws `GatewayUnavailableError`, which answers the notification 503 so
 * Ippopay delivers it again later instead of it being recorded on a guess. Answers are decoded
 * as strictly as signed webhook bodies (an amount more precise than a double is not rounded).
 */
export function createIppopayApi(options: IppopayApiOptions): IppopayApi {
  const authorization = `Basic ${Buffer.from(`${options.publicKey}:${options.secretKey}`).toString('base64')}`;
  const base = options.apiUrl.replace(/\/+$/, '');

  async function lookup(path: string): Promise<IppopayLookup> {
    let response: Response;
    let bytes: Buffer;
    try {
      response = await fetch(`${base}${path}`, {
        headers: { authorization, accept: 'application/json' },
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      if (response.status === 404 || !response.ok) {
        await response.body?.cancel();
        if (response.status === 404) return { found: false };
        throw new GatewayUnavailableError(
          `The Ippopay API answered ${response.status} to ${path}.`,
        );
      }
      bytes = Buffer.from(await response.arrayBuffer());
    } catch (error) {
      if (error instanceof GatewayUnavailableError) throw error;
      throw new GatewayUnavailableError(`The Ippopay API did not answer ${path}.`, {
        cause: error,
      });
    }
    const decoded = decodeJsonBody(bytes);
    if (!decoded.ok)
      throw new GatewayUnavailableError(`The Ippopay API sent no usable JSON for ${path}.`, {
        cause: new Error(decoded.reason),
      });
    const { value } = decoded;
    const refused =
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      value['success'] === false;
    return refused ? { found: false } : { found: true, text: decoded.text, body: value };
  }

  return {
    fetchOrder: (orderId) => lookup(`/v1/order/${encodeURIComponent(orderId)}`),
    fetchTransaction: (orderId) => lookup(`/v1/order/${encodeURIComponent(orderId)}/transaction`),
  };
}
