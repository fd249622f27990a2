// Input schemas of the strategies API. Every size is bounded here, before the store sees anything; the
// store checks again (its own limits) and its errors come back as 400/413 with a hint.
import { z } from 'zod';
import { pathIdSchema } from '../../../../lib/http';

export const MAX_BODY_BYTES = 256 * 1024;
/** The body rules every strategies route reads with (lib/http parseBody), less its own hint. */
export const STRATEGY_BODY = {
  maxBytes: MAX_BODY_BYTES,
  tooLargeHint: 'send a smaller strategy or fewer parameters',
} as const;
export const MAX_NAME = 200;
export const MAX_SOURCE_CHARS = 64 * 1024;
export const MAX_NOTE = 2000;
export const MAX_PARAMS = 64;

const name = z.string().trim().min(1, 'must not be empty').max(MAX_NAME);
const source = z.string().max(MAX_SOURCE_CHARS);
const epochMs = z.number().int().min(-8.64e15).max(8.64e15);

export const StrategyId = pathIdSchema('strategy');
export const VersionNumber = z.coerce.number().int().min(1).max(1_000_000_000);

export const Params = z
  .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'is not an input name'), z.number().finite())
  .refine((p) => Object.keys(p).length <= MAX_PARAMS, `at most ${MAX_PARAMS} parameters`);

/** Where a version's bars come from (the store's DataRef): times in epoch ms, null for open-ended. */
export const DataRefSchema = z
  .strictObject({
    source: z.string().trim().min(1).max(512),
    symbol: z.string().trim().min(1).max(128),
    timeframe: z.string().trim().min(1).max(16),
    from: epochMs.nullable().optional(),
    to: epochMs.nullable().optional(),
    // The bars that stood in for `source` (a chat strategy whose data could not be loaded): kept on save.
    fallback: z
      .strictObject({ source: z.string().trim().min(1).max(512), reason: z.string().max(2000) })
      .nullable()
      .optional(),
  })
  .refine((d) => d.from == null || d.to == null || d.from <= d.to, {
    message: 'from is after to',
    path: ['from'],
  });

export const CreateStrategy = z
  .strictObject({
    name: name.optional(),
    source: source.optional(),
    exampleId: z.string().max(64).optional(),
    data: DataRefSchema.nullable().optional(),
    params: Params.optional(),
  })
  .refine((b) => b.source === undefined || b.exampleId === undefined, {
    message: 'give either source or exampleId, not both',
    path: ['exampleId'],
  });
export type CreateStrategy = z.infer<typeof CreateStrategy>;

export const RenameStrategy = z.strictObject({ name });
export const DuplicateStrategy = z.strictObject({ name: name.optional() });

export const SaveVersion = z.strictObject({
  source,
  params: Params.optional(),
  data: DataRefSchema.nullable().optional(),
  note: z.string().trim().max(MAX_NOTE).optional(),
});
export type SaveVersion = z.infer<typeof SaveVersion>;
