import { readFile } from 'node:fs/promises';
import type { ChainHead } from '../../audit/chain/chainHeads.js';
import { checkStreamChain, type ChainProblem } from '../../audit/chain/checkStreamChain.js';
import type { DigestLeaf } from '../../audit/digest/merkleTree.js';
import { parseSignedDigest, type SignedDigest } from '../../audit/digest/digestRecord.js';
import { keyIdOfPem } from '../../audit/digest/digestSigning.js';
import { reconstructDigest } from '../../audit/digest/digestStream.js';
import {
  checkDigestStream,
  checkSavedDigest,
  compareWithDigest,
  leavesOf,
} from '../../audit/verify/compareWithDigest.js';
import { verifyEventLog, type VerifyLogSummary } from '../../audit/verify/verifyEventLog.js';
import { readChainingStart } from '../../audit/verify/chainingStart.js';
import {
  UnsupportedExportError,
  verifyExportFile,
  type VerifyFileSummary,
} from '../../audit/verify/verifyExportFile.js';
import { isSafePaymentId, paymentStreamName } from '../../domain/paymentStream.js';
import type { EventStore } from '../../eventStore/eventStore.js';
import { GATEWAY_NAMES, isGatewayName } from '../../webhooks/gateway.js';
import { openEventStore } from '../../openStores.js';
import {
  CliUnusableError,
  CliUsageError,
  EXIT,
  type CliCommand,
  type CliIo,
} from '../cliCommand.js';
import { configFromEnvironment } from '../configFromEnvironment.js';
import { createProgressReporter } from '../progressBar.js';
import { parseCommandArgs } from '../runCli.js';

export const verifyCommand: CliCommand = {
  name: 'verify',
  summary: 'check the hash chains of the payment streams (and a saved digest, or an export)',
  help: `Usage: payledger verify [--payment GATEWAY:ID] [--digest SAVED.json [--public-key KEY.pem]]
                        [--file EXPORT.ndjson]

Checks that every payment stream's hash chain is whole: each event's content matches its chain
value, and each links to the one before it. Prints one line per broken place:

  <stream> revision <n>: <altered|missing|reordered|inserted>: <what is wrong>
  <file> line <n>: <kind or truncated>: <what is wrong>   (--file: the file itself)

  --payment GATEWAY:ID   check only that payment's stream; one with no events is exit 2 (a
                         mistyped id?), or 1, missing, when --digest covered it
  --digest FILE          also prove the log still holds exactly what it held when that digest
                         (saved from GET /audit/digest) was made, plus later appends; names
                         every stream that differs, including deleted events and streams
  --public-key KEY.pem   with --digest: the digest must be signed by this Ed25519 key (PEM, the
                         one you were given); otherwise the signer's keyId is only printed
  --file EXPORT          check an NDJSON export (payledger export, GET /audit/export) offline,
                         without the store: every chain, and the export's header, stream heads
                         and trailer against the lines (a cut-off file is truncated; a stream
                         may start mid-way only in an export filtered by --from); with
                         --digest, also against that digest
  --allow-empty          an empty log (no payment events) is expected: say intact rather
                         than exit 2

Events written before chaining existed are reported in a note, not as problems. Uses the same
configuration as the service (DATA_DIR, EVENTSTORE_URL or EVENTSTORE_URL_FILE); the embedded
file must exist. Progress goes to stderr (a bar on a terminal, a line every few seconds
otherwise); problems and the summary to stdout.

Exit codes: 0 intact, 1 something is broken, 2 usage, configuration or store error, a file
that cannot be read, or nothing to check (no payment events, unless --allow-empty), 130
interrupted.`,

  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      payment: { type: 'string' },
      digest: { type: 'string' },
      file: { type: 'string' },
      'public-key': { type: 'string' },
      'allow-empty': { type: 'boolean', default: false },
    });
    const allowEmpty = values['allow-empty'];
    if (values.payment !== undefined && values.file !== undefined) {
      throw new CliUsageError('--payment checks the store; --file checks an export: use one');
    }
    const stream = values.payment === undefined ? undefined : parsePayment(values.payment);
    const saved = values.digest === undefined ? undefined : await readSavedDigest(values.digest);
    const publicKey = values['public-key'];
    if (publicKey !== undefined && !saved)
      throw new CliUsageError('--public-key goes with --digest');
    const trustedKeyId = publicKey === undefined ? undefined : await readKeyId(publicKey);

    let problems = 0;
    const onProblem = (problem: ChainProblem) => {
      problems += 1;
      const where =
        problem.line === undefined
          ? `revision ${problem.revision}${problem.eventId ? ` (event ${problem.eventId})` : ''}`
          : `line ${problem.line}`;
      io.out.write(`${problem.stream} ${where}: ${problem.kind}: ${problem.detail}\n`);
    };
    if (saved) checkSavedDigest(saved.digest, trustedKeyId).forEach(onProblem);

    if (values.file !== undefined) {
      const summary = await verifyFile(values.file, saved?.digest, onProblem, io);
      return finish(io, summary, problems, saved?.digest, {
        where: 'in the export',
        events: summary.events,
        ifEmpty: allowEmpty ? undefined : `no payment events in ${values.file}`,
      });
    }
    const stores = openEventStore(configFromEnvironment(io.env).config, {
      requireExistingLog: true,
    });
    const where = stores.location;
    try {
      if (stream !== undefined) {
        const events = await verifyOneStream(stores.eventStore, stream, saved?.digest, onProblem);
        return finish(io, undefined, problems, saved?.digest, {
          where: `in ${stream}`,
          events,
          ifEmpty: allowEmpty
            ? undefined
            : `no events in ${stream} (${where}; is the payment id right?)`,
        });
      }
      const summary = await verifyStore(
        stores.eventStore,
        stores.countPaymentEvents(),
        saved?.digest,
        onProblem,
        io,
      );
      return finish(io, summary, problems, saved?.digest, {
        where: 'in the store',
        events: summary.events,
        ifEmpty: allowEmpty ? undefined : `no payment events in the store (${where})`,
      });
    } finally {
      await stores.close();
    }
  },
};

