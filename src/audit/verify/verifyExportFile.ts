import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { JsonObject, JsonValue } from '../../domain/paymentEvent.js';
import type { RecordedEvent } from '../../eventStore/eventStore.js';
import { createChainHeads } from '../chain/chainHeads.js';
import { checkStreamChain, type ChainProblem } from '../chain/checkStreamChain.js';
import type { HeadsAt, VerifyLogSummary } from './verifyEventLog.js';

export interface VerifyFileOptions {
  readonly onProblem: (problem: ChainProblem) => void;
  readonly onProgress?: (events: number, elapsedSeconds: number) => void;
  readonly headsAt?: HeadsAt;
  readonly signal?: AbortSignal;
}

/**
 * Checks an NDJSON export offline, like `verifyEventLog` checks the store: one pass folding heads,
 * then a second pass over the file for the streams that need a full check. Streams may start
 * after revision 0 when the export was filtered by time.
 */
export async function verifyExportFile(
  file: string,
  options: VerifyFileOptions,
): Promise<VerifyLogSummary> {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const fold = createChainHeads({ checkContent: true, partial: true });
  const suspects = new Set<string>();
  let problems = 0;
  let headsPending = options.headsAt;
  let lastProgress = 0;

  for await (const [line, event] of readExport(file, options.signal)) {
    if (typeof event === 'string') {
      options.onProblem({ stream: file, revision: BigInt(line), kind: 'altered', detail: event });
      problems += 1;
      continue;
    }
    if (headsPending && event.position.commit > headsPending.position) {
      headsPending.reached(fold.heads);
      headsPending = undefined;
    }
    if (!fold.apply(event)) suspects.add(event.streamName);
    if (fold.events() - lastProgress >= 1000) {
      lastProgress = fold.events();
      options.onProgress?.(fold.events(), elapsed());
    }
  }
  headsPending?.reached(fold.heads);

  const streams = new Map<string, RecordedEvent[]>([...suspects].map((stream) => [stream, []]));
  if (streams.size > 0) {
    for await (const [, event] of readExport(file, options.signal)) {
      if (typeof event !== 'string') streams.get(event.streamName)?.push(event);
    }
  }
  let broken = 0;
  for (const [stream, events] of [...streams].sort(([a], [b]) => (a < b ? -1 : 1))) {
    events.sort((a, b) => (a.revision < b.revision ? -1 : a.revision > b.revision ? 1 : 0));
    const report = checkStreamChain(stream, events, { partial: true });
    for (const problem of report.problems) options.onProblem(problem);
    problems += report.problems.length;
    if (report.problems.length > 0) broken += 1;
  }
  return {
    events: fold.events(),
    streams: fold.heads.size,
    problems,
    brokenStreams: broken,
    unchained: { streams: 0, events: 0 },
    seconds: elapsed(),
  };
}

async function* readExport(
  file: string,
  signal: AbortSignal | undefined,
): AsyncGenerator<[number, RecordedEvent | string]> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let number = 0;
  for await (const text of lines) {
    number += 1;
    signal?.throwIfAborted();
    if (text.trim() === '') continue;
    yield [number, parseExportLine(text)];
  }
}

/** One NDJSON line back into an event, or why it is not one. */
export function parseExportLine(text: string): RecordedEvent | string {
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch {
    return 'this line is not JSON';
  }
  if (!isObject(value)) return 'this line is not an exported event';
  const { stream, revision, position, eventId, type, recordedAt, data, metadata } = value;
  const commit = isObject(position) ? position['commit'] : undefined;
  if (
    typeof stream !== 'string' ||
    typeof revision !== 'string' ||
    !/^\d+$/.test(revision) ||
    typeof commit !== 'string' ||
    !/^\d+$/.test(commit) ||
    typeof eventId !== 'string' ||
    typeof type !== 'string' ||
    typeof recordedAt !== 'string' ||
    data === undefined ||
    !isObject(metadata)
  ) {
    return 'this line lacks stream, revision, position, eventId, type, recordedAt, data or metadata';
  }
  return {
    id: eventId,
    type,
    streamName: stream,
    revision: BigInt(revision),
    position: { commit: BigInt(commit), prepare: BigInt(commit) },
    data,
    metadata,
    recordedAt: new Date(recordedAt),
  };
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
