import { expect } from 'chai';
import type { JsonValue } from '../../../../../src/domain/paymentEvent.js';
import { normalizeGenericEvent } from '../../../../../src/webhooks/gateways/generic/normalizeGenericEvent.js';
import { aGenericPayment } from '../../../../support/builders.js';

describe('normalizeGenericEvent(payload, webhookId, now)', function () {
  context(
    'when the status word names a member of every object (__proto__, constructor)',
    function () {
      it('answers invalid with the unknown status, as for any other unknown word', function () {
        for (const status of ['__proto__', 'constructor', 'toString']) {
          const result = normalizeGenericEvent(
            JSON.parse(JSON.stringify(aGenericPayment({ status }))) as JsonValue,
            'msg_1',
            new Date('2024-06-26T12:00:00Z'),
          );
          expect(result).to.deep.equal({
            kind: 'invalid',
            reason: `unknown payment status "${status}"`,
          });
        }
      });
    },
  );
});
