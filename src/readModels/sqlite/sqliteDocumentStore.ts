import type Database from 'better-sqlite3';
import type { GlobalPosition } from '../../eventStore/eventStore.js';
import type { SqliteDatabase } from '../../eventStore/sqlite/openSqliteDatabase.js';
import {
  StaleTargetError,
  WriteConflictError,
  type Checkpoint,
  type DocumentChange,
  type DocumentStore,
  type ProjectionTarget,
  type StoredDocument,
} from '../documentStore.js';
import { assertProjectionName, CHECKPOINTS, rebuildCollection } from '../readModelNames.js';
import { LeaseLostError, type WriteFence } from '../projectionLeases.js';
import type { ReadModelVersions } from '../readModelVersions.js';
import { currentLeaseToken } from './sqliteLeases.js';
import { createColumnCache, createDocumentTable, identifier, tableExists } from './schema.js';

interface DocumentRow {
  key: string;
  position_commit: bigint;
  position_prepare: bigint;
  document: string;
}

/** Read with safe integers: every INTEGER comes back as a bigint. */
interface CheckpointRow {
  name: string;
  projection: string;
  generation: bigint;
  version: bigint;
  position_commit: bigint | null;
  position_prepare: bigint | null;
}

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  );

/** An indexed field's value as SQLite stores it. */
function columnValue(value: unknown): string | number | bigint | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint')
    return value;
  return JSON.stringify(value);
}

export function toStoredDocument(row: DocumentRow): StoredDocument {
  return {
    position: { commit: row.position_commit, prepare: row.position_prepare },
    body: JSON.parse(row.document) as StoredDocument['body'],
  };
}

/**
 * Documents, checkpoints and builds in SQLite. A batch is one transaction: the checkpoints
 * (conditional on their generation, so a writer whose target was swapped out rolls back) and
 * every document change (compare-and-swap on the position loaded), all or nothing. A fenced
 * write first reads the lease's token in the same transaction: a holder that lost its lease
 * rolls back before it changes anything.
 */
