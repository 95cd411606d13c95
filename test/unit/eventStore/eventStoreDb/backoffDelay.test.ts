import { expect } from 'chai';
import {
  DEFAULT_BACKOFF,
  backoffDelay,
} from '../../../../src/eventStore/eventStoreDb/backoffDelay.js';

describe('backoffDelay(attempt, settings, random)', function () {
  it('starts at the initial delay and doubles per attempt', function () {
    const noJitter = () => 1;
    const delays = [0, 1, 2, 3].map((attempt) => backoffDelay(attempt, DEFAULT_BACKOFF, noJitter));

    expect(delays).to.deep.equal([100, 200, 400, 800]);
  });

  it('never waits longer than the cap', function () {
    expect(backoffDelay(40, DEFAULT_BACKOFF, () => 1)).to.equal(30_000);
  });

  it('keeps at least half of the delay whatever the jitter draws', function () {
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0)).to.equal(400);
    expect(backoffDelay(40, DEFAULT_BACKOFF, () => 0)).to.equal(15_000);
  });
});
