/**
 * A position in the transaction file, as the server's `TFPos`: a commit and a prepare position,
 * ordered by commit first, then prepare (EventStore/EventStore `src/EventStore.Core/Data/TFPos.cs`).
 * An event appended over gRPC sits at (L, L), L being where its record starts; positions the
 * server makes up, such as the next page of a read, can have a prepare below the commit.
 */
export interface TfPos {
  readonly commit: bigint;
  readonly prepare: bigint;
}

/** `TFPos.HeadOfTf`: "before the first record", where a subscription from the start begins. */
export const HEAD_OF_TF: TfPos = { commit: -1n, prepare: -1n };

export function compareTfPos(a: TfPos, b: TfPos): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

export const isBefore = (a: TfPos, b: TfPos) => compareTfPos(a, b) < 0;
export const isAtOrBefore = (a: TfPos, b: TfPos) => compareTfPos(a, b) <= 0;

/** The position of an event written at log position `at`. */
export const eventPos = (at: bigint): TfPos => ({ commit: at, prepare: at });

/**
 * The server sends positions as unsigned 64-bit numbers (`Position.FromInt64`), so the signed
 * (-1, -1) of `HeadOfTf` reaches a client as 2^64 - 1 twice.
 */
export function toWire(position: TfPos): { commit: string; prepare: string } {
  return {
    commit: BigInt.asUintN(64, position.commit).toString(),
    prepare: BigInt.asUintN(64, position.prepare).toString(),
  };
}
