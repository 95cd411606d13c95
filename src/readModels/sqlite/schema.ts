import type { SqliteDatabase } from '../../eventStore/sqlite/openSqliteDatabase.js';

/** Tables shared by every version: which version is active, and the checkpoints. */
export function createReadModelSchema(db: SqliteDatabase): void {
  db.transaction(() => {
    createSchema(db);
  }).immediate();
}

function createSchema(db: SqliteDatabase): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS read_model_versions (
      version    INTEGER PRIMARY KEY,
      state      TEXT    NOT NULL CHECK (state IN ('building', 'active', 'retired')),
      created_at INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS projection_checkpoints (
      name     TEXT    NOT NULL,
      version  INTEGER NOT NULL,
      position INTEGER NOT NULL,
      PRIMARY KEY (name, version)
    );
    INSERT INTO read_model_versions (version, state, created_at)
      SELECT 1, 'building', unixepoch() WHERE NOT EXISTS (SELECT 1 FROM read_model_versions);
  `);
  createVersionTables(db, 1);
  db.prepare(
    "UPDATE read_model_versions SET state = 'active' WHERE version = 1 AND NOT EXISTS (SELECT 1 FROM read_model_versions WHERE state = 'active')",
  ).run();
}

export const tableNames = (version: number) => ({
  payments: `payments_v${version}`,
  daily: `payment_daily_v${version}`,
  parked: `parked_payments_v${version}`,
});

export function createVersionTables(db: SqliteDatabase, version: number): void {
  const t = tableNames(version);
  db.exec(`
    CREATE TABLE IF NOT EXISTS ${t.payments} (
      key                  TEXT    PRIMARY KEY,
      gateway              TEXT    NOT NULL,
      status               TEXT    NOT NULL,
      currency             TEXT    NOT NULL,
      order_id             TEXT,
      last_event_at_ms     INTEGER NOT NULL,
      last_global_position INTEGER NOT NULL,
      document             TEXT    NOT NULL
    );
    CREATE INDEX IF NOT EXISTS ${t.payments}_recent ON ${t.payments} (last_event_at_ms DESC, key);
    CREATE INDEX IF NOT EXISTS ${t.payments}_order ON ${t.payments} (order_id) WHERE order_id IS NOT NULL;
    CREATE INDEX IF NOT EXISTS ${t.payments}_status ON ${t.payments} (status, last_event_at_ms DESC, key);
    CREATE TABLE IF NOT EXISTS ${t.daily} (
      key      TEXT    NOT NULL,
      day      TEXT    NOT NULL,
      status   TEXT    NOT NULL,
      gateway  TEXT    NOT NULL,
      currency TEXT    NOT NULL,
      amount   INTEGER NOT NULL,
      PRIMARY KEY (key, status)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS ${t.daily}_day ON ${t.daily} (day, gateway, currency, status, amount);
    CREATE TABLE IF NOT EXISTS ${t.parked} (
      key                  TEXT    PRIMARY KEY,
      last_global_position INTEGER NOT NULL,
      document             TEXT    NOT NULL
    ) WITHOUT ROWID;
  `);
}

export function dropVersionTables(db: SqliteDatabase, version: number): void {
  const t = tableNames(version);
  db.exec(
    `DROP TABLE IF EXISTS ${t.payments}; DROP TABLE IF EXISTS ${t.daily}; DROP TABLE IF EXISTS ${t.parked};`,
  );
}
