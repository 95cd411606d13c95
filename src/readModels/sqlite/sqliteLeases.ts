import type { SqliteDatabase } from '../../eventStore/sqlite/openSqliteDatabase.js';
import type { Lease, ProjectionLeases } from '../projectionLeases.js';
import { LEASES } from '../readModelNames.js';

interface LeaseRow {
  name: string;
  holder: string;
  token: number;
  expires_at: string;
}

const toLease = (row: LeaseRow): Lease => ({
  name: row.name,
  holder: row.holder,
  token: row.token,
  expiresAt: new Date(row.expires_at),
});

export function createLeaseTable(db: SqliteDatabase): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS ${LEASES} (
      name       TEXT    PRIMARY KEY,
      holder     TEXT    NOT NULL,
      token      INTEGER NOT NULL,
      expires_at TEXT    NOT NULL
    ) WITHOUT ROWID;
  `);
}

/** The token a fenced write must still find, read inside the write's own transaction. */
export function currentLeaseToken(db: SqliteDatabase, name: string): number | undefined {
  const row = db.prepare(`SELECT token FROM ${LEASES} WHERE name = ?`).get(name) as
    { token: number } | undefined;
  return row?.token;
}

/**
 * Leases as rows of `projection_leases`. Each call is one immediate transaction, so two
 * processes on the same file never both take a lease; expiry times are ISO 8601 UTC strings,
 * which compare in time order.
 */
export function createSqliteLeases(db: SqliteDatabase): ProjectionLeases {
  const read = (name: string) =>
    db.prepare(`SELECT * FROM ${LEASES} WHERE name = ?`).get(name) as LeaseRow | undefined;

  const acquire = db.transaction((name: string, holder: string, ttlMs: number, now: Date) => {
    const row = read(name);
    const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
    if (!row) {
      db.prepare(`INSERT INTO ${LEASES} (name, holder, token, expires_at) VALUES (?, ?, 1, ?)`).run(
        name,
        holder,
        expiresAt,
      );
    } else if (row.expires_at <= now.toISOString()) {
      db.prepare(
        `UPDATE ${LEASES} SET holder = ?, token = token + 1, expires_at = ? WHERE name = ?`,
      ).run(holder, expiresAt, name);
    }
    return toLease(read(name) as LeaseRow);
  });

  return {
    acquireLease(name, holder, ttlMs, now = new Date()) {
      return Promise.resolve(acquire.immediate(name, holder, ttlMs, now));
    },
    renewLease(lease, ttlMs, now = new Date()) {
      const expiresAt = new Date(now.getTime() + ttlMs);
      const changed = db
        .prepare(`UPDATE ${LEASES} SET expires_at = ? WHERE name = ? AND holder = ? AND token = ?`)
        .run(expiresAt.toISOString(), lease.name, lease.holder, lease.token).changes;
      return Promise.resolve(changed === 1 ? { ...lease, expiresAt } : undefined);
    },
    releaseLease(lease) {
      db.prepare(
        `UPDATE ${LEASES} SET expires_at = ? WHERE name = ? AND holder = ? AND token = ?`,
      ).run(new Date(0).toISOString(), lease.name, lease.holder, lease.token);
      return Promise.resolve();
    },
    readLease(name) {
      const row = read(name);
      return Promise.resolve(row ? toLease(row) : undefined);
    },
  };
}
