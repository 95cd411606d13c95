/**
 * Runs tasks with the same key one after another, tasks with different keys concurrently.
 * Concurrent redeliveries of one event thus queue behind the first, which has either stored it
 * (so they find it and answer `duplicate`) or failed (so the next one tries again).
 */
export function createKeyedSerializer() {
  const tails = new Map<string, Promise<unknown>>();
  return function serialize<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}
