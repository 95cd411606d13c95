import { GatewayUnavailableError } from '../../webhookErrors.js';

export interface IppopayApiOptions {
  /** `IPPOPAY_API_URL`, e.g. `https://api.ippopay.com`. */
  readonly apiUrl: string;
  readonly publicKey: string;
  readonly secretKey: string;
  /** How long one API call may take before the notification is answered 503. */
  readonly timeoutMs: number;
}

/** A lookup's answer: the parsed JSON body, or that Ippopay does not know the thing. */
export type IppopayLookup =
  { readonly found: true; readonly body: unknown } | { readonly found: false };

export interface IppopayApi {
  fetchOrder(orderId: string): Promise<IppopayLookup>;
  fetchTransaction(orderId: string): Promise<IppopayLookup>;
}

/**
 * Ippopay's REST API with HTTP Basic auth (public key : secret key), through Node's global fetch.
 * Anything that is not a clear answer (network error, timeout, 5xx, auth refused, a body that is
 * not JSON) throws `GatewayUnavailableError`, which answers the notification 503 so Ippopay
 * delivers it again later instead of it being recorded on a guess.
 */
export function createIppopayApi(options: IppopayApiOptions): IppopayApi {
  const authorization = `Basic ${Buffer.from(`${options.publicKey}:${options.secretKey}`).toString('base64')}`;
  const base = options.apiUrl.replace(/\/+$/, '');

  async function lookup(path: string): Promise<IppopayLookup> {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        headers: { authorization, accept: 'application/json' },
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      throw new GatewayUnavailableError(`The Ippopay API did not answer ${path}.`, {
        cause: error,
      });
    }
    if (response.status === 404) {
      await response.body?.cancel();
      return { found: false };
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new GatewayUnavailableError(`The Ippopay API answered ${response.status} to ${path}.`);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      throw new GatewayUnavailableError(`The Ippopay API sent no JSON for ${path}.`, {
        cause: error,
      });
    }
    const refused =
      typeof body === 'object' && body !== null && 'success' in body && body.success === false;
    return refused ? { found: false } : { found: true, body };
  }

  return {
    fetchOrder: (orderId) => lookup(`/v1/order/${encodeURIComponent(orderId)}`),
    fetchTransaction: (orderId) => lookup(`/v1/order/${encodeURIComponent(orderId)}/transaction`),
  };
}
