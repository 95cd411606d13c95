import { randomUUID } from 'node:crypto';
import { Server, ServerCredentials, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { handleAppend, handleBatchAppend } from './appendHandlers.js';
import { openFrontDoor } from './frontDoor.js';
import { NodeState, type Faults, type Readiness, type ServerVersion } from './nodeState.js';
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
import { writeCategoryLink, writeStartupSystemEvents, writeStatsEvent } from './systemEvents.js';

export type { Faults, Readiness, ServerVersion } from './nodeState.js';

export interface StandInOptions {
  /** Advertise and serve `Streams.BatchAppend`, as every server since 21.10 does (default). */
  readonly batchAppend?: boolean;
  /** Whose subscription behaviour to take on (default `25.0`, KurrentDB); see `ServerVersion`. */
  readonly serverVersion?: ServerVersion;
  /** `MaxAppendSize` in bytes (default 1,048,576, the server's). */
  readonly maxAppendSize?: number;
  /** `WriteTimeoutMs` (default 2,000, the server's). */
  readonly writeTimeoutMs?: number;
  /** Run the `$by_category` projection, writing a link after every user event (default true). */
  readonly systemProjections?: boolean;
}

export interface StartOptions {
  /** Not ready for this long: Initializing the first half, PreLeader the second. */
  readonly notReadyMs?: number;
  /** Starts held in this state instead, until `holdIn` moves it on. */
  readonly holdIn?: Readiness;
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
  /** A graceful shutdown: calls are cancelled (CANCELLED), the data stays. */
  stop(): Promise<void>;
  /**
   * The process dies: connections are reset (clients see UNAVAILABLE), writes not yet committed
   * are lost, committed ones stay.
   */
  kill(): Promise<void>;
  /**
   * Listens again on the same port. For `notReadyMs` it is not ready: the first half it answers
   * reads and writes "Server Is Not Ready", the second half only writes.
   */
  start(options?: StartOptions): Promise<void>;
  /** Holds the node Initializing, PreLeader or Leader (ready) until told otherwise. */
  holdIn(readiness: Readiness): void;
  /** Switches faults on (and the append count they refer to back to zero); `{}` clears them. */
  setFaults(faults: Faults): void;
  /** Writes a `$statsCollected` event, as a node does every 30 s: the head becomes a system event. */
  writeStatsEvent(): void;
}

export async function startEventStoreDbStandIn(
  options: StandInOptions = {},
): Promise<EventStoreDbStandIn> {
  const log = new StandInLog(
    options.systemProjections === false ? () => undefined : writeCategoryLink,
  );
  writeStartupSystemEvents(log);
  let server: Server | undefined;
  let internalPort = 0;
  const node = new NodeState(
    {
      version: options.serverVersion ?? '25.0',
      maxAppendSize: options.maxAppendSize ?? 1_048_576,
      writeTimeoutMs: options.writeTimeoutMs ?? 2_000,
    },
    () => {
      void die();
    },
  );
  const reads = createReadHandler(log, node);
  const door = await openFrontDoor(() => internalPort);
  const streams: UntypedServiceImplementation = {
    read: reads.handle,
    append: handleAppend(log, node),
    batchAppend: handleBatchAppend(log, node),
  };
  const advertised: { readonly path: string }[] = [
    GossipService.read,
    StreamsService.read,
    StreamsService.append,
    ServerFeaturesService.getSupportedMethods,
  ];
  if (options.batchAppend ?? true) advertised.push(StreamsService.batchAppend);
  const supportedMethods = new SupportedMethods()
    .setEventStoreServerVersion(`${node.settings.version}.0-stand-in`)
    .setMethodsList(advertised.map(toSupportedMethod));
  const features: UntypedServiceImplementation = {
    getSupportedMethods: (_call: unknown, callback: (error: null, value: unknown) => void) => {
      callback(null, supportedMethods);
    },
  };
  // Cluster-style connection strings (`esdb+discover://`, several hosts) ask gossip for the
  // leader first: the stand-in reports itself as the only member, leading once it is ready.
  const instanceId = new UUID().setString(randomUUID());
  const memberState = () => {
    if (!node.readsReady) return MemberInfo.VNodeState.INITIALIZING;
    return node.isReady ? MemberInfo.VNodeState.LEADER : MemberInfo.VNodeState.PRELEADER;
  };
  const gossip: UntypedServiceImplementation = {
    read: (_call: unknown, callback: (error: null, value: unknown) => void) => {
      const member = new MemberInfo()
        .setInstanceId(instanceId)
        .setTimeStamp(String(Date.now()))
        .setState(memberState())
        .setIsAlive(true)
        .setHttpEndPoint(new EndPoint().setAddress('127.0.0.1').setPort(door.port));
      callback(null, new ClusterInfo().setMembersList([member]));
    },
  };

  async function start(startOptions: StartOptions = {}): Promise<void> {
    const next = new Server();
    next.addService(StreamsService, streams);
    next.addService(ServerFeaturesService, features);
    next.addService(GossipService, gossip);
    internalPort = await new Promise<number>((resolve, reject) => {
      next.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => {
        if (error) reject(error);
        else resolve(bound);
      });
    });
    server = next;
    dying = undefined;
    node.startNotReady(startOptions.notReadyMs ?? 0);
    if (startOptions.holdIn) node.holdIn(startOptions.holdIn);
    if (!door.isOpen) await door.open();
  }

  function shutDown(): void {
    server?.forceShutdown();
    server = undefined;
    reads.dropSubscriptions();
    log.forgetCache();
  }

  let dying: Promise<void> | undefined;
  function die(): Promise<void> {
    dying ??= (async () => {
      const slammed = door.slam();
      shutDown();
      await slammed;
    })();
    return dying;
  }

  await start();
  return {
    connectionString: `esdb://127.0.0.1:${door.port}?tls=false`,
    discoverConnectionString: `esdb+discover://127.0.0.1:${door.port}?tls=false`,
    start,
    async stop() {
      shutDown();
      await door.close();
    },
    kill() {
      node.kill();
      return die();
    },
    holdIn(readiness) {
      node.holdIn(readiness);
    },
    setFaults(faults) {
      node.setFaults(faults);
    },
    writeStatsEvent() {
      writeStatsEvent(log);
    },
  };
}

function toSupportedMethod({ path }: { readonly path: string }) {
  const [, service = '', method = ''] = path.split('/');
  return new SupportedMethod()
    .setServiceName(service.toLowerCase())
    .setMethodName(method.toLowerCase());
}