/** Progress on stderr and, with a saved digest, the log's leaves as of its position. */
function scanning(io: CliIo, total: number | undefined, saved: SignedDigest | undefined) {
  const progress = createProgressReporter(io.err);
  const atDigest: { leaves?: DigestLeaf[] } = {};
  const options = {
    onProgress: (events: number, seconds: number) => {
      progress.update(events, total, seconds);
    },
    signal: io.signal,
    ...(saved
      ? {
          headsAt: {
            position: BigInt(saved.body.upTo.commit),
            reached: (heads: ReadonlyMap<string, ChainHead>) => {
              atDigest.leaves = leavesOf(heads);
            },
          },
        }
      : {}),
  };
  return { progress, atDigest, options };
}

async function verifyStore(
  eventStore: EventStore,
  total: number | undefined,
  saved: SignedDigest | undefined,
  onProblem: (problem: ChainProblem) => void,
  io: CliIo,
): Promise<VerifyLogSummary> {
  const { progress, atDigest, options } = scanning(io, total, saved);
  const summary = await verifyEventLog(eventStore, { onProblem, ...options });
  progress.done();
  if (saved && atDigest.leaves) {
    const stored = await reconstructDigest(eventStore, saved.body.sequence);
    checkDigestStream(saved, stored).forEach(onProblem);
    compareWithDigest(saved, atDigest.leaves, stored).forEach(onProblem);
  }
  return summary;
}

async function verifyOneStream(
  eventStore: EventStore,
  stream: string,
  saved: SignedDigest | undefined,
  onProblem: (problem: ChainProblem) => void,
): Promise<number> {
  const events = await eventStore.readStream(stream);
  const report = checkStreamChain(stream, events, {
    chainedSince: await readChainingStart(eventStore),
  });
  report.problems.forEach(onProblem);
  if (!saved) return events.length;
  const upTo = BigInt(saved.body.upTo.commit);
  const atDigest = events.filter((event) => event.position.commit <= upTo);
  const atDigestReport = checkStreamChain(stream, atDigest);
  const leaves = atDigestReport.head
    ? [{ stream, revision: atDigestReport.head.revision, hash: atDigestReport.head.hash }]
    : [];
  const stored = await reconstructDigest(eventStore, saved.body.sequence);
  compareWithDigest(saved, leaves, stored, stream).forEach(onProblem);
  return events.length;
}

async function verifyFile(
  file: string,
  saved: SignedDigest | undefined,
  onProblem: (problem: ChainProblem) => void,
  io: CliIo,
): Promise<VerifyLogSummary> {
  const { progress, atDigest, options } = scanning(io, undefined, saved);
  let summary: VerifyFileSummary;
  try {
    summary = await verifyExportFile(file, { onProblem, ...options });
  } catch (error) {
    if (isNotFound(error)) throw new CliUsageError(`cannot read ${file}: no such file`);
    if (isSystemError(error)) throw new CliUnusableError(`cannot read ${file}: ${error.message}`);
    if (error instanceof UnsupportedExportError) throw new CliUnusableError(error.message);
    throw error;
  }
  progress.done();
  if (saved && atDigest.leaves) {
    const why = whyNotComparable(summary, saved);
    for (const problem of compareWithDigest(saved, atDigest.leaves, undefined)) {
      onProblem({
        ...problem,
        detail: `the export as of position ${saved.body.upTo.commit} does not give digest #${saved.body.sequence}’s root: ${why ?? 'it is not the log the digest covered'}`,
      });
    }
  }
  return summary;
}

