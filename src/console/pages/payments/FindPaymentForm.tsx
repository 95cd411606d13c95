import { useState } from 'preact/hooks';
import { href, navigate } from '../../app/router.js';
import { GATEWAYS } from '../../api/vocabulary.js';

/** Opens one payment by gateway and id: the way in for auditors, who do not search. */
export function FindPaymentForm() {
  const [gateway, setGateway] = useState<string>('generic');
  const [paymentId, setPaymentId] = useState('');
  return (
    <form
      class="form inline-form"
      aria-labelledby="find-payment-heading"
      onSubmit={(event) => {
        event.preventDefault();
        const id = paymentId.trim();
        if (id)
          navigate(href(`/payments/${encodeURIComponent(gateway)}/${encodeURIComponent(id)}`));
      }}
    >
      <h2 id="find-payment-heading">Open a payment</h2>
      <div class="fields">
        <div class="field">
          <label for="find-gateway">Gateway</label>
          <select
            id="find-gateway"
            value={gateway}
            onChange={(event) => {
              setGateway(event.currentTarget.value);
            }}
          >
            {GATEWAYS.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div class="field grow">
          <label for="find-payment-id">Payment id</label>
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
        </div>
        <button type="submit">Open</button>
      </div>
    </form>
  );
}
