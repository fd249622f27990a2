// POST /api/chat/preview { spec }: key figures of a strategy on its data (or synthetic bars when its data
// cannot be loaded), for the confirmation card. The spec is validated; nothing is stored.
import { z } from 'zod';
import { preview } from '../../../../lib/chat';
import { boundedRunner, isComputeError } from '../../../../server/compute/global';
import { getDataLoader } from '../../../../server/services';
import { ApiError, json, parseBody, route } from '../../strategies/_lib/http';

export const dynamic = 'force-dynamic';

export const POST = route(async (req: Request) => {
  const body = await parseBody(
    req,
    z.strictObject({ spec: z.unknown() }),
    'send JSON like { "spec": { … } }',
  );
  const loader = await getDataLoader();
  try {
    return json({ preview: await preview(body.spec, loader.load, boundedRunner()) });
  } catch (e) {
    // The worker crashed or ran out of time: say so rather than a bare 500.
    if (isComputeError(e)) throw new ApiError(503, e.message, e.hint, { cause: e });
    throw e;
  }
});
