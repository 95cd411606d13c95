import { currencyExponents as exponents } from 'virtual:payledger-vocabulary';
import { formatMinorUnits } from './formatMinorUnits.js';

/** The ISO 4217 exponent of a currency, or `undefined` for a code the service does not know. */
export function currencyExponent(currency: string): number | undefined {
  return Object.hasOwn(exponents, currency) ? exponents[currency] : undefined;
}

/** `1999`, `USD` → "19.99 USD"; a currency without a known exponent stays in minor units. */
export function formatMoney(amount: number, currency: string): string {
  const exponent = currencyExponent(currency);
  if (exponent === undefined) return `${formatMinorUnits(amount, 0)} minor units of ${currency}`;
  return `${formatMinorUnits(amount, exponent)} ${currency}`;
}
