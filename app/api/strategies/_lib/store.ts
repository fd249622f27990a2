// What the routes need from the store, beyond the repository calls themselves.
import { DataError, parseSource } from '../../../../lib/data';
import { checkDataPath, serverSandbox } from '../../../../lib/data/server';
import { EXAMPLES, getExample } from '../../../../lib/examples';
import { ApiError } from '../../../../lib/http';
import type { DataRef, StrategyDetail, StrategyVersion } from '../../../../lib/store';

/**
 * A data reference whose source specs (its own, and the one that stood in for it) the data layer can read
 * (its own message and hint otherwise); a csv: source must name a file in the data folder (it need not
 * exist yet: it may be uploaded later).
 */
export function checkDataRef(data: DataRef | null | undefined): DataRef | null {
  if (data == null) return null;
  const sources: [string, string][] = [['data.source', data.source]];
  if (data.fallback) sources.push(['data.fallback.source', data.fallback.source]);
  for (const [what, source] of sources)
    try {
      const spec = parseSource(source);
      if (spec.kind === 'csv') checkDataPath(serverSandbox(), spec.path);
    } catch (e) {
      if (e instanceof DataError) throw new ApiError(400, `${what}: ${e.message}`, e.hint, { cause: e });
      throw e;
    }
  return data;
}

/** The source of a new blank strategy: just its header, titled with its name. */
export function blankSource(name: string): string {
  const title = name.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  return `strategy("${title}", capital=10000, fee=0.1%)\n\n`;
}

export function exampleOrThrow(id: string) {
  const ex = getExample(id);
  if (!ex)
    throw new ApiError(
      400,
      `unknown example '${id.slice(0, 64)}'`,
      `use one of ${EXAMPLES.map((e) => e.id).join(', ')}`,
    );
  return ex;
}

/** A live (not deleted) strategy, or 404. */
export function liveOrThrow(s: StrategyDetail | null, id: string): StrategyDetail {
  if (!s)
    throw new ApiError(404, `strategy '${id}' not found`, 'check the id; GET /api/strategies lists them');
  if (s.deletedAt !== null)
    throw new ApiError(404, `strategy '${id}' was deleted`, 'it no longer appears in the list');
  return s;
}

/** A version without its source and spec, for menus. */
export function versionSummary(v: StrategyVersion) {
  return {
    version: v.version,
    note: v.note,
    createdAt: v.createdAt,
    data: v.data,
    params: v.params,
    lines: v.source.split('\n').length,
    /** Errors found when it was saved: kept, but runs use the newest version without errors. */
    errors: v.errors,
  };
}
export type VersionSummary = ReturnType<typeof versionSummary>;
