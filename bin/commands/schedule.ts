// backtalk schedule add STRATEGY "every 6 hours" [--tz ZONE] | ls [STRATEGY] | rm ID
import { nextRuns, parseSchedule, ScheduleError } from '../../jobs/presets';
import { parse, USAGE_EXIT } from '../args';
import { CliError, type Io } from '../io';
import { table, toJson } from '../output';
import { findStrategy, withBackend } from '../store';

const USAGE = 'backtalk schedule add STRATEGY "SCHEDULE" [--tz ZONE] | ls [STRATEGY] [--json] | rm ID';
/** More schedules than this on one strategy is a mistake, not a plan (as in the API). */
const MAX_PER_STRATEGY = 20;
const when = (t: number | null | undefined) => (t ? new Date(t).toISOString().replace('.000Z', 'Z') : '—');

export async function schedule(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, { tz: { type: 'string' }, json: { type: 'boolean' } }, USAGE);
  const [action, ...rest] = positionals;
  if (action === 'add') {
    const [ref, text] = rest;
    if (!ref || !text)
      throw new CliError('schedule add needs a strategy and a schedule', USAGE_EXIT, `usage: ${USAGE}`);
    const timezone = values.tz ?? 'UTC';
    let spec: ReturnType<typeof parseSchedule>;
    try {
      spec = parseSchedule(text, timezone);
    } catch (e) {
      if (e instanceof ScheduleError) throw new CliError(e.message, USAGE_EXIT, e.hint, { cause: e });
      throw e;
    }
    return withBackend(io, async (backend) => {
      const strategy = await findStrategy(backend, ref);
      // The same checks as POST /api/schedules, so the CLI cannot make what the app refuses.
      const existing = await backend.schedules(strategy.id);
      const same = existing.find((s) => s.cron === spec.cron && s.timezone === spec.timezone);
      if (same)
        throw new CliError(
          `${strategy.name} already runs ${spec.label} (schedule ${same.id})`,
          1,
          'list them with: backtalk schedule ls',
        );
      if (existing.length >= MAX_PER_STRATEGY)
        throw new CliError(
          `${strategy.name} already has ${existing.length} schedules`,
          1,
          'remove one first: backtalk schedule rm ID',
        );
      const created = await backend.addSchedule({
        strategyId: strategy.id,
        text,
        timezone,
        spec,
        nextRunAt: nextRuns(spec, 1)[0] ?? null,
      });
      io.out(
        `scheduled ${strategy.name}: ${created.label} (cron ${created.cron}, ${created.timezone}) — id ${created.id}\n`,
      );
      io.out(`next runs: ${nextRuns(created, 3).map(when).join(', ')}\n`);
      io.out('the app (npm run dev / npm start) or `backtalk jobs` runs it\n');
      if (backend.app && !backend.app.scheduler)
        io.err(
          `note: the app at ${backend.app.url} runs without its scheduler (BACKTALK_SCHEDULER=off), so this schedule waits until the app runs with it, or until \`backtalk jobs\` runs while the app is stopped\n`,
        );
      return 0;
    });
  }
  if (action === 'ls') {
    return withBackend(io, async (backend) => {
      const strategy = rest[0] ? await findStrategy(backend, rest[0]) : undefined;
      const list = await backend.schedules(strategy?.id);
      const names = new Map((await backend.strategies()).map((s) => [s.id, s.name]));
      if (values.json) {
        io.out(`${toJson(list)}\n`);
        return 0;
      }
      if (!list.length) {
        io.out('no schedules\n');
        return 0;
      }
      const rows = list.map((s) => [
        s.id,
        names.get(s.strategyId) ?? s.strategyId,
        s.label,
        s.cron,
        s.enabled ? 'yes' : 'no',
        when(s.lastTickAt),
        when(s.nextRunAt),
      ]);
      io.out(`${table(['Id', 'Strategy', 'When', 'Cron', 'On', 'Last tick', 'Next run'], rows)}\n`);
      return 0;
    });
  }
  if (action === 'rm') {
    const id = rest[0];
    if (!id)
      throw new CliError(
        'schedule rm needs a schedule id',
        USAGE_EXIT,
        'list them with: backtalk schedule ls',
      );
    return withBackend(io, async (backend) => {
      if (!(await backend.removeSchedule(id)))
        throw new CliError(`no schedule '${id}'`, 1, 'list them with: backtalk schedule ls');
      io.out(`removed schedule ${id} (its past runs are kept)\n`);
      return 0;
    });
  }
  throw new CliError(
    action ? `unknown schedule action '${action}'` : 'schedule needs an action',
    USAGE_EXIT,
    `usage: ${USAGE}`,
  );
}
