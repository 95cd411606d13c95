import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { TEST_MONGODB_URL_VARIABLE } from '../setup/globalServices.js';

/** The server started by test/setup/globalServices.ts (FerretDB, or MONGODB_URL). */
export function testMongoDbUrl(): string {
  const url = process.env[TEST_MONGODB_URL_VARIABLE];
  if (!url) throw new Error(`${TEST_MONGODB_URL_VARIABLE} is unset: the global setup did not run`);
  return url;
}

/** A fresh database name; the returned function drops it. */
export function freshDatabase(): { readonly name: string; readonly drop: () => Promise<void> } {
  const name = `payledger_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  return {
    name,
    drop: async () => {
      const client = new MongoClient(testMongoDbUrl());
      try {
        await client.db(name).dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
}
