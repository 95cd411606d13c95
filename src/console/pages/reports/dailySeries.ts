import type { DailyTotalRow } from '../../api/schemas.js';

/** Every UTC day from `from` to `to`, both included (`YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= end; at += 86_400_000) {
    days.push(new Date(at).toISOString().slice(0, 10));
  }
  return days;
}

export interface DayTotal {
  readonly day: string;
  /** Minor units in the rows of that day and status. */
  readonly amount: number;
  readonly count: number;
}

export interface CurrencySeries {
  readonly currency: string;
  readonly status: string;
  readonly days: readonly DayTotal[];
  readonly amount: number;
  readonly count: number;
}

function add(a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw new RangeError('a total exceeds 2^53 minor units');
  return sum;
}

/**
 * Per currency (amounts in different currencies never add up), the rows of one status summed
 * over the gateways for each day of the range, zero on days without rows. Integer minor units
 * throughout.
 */
export function dailySeries(
  rows: readonly DailyTotalRow[],
  range: { readonly from: string; readonly to: string },
  status: string,
): CurrencySeries[] {
  const days = daysBetween(range.from, range.to);
  const matching = rows.filter((row) => row.status === status);
  const currencies = [...new Set(matching.map((row) => row.currency))].sort();
  return currencies.map((currency) => {
    const byDay = new Map(days.map((day) => [day, { day, amount: 0, count: 0 }]));
    for (const row of matching) {
      const total = byDay.get(row.day);
      if (row.currency !== currency || !total) continue;
      total.amount = add(total.amount, row.amount);
      total.count += row.count;
    }
    const series = [...byDay.values()];
    return {
      currency,
      status,
      days: series,
      amount: series.reduce((sum, day) => add(sum, day.amount), 0),
      count: series.reduce((sum, day) => sum + day.count, 0),
    };
  });
}

/**
 * The top of the chart's scale: the smallest 1, 2 or 5 × 10^k minor units at or above `max`,
 * so the gridlines fall on round amounts.
 */
export function niceCeiling(max: number): number {
  if (max <= 0) return 1;
  for (let magnitude = 1; ; magnitude *= 10) {
    for (const step of [1, 2, 5]) if (step * magnitude >= max) return step * magnitude;
  }
}
