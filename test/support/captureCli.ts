import { PassThrough } from 'node:stream';
import type { CliIo } from '../../src/cli/cliCommand.js';
import { runCli } from '../../src/cli/runCli.js';

/** Runs a `payledger` command in this process and captures what it prints. */
export async function runPayledger(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  /** Stands for SIGINT / SIGTERM, which `runFromProcess` turns into this signal. */
  signal: AbortSignal = new AbortController().signal,
): Promise<{ readonly code: number; readonly out: string; readonly err: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const text = { out: '', err: '' };
  out.on('data', (chunk: Buffer) => (text.out += chunk.toString()));
  err.on('data', (chunk: Buffer) => (text.err += chunk.toString()));
  const io: CliIo = {
    out,
    err,
    env: { LOG_LEVEL: 'silent', ...env },
    signal,
  };
  const code = await runCli(argv, io);
  return { code, out: text.out, err: text.err };
}

/**
 * The lines a command printed that name a broken place: `<stream> revision <n>: <kind>: …` as
 * `<stream> <n> <kind>`, and an export file's own `<file> line <n>: <kind>: …` as
 * `<file> line <n> <kind>`.
 */
export function brokenPlaces(out: string): string[] {
  return out
    .split('\n')
    .map((line) => /^(\S+) (revision|line) (\d+)(?: \(event [0-9a-f-]+\))?: (\w+):/.exec(line))
    .flatMap((match) =>
      match ? [`${match[1]} ${match[2] === 'line' ? 'line ' : ''}${match[3]} ${match[4]}`] : [],
    );
}
