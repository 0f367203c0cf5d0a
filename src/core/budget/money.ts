/**
 * Money and hours are computed in whole hundredths (cents; hundredths of an hour) so sums are
 * exact. The database stores them as numeric(…, 2) and hands them over as decimal strings.
 */

const DECIMAL = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/** "125.5" or 125.5 → 12550. Throws on more than two decimals or anything that is not a number. */
export function toHundredths(value: string | number): number {
  if (typeof value === "number") {
    // JSON numbers arrive as binary floats: 7.3 * 100 is 729.9999999999999.
    const scaled = value * 100;
    if (!Number.isFinite(scaled) || Math.abs(scaled - Math.round(scaled)) > 1e-6) {
      throw new RangeError(`not an amount with at most two decimals: ${value}`);
    }
    return Math.round(scaled);
  }
  const match = DECIMAL.exec(value.trim());
  if (!match) throw new RangeError(`not an amount with at most two decimals: ${value}`);
  const [, sign, whole, fraction = ""] = match;
  const hundredths = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  return sign === "-" ? -hundredths : hundredths;
}

/** 12550 → 125.5 (a JSON number for the API). */
export const fromHundredths = (hundredths: number): number => hundredths / 100;

/** 12550 → "125.50" (for numeric columns and exports). */
export function formatHundredths(hundredths: number): string {
  const sign = hundredths < 0 ? "-" : "";
  const absolute = Math.abs(hundredths);
  return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, "0")}`;
}

/**
 * Cost in cents of `hours` (hundredths of an hour) at `rate` (cents per hour), rounded half up
 * to the cent: 7.5 h at 123.45 = 925.875 → 925.88.
 */
export function costOf(hours: number, rate: number): number {
  return Math.round((hours * rate) / 100);
}
