import { expect } from 'chai';
import type { GlobalPosition, RecordedEvent } from '../../../../src/eventStore/eventStore.js';
import {
  readAllMatching,
  type AllPage,
} from '../../../../src/eventStore/eventStoreDb/readAllMatching.js';

const at = (commit: bigint): GlobalPosition => ({ commit, prepare: commit });

/** A fake `$all`: raw events at positions 10, 20, 30…; system events are read but never shown. */
function fakeLog(streams: readonly string[]) {
  const raw = streams.map((streamName, index) => ({
    streamName,
    position: at(BigInt(index + 1) * 10n),
  }));
  const requests: { from: bigint | undefined; maxCount: number }[] = [];
  const readPage = (from: GlobalPosition | undefined, maxCount: number): Promise<AllPage> => {
    requests.push({ from: from?.commit, maxCount });
    // Inclusive, like the server: the event at `from` comes back first.
    const page = raw.filter((e) => from === undefined || e.position.commit >= from.commit);
    const slice = page.slice(0, maxCount);
    const events = slice
      .filter((e) => !e.streamName.startsWith('$'))
      .map((e) => ({ ...e, id: e.streamName }) as unknown as RecordedEvent);
    return Promise.resolve({ events, last: slice.at(-1)?.position, count: slice.length });
  };
  return { readPage, requests };
}

describe('readAllMatching(readPage, options)', function () {
  it('leaves out the event at the exclusive position the inclusive read returns again', async function () {
    const { readPage } = fakeLog(['a', 'b', 'c']);

    const events = await readAllMatching(readPage, { after: at(10n), maxCount: 5 });
    expect(events.map((e) => e.streamName)).to.deep.equal(['b', 'c']);
  });

  it('pages on past events it may not show until maxCount events are found', async function () {
    const streams = ['$sys', 'pay-1', 'other', '$sys', 'pay-2', 'other', 'pay-3', 'pay-4'];
    const { readPage } = fakeLog(streams);

    const events = await readAllMatching(readPage, { maxCount: 3, streamPrefixes: ['pay-'] });
    expect(events.map((e) => e.streamName)).to.deep.equal(['pay-1', 'pay-2', 'pay-3']);
  });

  it('continues each page from the last raw event, shown or not', async function () {
    const { readPage, requests } = fakeLog(['x', '$sys', '$sys', 'y']);

    const events = await readAllMatching(readPage, { maxCount: 1, after: at(10n) });
    expect(events.map((e) => e.streamName)).to.deep.equal(['y']);
    expect(requests.map((r) => r.from)).to.deep.equal([10n, 20n, 30n]);
  });

  it('stops at the end of the log with what it found', async function () {
    const { readPage } = fakeLog(['pay-1', 'other']);

    const events = await readAllMatching(readPage, { maxCount: 10, streamPrefixes: ['pay-'] });
    expect(events.map((e) => e.streamName)).to.deep.equal(['pay-1']);
  });
});
