// The chart's two palettes. A page can override any colour with a CSS custom property on the chart's
// container or an ancestor (e.g. `--chart-bg`), read once per theme change.

export interface Palette {
  bg: string;
  fg: string;
  muted: string;
  grid: string;
  axis: string;
  up: string;
  down: string;
  upVolume: string;
  downVolume: string;
  equity: string;
  drawdown: string;
  drawdownFill: string;
  open: string;
  /** Entry arrows by direction (green and red are for profit and loss). */
  long: string;
  short: string;
  crosshair: string;
  tooltipBg: string;
  tooltipBorder: string;
  sliderFill: string;
  /** Line colours for indicator series, in order. */
  series: string[];
}

export const DARK: Palette = {
  bg: '#131722',
  fg: '#d1d4dc',
  muted: '#787b86',
  grid: '#1e222d',
  axis: '#2a2e39',
  up: '#26a69a',
  down: '#ef5350',
  upVolume: 'rgba(38,166,154,0.5)',
  downVolume: 'rgba(239,83,80,0.5)',
  equity: '#2962ff',
  drawdown: '#ef5350',
  drawdownFill: 'rgba(239,83,80,0.25)',
  open: '#ffb300',
  long: '#448aff',
  short: '#ff9100',
  crosshair: '#9598a1',
  tooltipBg: 'rgba(30,34,45,0.96)',
  tooltipBorder: '#363a45',
  sliderFill: 'rgba(41,98,255,0.18)',
  series: ['#2962ff', '#ff9800', '#e040fb', '#00bcd4', '#ffeb3b', '#f06292', '#8bc34a', '#a1887f'],
};

export const LIGHT: Palette = {
  bg: '#ffffff',
  fg: '#131722',
  muted: '#6a6d78',
  grid: '#f0f3fa',
  axis: '#d1d4dc',
  up: '#089981',
  down: '#f23645',
  upVolume: 'rgba(8,153,129,0.45)',
  downVolume: 'rgba(242,54,69,0.45)',
  equity: '#2962ff',
  drawdown: '#f23645',
  drawdownFill: 'rgba(242,54,69,0.18)',
  open: '#f57c00',
  long: '#2962ff',
  short: '#e65100',
  crosshair: '#9598a1',
  tooltipBg: 'rgba(255,255,255,0.97)',
  tooltipBorder: '#d1d4dc',
  sliderFill: 'rgba(41,98,255,0.12)',
  series: ['#2962ff', '#f57c00', '#9c27b0', '#0097a7', '#c0a000', '#d81b60', '#43a047', '#795548'],
};

const VARS: [keyof Palette, string][] = [
  ['bg', '--chart-bg'],
  ['fg', '--chart-fg'],
  ['muted', '--chart-muted'],
  ['grid', '--chart-grid'],
  ['axis', '--chart-axis'],
  ['up', '--chart-up'],
  ['down', '--chart-down'],
];

/** The palette for a theme, with any `--chart-*` CSS custom properties found on `el` applied. */
export function paletteFor(theme: 'dark' | 'light', el?: Element | null): Palette {
  const base = theme === 'dark' ? DARK : LIGHT;
  if (!el || typeof getComputedStyle !== 'function') return base;
  const css = getComputedStyle(el);
  const out: Palette = { ...base };
  for (const [key, name] of VARS) {
    const v = css.getPropertyValue(name).trim();
    if (v) (out[key] as string) = v;
  }
  return out;
}
