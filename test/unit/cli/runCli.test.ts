import { expect } from 'chai';
import { PassThrough } from 'node:stream';
import { CliFailure, EXIT, type CliCommand, type CliIo } from '../../../src/cli/cliCommand.js';
import { parseCommandArgs, runCli } from '../../../src/cli/runCli.js';
import { COMMANDS } from '../../../src/cli/commands/index.js';

function capture(env: Record<string, string> = {}) {
  const out = new PassThrough();
  const err = new PassThrough();
  const text = { out: '', err: '' };
  out.on('data', (chunk: Buffer) => (text.out += chunk.toString()));
  err.on('data', (chunk: Buffer) => (text.err += chunk.toString()));
  const io: CliIo = { out, err, env, signal: new AbortController().signal };
  return { io, text };
}

const echo: CliCommand = {
  name: 'echo',
  summary: 'prints its --word',
  help: 'Usage: payledger echo --word WORD',
  run(args, io) {
    const { values } = parseCommandArgs(args, { word: { type: 'string' } });
    if (values.word === 'no') return Promise.reject(new CliFailure('the answer is no'));
    if (values.word === 'boom') return Promise.reject(new Error('something broke'));
    io.out.write(`${values.word ?? ''}\n`);
    return Promise.resolve(EXIT.ok);
  },
};

describe('runCli(argv, io)', function () {
  it('lists every command with its summary for --help and exits 0', async function () {
    const { io, text } = capture();
    expect(await runCli(['--help'], io)).to.equal(EXIT.ok);
    for (const command of COMMANDS) expect(text.out).to.include(command.name);
    expect(text.out).to.include('Exit codes');
  });

  it('prints the overview and exits 2 when no command is given', async function () {
    const { io, text } = capture();
    expect(await runCli([], io)).to.equal(EXIT.unusable);
    expect(text.out).to.match(/^Usage: payledger <command>/);
  });

  it('answers an unknown command with one line on stderr and exit 2', async function () {
    const { io, text } = capture();
    expect(await runCli(['rebiuld'], io)).to.equal(EXIT.unusable);
    expect(text.err).to.equal(
      'payledger: unknown command "rebiuld"; run `payledger --help` for the list\n',
    );
  });

  it("prints a command's own help for <command> --help without running it", async function () {
    const { io, text } = capture();
    expect(await runCli(['echo', '--word', 'x', '--help'], io, [echo])).to.equal(EXIT.ok);
    expect(text.out).to.equal('Usage: payledger echo --word WORD\n');
  });

  it('runs the command with its arguments', async function () {
    const { io, text } = capture();
    expect(await runCli(['echo', '--word', 'hello'], io, [echo])).to.equal(EXIT.ok);
    expect(text.out).to.equal('hello\n');
  });

  it('turns an unknown option into one usage line and exit 2', async function () {
    const { io, text } = capture();
    expect(await runCli(['echo', '--wrod', 'x'], io, [echo])).to.equal(EXIT.unusable);
    expect(text.err.split('\n')).to.have.length(2);
    expect(text.err).to.match(/^payledger echo: .*--wrod.*; run `payledger echo --help`\n$/);
  });

  it('turns a refusal into one line and exit 1', async function () {
    const { io, text } = capture();
    expect(await runCli(['echo', '--word', 'no'], io, [echo])).to.equal(EXIT.failed);
    expect(text.err).to.equal('payledger echo: the answer is no\n');
  });

  it('prints an unexpected error as one line without a stack trace', async function () {
    const { io, text } = capture();
    expect(await runCli(['echo', '--word', 'boom'], io, [echo])).to.equal(EXIT.failed);
    expect(text.err).to.equal('payledger echo: something broke\n');
  });

  it('names every bad variable on one line and exits 2 for an invalid configuration', async function () {
    const { io, text } = capture({ PORT: 'eighty', MAX_BODY_BYTES: '-1' });
    expect(await runCli(['rebuild'], io)).to.equal(EXIT.unusable);
    expect(text.err.trimEnd().split('\n')).to.have.length(1);
    expect(text.err).to.match(
      /^payledger rebuild: invalid configuration: PORT: .*MAX_BODY_BYTES: /,
    );
  });
});
