import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { JsonValue } from '../../src/domain/paymentEvent.js';

export const IPPOPAY_PUBLIC_KEY = 'pk_test_standin';
export const IPPOPAY_SECRET_KEY = 'sk_test_standin_secret';

/** `up` answers as documented; `failing` answers 500 to everything; `hanging` never answers. */
export type StandInMode = 'up' | 'failing' | 'hanging';

export interface IppopayStandIn {
  readonly url: string;
  /** Every request seen: path (still encoded) and Authorization header. */
  readonly requests: { readonly path: string; readonly authorization: string | undefined }[];
  /** Makes `GET /v1/order/{id}` and, when given, `GET /v1/order/{id}/transaction` answer. */
  setOrder(
    order: { readonly order_id: string } & Record<string, JsonValue>,
    transaction?: JsonValue,
  ): void;
  setMode(mode: StandInMode): void;
  close(): Promise<void>;
}

/**
 * A local stand-in for Ippopay's REST API (ippopay/docs-api `server-side-integrations/rest-api.md`):
 * HTTP Basic auth with the merchant's keys and the two read endpoints payledger uses, answered
 * with the documented envelope `{ success, message, data }`. Loopback only.
 */
export async function startIppopayStandIn(): Promise<IppopayStandIn> {
  const orders = new Map<string, { order: JsonValue; transaction: JsonValue | undefined }>();
  const requests: { path: string; authorization: string | undefined }[] = [];
  const sockets = new Set<Socket>();
  let mode: StandInMode = 'up';
  const expectedAuthorization = `Basic ${Buffer.from(`${IPPOPAY_PUBLIC_KEY}:${IPPOPAY_SECRET_KEY}`).toString('base64')}`;

  function answer(request: IncomingMessage, path: string): readonly [number, JsonValue] {
    if (mode === 'failing') return [500, { success: false, message: 'Internal error' }];
    if (request.headers.authorization !== expectedAuthorization)
      return [401, { success: false, message: 'Unauthorized' }];
    const match = /^\/v1\/order\/([^/]+)(\/transaction)?$/.exec(path);
    const entry = match?.[1] === undefined ? undefined : orders.get(decodeURIComponent(match[1]));
    if (request.method !== 'GET' || !match || !entry)
      return [404, { success: false, message: 'Order not found' }];
    if (!match[2])
      return [200, { success: true, message: 'Order Details', data: { order: entry.order } }];
    if (entry.transaction === undefined)
      return [404, { success: false, message: 'Transaction not found' }];
    return [
      200,
      { success: true, message: 'Transaction details', data: { transaction: entry.transaction } },
    ];
  }

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = request.url ?? '/';
    requests.push({ path, authorization: request.headers.authorization });
    if (mode === 'hanging') return;
    const [status, body] = answer(request, path);
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('stand-in has no port');

  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    setOrder(order, transaction) {
      orders.set(order.order_id, { order, transaction });
    },
    setMode(next) {
      mode = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}