/** Why an export cannot reproduce a digest over the whole log, if its header or trailer say. */
function whyNotComparable(summary: VerifyFileSummary, saved: SignedDigest): string | undefined {
  const { header, trailer } = summary;
  if (!header || !trailer) return 'the export is incomplete (no header or no trailer)';
  const filters = Object.keys(header.filter).filter((key) => key !== 'to');
  if (filters.length > 0)
    return `the export is filtered (${filters.join(', ')}); compare an unfiltered export`;
  const through = trailer.scannedThrough?.commit;
  if (through === undefined || BigInt(through) < BigInt(saved.body.upTo.commit))
    return `the export ends at position ${through ?? 'none'}, before the digest's; export again`;
  return undefined;
}

function finish(
  io: CliIo,
  summary: VerifyLogSummary | undefined,
  problems: number,
  saved: SignedDigest | undefined,
  checked: {
    readonly where: string;
    readonly events: number;
    /** What to say when there were no events to check; undefined with --allow-empty. */
    readonly ifEmpty: string | undefined;
  },
) {
  const { where } = checked;
  const n = (value: number) => value.toLocaleString('en-US');
  if (summary && summary.unchained.streams > 0) {
    io.out.write(
      `note: ${n(summary.unchained.streams)} streams begin with ${n(summary.unchained.events)} events written before chaining (no chain values): the next chained event of a stream seals them, and every digest covers them; save one from now on\n`,
    );
  }
  const counted = summary
    ? ` (${n(summary.events)} events in ${n(summary.streams)} payment streams, ${summary.seconds.toFixed(1)} s)`
    : ` (${n(checked.events)} events ${where})`;
  const digest = saved
    ? `; checked against digest #${saved.body.sequence} of ${saved.body.createdAt} (${saved.signature ? `signed by ${saved.signature.keyId}` : 'unsigned'})`
    : '';
  if (problems > 0) {
    io.out.write(
      `broken: ${n(problems)} problem${problems === 1 ? '' : 's'} ${where}${counted}${digest}\n`,
    );
    return EXIT.failed;
  }
  // A wrong DATA_DIR, EVENTSTORE_URL or payment id looks like an empty log: never call that
  // intact unasked. (With a digest that covered it, a vanished stream is a problem above.)
  if (checked.events === 0 && checked.ifEmpty !== undefined) {
    throw new CliUnusableError(
      `${checked.ifEmpty}, so nothing was checked; pass --allow-empty if none are expected`,
    );
  }
  io.out.write(`intact${counted}${digest}\n`);
  return EXIT.ok;
}

function parsePayment(value: string): string {
  const colon = value.indexOf(':');
  const gateway = value.slice(0, colon);
  const paymentId = value.slice(colon + 1);
  if (colon < 1 || !isSafePaymentId(paymentId)) {
    throw new CliUsageError(`--payment takes GATEWAY:ID, e.g. stripe:pi_123 (got "${value}")`);
  }
  if (!isGatewayName(gateway)) {
    throw new CliUsageError(
      `--payment: "${gateway}" is not a gateway; one of ${GATEWAY_NAMES.join(', ')}`,
    );
  }
  return paymentStreamName(gateway, paymentId);
}

async function readSavedDigest(file: string): Promise<{ readonly digest: SignedDigest }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliUsageError(
      `cannot read ${file}: ${isNotFound(error) ? 'no such file' : String(error)}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CliUsageError(`${file} is not JSON; save the whole answer of GET /audit/digest`);
  }
  const digest = parseSignedDigest(value);
  if (typeof digest === 'string') {
    throw new CliUsageError(`${file} is not a saved digest (${digest})`);
  }
  return { digest };
}

async function readKeyId(file: string): Promise<string> {
  try {
    return keyIdOfPem(await readFile(file, 'utf8'));
  } catch (error) {
    throw new CliUsageError(
      `cannot read a public key from ${file}: ${isNotFound(error) ? 'no such file' : 'not a PEM key'}`,
    );
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

function isSystemError(error: unknown): error is Error & { readonly code: string } {
  return error instanceof Error && 'code' in error && typeof error.code === 'string';
}
