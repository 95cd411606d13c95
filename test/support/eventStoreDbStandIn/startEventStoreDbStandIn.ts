import { randomUUID } from 'node:crypto';
import { Server, ServerCredentials, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { handleAppend, handleBatchAppend } from './appendHandlers.js';
import {
  ClusterInfo,
  EndPoint,
  GossipService,
  MemberInfo,
  ServerFeaturesService,
  StreamsService,
  SupportedMethod,
  SupportedMethods,
  UUID,
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
  /** The same node reached through gossip discovery, as cluster connection strings do. */
  readonly discoverConnectionString: string;
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
    GossipService.read,
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
  // Cluster-style connection strings (`esdb+discover://`, several hosts) ask gossip for the
  // leader first: the stand-in reports itself as the only, leading member.
  const instanceId = new UUID().setString(randomUUID());
  const gossip: UntypedServiceImplementation = {
    read: (_call: unknown, callback: (error: null, value: unknown) => void) => {
      const member = new MemberInfo()
        .setInstanceId(instanceId)
        .setTimeStamp(String(Date.now()))
        .setState(MemberInfo.VNodeState.LEADER)
        .setIsAlive(true)
        .setHttpEndPoint(new EndPoint().setAddress('127.0.0.1').setPort(port));
      callback(null, new ClusterInfo().setMembersList([member]));
    },
  };
  async function start(): Promise<void> {
    const next = new Server();
    next.addService(StreamsService, streams);
    next.addService(ServerFeaturesService, features);
    next.addService(GossipService, gossip);
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
    discoverConnectionString: `esdb+discover://127.0.0.1:${port}?tls=false`,
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
