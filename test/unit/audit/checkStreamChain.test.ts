import { expect } from 'chai';
import { nextChainValues, withChainValues } from '../../../src/audit/chain/chainEvent.js';
import {
  checkStreamChain,
  type StoredChainEvent,
} from '../../../src/audit/chain/checkStreamChain.js';
import type { JsonObject } from '../../../src/domain/paymentEvent.js';
import { aChainedStream, aChainedStreamOf, renumbered } from '../../support/chainedEvents.js';
import { aPaymentEvent } from '../../support/paymentEvents.js';

const problemsOf = (stream: string, events: readonly StoredChainEvent[]) =>
  checkStreamChain(stream, events).problems.map((problem) => `${problem.revision} ${problem.kind}`);

const withData = (event: StoredChainEvent, change: JsonObject): StoredChainEvent => ({
  ...event,
  data: { ...(event.data as JsonObject), ...change },
});

describe('checkStreamChain', function () {
  const { stream, events } = aChainedStream(6);

  context('when the stream is as appended', function () {
    it('finds nothing wrong and names the head as a digest leaf', function () {
      const report = checkStreamChain(stream, events);

      expect(report.problems).to.deep.equal([]);
      expect(report.unchainedPrefix).to.equal(0);
      expect(report.head).to.deep.equal({
        revision: 5n,
        hash: (events[5]!.metadata['chain'] as { hash: string }).hash,
      });
    });

    it('gives the same answer when the payload is left out because the store derives it', function () {
      const derived = events.map((event) => {
        const { payload: _payload, ...data } = event.data as JsonObject;
        return { ...event, data };
      });

      expect(checkStreamChain(stream, derived).problems).to.deep.equal([]);
    });

    it('gives the same answer for a body kept as base64 and shown as text beside it', function () {
      const asBase64 = aChainedStream(2, { paymentId: 'pi_b64' });
      const stored = asBase64.events.map((event) => {
        const { payload: _payload, rawBody, ...data } = event.data as JsonObject;
        return {
          ...event,
          data: { ...data, rawBodyBase64: Buffer.from(rawBody as string).toString('base64') },
        };
      });
      const rechained = aChainedStreamOf(asBase64.stream, stored);
      const shown = rechained.map((event) => {
        const data = event.data as JsonObject;
        const text = Buffer.from(data['rawBodyBase64'] as string, 'base64').toString('utf8');
        return {
          ...event,
          data: { ...data, rawBody: text, payload: JSON.parse(text) as JsonObject },
        };
      });

      expect(checkStreamChain(asBase64.stream, shown).problems).to.deep.equal([]);
    });
  });

  context('when an event was tampered with', function () {
    it('names an event whose data was edited as altered', function () {
      const edited = events.map((event, i) => (i === 2 ? withData(event, { amount: 1 }) : event));

      expect(problemsOf(stream, edited)).to.deep.equal(['2 altered']);
    });

    it('names an edited payload as altered', function () {
      const edited = events.map((event, i) =>
        i === 1 ? withData(event, { payload: { id: 'evt_forged' } }) : event,
      );

      expect(problemsOf(stream, edited)).to.deep.equal(['1 altered']);
    });

    it('names a deleted event as missing, with or without renumbering', function () {
      const deleted = events.filter((_, i) => i !== 3);

      expect(problemsOf(stream, deleted)).to.deep.equal(['3 missing']);
      expect(problemsOf(stream, renumbered(deleted))).to.deep.equal(['3 missing']);
    });

    it('names a deleted first event as missing', function () {
      const deleted = events.slice(1);

      expect(problemsOf(stream, deleted)).to.deep.equal(['0 missing']);
      expect(problemsOf(stream, renumbered(deleted))).to.deep.equal(['0 missing']);
    });

    it('names two swapped events as reordered, and nothing else', function () {
      const swapped = renumbered([events[0]!, events[2]!, events[1]!, ...events.slice(3)]);

      expect(problemsOf(stream, swapped)).to.deep.equal(['1 reordered', '2 reordered']);
    });

    it('names an event without chain values put between chained ones as inserted', function () {
      const { streamName: _stream, ...foreign } = aPaymentEvent({ paymentId: 'pi_chain' });
      const inserted = renumbered([
        ...events.slice(0, 2),
        { ...foreign, revision: 0n },
        ...events.slice(2),
      ]);

      expect(problemsOf(stream, inserted)).to.deep.equal(['2 inserted']);
    });

    it('names a forged event chained onto an existing one as inserted', function () {
      const { streamName: _stream, ...foreign } = aPaymentEvent({ paymentId: 'pi_chain' });
      const chain = nextChainValues(stream, events.slice(0, 2), foreign);
      const forged = { ...foreign, metadata: withChainValues(foreign.metadata, chain) };
      const inserted = renumbered([
        ...events.slice(0, 2),
        { ...forged, revision: 0n },
        ...events.slice(2),
      ]);

      expect(problemsOf(stream, inserted)).to.deep.equal(['2 inserted']);
    });

    it('names an event copied from another stream as missing its predecessor, since the chain binds the stream name', function () {
      const other = aChainedStream(1, { paymentId: 'pi_other' });

      expect(problemsOf(stream, [other.events[0]!])).to.deep.equal(['0 missing']);
    });
  });

  context('when the stream was written before chaining existed', function () {
    const legacy = events.map((event) => {
      const { chain: _chain, ...metadata } = event.metadata;
      return { ...event, metadata };
    });

    it('reports the unchained prefix without calling it a problem', function () {
      const report = checkStreamChain(stream, legacy.slice(0, 3));

      expect(report.problems).to.deep.equal([]);
      expect(report.unchainedPrefix).to.equal(3);
      expect(report.head?.revision).to.equal(2n);
    });

    it('accepts chained events appended after the prefix, which seal it', function () {
      const prefix = legacy.slice(0, 3);
      const { streamName: _stream, ...next } = aPaymentEvent({ paymentId: 'pi_chain' });
      const chain = nextChainValues(stream, prefix, next);
      const upgraded = [
        ...prefix,
        { ...next, metadata: withChainValues(next.metadata, chain), revision: 3n },
      ];

      expect(checkStreamChain(stream, upgraded).problems).to.deep.equal([]);
      const editedPrefix = upgraded.map((event, i) =>
        i === 1 ? withData(event, { amount: 5 }) : event,
      );
      expect(problemsOf(stream, editedPrefix)).to.deep.equal(['0 altered']);
    });
  });
});
