// The JSON Schema of a strategy spec, derived from the zod schema: the input of the model's tool.
// Kept within what function-calling APIs accept (OpenAI's included): an object at the root, every object
// closed (additionalProperties: false), anyOf rather than oneOf, local $refs for the recursive
// condition. Optional fields stay optional (an unstated setting is absent), so declare the tool with
// strict: false; validateSpec remains the gate for everything the JSON Schema cannot say.
import { z } from 'zod';
import { StrategySpecSchema } from './spec';

export type JsonSchema = { readonly [k: string]: unknown };

function build(): JsonSchema {
  const schema = z.toJSONSchema(StrategySpecSchema, {
    target: 'draft-2020-12',
    unrepresentable: 'throw',
    override: (ctx) => {
      const j = ctx.jsonSchema as Record<string, unknown>;
      // A discriminated union is exactly an anyOf of closed objects with distinct 'op' constants.
      if (j.oneOf) {
        j.anyOf = j.oneOf;
        delete j.oneOf;
      }
    },
  }) as Record<string, unknown>;
  delete schema.$schema;
  return schema;
}

export const StrategySpecJsonSchema: JsonSchema = build();
