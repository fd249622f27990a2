// The `backtalk` command line: one dispatcher, one module per command. Every failure is one clear line
// (plus a hint) and a non-zero exit code, never a stack trace; BACKTALK_DEBUG=1 adds the cause chain.
import { didYouMean } from '../lib/dsl';
import { USAGE_EXIT } from './args';
import { backtest } from './commands/backtest';
import { batch } from './commands/batch';
import { chat } from './commands/chat';
import { check } from './commands/check';
import { fmt } from './commands/fmt';
import { jobs } from './commands/jobs';
import { paper } from './commands/paper';
import { parse } from './commands/parse';
import { portfolio } from './commands/portfolio';
import { runs } from './commands/runs';
import { schedule } from './commands/schedule';
import { sweep } from './commands/sweep';
import { walkforward } from './commands/walkforward';
import { asCliError } from './common';
import { type Io, processIo } from './io';

type Command = (argv: string[], io: Io) => Promise<number>;

const COMMANDS: Record<string, { run: Command; summary: string }> = {
  check: { run: check, summary: 'check FILE…                      report diagnostics; exit 1 on errors' },
  fmt: { run: fmt, summary: 'fmt FILE… [--write|--check]        format programs canonically' },
  backtest: {
    run: backtest,
    summary: 'backtest FILE|- --data SOURCE     run a backtest (--param, --from, --to, --json)',
  },
  sweep: {
    run: sweep,
    summary: 'sweep FILE --data SOURCE --grid … [--odds]  rank every parameter combination',
  },
  batch: {
    run: batch,
    summary: 'batch FILE --data yahoo:AAPL,MSFT,…  the program on each market, a row each, median and spread',
  },
  portfolio: {
    run: portfolio,
    summary: 'portfolio FILE --data LIST [--max-positions N]  many markets in one account',
  },
  walkforward: {
    run: walkforward,
    summary: 'walkforward FILE --grid … --is N --oos N  optimise in sample, test out of sample',
  },
  chat: {
    run: chat,
    summary: 'chat [--offline] [--conversation ID]  talk a strategy into shape; "confirm" saves and runs it',
  },
  parse: {
    run: parse,
    summary: 'parse "TEXT" [--offline] [--json]  plain English → strategy (exit 3: a question)',
  },
  schedule: {
    run: schedule,
    summary: 'schedule add STRATEGY "every 6 hours" | ls | rm ID   scheduled reruns',
  },
  paper: {
    run: paper,
    summary: 'paper start STRATEGY [--market SPEC] | list | stop RUN   trade a strategy on paper',
  },
  runs: { run: runs, summary: 'runs ls [STRATEGY]                 stored runs, newest first' },
  jobs: { run: jobs, summary: 'jobs                               run the schedules in the foreground' },
};

export function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  backtalk ${c.summary}`);
  return [
    'usage:',
    ...lines,
    '',
    'SOURCE: csv:PATH | synthetic[:SEED[:BARS[:TIMEFRAME]]] (default synthetic:1:2500:1d)',
    '        | yahoo:SYMBOL | ccxt:EXCHANGE:SYMBOL',
  ].join('\n');
}

/** Registers a command from a later part of the app (kept here so `usage` lists everything). */
export function addCommand(name: string, run: Command, summary: string): void {
  COMMANDS[name] = { run, summary };
}

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(`${usage()}\n`);
    return name ? 0 : USAGE_EXIT;
  }
  const command = COMMANDS[name];
  if (!command) {
    const near = didYouMean(name, Object.keys(COMMANDS));
    io.err(`backtalk: unknown command '${name}'${near ? ` — did you mean '${near}'?` : ''}\n${usage()}\n`);
    return USAGE_EXIT;
  }
  // `backtalk CMD --help` answers for every command, before the command does anything (`jobs` would
  // otherwise start the scheduler).
  const options = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (options.includes('--help') || options.includes('-h')) {
    io.out(`usage: backtalk ${command.summary.replace(/ {2,}/, '\n  ')}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    const err = asCliError(e);
    io.err(`backtalk ${name}: ${err.message}\n`);
    if (err.hint) io.err(`  hint: ${err.hint}\n`);
    if (io.env.BACKTALK_DEBUG) {
      for (let c: unknown = err.cause; c; c = (c as Error).cause)
        io.err(`  cause: ${(c as Error).stack ?? c}\n`);
    }
    return err.exitCode;
  }
}
