import type { GlobalPosition } from '../eventStore/eventStore.js';

/** A document as a read model holds it: its fields, its key and the last event applied to it. */
export type Stored<Body> = Body & {
  readonly key: string;
  readonly lastGlobalPosition: GlobalPosition;
};
