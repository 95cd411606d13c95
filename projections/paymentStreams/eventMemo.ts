import type { RecordedEvent } from '../../src/eventStore/eventStore.js';

/** A value derived from one recorded event, computed once however often it is asked for. */
export interface EventMemo<T> {
  get(event: RecordedEvent): T | undefined;
  set(event: RecordedEvent, value: T): void;
}

/**
 * Keeps the value on the event object itself, under a private symbol. A catch-up derives facts
 * for hundreds of thousands of short-lived events; in a WeakMap each entry is an ephemeron the
 * garbage collector must trace specially, which cost a catch-up more than the work the memo
 * saves. An event that cannot take a property (frozen) falls back to a WeakMap.
 */
export function eventMemo<T>(): EventMemo<T> {
  const slot = Symbol('memo');
  const frozen = new WeakMap<RecordedEvent, T>();
  type Slotted = { [slot]?: T };
  return {
    // `in`, not `??`: null is a value remembered (a payment not parked), not a miss.
    get: (event) => (slot in event ? (event as Slotted)[slot] : frozen.get(event)),
    set(event, value) {
      // Not enumerable: a copy of the event (`{ ...event }`, as the as-of folds make) is another
      // event whose history may differ, and must not inherit what was derived from this one.
      if (Object.isExtensible(event))
        Object.defineProperty(event, slot, { value, writable: true, configurable: true });
      else frozen.set(event, value);
    },
  };
}
