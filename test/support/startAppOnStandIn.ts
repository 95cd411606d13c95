import {
  startEventStoreDbStandIn,
  type EventStoreDbStandIn,
  type StandInOptions,
} from './eventStoreDbStandIn/startEventStoreDbStandIn.js';
import { startApp, type TestApp } from './startApp.js';

export interface AppOnStandIn {
  readonly app: TestApp;
  readonly standIn: EventStoreDbStandIn;
  stop(): Promise<void>;
}

/** The real service with EVENTSTORE_URL pointing at a fresh EventStoreDB stand-in. */
export async function startAppOnStandIn(
  standInOptions: StandInOptions = {},
  env: Record<string, string> = {},
): Promise<AppOnStandIn> {
  const standIn = await startEventStoreDbStandIn(standInOptions);
  const app = await startApp({ EVENTSTORE_URL: standIn.connectionString, ...env });
  return {
    app,
    standIn,
    async stop() {
      await app.stop();
      await standIn.stop();
    },
  };
}
