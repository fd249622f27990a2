// The model's tools. The server is the gate: every call is measured (hostile sizes end the run),
// converted from the model's form (percent numbers, nulls: wire.ts), validated with validateSpec and
// checked against the request's numbers; issues go back to the model as the tool result so it can repair
// them on the next step. A session records the outcome; once there is one the run stops.
import { type JSONSchema7, jsonSchema, type ToolSet, tool } from 'ai';
import { diffSpecs, type SpecIssue, type StrategySpec, validateSpec } from '../../schema';
import { unitSlips } from './checks';
import { type Accepted, fromSpec } from './result';
import { fromModelSpec, modelPath, modelSpecJsonSchema, modelWords } from './wire';

export const TOOL_NAMES = {
  propose: 'propose_strategy',
  revise: 'revise_strategy',
  ask: 'ask_clarification',
} as const;

/** What a run ended with, decided by the tools. */
export type Outcome =
  | { readonly kind: 'spec'; readonly understanding: Accepted }
  | { readonly kind: 'question'; readonly question: string; readonly unclear: string[] }
  | { readonly kind: 'rejected'; readonly reason: string };

/** Tool results the model (and the UI) sees. */
export type ToolResult =
  | { readonly status: 'accepted'; readonly summary: readonly string[] }
  | { readonly status: 'asked' }
  | { readonly status: 'invalid'; readonly issues: readonly string[]; readonly next: string }
  | { readonly status: 'rejected'; readonly reason: string };

// As generous as validateSpec's own preflight: any real spec fits; past these the call is hostile or
// broken and is not worth another step (which would also send it back to the provider).
const MAX_NODES = 20_000;
const MAX_DEPTH = 40;
const MAX_STRING = 1000;
const MAX_QUESTION = 500;
const MAX_UNCLEAR = 10;
const MAX_UNCLEAR_ITEM = 300;
/** Raw text of a tool call the SDK could not parse; the SDK echoes it back to the model, so bound it. */
const MAX_RAW_INPUT = 50_000;
const MAX_ERROR_TEXT = 300;

/** Why a tool input is too big to consider, or undefined. Iterative, so depth cannot overflow the stack. */
export function oversize(x: unknown): string | undefined {
  const stack: [unknown, number][] = [[x, 0]];
  let nodes = 0;
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (++nodes > MAX_NODES) return `it has over ${MAX_NODES} values`;
    if (depth > MAX_DEPTH) return `it is nested over ${MAX_DEPTH} levels deep`;
    if (typeof v === 'string' && v.length > MAX_STRING)
      return `it has a string of ${v.length} characters (the limit is ${MAX_STRING})`;
    if (v === null || typeof v !== 'object') continue;
    const children = Array.isArray(v) ? v : Object.values(v);
    if (children.length > MAX_NODES) return `it has a list of over ${MAX_NODES} entries`;
    for (const c of children) stack.push([c, depth + 1]);
  }
  return undefined;
}

/** An issue in the model's field names. */
export const issueText = (i: SpecIssue) =>
  i.path ? `${modelPath(i.path)}: ${modelWords(i.message)}` : modelWords(i.message);

const CLARIFY_SCHEMA: JSONSchema7 = {
  type: 'object',
  properties: {
    question: {
      type: 'string',
      description: 'one precise question naming what is missing or not understood',
    },
    unclear: {
      type: 'array',
      maxItems: MAX_UNCLEAR,
      items: { type: 'string' },
      description: 'the parts of the request that could not be turned into rules',
    },
  },
  required: ['question', 'unclear'],
  additionalProperties: false,
};

/** The clarification arguments, or the issues with them. */
function readClarification(x: unknown): { question: string; unclear: string[] } | string[] {
  const o = x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : {};
  const issues: string[] = [];
  const q = typeof o.question === 'string' ? o.question.trim() : '';
  if (!q) issues.push('question: write one question for the user');
  else if (q.length > MAX_QUESTION) issues.push(`question: at most ${MAX_QUESTION} characters`);
  const raw = o.unclear ?? [];
  const unclear = Array.isArray(raw) ? raw.filter((u): u is string => typeof u === 'string') : [];
  if (!Array.isArray(raw) || unclear.length !== raw.length) issues.push('unclear: a list of strings');
  else if (unclear.length > MAX_UNCLEAR) issues.push(`unclear: at most ${MAX_UNCLEAR} items`);
  else if (unclear.some((u) => u.length > MAX_UNCLEAR_ITEM))
    issues.push(`unclear: items of at most ${MAX_UNCLEAR_ITEM} characters`);
  const extra = Object.keys(o).filter((k) => k !== 'question' && k !== 'unclear');
  if (extra.length) issues.push(`unknown key(s) ${extra.join(', ')}: remove them`);
  return issues.length ? issues : { question: q, unclear: unclear.map((u) => u.trim()).filter(Boolean) };
}

export interface SessionOptions {
  readonly pending?: StrategySpec;
  /** The request, whose stated percents a spec is checked against. */
  readonly text?: string;
  /** Declare the tools strict (OpenAI: the schema is then enforced while the model writes). */
  readonly strict?: boolean;
  /**
   * The compact schema, and with a pending strategy only revise_strategy (one spec schema, not two):
   * local servers with a 4,096-token context.
   */
  readonly compact?: boolean;
}

/** One run's tools and what they decided. */
export class ToolSession {
  outcome: Outcome | undefined;
  /** The issues of the latest invalid call, for the server log when the step bound is reached. */
  lastIssues: string[] = [];
  invalidCalls = 0;
  readonly pending?: StrategySpec;

  constructor(private readonly opts: SessionOptions = {}) {
    this.pending = opts.pending;
  }

