import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { RecordedEvent } from '../../eventStore/eventStore.js';
import { createChainHeads, type ChainHeads } from '../chain/chainHeads.js';
import { hasChainEntry } from '../chain/chainValues.js';
import {
  checkStreamChain,
  type ChainProblem,
  type ChainProblemKind,
} from '../chain/checkStreamChain.js';
import {
  EXPORT_FORMAT_VERSION,
  type ExportHeader,
  type ExportTrailer,
} from '../export/exportEnvelope.js';
import { CSV_HEADER } from '../export/exportFormats.js';
import { readExportLine, type ExportLine } from '../export/readExportLine.js';
import { earlierStart } from './chainingStart.js';
import { checkExportHead, type StreamInFile } from './checkExportHead.js';
import type { HeadsAt, VerifyLogSummary } from './verifyEventLog.js';

export interface VerifyFileOptions {
  readonly onProblem: (problem: ChainProblem) => void;
  readonly onProgress?: (events: number, elapsedSeconds: number) => void;
  readonly headsAt?: HeadsAt;
  readonly signal?: AbortSignal;
}

export interface VerifyFileSummary extends VerifyLogSummary {
  /** The export's header and trailer, when the file has them. */
  readonly header: ExportHeader | undefined;
  readonly trailer: ExportTrailer | undefined;
}

/** Thrown for a file that is a payledger export of a format this version cannot read. */
export class UnsupportedExportError extends Error {
  override readonly name = 'UnsupportedExportError';
}

/**
 * Checks an NDJSON export offline, like `verifyEventLog` checks the store: one pass folding heads
 * and comparing the export's own header, stream heads and trailer with what the file holds, then
 * a second pass over the file for the streams that need a full chain check. A stream may start
 * after revision 0 only when the header says the export was filtered by time (`from`); a file
 * without the trailer was cut off.
 */
export async function verifyExportFile(
  file: string,
  options: VerifyFileOptions,
): Promise<VerifyFileSummary> {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  let problems = 0;
  // A place both the stream heads and the chain check find broken is reported once, by the first.
  const reported = new Set<string>();
  const report = (problem: ChainProblem) => {
    const place = `${problem.stream}\n${problem.revision}\n${problem.kind}`;
    if (reported.has(place)) return;
    reported.add(place);
    problems += 1;
    options.onProblem(problem);
  };
  const fileProblem = (line: number, kind: ChainProblemKind, detail: string) => {
    report({ stream: file, revision: BigInt(line), line, kind, detail });
  };

  let header: ExportHeader | undefined;
  let trailer: ExportTrailer | undefined;
  let fold: ChainHeads | undefined;
  let chainedSince: bigint | undefined;
  let section: 'events' | 'heads' | 'end' = 'events';
  let lastLine = 0;
  let eventLines = 0;
  const inFile = new Map<string, StreamInFile>();
  const legacy = new Map<string, number>();
  const suspects = new Set<string>();
  const withHeads = new Set<string>();
  let headsPending = options.headsAt;

  const onEvent = (heads: ChainHeads, event: RecordedEvent, line: number) => {
    if (section !== 'events') fileProblem(line, 'reordered', 'an event after the stream heads');
    eventLines += 1;
    if (headsPending && event.position.commit > headsPending.position) {
      headsPending.reached(heads.heads);
      headsPending = undefined;
    }
    if (!heads.apply(event)) suspects.add(event.streamName);
    const seen = inFile.get(event.streamName);
    if (seen) seen.events += 1;
    else inFile.set(event.streamName, { first: event.revision, events: 1 });
    if (hasChainEntry(event.metadata)) {
      chainedSince = earlierStart(chainedSince, event.position.commit);
    } else if (chainedSince !== undefined && event.position.commit > chainedSince) {
      suspects.add(event.streamName);
    } else if (!heads.heads.get(event.streamName)?.chained) {
      legacy.set(event.streamName, (legacy.get(event.streamName) ?? 0) + 1);
    }
    if (eventLines % 1000 === 0) options.onProgress?.(eventLines, elapsed());
  };

  for await (const [line, parsed] of readExport(file, options.signal)) {
    lastLine = line;
    if (!fold) {
      fold = startFold(parsed, file, fileProblem);
      if (parsed.kind === 'header') {
        header = parsed.header;
        chainedSince = header.chainedSince === null ? undefined : BigInt(header.chainedSince);
        continue;
      }
    }
    if (section === 'end') {
      fileProblem(line, 'inserted', "a line after the export's trailer");
      continue;
    }
    switch (parsed.kind) {
      case 'bad':
        fileProblem(line, 'altered', parsed.reason);
        break;
      case 'header':
        fileProblem(line, 'inserted', 'a second header line');
        break;
      case 'event':
        onEvent(fold, parsed.event, line);
        break;
      case 'head':
        section = 'heads';
        withHeads.add(parsed.head.stream);
        checkExportHead(
          parsed.head,
          inFile.get(parsed.head.stream),
          fold.heads.get(parsed.head.stream),
        ).forEach(report);
        break;
      case 'trailer':
        section = 'end';
        trailer = parsed.trailer;
        break;
    }
  }
  headsPending?.reached(fold?.heads ?? new Map());

  if (!trailer) {
    fileProblem(
      lastLine,
      'truncated',
      `${lastLine === 0 ? 'the file is empty' : `the file ends at line ${lastLine}`} without the export's trailer: it was cut off (an interrupted download, a full disk?); export it again`,
    );
  } else {
    for (const [stream, seen] of inFile) {
      if (!withHeads.has(stream))
        report({
          stream,
          revision: seen.first,
          kind: 'inserted',
          detail: "the stream is not among the export's stream heads: its lines were added",
        });
    }
  }

  const partial = header?.filter.from !== undefined;
  const broken = await checkSuspects(file, suspects, { partial, chainedSince }, report, options);
  if (trailer && problems === 0) {
    if (trailer.events !== eventLines || trailer.streams !== inFile.size) {
      fileProblem(
        lastLine,
        trailer.events > eventLines ? 'missing' : 'inserted',
        `the trailer says ${trailer.events} events in ${trailer.streams} streams; the file holds ${eventLines} in ${inFile.size}`,
      );
    }
  }
  return {
    events: eventLines,
    streams: inFile.size,
    problems,
    brokenStreams: broken,
    unchained: { streams: legacy.size, events: [...legacy.values()].reduce((a, b) => a + b, 0) },
    seconds: elapsed(),
    header,
    trailer,
  };
}

