import { useState } from 'preact/hooks';
import { href, navigate } from '../../app/router.js';
import { PAYMENT_STATUSES } from '../../api/vocabulary.js';
import { Field, SelectField } from '../../components/Field.js';
import { daysBetween } from './dailySeries.js';

/** The longest range the page draws and asks for. */
export const MAX_CHART_DAYS = 366;

export interface ReportChoice {
  readonly from: string;
  readonly to: string;
  /** The status the chart shows (the table shows them all). */
  readonly status: string;
}

/** Chooses the days (UTC, both included) and the status the chart shows. */
export function RangeForm(props: ReportChoice) {
  const [from, setFrom] = useState(props.from);
  const [to, setTo] = useState(props.to);
  const [status, setStatus] = useState(props.status);
  const [problem, setProblem] = useState<string | undefined>();
  return (
    <form
      class="form inline-form"
      aria-labelledby="range-heading"
      onSubmit={(event) => {
        event.preventDefault();
        const problem =
          from > to
            ? 'The first day must not be after the last.'
            : daysBetween(from, to).length > MAX_CHART_DAYS
              ? `Choose at most ${MAX_CHART_DAYS} days.`
              : undefined;
        setProblem(problem);
        if (!problem) navigate(href('/reports/daily', { from, to, status }));
      }}
    >
      <h2 id="range-heading">Range</h2>
      <div class="fields">
        <Field id="range-from" label="First day (UTC)">
          <input
            id="range-from"
            type="date"
            required
            value={from}
            onInput={(event) => {
              setFrom(event.currentTarget.value);
            }}
          />
        </Field>
        <Field id="range-to" label="Last day (UTC, inclusive)">
          <input
            id="range-to"
            type="date"
            required
            value={to}
            onInput={(event) => {
              setTo(event.currentTarget.value);
            }}
          />
        </Field>
        <SelectField
          id="range-status"
          label="Chart status"
          value={status}
          options={PAYMENT_STATUSES}
          onChange={setStatus}
        />
        <button type="submit">Show</button>
      </div>
      {problem ? (
        <p class="field-error" role="alert">
          {problem}
        </p>
      ) : null}
    </form>
  );
}
