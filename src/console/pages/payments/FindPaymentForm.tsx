import { useState } from 'preact/hooks';
import { navigate } from '../../app/router.js';
import { GATEWAYS } from '../../api/vocabulary.js';
import { Field, SelectField } from '../../components/Field.js';
import { paymentHref } from './PaymentsTable.js';

/** Opens one payment by gateway and id: the way in for auditors, who do not search. */
export function FindPaymentForm() {
  const [gateway, setGateway] = useState('generic');
  const [paymentId, setPaymentId] = useState('');
  return (
    <form
      class="form inline-form"
      aria-labelledby="find-payment-heading"
      onSubmit={(event) => {
        event.preventDefault();
        if (paymentId.trim()) navigate(paymentHref(gateway, paymentId.trim()));
      }}
    >
      <h2 id="find-payment-heading">Open a payment</h2>
      <div class="fields">
        <SelectField
          id="find-gateway"
          label="Gateway"
          value={gateway}
          options={GATEWAYS}
          onChange={setGateway}
        />
        <Field id="find-payment-id" label="Payment id" grow>
          <input
            id="find-payment-id"
            required
            spellcheck={false}
            autocomplete="off"
            placeholder="pay_1234567890, pi_…"
            value={paymentId}
            onInput={(event) => {
              setPaymentId(event.currentTarget.value);
            }}
          />
        </Field>
        <button type="submit">Open</button>
      </div>
    </form>
  );
}
