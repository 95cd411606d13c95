import { MongoNetworkError, MongoServerSelectionError } from 'mongodb';
import { ReadModelUnavailableError } from '../readModelErrors.js';

/** Runs a driver call, turning "cannot reach the server" into the port's error. */
export async function translateMongoError<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof MongoNetworkError || error instanceof MongoServerSelectionError) {
      throw new ReadModelUnavailableError(undefined, { cause: error });
    }
    throw error;
  }
}
