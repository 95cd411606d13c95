/** A JSON number literal's grammar (RFC 8259 §6). */
const JSON_NUMBER = /^-?(0|[1-9]\d*)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

interface Decimal {
  readonly negative: boolean;
  /** Significant digits without leading or trailing zeros ('0' for zero). */
  readonly digits: string;
  /** Power of ten the digits are scaled by. */
  readonly exponent: number;
}

function toDecimal(text: string): Decimal | undefined {
  const match = JSON_NUMBER.exec(text);
  if (!match) return undefined;
  const fraction = match[2] ?? '';
  let digits = `${match[1] ?? ''}${fraction}`.replace(/^0+/, '');
  let exponent = Number(match[3] ?? '0') - fraction.length;
  if (digits === '') return { negative: false, digits: '0', exponent: 0 };
  const trailingZeros = /0*$/.exec(digits)?.[0].length ?? 0;
  digits = digits.slice(0, digits.length - trailingZeros);
  exponent += trailingZeros;
  return { negative: text.startsWith('-'), digits, exponent };
}

/**
 * Whether a JSON number literal means exactly the double JavaScript reads it as. `19.99` does
 * (its shortest round-trip text is `19.99`); `100.000000000000000001`, `9007199254740993` and
 * `1e400` do not: they would silently become `100`, `9007199254740992` and `Infinity`, and
 * parsers that keep more precision would read another value. `undefined` for text that is not
 * a JSON number at all (the parser rejects it with its own message).
 */
export function isExactJsonNumber(literal: string): boolean | undefined {
  const written = toDecimal(literal);
  if (!written) return undefined;
  const value = Number(literal);
  if (!Number.isFinite(value)) return false;
  const read = toDecimal(String(value));
  return (
    read !== undefined &&
    read.digits === written.digits &&
    read.exponent === written.exponent &&
    (read.digits === '0' || read.negative === written.negative)
  );
}
