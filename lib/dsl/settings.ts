// Engine settings from the strategy header and the risk rules, for given input values.
import type { Settings } from '../engine';
import { DEFAULT_SETTINGS } from '../engine';
import type { Expr, RiskName } from './ast';
import type { SettingKey } from './checked';
import type { NameValue } from './consts';
import { evalConst } from './consts';
import type { DiagnosticCode, Span } from './diagnostics';
import { barsProblem, riskProblem, settingProblem } from './validate';

export type Report = (code: DiagnosticCode, span: Span, message: string) => void;

const RISK_FIELDS: Record<RiskName, 'stopLoss' | 'takeProfit' | 'trailingStop'> = {
  stop_loss: 'stopLoss',
  take_profit: 'takeProfit',
  trailing_stop: 'trailingStop',
};

export interface ResolvedSettings {
  readonly settings: Settings;
  /** The default order size as a fraction (strategy's size=, else 1). */
  readonly size: number;
}

/**
 * Evaluates the header, the risk rules and exit(after=N); a value out of range is reported and replaced
 * by the default.
 */
export function resolveSettings(
  settingExprs: Readonly<Partial<Record<SettingKey, Expr>>>,
  riskExprs: Readonly<Partial<Record<RiskName, Expr>>>,
  names: NameValue,
  report: Report,
  exitAfter?: Expr,
): ResolvedSettings {
  const s: { -readonly [K in keyof Settings]: Settings[K] } = { ...DEFAULT_SETTINGS };
  let size = 1;
  for (const key of ['capital', 'fee', 'commission', 'slippage', 'size', 'pyramiding'] as const) {
    const e = settingExprs[key];
    if (!e) continue;
    const v = evalConst(e, names);
    if (typeof v !== 'number') continue;
    const problem = settingProblem(key, v);
    if (problem) report(key === 'size' ? 'size' : 'bad-setting', e.span, problem);
    else if (key === 'size') size = v;
    else s[key] = v;
  }
  const fill = settingExprs.fill;
  if (fill?.kind === 'String' && (fill.value === 'open' || fill.value === 'close')) s.fill = fill.value;
  const units = settingExprs.units;
  if (units?.kind === 'String' && (units.value === 'whole' || units.value === 'fractional'))
    s.units = units.value;
  for (const rule of Object.keys(RISK_FIELDS) as RiskName[]) {
    const e = riskExprs[rule];
    if (!e) continue;
    const v = evalConst(e, names);
    if (typeof v !== 'number') continue;
    const problem = riskProblem(rule, v);
    if (problem) report('risk-value', e.span, problem);
    else s[RISK_FIELDS[rule]] = v;
  }
  if (exitAfter) {
    const v = evalConst(exitAfter, names);
    const problem = typeof v === 'number' ? barsProblem('exit(after=N)', v) : undefined;
    if (problem) report('bad-setting', exitAfter.span, problem);
    else if (typeof v === 'number') s.exitAfter = v;
  }
  return { settings: s, size };
}
