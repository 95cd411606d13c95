import { expect } from 'chai';
import { paymentEventId } from '../../../src/domain/eventId.js';

describe('paymentEventId', function () {
  it('derives the same UUIDv5 for the same gateway event, every time', function () {
    expect(paymentEventId('stripe', 'evt_1')).to.equal(paymentEventId('stripe', 'evt_1'));
    expect(paymentEventId('stripe', 'evt_1')).to.match(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('derives different ids for different gateways or events', function () {
    const ids = new Set([
      paymentEventId('stripe', 'evt_1'),
      paymentEventId('razorpay', 'evt_1'),
      paymentEventId('stripe', 'evt_2'),
    ]);
    expect(ids.size).to.equal(3);
  });

  it('keeps the ids already stored: the same UUID for the same name as every earlier version', function () {
    expect(paymentEventId('stripe', 'evt_1')).to.equal('077f33ca-9992-5c97-a114-ad20d0528ee4');
    expect(paymentEventId('generic', 'msg_é€😀')).to.equal('bdffbad2-4b3c-5fa9-9def-aab199b1a046');
  });
});
