import type { SqliteDatabase } from '../../eventStore/sqlite/openSqliteDatabase.js';
import type { ParkedPayment } from '../parkedPayment.js';
import type { PaymentDocument } from '../paymentDocument.js';
import type { Checkpoint, ReadModelChanges, ReadModelWriter } from '../readModelStore.js';
import { parkedFromRow, parkedToJson, paymentFromRow, paymentToJson } from './documentJson.js';
import { rejectSyncThrows } from './rejectSyncThrows.js';
import { tableNames } from './schema.js';

interface DocumentRow {
  key: string;
  document: string;
  last_global_position: number;
}

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  );

/** Writes one version; documents, daily rows and checkpoint go in one transaction. */
export function createSqliteReadModelWriter(db: SqliteDatabase, version: number): ReadModelWriter {
  const t = tableNames(version);
  const upsertPayment = db.prepare(
    `INSERT INTO ${t.payments} (key, gateway, status, currency, order_id, last_event_at_ms, last_global_position, document)
     VALUES (@key, @gateway, @status, @currency, @orderId, @lastEventAtMs, @position, @document)
     ON CONFLICT (key) DO UPDATE SET gateway = excluded.gateway, status = excluded.status,
       currency = excluded.currency, order_id = excluded.order_id,
       last_event_at_ms = excluded.last_event_at_ms,
       last_global_position = excluded.last_global_position, document = excluded.document
     WHERE excluded.last_global_position > ${t.payments}.last_global_position`,
  );
  const deleteDaily = db.prepare(`DELETE FROM ${t.daily} WHERE key = ?`);
  const insertDaily = db.prepare(
    `INSERT INTO ${t.daily} (key, day, status, gateway, currency, amount) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const upsertParked = db.prepare(
    `INSERT INTO ${t.parked} (key, last_global_position, document) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET last_global_position = excluded.last_global_position,
       document = excluded.document
     WHERE excluded.last_global_position > ${t.parked}.last_global_position`,
  );
  const saveCheckpoint = db.prepare(
    `INSERT INTO projection_checkpoints (name, version, position) VALUES (?, ?, ?)
     ON CONFLICT (name, version) DO UPDATE SET position = excluded.position
     WHERE excluded.position > projection_checkpoints.position`,
  );
  const readCheckpoint = db.prepare<[string, number], { position: number }>(
    'SELECT position FROM projection_checkpoints WHERE name = ? AND version = ?',
  );

  function writePayment(document: PaymentDocument): void {
    const written = upsertPayment.run({
      key: document.key,
      gateway: document.gateway,
      status: document.status,
      currency: document.currency,
      orderId: document.orderId,
      lastEventAtMs: Date.parse(document.lastEventAt),
      position: document.lastGlobalPosition,
      document: paymentToJson(document),
    });
    if (written.changes === 0) return;
    deleteDaily.run(document.key);
    for (const row of document.daily) {
      insertDaily.run(
        document.key,
        row.day,
        row.status,
        document.gateway,
        document.currency,
        row.amount,
      );
    }
  }

  const apply = db.transaction((changes: ReadModelChanges, checkpoint: Checkpoint) => {
    for (const document of changes.payments) writePayment(document);
    for (const parked of changes.parked) {
      upsertParked.run(parked.key, parked.lastGlobalPosition, parkedToJson(parked));
    }
    saveCheckpoint.run(checkpoint.name, version, checkpoint.position.commit);
  });

  function load<T>(table: string, keys: readonly string[], fromRow: (row: DocumentRow) => T) {
    const found = new Map<string, T>();
    for (const chunk of chunks(keys, 500)) {
      const rows = db
        .prepare(
          `SELECT key, document, last_global_position FROM ${table} WHERE key IN (${chunk.map(() => '?').join(',')})`,
        )
        .all(...chunk) as DocumentRow[];
      for (const row of rows) found.set(row.key, fromRow(row));
    }
    return found;
  }

  return rejectSyncThrows<ReadModelWriter>({
    version,
    loadPayments: (keys) =>
      Promise.resolve(load<PaymentDocument>(t.payments, keys, paymentFromRow)),
    loadParked: (keys) => Promise.resolve(load<ParkedPayment>(t.parked, keys, parkedFromRow)),
    readCheckpoint(name) {
      const row = readCheckpoint.get(name, version);
      if (!row) return Promise.resolve(undefined);
      const position = BigInt(row.position);
      return Promise.resolve({ commit: position, prepare: position });
    },
    applyBatch(changes, checkpoint) {
      apply.immediate(changes, checkpoint);
      return Promise.resolve();
    },
  });
}
