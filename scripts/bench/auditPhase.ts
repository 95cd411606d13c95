/**
 * One phase of `npm run bench:audit` in a process of its own, so its peak RSS is its own:
 *   tsx scripts/bench/auditPhase.ts <DATA_DIR> <payledger command and options…>
 * Prints one JSON line: seconds, exit code, peak RSS (MiB).
 */
import { Writable } from 'node:stream';
import { runCli } from '../../src/cli/runCli.js';

const [dataDir, ...argv] = process.argv.slice(2);
let printed = '';
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    if (printed.length < 4096) printed += chunk.toString();
    done();
  },
});
const started = performance.now();
const code = await runCli(argv, {
  out: sink,
  err: new Writable({
    write: (_chunk, _encoding, done) => {
      done();
    },
  }),
  env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
  signal: new AbortController().signal,
});
process.stdout.write(
  `${JSON.stringify({
    seconds: (performance.now() - started) / 1000,
    code,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    lastLine: printed.trimEnd().split('\n').at(-1),
  })}\n`,
);
process.exit(0);
