import type { ChainHead } from '../chain/chainHeads.js';
import type { ChainProblem } from '../chain/checkStreamChain.js';
import { describeRevisions } from '../chain/describeRevisions.js';
import type { ExportHead } from '../export/exportEnvelope.js';

/** What the file holds of one stream: its first revision and how many lines. */
export interface StreamInFile {
  readonly first: bigint;
  events: number;
}

/**
 * Compares where the export says it ended a stream (its head line) with what the file holds:
 * first lines dropped (which a chain cannot show when the export began mid-stream), last lines
 * dropped or added, a last event re-hashed, or the whole stream gone.
 */
export function checkExportHead(
  head: ExportHead,
  inFile: StreamInFile | undefined,
  folded: ChainHead | undefined,
): ChainProblem[] {
  const first = BigInt(head.firstRevision);
  const last = BigInt(head.revision);
  const problem = (revision: bigint, kind: ChainProblem['kind'], detail: string) => ({
    stream: head.stream,
    revision,
    kind,
    detail,
  });
  if (!inFile || !folded) {
    return [
      problem(
        first,
        'missing',
        `the whole stream (${head.events} events, ${describeRevisions(first, last)}) is among the export's stream heads but not in the file`,
      ),
    ];
  }
  const problems: ChainProblem[] = [];
  if (inFile.first > first) {
    problems.push(
      problem(
        first,
        'missing',
        `${describeRevisions(first, inFile.first - 1n)}, the first the export wrote of this stream, not in the file`,
      ),
    );
  } else if (inFile.first < first) {
    problems.push(
      problem(
        inFile.first,
        'inserted',
        `${describeRevisions(inFile.first, first - 1n)} not written by the export (it began this stream at revision ${first})`,
      ),
    );
  }
  if (folded.revision < last) {
    problems.push(
      problem(
        folded.revision + 1n,
        'missing',
        `${describeRevisions(folded.revision + 1n, last)}, the last the export wrote of this stream, not in the file`,
      ),
    );
  } else if (folded.revision > last) {
    problems.push(
      problem(
        last + 1n,
        'inserted',
        `${describeRevisions(last + 1n, folded.revision)} not written by the export (it ended this stream at revision ${last})`,
      ),
    );
  } else if (folded.hash !== head.hash) {
    problems.push(
      problem(
        last,
        'altered',
        'its chain value differs from the one the export recorded for the end of the stream: it or an event before it was rewritten and re-hashed',
      ),
    );
  }
  return problems;
}
