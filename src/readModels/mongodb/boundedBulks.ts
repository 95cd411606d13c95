import { BSON } from 'mongodb';

/** How the server is best written to and read from (see `createMongoContext`). */
export interface CommandLimits {
  readonly maxStatements: number;
  /** Documents per `insert` command at most (an insert needs no lookup, so it can be larger). */
  readonly maxInserts: number;
  readonly maxBytes: number;
  readonly concurrentWrites: boolean;
  /** Loads of at most this many keys ask for each key on its own (`{ _id: key }`). */
  readonly keysLoadedOneByOne: number;
}

/**
 * Splits statements into commands of at most `maxStatements` and about `maxBytes` of BSON each
 * (a single statement larger than that goes alone).
 */
export function boundedBulks<T extends object>(
  statements: readonly T[],
  limits: CommandLimits,
): T[][] {
  const bulks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const statement of statements) {
    const size = BSON.calculateObjectSize(statement);
    if (
      current.length > 0 &&
      (current.length >= limits.maxStatements || bytes + size > limits.maxBytes)
    ) {
      bulks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(statement);
    bytes += size;
  }
  if (current.length > 0) bulks.push(current);
  return bulks;
}
