import { minorUnitExponent, type CurrencyCode } from '../../../domain/currency.js';
import { toMinorUnits, type MinorUnits } from '../../../domain/money.js';

/** https://docs.stripe.com/currencies#zero-decimal */
const STRIPE_ZERO_DECIMAL = new Set(
  'BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF'.split(' '),
);
/** https://docs.stripe.com/currencies#three-decimal */
const STRIPE_THREE_DECIMAL = new Set('BHD JOD KWD OMR TND'.split(' '));

function stripeExponent(currency: CurrencyCode): number {
  if (STRIPE_ZERO_DECIMAL.has(currency)) return 0;
  if (STRIPE_THREE_DECIMAL.has(currency)) return 3;
  return 2;
}

/**
 * Stripe's integer amount → ISO 4217 minor units. They agree except where Stripe's unit is not
 * the ISO minor unit: MGA is zero-decimal at Stripe but has 2 ISO decimals (×100), and ISK is
 * two-decimal at Stripe "for backwards compatibility" but has 0 ISO decimals (÷100, and Stripe
 * only accepts multiples of 100 since 2023). `undefined` for anything that is not a whole,
 * non-negative, safe amount after scaling.
 */
export function stripeAmountToMinorUnits(
  amount: number,
  currency: CurrencyCode,
): MinorUnits | undefined {
  const stripeUnits = toMinorUnits(amount);
  if (stripeUnits === undefined) return undefined;
  const shift = minorUnitExponent(currency) - stripeExponent(currency);
  if (shift === 0) return stripeUnits;
  const factor = 10 ** Math.abs(shift);
  if (shift > 0) return toMinorUnits(stripeUnits * factor);
  return stripeUnits % factor === 0 ? toMinorUnits(stripeUnits / factor) : undefined;
}
