// The buy-and-hold line of the equity pane: `capital` invested at the first bar's close and held.

/** capital × close[i] / close[0] per bar (the first defined close; NaN before it). */
export function buyAndHold(close: Float64Array, capital: number): Float64Array {
  const out = new Float64Array(close.length).fill(Number.NaN);
  let first = 0;
  while (first < close.length && !(close[first] > 0)) first++;
  if (first === close.length) return out;
  const units = capital / close[first];
  for (let i = first; i < close.length; i++) out[i] = units * close[i];
  return out;
}
