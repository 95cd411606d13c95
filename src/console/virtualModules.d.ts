declare module 'virtual:currency-exponents' {
  /** ISO 4217 code → minor-unit exponent (JPY 0, USD 2, KWD 3), from src/domain/currency.ts. */
  const exponents: Readonly<Record<string, number>>;
  export default exponents;
}