/** The fold for the file's events: partial (streams may start mid-way) only after a `from`. */
function startFold(
  first: ExportLine,
  file: string,
  fileProblem: (line: number, kind: ChainProblemKind, detail: string) => void,
): ChainHeads {
  if (first.kind !== 'header') {
    fileProblem(
      1,
      'missing',
      "the first line is not the export's header: it was dropped, or the file was not written by payledger export",
    );
    return createChainHeads({ checkContent: true });
  }
  if (first.header.version !== EXPORT_FORMAT_VERSION)
    throw new UnsupportedExportError(
      `${file} is an export of format ${first.header.version}; this payledger reads format ${EXPORT_FORMAT_VERSION}`,
    );
  return createChainHeads({ checkContent: true, partial: first.header.filter.from !== undefined });
}

/** Reads the suspect streams' lines again and checks each chain whole; returns how many broke. */
async function checkSuspects(
  file: string,
  suspects: ReadonlySet<string>,
  check: { readonly partial: boolean; readonly chainedSince: bigint | undefined },
  report: (problem: ChainProblem) => void,
  options: VerifyFileOptions,
): Promise<number> {
  if (suspects.size === 0) return 0;
  const streams = new Map<string, RecordedEvent[]>([...suspects].map((stream) => [stream, []]));
  for await (const [, parsed] of readExport(file, options.signal)) {
    if (parsed.kind === 'event') streams.get(parsed.event.streamName)?.push(parsed.event);
  }
  let broken = 0;
  for (const [stream, events] of [...streams].sort(([a], [b]) => (a < b ? -1 : 1))) {
    events.sort((a, b) => (a.revision < b.revision ? -1 : a.revision > b.revision ? 1 : 0));
    const result = checkStreamChain(stream, events, check);
    result.problems.forEach(report);
    if (result.problems.length > 0) broken += 1;
  }
  return broken;
}

async function* readExport(
  file: string,
  signal: AbortSignal | undefined,
): AsyncGenerator<[number, ExportLine]> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let number = 0;
  for await (const text of lines) {
    number += 1;
    signal?.throwIfAborted();
    if (text.trim() === '') continue;
    if (number === 1 && text === CSV_HEADER.trimEnd())
      throw new UnsupportedExportError(
        `${file} is a CSV export; verify --file checks NDJSON exports (--format ndjson)`,
      );
    yield [number, readExportLine(text)];
  }
}