export function createSqliteDocumentStore(db: SqliteDatabase): DocumentStore & ReadModelVersions {
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const columnsOf = createColumnCache(db);
  const BASE_COLUMNS = new Set(['key', 'position_commit', 'position_prepare', 'document']);
  // The indexed-field columns, re-read whenever the schema changed (here or in another process).
  const fieldsOf = (table: string): readonly string[] =>
    [...columnsOf(table)].filter((name) => !BASE_COLUMNS.has(name));
  const readCheckpointRow = (name: string) =>
    (prepare(`SELECT * FROM ${CHECKPOINTS} WHERE name = ?`).safeIntegers(true).get(name) as
      CheckpointRow | undefined) ?? undefined;
  const ensureCheckpoint = (target: ProjectionTarget, version: number) => {
    prepare(
      `INSERT INTO ${CHECKPOINTS} (name, projection, generation, version, updated_at)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`,
    ).run(
      target.collection,
      target.projection,
      target.generation,
      version,
      new Date().toISOString(),
    );
  };

  /** A table's three compare-and-swap statements, built and looked up once per batch. */
  function changeStatements(table: string, fields: readonly string[]) {
    const t = identifier(table);
    const columns = fields.map((f) => `, ${identifier(f)}`).join('');
    return {
      insert: prepare(
        `INSERT INTO ${t} (key, position_commit, position_prepare, document${columns})
         VALUES (?, ?, ?, ?${fields.map(() => ', ?').join('')})`,
      ),
      update: prepare(
        `UPDATE ${t} SET position_commit = ?, position_prepare = ?, document = ?${fields.map((f) => `, ${identifier(f)} = ?`).join('')}
         WHERE key = ? AND position_commit = ? AND position_prepare = ?`,
      ),
      remove: prepare(
        `DELETE FROM ${t} WHERE key = ? AND position_commit = ? AND position_prepare = ?`,
      ),
    };
  }

  function applyChange(
    table: string,
    fields: readonly string[],
    statements: ReturnType<typeof changeStatements>,
    change: DocumentChange,
  ): void {
    const { key, expected, next } = change;
    let changed: number;
    if (next) {
      const values = fields.map((field) => columnValue(next.body[field]));
      const document = JSON.stringify(next.body);
      if (expected === undefined) {
        try {
          changed = statements.insert.run(
            key,
            next.position.commit,
            next.position.prepare,
            document,
            ...values,
          ).changes;
        } catch (error) {
          if ((error as { code?: unknown }).code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') throw error;
          changed = 0;
        }
      } else {
        changed = statements.update.run(
          next.position.commit,
          next.position.prepare,
          document,
          ...values,
          key,
          expected.commit,
          expected.prepare,
        ).changes;
      }
    } else {
      if (expected === undefined) return;
      changed = statements.remove.run(key, expected.commit, expected.prepare).changes;
    }
    if (changed !== 1) {
      throw new WriteConflictError(`${table} ${key} changed since it was loaded`);
    }
  }

  const writeAll = db.transaction(
    (batches: Parameters<DocumentStore['write']>[0], fence?: WriteFence) => {
      if (fence && currentLeaseToken(db, fence.lease) !== fence.token) {
        throw new LeaseLostError(
          `the ${fence.lease} lease is no longer held with token ${fence.token}`,
        );
      }
      const now = new Date().toISOString();
      for (const batch of batches) {
        const saved = prepare(
          `UPDATE ${CHECKPOINTS} SET position_commit = ?, position_prepare = ?, version = ?, updated_at = ?
         WHERE name = ? AND generation = ?`,
        ).run(
          batch.checkpoint.commit,
          batch.checkpoint.prepare,
          batch.version,
          now,
          batch.target.collection,
          batch.target.generation,
        ).changes;
        if (saved !== 1) {
          throw new StaleTargetError(
            `${batch.target.collection} is no longer generation ${batch.target.generation}`,
          );
        }
        const table = batch.target.collection;
        const fields = fieldsOf(table);
        const statements = changeStatements(table, fields);
        for (const change of batch.changes) applyChange(table, fields, statements, change);
      }
    },
  );

  const storedDocumentsPage: ReadModelVersions['storedDocumentsPage'] = (
    target,
    afterKey,
    limit,
  ) => {
    const rows = prepare(
      `SELECT key, position_commit, position_prepare, document FROM ${identifier(target.collection)}
         WHERE key > ? ORDER BY key LIMIT ?`,
    )
      .safeIntegers(true)
      .all(afterKey ?? '', BigInt(limit)) as DocumentRow[];
    return Promise.resolve(rows.map((row) => [row.key, toStoredDocument(row)] as const));
  };

  const generationOf = (projection: string): number =>
    Number(readCheckpointRow(projection)?.generation ?? 1);

  return {
    atomicBatches: true,

    prepare(target, indexes, version) {
      assertProjectionName(target.projection);
      db.transaction(() => {
        createDocumentTable(db, target.collection, indexes);
        ensureCheckpoint(target, version);
      }).immediate();
      return Promise.resolve();
    },

    readCheckpoints(targets) {
      const found = new Map<string, Checkpoint>();
      for (const target of targets) {
        const row = readCheckpointRow(target.collection);
        if (!row) continue;
        const position: GlobalPosition | undefined =
          row.position_commit === null || row.position_prepare === null
            ? undefined
            : { commit: row.position_commit, prepare: row.position_prepare };
        found.set(target.collection, {
          position,
          generation: Number(row.generation),
          version: Number(row.version),
        });
      }
      return Promise.resolve(found);
    },

    isEmpty(target) {
      return Promise.resolve(
        prepare(`SELECT 1 FROM ${identifier(target.collection)} LIMIT 1`).get() === undefined,
      );
    },

    load(target, keys) {
      const found = new Map<string, StoredDocument>();
      for (const chunk of chunks([...new Set(keys)], 500)) {
        const rows = prepare(
          `SELECT key, position_commit, position_prepare, document FROM ${identifier(target.collection)}
           WHERE key IN (${chunk.map(() => '?').join(',')})`,
        )
          .safeIntegers(true)
          .all(...chunk) as DocumentRow[];
        for (const row of rows) found.set(row.key, toStoredDocument(row));
      }
      return Promise.resolve(found);
    },

    loadPositions(target, keys) {
      const found = new Map<string, GlobalPosition>();
      for (const chunk of chunks([...new Set(keys)], 500)) {
        const rows = prepare(
          `SELECT key, position_commit, position_prepare FROM ${identifier(target.collection)}
           WHERE key IN (${chunk.map(() => '?').join(',')})`,
        )
          .safeIntegers(true)
          .all(...chunk) as Omit<DocumentRow, 'document'>[];
        for (const row of rows) {
          found.set(row.key, { commit: row.position_commit, prepare: row.position_prepare });
        }
      }
      return Promise.resolve(found);
    },

    write(batches, fence) {
      writeAll.immediate(batches, fence);
      return Promise.resolve();
    },

    liveTarget(projection) {
      assertProjectionName(projection);
      return Promise.resolve({
        projection,
        collection: projection,
        generation: generationOf(projection),
      });
    },

    beginRebuild(projection, indexes, version) {
      assertProjectionName(projection);
      const target = db
        .transaction(() => {
          const leftovers = db
            .prepare(
              `SELECT name, generation FROM ${CHECKPOINTS} WHERE projection = ? AND name <> ?`,
            )
            .all(projection, projection) as { name: string; generation: number }[];
          for (const { name } of leftovers) {
            db.exec(`DROP TABLE IF EXISTS ${identifier(name)}`);
            prepare(`DELETE FROM ${CHECKPOINTS} WHERE name = ?`).run(name);
          }
          const highest = Math.max(
            generationOf(projection),
            ...leftovers.map((leftover) => leftover.generation),
          );
          const generation = highest + 1;
          const rebuild = {
            projection,
            collection: rebuildCollection(projection, generation),
            generation,
          };
          createDocumentTable(db, rebuild.collection, indexes);
          ensureCheckpoint(rebuild, version);
          return rebuild;
        })
        .immediate();
      statements.clear();
      return Promise.resolve(target);
    },

    discardRebuild(rebuild) {
      if (rebuild.collection === rebuild.projection) {
        throw new RangeError(`${rebuild.collection} is live, not a rebuild`);
      }
      db.transaction(() => {
        db.exec(`DROP TABLE IF EXISTS ${identifier(rebuild.collection)}`);
        prepare(`DELETE FROM ${CHECKPOINTS} WHERE name = ?`).run(rebuild.collection);
      }).immediate();
      statements.clear();
      return Promise.resolve();
    },

    async documentsPage(target, afterKey, limit) {
      const page = await storedDocumentsPage(target, afterKey, limit);
      return page.map(([key, document]) => [key, document.body] as const);
    },

    storedDocumentsPage,

    insertDocuments(target, documents) {
      const table = target.collection;
      db.transaction(() => {
        const fields = fieldsOf(table);
        const statements = changeStatements(table, fields);
        for (const [key, next] of documents) {
          applyChange(table, fields, statements, { key, expected: undefined, next });
        }
      }).immediate();
      return Promise.resolve();
    },

    requestSwap() {
      // Batches are atomic here: a rebuild swaps itself in (`swap`), no handover needed.
      return Promise.resolve();
    },

    swap(rebuild) {
      db.transaction(() => {
        const row = readCheckpointRow(rebuild.collection);
        if (!row || !tableExists(db, rebuild.collection)) {
          throw new RangeError(`no rebuild ${rebuild.collection} to swap in`);
        }
        const live = identifier(rebuild.projection);
        db.exec(`DROP TABLE IF EXISTS ${live}`);
        db.exec(`ALTER TABLE ${identifier(rebuild.collection)} RENAME TO ${live}`);
        prepare(`DELETE FROM ${CHECKPOINTS} WHERE name = ?`).run(rebuild.collection);
        prepare(
          `INSERT INTO ${CHECKPOINTS} (name, projection, generation, version, position_commit, position_prepare, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (name) DO UPDATE SET generation = excluded.generation, version = excluded.version,
             position_commit = excluded.position_commit, position_prepare = excluded.position_prepare,
             updated_at = excluded.updated_at`,
        ).run(
          rebuild.projection,
          rebuild.projection,
          rebuild.generation,
          row.version,
          row.position_commit,
          row.position_prepare,
          new Date().toISOString(),
        );
      }).immediate();
      statements.clear();
      return Promise.resolve();
    },
  };
}
