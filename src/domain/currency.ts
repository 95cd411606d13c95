/** An ISO 4217 alphabetic code in upper case, e.g. `USD`. */
export type CurrencyCode = string & { readonly __brand: 'CurrencyCode' };

/**
 * ISO 4217 minor-unit exponents for active currencies that differ from the default of 2.
 * Source: the ISO 4217 list (SIX), as also used by Stripe's zero- and three-decimal tables.
 */
const EXPONENT_EXCEPTIONS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

/** Active ISO 4217 codes with the default exponent of 2. */
const TWO_DECIMAL_CODES =
  `AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD
BTN BWP BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP
GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL
MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR
PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD
TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG`.split(/\s+/);

/**
 * Every active ISO 4217 code with its minor-unit exponent. The console's build embeds this table
 * (vite.config.ts), so amounts are shown with the same exponents they were converted with.
 */
export const CURRENCY_EXPONENTS: ReadonlyMap<string, number> = new Map([
  ...TWO_DECIMAL_CODES.map((code) => [code, 2] as const),
  ...Object.entries(EXPONENT_EXCEPTIONS),
]);

/** Upper-cases and checks a currency code; `undefined` when it is not an ISO 4217 currency. */
export function parseCurrencyCode(text: string): CurrencyCode | undefined {
  const code = text.toUpperCase();
  return CURRENCY_EXPONENTS.has(code) ? (code as CurrencyCode) : undefined;
}

/** Number of decimal digits of the currency's minor unit (JPY 0, USD 2, KWD 3). */
export function minorUnitExponent(currency: CurrencyCode): number {
  const exponent = CURRENCY_EXPONENTS.get(currency);
  if (exponent === undefined) throw new RangeError(`not an ISO 4217 currency: ${currency}`);
  return exponent;
}
