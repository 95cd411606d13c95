import type { DailyTotalRow } from '../../api/schemas.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { TableRegion } from '../../components/TableRegion.js';
import { formatMoney } from '../../money/formatMoney.js';

/** Every row of the report: the exact figures behind the charts. */
export function DailyTotalsTable(props: { readonly rows: readonly DailyTotalRow[] }) {
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
