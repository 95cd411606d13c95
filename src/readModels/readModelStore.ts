import type { DocumentStore } from './documentStore.js';
import type {
  DailyTotalsReadModel,
  OrdersReadModel,
  ParkedPaymentsReadModel,
  PaymentsReadModel,
} from './readModelQueries.js';
import type { ProjectionLeases } from './projectionLeases.js';
import type { ReadModelVersions } from './readModelVersions.js';

/** Everything one adapter offers: what the projections write, the builds, the leases, the queries. */
export interface ReadModelStore
  extends
    DocumentStore,
    ReadModelVersions,
    ProjectionLeases,
    PaymentsReadModel,
    OrdersReadModel,
    DailyTotalsReadModel,
    ParkedPaymentsReadModel {
  /** Cheap reachability check. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
