import type { ParkedPayment } from '../parkedPayment.js';
import type { PaymentDocument } from '../paymentDocument.js';

/** Positions live in their own INTEGER column; the JSON holds everything else. */
export function paymentToJson(document: PaymentDocument): string {
  const { lastGlobalPosition: _position, ...rest } = document;
  return JSON.stringify(rest);
}

export function paymentFromRow(row: { document: string; last_global_position: number }) {
  const rest = JSON.parse(row.document) as Omit<PaymentDocument, 'lastGlobalPosition'>;
  return { ...rest, lastGlobalPosition: BigInt(row.last_global_position) } as PaymentDocument;
}

export function parkedToJson(parked: ParkedPayment): string {
  const { lastGlobalPosition: _position, ...rest } = parked;
  return JSON.stringify({ ...rest, firstParkedPosition: String(parked.firstParkedPosition) });
}

export function parkedFromRow(row: { document: string; last_global_position: number }) {
  const rest = JSON.parse(row.document) as Omit<
    ParkedPayment,
    'firstParkedPosition' | 'lastGlobalPosition'
  > & {
    firstParkedPosition: string;
  };
  return {
    ...rest,
    firstParkedPosition: BigInt(rest.firstParkedPosition),
    lastGlobalPosition: BigInt(row.last_global_position),
  } as ParkedPayment;
}
