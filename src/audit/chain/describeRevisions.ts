/** "revision 3" or "revisions 3–5". */
export function describeRevisions(first: bigint, last: bigint): string {
  return first === last ? `revision ${first}` : `revisions ${first}–${last}`;
}
