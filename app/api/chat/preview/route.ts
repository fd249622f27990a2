// POST /api/chat/preview { spec }: key figures of a strategy on its data (or synthetic bars when its data
// cannot be loaded), for the confirmation card. The spec is validated; only which bars were used is kept
// (in the cache, for an hour), so that confirming opens the workspace on the same ones.
import { z } from 'zod';
import { preview } from '../../../../lib/chat/server';
import { ApiError, jsonResponse, parseBody, route } from '../../../../lib/http';
import { boundedRunner, isComputeError } from '../../../../server/compute/global';
import { getCache, getDataLoader } from '../../../../server/services';

export const dynamic = 'force-dynamic';

/** The cap on this route's body. */
const CHAT_BODY_BYTES = 256 * 1024;

export const POST = route(async (req: Request) => {
  const body = await parseBody(req, z.strictObject({ spec: z.unknown() }), {
    maxBytes: CHAT_BODY_BYTES,
    hint: 'send JSON like { "spec": { … } }',
  });
  const [loader, memory] = await Promise.all([getDataLoader(), getCache()]);
  try {
    return jsonResponse({ preview: await preview(body.spec, loader.load, boundedRunner(), memory) });
  } catch (e) {
    // The worker crashed or ran out of time: say so rather than a bare 500.
    if (isComputeError(e)) throw new ApiError(503, e.message, e.hint, { cause: e });
    throw e;
  }
});
