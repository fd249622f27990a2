// GET /api/strategies: the list. POST /api/strategies: create one (blank, from source, or from an example).

import { jsonResponse, parseBody, route } from '../../../lib/http';
import { getStore } from '../../../server/services';
import { CreateStrategy, STRATEGY_BODY } from './_lib/schemas';
import { blankSource, checkDataRef, exampleOrThrow } from './_lib/store';

export const dynamic = 'force-dynamic';

export const GET = route(async () => {
  const store = await getStore();
  return jsonResponse({ strategies: await store.strategies.list() });
});

export const POST = route(async (req: Request) => {
  const body = await parseBody(req, CreateStrategy, {
    ...STRATEGY_BODY,
    hint: 'send JSON like { "name": "My strategy" }, optionally with "source" or "exampleId", "data" and "params"',
  });
  const example = body.exampleId === undefined ? undefined : exampleOrThrow(body.exampleId);
  const name = body.name ?? example?.name ?? 'Untitled strategy';
  const source = body.source ?? example?.source ?? blankSource(name);
  const store = await getStore();
  const strategy = await store.strategies.create({
    name,
    kind: 'hand',
    source,
    params: body.params ?? {},
    data: checkDataRef(body.data),
    note: example ? `from the example '${example.name}'` : null,
  });
  return jsonResponse({ strategy }, 201, { Location: `/api/strategies/${strategy.id}` });
});
