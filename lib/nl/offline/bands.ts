// "Outside" and "inside" a channel read as above/below its band: "a close outside the upper keltner
// channel" is above it, "outside the lower band" below it; "back inside" (the channel) is the way back
// past the band named last, below an upper band and above a lower one. Words rewritten in place, the
// typed text kept for quoting.
import { declare } from './phrases';
import type { Tok } from './tokens';

const BAND_SIDES = declare<'upper' | 'lower'>('channels: which band', [
  { phrases: 'upper|top|high|outer upper', yields: 'upper', meaning: 'the upper band of a channel' },
  { phrases: 'lower|bottom|low|outer lower', yields: 'lower', meaning: 'the lower band of a channel' },
]);

const IN_OUT = declare<'outside' | 'inside'>('channels: outside and inside', [
  {
    phrases: 'outside|outside of|out of|beyond',
    yields: 'outside',
    meaning: 'beyond a band: above the upper one, below the lower one',
  },
  {
    phrases: 'inside|back inside|back in|back into|within|into',
    yields: 'inside',
    meaning: 'back past the band named last: below an upper band, above a lower one',
  },
]);

const CHANNEL = new Set([
  'channel',
  'channels',
  'band',
  'bands',
  'keltner',
  'bollinger',
  'donchian',
  'range',
]);
const ARTICLES = new Set(['the', 'its', 'a']);

export const BAND_TABLES = [BAND_SIDES, IN_OUT];

export function bandSides(toks: Tok[]): void {
  let last: 'upper' | 'lower' | undefined;
  for (let i = 0; i < toks.length; i++) {
    const side = BAND_SIDES.match(toks, i);
    const io = !side && !toks[i].used && IN_OUT.match(toks, i);
    if (side && CHANNEL.has(toks[side.end]?.w ?? '')) last = side.value;
    if (!io) continue;
    let j = io.end;
    while (toks[j] && ARTICLES.has(toks[j].w)) j++;
    const named = BAND_SIDES.match(toks, j);
    const at = toks[io.end - 1];
    if (io.value === 'outside' && named && CHANNEL.has(toks[named.end]?.w ?? '')) {
      at.w = named.value === 'upper' ? 'above' : 'below';
      for (let k = i; k < io.end - 1; k++) Object.assign(toks[k], { used: true, by: 'band' });
    } else if (io.value === 'inside' && last && !named) {
      // "back inside (the channel)": past the band named last, the channel words add nothing
      let end = j;
      while (toks[end] && CHANNEL.has(toks[end].w)) end++;
      if (end > j || !toks[io.end] || toks[io.end].kind === 'sym' || /^(and|or|then)$/.test(toks[io.end].w)) {
        at.w = last === 'upper' ? 'below' : 'above';
        for (let k = i; k < io.end - 1; k++)
          if (toks[k].w !== 'back') Object.assign(toks[k], { used: true, by: 'band' });
        for (let k = io.end; k < end; k++) Object.assign(toks[k], { used: true, by: 'band' });
      }
    }
  }
}
