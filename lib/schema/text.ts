// Number and string literals of the `.bt` language, written so that reading them back gives exactly
// the same value (the round trip compares numbers with ===).

/** A plain number literal; negative values come out as `-5` (unary minus, which lift reads back). */
export function numText(v: number): string {
  return String(Object.is(v, -0) ? 0 : v);
}

/**
 * A fraction as a percent literal (`0.001` → `0.1%`): the shortest text whose value / 100 is exactly
 * `v`, as the lexer computes it. Falls back to the plain fraction when no percent text is exact.
 */
export function pctText(v: number): string {
  for (let p = 1; p <= 17; p++) {
    const t = numText(Number((v * 100).toPrecision(p)));
    if (Number(t) / 100 === v) return `${t}%`;
  }
  return numText(v);
}

/** A string literal: quotes and backslashes escaped (the only escapes the lexer knows). */
export function strText(s: string): string {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** For people: 0.001 → "0.1%", 0.07 → "7%" (no float noise). */
export function pctWords(v: number): string {
  return `${Number((v * 100).toPrecision(10))}%`;
}

/** For people: 10000 → "10,000", 1234.5 → "1,234.5". Locale-independent, so deterministic. */
export function groupDigits(v: number): string {
  const [int, frac] = String(Number(v.toPrecision(12))).split('.');
  const sign = int.startsWith('-') ? '-' : '';
  const digits = sign ? int.slice(1) : int;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${grouped}${frac ? `.${frac}` : ''}`;
}

/** Dollars: whole amounts without cents, others with two decimals ($2,500.50). */
export function money(v: number): string {
  if (Number.isInteger(v)) return `$${groupDigits(v)}`;
  const [whole, cents] = v.toFixed(2).split('.');
  return `$${groupDigits(Number(whole))}.${cents}`;
}
