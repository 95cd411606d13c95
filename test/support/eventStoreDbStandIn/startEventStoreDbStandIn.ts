import { Server, ServerCredentials, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { handleAppend, handleBatchAppend } from './appendHandlers.js';
import {
  ServerFeaturesService,
  StreamsService,
  SupportedMethod,
  SupportedMethods,
} from './protocol.js';
import { createReadHandler } from './readHandler.js';
import { StandInLog } from './standInLog.js';

export interface StandInOptions {
  /** Advertise and serve `Streams.BatchAppend`, as every server since 21.10 does (default). */
  readonly batchAppend?: boolean;
  /** Send `caughtUp` on subscriptions, as servers since 23.10 do (default). */
  readonly sendsCaughtUp?: boolean;
}

/**
 * A stand-in for an EventStoreDB node, NOT EventStoreDB: an in-process gRPC server that answers
 * the calls `@eventstore/db-client` v6 makes, over a real socket, with the server's documented
 * append, read and subscription rules. README.md beside this file lists what differs.
 */
export interface EventStoreDbStandIn {
  readonly connectionString: string;
  /** Closes the port and drops every call, keeping the data (like stopping the node). */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
}

export async function startEventStoreDbStandIn(
  options: StandInOptions = {},
): Promise<EventStoreDbStandIn> {
  const log = new StandInLog();
  const reads = createReadHandler(log, { sendsCaughtUp: options.sendsCaughtUp ?? true });
  const streams: UntypedServiceImplementation = {
    read: reads.handle,
    append: handleAppend(log),
    batchAppend: handleBatchAppend(log),
  };
  const advertised: { readonly path: string }[] = [
    StreamsService.read,
    StreamsService.append,
    ServerFeaturesService.getSupportedMethods,
  ];
  if (options.batchAppend ?? true) advertised.push(StreamsService.batchAppend);
  const supportedMethods = new SupportedMethods()
    .setEventStoreServerVersion('24.10.0-stand-in')
    .setMethodsList(advertised.map(toSupportedMethod));
  const features: UntypedServiceImplementation = {
    getSupportedMethods: (_call: unknown, callback: (error: null, value: unknown) => void) => {
      callback(null, supportedMethods);
    },
  };

  let server: Server | undefined;
  let port = 0;
  async function start(): Promise<void> {
    const next = new Server();
    next.addService(StreamsService, streams);
    next.addService(ServerFeaturesService, features);
    port = await new Promise<number>((resolve, reject) => {
      next.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (error, bound) => {
        if (error) reject(error);
        else resolve(bound);
      });
    });
    server = next;
  }
  await start();

  return {
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    start,
    stop() {
      server?.forceShutdown();
      server = undefined;
      reads.dropSubscriptions();
      log.forgetCache();
      return Promise.resolve();
    },
  };
}

function toSupportedMethod({ path }: { readonly path: string }) {
  const [, service = '', method = ''] = path.split('/');
  return new SupportedMethod()
    .setServiceName(service.toLowerCase())
    .setMethodName(method.toLowerCase());
}
