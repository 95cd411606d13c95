import { useId } from 'preact/hooks';
import { formatMinorUnits } from '../../money/formatMinorUnits.js';
import { currencyExponent, formatMoney } from '../../money/formatMoney.js';
import { niceCeiling, type CurrencySeries } from './dailySeries.js';

const WIDTH = 720;
const HEIGHT = 240;
const LEFT = 96;
const RIGHT = 12;
const TOP = 12;
const BOTTOM = 32;
const DAY_LABELS = 8;

/** Gridlines that divide the scale into whole minor units (the scale is 1, 2 or 5 × 10^k). */
function gridLineCount(top: number): number {
  return [5, 4, 2].find((count) => top % count === 0) ?? 1;
}

/** Axis labels in major units, without the currency (the caption names it). */
function axisLabel(amount: number, currency: string): string {
  return formatMinorUnits(amount, currencyExponent(currency) ?? 0);
}

const payments = (count: number) => (count === 1 ? '1 payment' : `${count} payments`);

/**
 * One status's money per day in one currency, drawn as inline SVG (nothing is loaded from
 * elsewhere). The exact numbers are in the table below; the chart's description sums them up
 * for screen readers.
 */
export function DailyChart(props: { readonly series: CurrencySeries }) {
  const { series } = props;
  const titleId = useId();
  const descriptionId = useId();
  const status = series.status.replaceAll('_', ' ');
  const top = niceCeiling(Math.max(...series.days.map((day) => day.amount)));
  const gridLines = gridLineCount(top);
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = plotWidth / Math.max(series.days.length, 1);
  const barWidth = Math.max(Math.min(slot * 0.7, 32), 1);
  // Pixel geometry only: the amounts themselves are never computed in floating point.
  const y = (amount: number) => TOP + plotHeight - (amount / top) * plotHeight;
  const labelEvery = Math.ceil(series.days.length / DAY_LABELS);
  const busiest = series.days.reduce<(typeof series.days)[number] | undefined>(
    (best, day) => (best === undefined || day.amount > best.amount ? day : best),
    undefined,
  );
  const first = series.days[0]?.day ?? '';
  const last = series.days.at(-1)?.day ?? '';
  return (
    <figure class="chart" data-testid={`daily-chart-${series.currency}`}>
      <figcaption>
        <strong>{series.currency}</strong>, {status}: {formatMoney(series.amount, series.currency)}{' '}
        in {payments(series.count)}
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${titleId} ${descriptionId}`}
      >
        <title id={titleId}>
          {`Amount ${status} per day in ${series.currency}, ${first} to ${last}`}
        </title>
        <desc id={descriptionId}>
          {`${formatMoney(series.amount, series.currency)} in ${payments(series.count)} over ${series.days.length} days.`}
          {busiest && busiest.amount > 0
            ? ` The most on ${busiest.day}: ${formatMoney(busiest.amount, series.currency)}.`
            : ''}
        </desc>
        {Array.from({ length: gridLines + 1 }, (_, index) => {
          const amount = (top / gridLines) * index;
          return (
            <g key={index} class="grid">
              <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(amount)} y2={y(amount)} />
              <text x={LEFT - 8} y={y(amount)} dy="0.32em" text-anchor="end">
                {axisLabel(amount, series.currency)}
              </text>
            </g>
          );
        })}
        {series.days.map((day, index) => {
          const x = LEFT + slot * index + slot / 2;
          const labelled = index % labelEvery === 0;
          return (
            <g key={day.day} class="day">
              {day.amount > 0 ? (
                <rect
                  class="bar"
                  x={x - barWidth / 2}
                  y={y(day.amount)}
                  width={barWidth}
                  height={y(0) - y(day.amount)}
                >
                  <title>
                    {`${day.day}: ${formatMoney(day.amount, series.currency)}, ${payments(day.count)}`}
                  </title>
                </rect>
              ) : null}
              {labelled ? (
                <text class="day-label" x={x} y={HEIGHT - BOTTOM + 20} text-anchor="middle">
                  {day.day.slice(5)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
