import type { RecordedEvent } from '../../src/eventStore/eventStore.js';
import type { DailyTotal } from '../../src/readModels/dailyTotal.js';
import { READ_MODELS } from '../../src/readModels/readModelNames.js';
import { PAYMENT_STREAMS, parkingOf, summaryOf } from '../paymentStreams/paymentHistory.js';
import { eventMemo } from '../paymentStreams/eventMemo.js';
import type { ProjectionDefinition } from '../projectionDefinition.js';
import { dailyContributions, type Contribution } from './dailyContributions.js';

const NONE: ReadonlyMap<string, Contribution> = new Map();
const contributions = eventMemo<ReadonlyMap<string, Contribution>>();

/** The payment's rows as its history makes them (memoized on the history's last event). */
function rowsOf(history: readonly RecordedEvent[]): ReadonlyMap<string, Contribution> {
  const last = history.at(-1);
  if (!last) return NONE;
  let rows = contributions.get(last);
  if (!rows) {
    const summary = summaryOf(history);
    rows = summary ? dailyContributions(summary.key, summary.facts) : NONE;
    contributions.set(last, rows);
  }
  return rows;
}

function delta(history: readonly RecordedEvent[], key: string) {
  const before = rowsOf(history.slice(0, -1)).get(key);
  const after = rowsOf(history).get(key);
  return {
    row: after ?? before,
    count: (after?.count ?? 0) - (before?.count ?? 0),
    amount: (after?.amount ?? 0) - (before?.amount ?? 0),
  };
}

/**
 * `daily_totals`: one row per UTC day, gateway, currency and status, keyed
 * `<day>:<gateway>:<currency>:<status>`. An event adds to each row the difference between what
 * its payment contributed before it and after it, both derived from the payment's history. A
 * row whose payments all moved away keeps count 0: deleting it would drop its position guard
 * (see `ProjectionDefinition`), and the query API leaves such rows out.
 */
export const dailyTotalsProjection: ProjectionDefinition<DailyTotal> = {
  name: READ_MODELS.dailyTotals,
  version: 1,
  streamPrefixes: PAYMENT_STREAMS,
  needsHistory: true,
  needsDocument: true,
  indexes: [{ name: 'day', fields: [{ field: 'day' }] }],

  keysOf(_event, { history }) {
    if (parkingOf(history)) return [];
    const keys = new Set([...rowsOf(history.slice(0, -1)).keys(), ...rowsOf(history).keys()]);
    return [...keys].filter((key) => {
      const change = delta(history, key);
      return change.count !== 0 || change.amount !== 0;
    });
  },

  evolve(row, _event, { key, history }) {
    const change = delta(history, key);
    const base = row ?? change.row;
    if (!base) return row;
    return {
      day: base.day,
      gateway: base.gateway,
      currency: base.currency,
      status: base.status,
      count: (row?.count ?? 0) + change.count,
      amount: (row?.amount ?? 0) + change.amount,
    };
  },
};
