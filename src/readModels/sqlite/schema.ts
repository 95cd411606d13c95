import type { SqliteDatabase } from '../../eventStore/sqlite/openSqliteDatabase.js';
import { indexedFields, type IndexSpec } from '../indexSpec.js';
import { CHECKPOINTS } from '../readModelNames.js';

/** A quoted SQL identifier (names are checked by `assertProjectionName` before they get here). */
export const identifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/**
 * The checkpoint of every collection (live ones and rebuilds), keyed by collection name. Tables
 * of the version before (`read_model_versions`, `payments_v<N>` …) are dropped: the read models
 * are rebuilt from the log, which is what dropping their checkpoints makes happen.
 */
export function createCheckpointTable(db: SqliteDatabase): void {
  db.transaction(() => {
    const columns = db.prepare(`PRAGMA table_info(${CHECKPOINTS})`).all() as { name: string }[];
    if (columns.length > 0 && !columns.some((column) => column.name === 'generation')) {
      const legacy = db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND (name GLOB '*_v[0-9]*' OR name IN ('read_model_versions', 'projection_checkpoints'))",
        )
        .all() as { name: string }[];
      for (const { name } of legacy) db.exec(`DROP TABLE ${identifier(name)}`);
    }
    db.exec(`
      CREATE TABLE IF NOT EXISTS ${CHECKPOINTS} (
        name             TEXT    PRIMARY KEY,
        projection       TEXT    NOT NULL,
        generation       INTEGER NOT NULL,
        version          INTEGER NOT NULL,
        position_commit  INTEGER,
        position_prepare INTEGER,
        updated_at       TEXT    NOT NULL
      ) WITHOUT ROWID;
    `);
  }).immediate();
}

const indexName = (table: string, spec: IndexSpec) => `ix_${table}__${spec.name}`;

/**
 * A projection's table: the key, the position of the last event applied (commit and prepare),
 * the document as JSON, and one column per indexed field so indexes and anyone's SQL can use it
 * (`SELECT * FROM orders WHERE status = 'paid'`). A table that exists gains missing columns
 * (filled from the JSON) and indexes; indexes keep the name they were created with when a
 * rebuild's table is renamed into place, so they are recognised by their suffix.
 */
export function createDocumentTable(
  db: SqliteDatabase,
  table: string,
  indexes: readonly IndexSpec[],
): void {
  const fields = indexedFields(indexes);
  db.exec(`
    CREATE TABLE IF NOT EXISTS ${identifier(table)} (
      key              TEXT    PRIMARY KEY,
      position_commit  INTEGER NOT NULL,
      position_prepare INTEGER NOT NULL,
      document         TEXT    NOT NULL
    );
  `);
  const existing = new Set(
    (db.prepare(`PRAGMA table_info(${identifier(table)})`).all() as { name: string }[]).map(
      (column) => column.name,
    ),
  );
  for (const field of fields.filter((name) => !existing.has(name))) {
    db.exec(`ALTER TABLE ${identifier(table)} ADD COLUMN ${identifier(field)}`);
    db.prepare(`UPDATE ${identifier(table)} SET ${identifier(field)} = document ->> ?`).run(
      `$.${field}`,
    );
  }
  const present = (
    db.prepare(`PRAGMA index_list(${identifier(table)})`).all() as { name: string }[]
  ).map((index) => index.name);
  for (const spec of indexes) {
    if (present.some((name) => name.endsWith(`__${spec.name}`))) continue;
    const columns = spec.fields
      .map(({ field, descending }) => `${identifier(field)}${descending ? ' DESC' : ''}`)
      .concat('key');
    db.exec(
      `CREATE INDEX ${identifier(indexName(table, spec))} ON ${identifier(table)} (${columns.join(', ')})`,
    );
  }
}

export function tableExists(db: SqliteDatabase, table: string): boolean {
  return (
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !==
    undefined
  );
}

/** The columns of a table, re-read only when the schema changed (a swap renames tables). */
export function createColumnCache(db: SqliteDatabase) {
  let schemaVersion = -1;
  const cache = new Map<string, ReadonlySet<string>>();
  const version = db.prepare('PRAGMA schema_version').pluck();
  return (table: string): ReadonlySet<string> => {
    const current = version.get() as number;
    if (current !== schemaVersion) {
      cache.clear();
      schemaVersion = current;
    }
    let columns = cache.get(table);
    if (!columns) {
      columns = new Set(
        (db.prepare(`PRAGMA table_info(${identifier(table)})`).all() as { name: string }[]).map(
          (column) => column.name,
        ),
      );
      cache.set(table, columns);
    }
    return columns;
  };
}
