import { minorUnitExponent, type CurrencyCode } from './currency.js';

/** A non-negative whole number of the currency's minor unit (cents, paise, yen). Never a float. */
export type MinorUnits = number & { readonly __brand: 'MinorUnits' };

export interface Money {
  readonly amount: MinorUnits;
  readonly currency: CurrencyCode;
}

/** Accepts a JSON number that is already a non-negative safe integer of minor units. */
export function toMinorUnits(value: number): MinorUnits | undefined {
  return Number.isSafeInteger(value) && value >= 0 ? (value as MinorUnits) : undefined;
}

const PLAIN_DECIMAL = /^(0|[1-9]\d*)(?:\.(\d+))?$/;

/**
 * Converts a major-unit amount to minor units from its decimal text, by the currency's
 * exponent, so `19.99` USD is exactly 1999 (`19.99 * 100` is 1998.9999999999998 in floats).
 * A JSON number reaches us as a double; `String()` gives its shortest round-trip text, which is
 * the text the gateway sent for every amount a double can hold exactly enough to matter.
 * More fraction digits than the currency has, negatives, exponents and non-finite values are
 * rejected rather than rounded.
 */
export function majorToMinorUnits(
  major: number | string,
  currency: CurrencyCode,
): MinorUnits | undefined {
  if (typeof major === 'number' && !Number.isFinite(major)) return undefined;
  const text = typeof major === 'number' ? String(major) : major;
  const match = PLAIN_DECIMAL.exec(text);
  if (!match) return undefined;
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  const exponent = minorUnitExponent(currency);
  const significantFraction = fraction.replace(/0+$/, '');
  if (significantFraction.length > exponent) return undefined;
  const minor =
    BigInt(whole) * 10n ** BigInt(exponent) +
    BigInt(significantFraction.padEnd(exponent, '0') || '0');
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return Number(minor) as MinorUnits;
}
