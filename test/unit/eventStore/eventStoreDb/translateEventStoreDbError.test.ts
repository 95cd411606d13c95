import {
  DeadlineExceededError,
  StreamDeletedError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { expect } from 'chai';
import {
  StoreUnavailableError,
  StreamRevisionConflictError,
} from '../../../../src/eventStore/eventStoreErrors.js';
import { translateEventStoreDbError } from '../../../../src/eventStore/eventStoreDb/translateEventStoreDbError.js';

describe('translateEventStoreDbError(error, append)', function () {
  const append = { streamName: 'payment-stripe:pi_1', expectedRevision: 2n } as const;

  it('turns a wrong expected version into a revision conflict with the actual revision', function () {
    const driverError = new WrongExpectedVersionError(undefined, {
      streamName: 'payment-stripe:pi_1',
      expected: 2n,
      current: 4n,
    });

    const error = translateEventStoreDbError(driverError, append);
    expect(error).to.be.instanceOf(StreamRevisionConflictError);
    expect(error).to.include({
      streamName: append.streamName,
      expectedRevision: 2n,
      actualRevision: 4n,
    });
  });

  it('reports a missing stream as no_stream', function () {
    const driverError = new WrongExpectedVersionError(undefined, {
      streamName: 'payment-stripe:pi_1',
      expected: 2n,
      current: 'no_stream',
    });

    expect(translateEventStoreDbError(driverError, append)).to.include({
      actualRevision: 'no_stream',
    });
  });

  it('turns a missed deadline into StoreUnavailableError, keeping the cause', function () {
    const driverError = new DeadlineExceededError();

    const error = translateEventStoreDbError(driverError);
    expect(error).to.be.instanceOf(StoreUnavailableError);
    expect(error.cause).to.equal(driverError);
  });

  it('turns a failed cluster discovery into StoreUnavailableError', function () {
    const error = translateEventStoreDbError(new Error('Failed to discover after 10 attempts.'));
    expect(error).to.be.instanceOf(StoreUnavailableError);
  });

  it('wraps anything else in a plain Error, so no driver type escapes', function () {
    const driverError = new StreamDeletedError(undefined, 'payment-stripe:pi_1');

    const error = translateEventStoreDbError(driverError, append);
    expect(error.constructor).to.equal(Error);
    expect(error.cause).to.equal(driverError);
  });
});
