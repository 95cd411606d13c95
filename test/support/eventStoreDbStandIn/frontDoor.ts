import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * The port clients connect to, relaying bytes to the gRPC server behind it. It exists so that the
 * stand-in can die the way a killed process does: every connection reset at once, the port
 * refusing new ones, which clients see as UNAVAILABLE (a graceful gRPC shutdown instead cancels
 * calls, CANCELLED). The port stays the same across restarts.
 */
export interface FrontDoor {
  readonly port: number;
  /** Listens (again), relaying to whatever port `target()` names at connection time. */
  open(): Promise<void>;
  readonly isOpen: boolean;
  /** Stops listening; open connections end when the server behind them closes them. */
  close(): Promise<void>;
  /** Resets every connection and stops listening. */
  slam(): Promise<void>;
}

export async function openFrontDoor(target: () => number): Promise<FrontDoor> {
  const connections = new Set<{ client: Socket; upstream: Socket }>();
  let server: Server | undefined;
  let port = 0;

  function relay(client: Socket): void {
    const upstream = connect(target(), '127.0.0.1');
    // Without this, Nagle's algorithm holds back the small frames of a call for tens of ms.
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const pair = { client, upstream };
    connections.add(pair);
    const drop = () => {
      connections.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    // The server's last frames (a shutdown's cancellations) are flushed before the client's end.
    upstream.on('error', drop).on('close', () => {
      connections.delete(pair);
      client.destroySoon();
    });
    client.pipe(upstream);
    upstream.pipe(client);
  }

  const door: FrontDoor = {
    get port() {
      return port;
    },
    async open() {
      const next = createServer(relay);
      await new Promise<void>((resolve, reject) => {
        next.once('error', reject);
        next.listen(port, '127.0.0.1', () => {
          resolve();
        });
      });
      const address = next.address();
      if (address && typeof address === 'object') port = address.port;
      server = next;
    },
    get isOpen() {
      return server !== undefined;
    },
    async close() {
      server?.close();
      server = undefined;
      // The server behind has cancelled its calls; wait until clients have seen their
      // connections close, so that nothing races onto a dying connection after a restart.
      const deadline = Date.now() + 1000;
      while (connections.size > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    slam() {
      const closing = server;
      server = undefined;
      for (const { client, upstream } of [...connections]) {
        client.resetAndDestroy();
        upstream.destroy();
      }
      connections.clear();
      closing?.close();
      return Promise.resolve();
    },
  };
  await door.open();
  return door;
}
