// backtalk chat [--offline] [--conversation ID]: the app's conversation in a terminal. Each line is a
// message (a strategy, an answer to a question, or a change to the pending one); "confirm" saves the
// pending strategy (it then appears in the app) and backtests it. The conversation is stored like the
// app's, so `--conversation ID` continues one started in the browser, and the other way round.
import { randomUUID } from 'node:crypto';
import { ConversationId, loadState } from '../../lib/chat';
import { confirmPending, startTurn } from '../../lib/chat/server';
import { type Cache, createCache, loadSource } from '../../lib/data/server';
import { runProgram } from '../../lib/dsl';
import { offeredReplies } from '../../lib/nl';
import { understandingPath } from '../../lib/nl/server';
import { compile } from '../../lib/schema';
import type { Store } from '../../lib/store';
import { parse, USAGE_EXIT } from '../args';
import { loadData } from '../common';
import { CliError, type Io } from '../io';
import { statsTable } from '../output';
import type { App } from '../server';
import { withStore } from '../store';
import { printUnderstanding } from './parse';

const USAGE = 'backtalk chat [--offline] [--conversation ID]   (then type; "confirm" saves and runs; "quit")';
const CONFIRM = /^(confirm|run|\/confirm)[.!]?$/i;
/** "yes" confirms the card, unless a question is open: then it is the answer ("did you mean EMA?"). */
const YES = /^(yes|y|ok)[.!]?$/i;
const QUIT = /^(quit|exit|q|\/quit|\/q)$/i;
const MAX_LINES = 10_000;

export async function chat(argv: string[], io: Io): Promise<number> {
  const { values } = parse(argv, { offline: { type: 'boolean' }, conversation: { type: 'string' } }, USAGE);
  if (values.conversation !== undefined && !ConversationId.safeParse(values.conversation).success)
    throw new CliError(
      `'${values.conversation}' is not a conversation id`,
      USAGE_EXIT,
      'ids are letters, digits, - and _',
    );
  const id = values.conversation ?? randomUUID();
  const env = io.env as Record<string, string | undefined>;
  const path = understandingPath({ offline: values.offline, env });
  const cache = await createCache({ url: env.REDIS_URL, log: (m) => io.err(`${m}\n`) });
  try {
    return await withStore(io, busy, async (store) => {
      io.out(`Backtalk chat (${path.description}), conversation ${id}\n`);
      io.out('Describe a strategy. "confirm" saves and backtests it; "program" shows it; "quit" leaves.\n> ');
      let count = 0;
      for await (const raw of lines(io)) {
        if (++count > MAX_LINES) throw new CliError(`more than ${MAX_LINES} lines`, 1);
        const text = raw.trim();
        if (QUIT.test(text)) break;
        if (CONFIRM.test(text) || (YES.test(text) && !(await loadState(cache, id)).question))
          await confirmAndRun(io, id, store, cache);
        else if (/^\/?program$/i.test(text)) await showProgram(io, id, cache);
        else if (text) {
          const turn = await startTurn(
            { conversationId: id, text },
            {
              store,
              session: cache,
              understand: { offline: values.offline, env },
              log: (m) => io.err(`${m}\n`),
            },
          );
          await printProse(io, turn.stream);
          const u = await turn.understanding;
          await turn.saved;
          printUnderstanding(io, u, u.source === 'model' ? path.description : 'offline parser');
          // The replies the question offers (the browser shows them as buttons).
          const offered = u.ok ? [] : offeredReplies(u.ask).map(([, text]) => text);
          if (offered.length) io.out(`(reply: ${offered.join(' / ')})\n`);
          if (u.ok) io.out('Type "confirm" to save and run it, or say what to change.\n');
        }
        io.out('> ');
      }
      io.out('\n');
      return 0;
    });
  } finally {
    await cache.close();
  }
}

/** The app holds the database: its chat page does the same, with the conversation stored there. */
const busy = (app: App) =>
  new CliError(
    `the app at ${app.url} holds the database, so a conversation cannot be stored from here`,
    1,
    `chat in the app at ${app.url}/ (the same conversation, and "confirm" saves there), or stop the app and run backtalk chat again`,
  );

/** Lines of standard input: live from a terminal, or all of a pipe. */
async function* lines(io: Io): AsyncIterable<string> {
  if (io.readLines) {
    yield* io.readLines();
    return;
  }
  for (const line of (await io.readStdin()).split(/\r?\n/)) yield line;
}

/** The model's prose as it streams (the offline parser writes none). */
async function printProse(io: Io, stream: ReadableStream<{ type: string; delta?: string }>) {
  let wrote = false;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (value.type === 'text-delta' && value.delta) {
      io.out(value.delta);
      wrote = true;
    }
  }
  if (wrote) io.out('\n');
}

async function showProgram(io: Io, id: string, cache: Cache) {
  const { pending } = await loadState(cache, id);
  if (!pending) io.out('No strategy is awaiting confirmation.\n');
  else io.out(`\n${compile(pending)}\n`);
}

async function confirmAndRun(io: Io, id: string, store: Store, cache: Cache) {
  let saved: Awaited<ReturnType<typeof confirmPending>>;
  try {
    // When its data cannot be loaded, the strategy is saved marked with the synthetic bars that stand in,
    // so the app opens it on them too (with a way to retry its market).
    const load = (req: { source: string }) => loadSource(req.source, { baseDir: io.cwd });
    saved = await confirmPending(id, { store, session: cache, load });
  } catch (e) {
    const err = e as Error & { hint?: string };
    io.out(`${err.message}${err.hint ? ` (${err.hint})` : ''}\n`);
    return;
  }
  io.out(`Saved as "${saved.name}" (id ${saved.id}): open /strategies/${saved.id} in the app.\n`);
  const source = saved.head.data?.source;
  const fallback = saved.head.data?.fallback;
  let data: Awaited<ReturnType<typeof loadData>>;
  try {
    if (fallback) throw new Error(fallback.reason);
    data = await loadData(io, source);
  } catch (e) {
    io.out(
      `${source} could not be loaded (${(e as Error).message}); running on synthetic daily bars instead.\n`,
    );
    data = await loadData(io, fallback?.source);
  }
  const run = runProgram(saved.head.source, data.bars, { fileName: saved.name });
  if (!run.ok) {
    io.err(`${run.report}\n`);
    return;
  }
  io.out(`\n${saved.name} on ${data.source} (${data.bars.time.length} bars)\n${statsTable(run.stats)}\n`);
  io.out(`Schedule it: backtalk schedule add ${saved.id} "weekdays at 16:30 New York"\n`);
}
