import { comparePositions, type GlobalPosition } from '../../src/eventStore/eventStore.js';

/** The lowest of these positions; undefined when any is (a projection with nothing applied). */
export function lowestPosition(
  positions: readonly (GlobalPosition | undefined)[],
): GlobalPosition | undefined {
  let low: GlobalPosition | undefined;
  for (const position of positions) {
    if (position === undefined) return undefined;
    if (!low || comparePositions(position, low) < 0) low = position;
  }
  return low;
}
