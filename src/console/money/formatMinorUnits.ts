/**
 * Writes an integer amount of minor units as major units, by moving the decimal point
 * `exponent` places in the digits' text: 123456 with exponent 2 is "1,234.56", with 0 "123,456",
 * with 3 "123.456". No floating-point arithmetic touches the amount.
 */
export function formatMinorUnits(amount: number, exponent: number): string {
  if (!Number.isSafeInteger(amount))
    throw new RangeError(`not a whole number of minor units: ${amount}`);
  if (!Number.isInteger(exponent) || exponent < 0)
    throw new RangeError(`bad exponent: ${exponent}`);
  const digits = String(Math.abs(amount)).padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  const sign = amount < 0 ? '−' : '';
  return fraction ? `${sign}${grouped}.${fraction}` : `${sign}${grouped}`;
}