  get done(): boolean {
    return this.outcome !== undefined;
  }

  private reject(reason: string): ToolResult {
    this.outcome = { kind: 'rejected', reason };
    return { status: 'rejected', reason };
  }

  private invalid(issues: string[], toolName: string): ToolResult {
    this.invalidCalls++;
    this.lastIssues = issues;
    const next = `Fix every issue and call ${toolName} again with the whole corrected spec, or call ${TOOL_NAMES.ask} if the request does not say what is needed.`;
    return { status: 'invalid', issues, next };
  }

  private accept(spec: StrategySpec, toolName: string, changes?: string[]): ToolResult {
    let understanding: Accepted;
    try {
      understanding = fromSpec(spec, 'model', changes ? { changes } : {});
    } catch (cause) {
      // A validated spec always compiles; if not, it is a schema bug the model cannot fix, but a
      // different spec may avoid it, so the model gets the message like any other issue.
      const msg = cause instanceof Error ? cause.message : String(cause);
      return this.invalid([`the spec could not be compiled: ${msg}`], toolName);
    }
    this.outcome = { kind: 'spec', understanding };
    return { status: 'accepted', summary: understanding.summary };
  }

  /** propose_strategy and revise_strategy share this gate. */
  private checkSpec(input: unknown, toolName: string): ToolResult {
    const big = oversize(input);
    if (big) return this.reject(`the model's strategy was too large to check: ${big}`);
    const wire = fromModelSpec(input);
    const v = validateSpec(wire.spec);
    const issues = [...wire.issues, ...(v.ok ? [] : v.issues)].map(issueText);
    if (!v.ok || issues.length) return this.invalid(issues, toolName);
    const slips = unitSlips(v.spec, this.opts.text ?? '', this.pending);
    if (slips.length) return this.invalid(slips, toolName);
    if (toolName === TOOL_NAMES.propose) return this.accept(v.spec, toolName);
    if (!this.pending)
      return this.invalid(
        [`there is no strategy awaiting confirmation: call ${TOOL_NAMES.propose} instead`],
        toolName,
      );
    const changes = diffSpecs(this.pending, v.spec);
    if (!changes.length)
      return this.invalid(
        ['the revised spec is identical to the strategy awaiting confirmation: apply the change asked for'],
        toolName,
      );
    return this.accept(v.spec, toolName, changes);
  }

  private clarify(input: unknown): ToolResult {
    const big = oversize(input);
    if (big) return this.reject(`the model's question was too large: ${big}`);
    const c = readClarification(input);
    if (Array.isArray(c)) {
      this.invalidCalls++;
      this.lastIssues = c;
      return { status: 'invalid', issues: c, next: `Call ${TOOL_NAMES.ask} again with these fixed.` };
    }
    this.outcome = { kind: 'question', ...c };
    return { status: 'asked' };
  }

  /**
   * Reads a finished step. Calls the SDK itself refused (malformed JSON, an unknown tool) count as
   * invalid calls; a hostile one ends the run before the SDK sends it back to the provider.
   */
  observe(content: readonly { readonly type: string }[]): void {
    for (const part of content) {
      if (part.type !== 'tool-error') continue;
      const p = part as { toolName?: string; input?: unknown; error?: unknown };
      const big =
        typeof p.input === 'string'
          ? p.input.length > MAX_RAW_INPUT
            ? `it is ${p.input.length} characters of text that is not valid JSON`
            : undefined
          : oversize(p.input);
      if (big) {
        this.reject(`the model's tool call was too large to check: ${big}`);
        continue;
      }
      const raw = p.error instanceof Error ? p.error.message : String(p.error);
      const msg = raw.length > MAX_ERROR_TEXT ? `${raw.slice(0, MAX_ERROR_TEXT)}…` : raw;
      this.invalidCalls++;
      this.lastIssues = [`${p.toolName ?? 'a tool'} failed: ${msg}`];
    }
  }

  /**
   * The tool set; revise_strategy exists only while a strategy awaits confirmation (and then, in the
   * compact form, replaces propose_strategy: one spec schema fits a small context, two do not).
   */
  tools(): ToolSet {
    // No validate function: the SDK passes the parsed JSON through, and this session is the only gate.
    // strict is always explicit: OpenAI's Responses API defaults function tools to strict mode, and
    // other servers get the same schema as a hint.
    const { compact = false, strict = false } = this.opts;
    const specSchema = jsonSchema<unknown>(modelSpecJsonSchema({ compact }) as JSONSchema7);
    const set: ToolSet = {
      [TOOL_NAMES.ask]: tool({
        description:
          'Ask the user one precise question when the request cannot become a strategy without guessing.',
        inputSchema: jsonSchema<unknown>(CLARIFY_SCHEMA),
        strict,
        execute: async (input: unknown): Promise<ToolResult> => this.clarify(input),
      }),
    };
    if (!(compact && this.pending))
      set[TOOL_NAMES.propose] = tool({
        description:
          'Propose a new strategy as a complete spec. The server validates it and answers "accepted", or "invalid" with the issues to fix.',
        inputSchema: specSchema,
        strict,
        execute: async (input: unknown): Promise<ToolResult> => this.checkSpec(input, TOOL_NAMES.propose),
      });
    if (this.pending)
      set[TOOL_NAMES.revise] = tool({
        description:
          'Revise the strategy awaiting confirmation: pass the whole revised spec, not a patch. The server answers "accepted" with the changes, or "invalid" with the issues to fix.',
        inputSchema: specSchema,
        strict,
        execute: async (input: unknown): Promise<ToolResult> => this.checkSpec(input, TOOL_NAMES.revise),
      });
    return set;
  }
}
