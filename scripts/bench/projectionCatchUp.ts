import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { sqliteFile } from '../../src/openStores.js';

export interface CatchUp {
  /** Payment events in the log that the slowest projection had not applied when the load ended. */
  readonly lagEventsAtEnd: number;
  /** From the end of the load until every projection had applied the last payment event. */
  readonly seconds: number;
  /** False when the projections had not caught up within the time allowed. */
  readonly caughtUp: boolean;
}

const PAYMENT_STREAMS = "stream_name >= 'payment-' AND stream_name < 'payment.'";

/**
 * Waits until the service's projections have applied every payment event in its log, watching
 * `payledger_projection_position` (the slowest projection's) on `/metrics` against the log's last
 * payment event, read from the SQLite file beside the service (a reader never blocks its writer).
 */
export async function waitForProjections(
  url: string,
  dataDir: string,
  timeoutMs = 120_000,
): Promise<CatchUp> {
  const started = performance.now();
  const db = new Database(sqliteFile(dataDir), { readonly: true, fileMustExist: true });
  try {
    const head =
      db
        .prepare<[], { head: number | null }>(
          `SELECT max(position) AS head FROM events WHERE ${PAYMENT_STREAMS}`,
        )
        .get()?.head ?? 0;
    const behind = db.prepare<[number], { count: number }>(
      `SELECT count(*) AS count FROM events WHERE position > ? AND ${PAYMENT_STREAMS}`,
    );
    let lagEventsAtEnd: number | undefined;
    while (performance.now() - started < timeoutMs) {
      const position = await slowestProjectionPosition(url);
      lagEventsAtEnd ??= behind.get(Math.max(position, 0))?.count ?? 0;
      if (position >= head) {
        return { lagEventsAtEnd, seconds: (performance.now() - started) / 1000, caughtUp: true };
      }
      await sleep(50);
    }
    return {
      lagEventsAtEnd: lagEventsAtEnd ?? 0,
      seconds: (performance.now() - started) / 1000,
      caughtUp: false,
    };
  } finally {
    db.close();
  }
}

/** The lowest `payledger_projection_position` sample (one per projection, or one overall). */
async function slowestProjectionPosition(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const positions = [...text.matchAll(/^payledger_projection_position(?:\{[^}]*\})? (-?\d+)$/gm)]
    .map((match) => Number(match[1]))
    .filter((position) => Number.isFinite(position));
  if (positions.length === 0) throw new Error('/metrics has no payledger_projection_position');
  return Math.min(...positions);
}
