import type { PageProps } from '../../app/routes.js';
import { dailyTotalsSchema, type DailyTotalRow } from '../../api/schemas.js';
import { useApi } from '../../api/useApi.js';
import { ApiErrorPanel } from '../../components/ApiErrorPanel.js';
import { Loading } from '../../components/Loading.js';
import { PageHeading } from '../../components/PageHeading.js';
import { DailyChart } from './DailyChart.js';
import { DailyTotalsTable } from './DailyTotalsTable.js';
import { dailySeries, daysBetween } from './dailySeries.js';
import { MAX_CHART_DAYS, RangeForm, type ReportChoice } from './RangeForm.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function defaultRange(): { readonly from: string; readonly to: string } {
  const today = new Date();
  const from = new Date(today.getTime() - 29 * 86_400_000);
  return { from: from.toISOString().slice(0, 10), to: today.toISOString().slice(0, 10) };
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
            <DailyTotalsTable rows={report.data.rows} />
          </>
        ) : null}
      </section>
    </>
  );
}
