import { useState } from 'preact/hooks';
import { href, navigate } from '../../app/router.js';
import type { PageProps } from '../../app/routes.js';
import { dailyTotalsSchema, type DailyTotalRow } from '../../api/schemas.js';
import { useApi } from '../../api/useApi.js';
import { PAYMENT_STATUSES } from '../../api/vocabulary.js';
import { ApiErrorPanel } from '../../components/ApiErrorPanel.js';
import { Field, SelectField } from '../../components/Field.js';
import { Loading } from '../../components/Loading.js';
import { PageHeading } from '../../components/PageHeading.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { TableRegion } from '../../components/TableRegion.js';
import { formatMoney } from '../../money/formatMoney.js';
import { DailyChart } from './DailyChart.js';
import { dailySeries, daysBetween } from './dailySeries.js';

const MAX_CHART_DAYS = 366;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function defaultRange(): { readonly from: string; readonly to: string } {
  const today = new Date();
  const from = new Date(today.getTime() - 29 * 86_400_000);
  return { from: from.toISOString().slice(0, 10), to: today.toISOString().slice(0, 10) };
}

interface ReportChoice {
  readonly from: string;
  readonly to: string;
  /** The status the chart shows (the table shows them all). */
  readonly status: string;
}

function RangeForm(props: ReportChoice) {
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

function TotalsTable(props: { readonly rows: readonly DailyTotalRow[] }) {
  if (props.rows.length === 0) return <p>No payment reached a status in this range.</p>;
  return (
    <TableRegion label="Daily totals">
      <table data-testid="daily-table">
        <caption>Per day, gateway, currency and status</caption>
        <thead>
          <tr>
            <th scope="col">Day (UTC)</th>
            <th scope="col">Gateway</th>
            <th scope="col">Currency</th>
            <th scope="col">Status</th>
            <th scope="col" class="number">
              Payments
            </th>
            <th scope="col" class="number">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={`${row.day}:${row.gateway}:${row.currency}:${row.status}`}>
              <th scope="row">{row.day}</th>
              <td>{row.gateway}</td>
              <td>{row.currency}</td>
              <td>
                <StatusBadge status={row.status} />
              </td>
              <td class="number">{row.count}</td>
              <td class="number">{formatMoney(row.amount, row.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

function Charts(props: { readonly rows: readonly DailyTotalRow[]; readonly choice: ReportChoice }) {
  const all = dailySeries(props.rows, props.choice, props.choice.status);
  if (all.length === 0) {
    return <p>No payment became {props.choice.status.replaceAll('_', ' ')} in this range.</p>;
  }
  return (
    <>
      {all.map((series) => (
        <DailyChart key={series.currency} series={series} />
      ))}
    </>
  );
}

/** `GET /reports/daily`: a chart per currency and the table of every row, for a range of days. */
export function DailyTotalsPage(props: PageProps) {
  const fallback = defaultRange();
  const { query } = props.location;
  const asked = { from: query.get('from'), to: query.get('to'), status: query.get('status') };
  const from = asked.from && DAY.test(asked.from) ? asked.from : fallback.from;
  const to = asked.to && DAY.test(asked.to) ? asked.to : fallback.to;
  const status = asked.status ?? 'captured';
  const report = useApi(`/reports/daily?from=${from}&to=${to}`, dailyTotalsSchema);
  const chartable = from <= to && daysBetween(from, to).length <= MAX_CHART_DAYS;
  return (
    <>
      <PageHeading>Daily totals</PageHeading>
      <section class="panel">
        <RangeForm key={`${from}:${to}:${status}`} from={from} to={to} status={status} />
      </section>
      <section aria-labelledby="report-heading" aria-busy={report.state === 'loading'}>
        <h2 id="report-heading">
          {from} to {to}
        </h2>
        {report.state === 'loading' ? <Loading what="daily totals" /> : null}
        {report.state === 'failed' ? <ApiErrorPanel error={report.error} headingLevel={3} /> : null}
        {report.state === 'loaded' ? (
          <>
            {chartable ? <Charts rows={report.data.rows} choice={{ from, to, status }} /> : null}
            <TotalsTable rows={report.data.rows} />
          </>
        ) : null}
      </section>
    </>
  );
}
