// The allowed dependencies between lib modules, as data: the one place the layering is written down
// (lib/README.md shows it as a table; testing/imports.test.ts enforces it on every import).
export const LIB_MODULES = [
  'engine',
  'dsl',
  'schema',
  'examples',
  'cron',
  'log',
  'data',
  'portfolio',
  'lab',
  'paper',
  'alerts',
  'transport',
  'store',
  'http',
  'report',
  'nl',
  'ui',
  'chat',
] as const;
export type LibModule = (typeof LIB_MODULES)[number];

/**
 * Which lib modules each lib module may import (through their entries): engine ← dsl/schema ← data ←
 * the rest. Everything else is a wrong arrow. The table has no cycle (a test checks), so it is a layering.
 */
export const LAYERS: Readonly<Record<LibModule, readonly LibModule[]>> = {
  engine: [],
  dsl: ['engine'],
  schema: ['engine', 'dsl'],
  examples: ['engine', 'dsl', 'data'],
  cron: [],
  log: [],
  data: ['engine'],
  portfolio: ['engine', 'dsl', 'data'],
  lab: ['engine', 'data'],
  paper: ['engine', 'dsl', 'data', 'store', 'log'],
  alerts: ['log'],
  transport: ['engine'],
  store: ['engine', 'dsl', 'cron'],
  http: ['store'],
  report: ['engine', 'store'],
  nl: ['engine', 'dsl', 'schema', 'data', 'log'],
  ui: ['engine', 'dsl', 'schema', 'data', 'transport', 'store', 'nl', 'examples', 'portfolio'],
  chat: ['engine', 'dsl', 'schema', 'data', 'transport', 'store', 'http', 'nl', 'ui', 'portfolio'],
};

/**
 * Arrows only tests may draw, where a test replays a scenario across modules that would otherwise be a
 * cycle or an upward arrow (log's test redacts a real model error from nl; data's parity test runs the
 * reference strategy through the language).
 */
export const TEST_LAYERS: Readonly<Partial<Record<LibModule, readonly LibModule[]>>> = {
  log: ['nl'],
  data: ['dsl', 'ui'],
  dsl: ['examples'],
};

/** Packages that only run on the server: no pure entry may reach them, even through a dynamic import. */
export const SERVER_ONLY_PACKAGES: readonly string[] = [
  '@duckdb/node-api',
  '@duckdb/node-bindings',
  'drizzle-orm',
  'ioredis',
  'bullmq',
  'ws',
  'node-cron',
  'ccxt',
  'yahoo-finance2',
  '@ai-sdk/openai',
  'react-dom/server',
  'tsx',
];

export function serverOnlyPackage(pkg: string): boolean {
  return SERVER_ONLY_PACKAGES.includes(pkg);
}

/** Files that are server-only though their imports look browser-safe (ECharts' SSR renderer). */
export const SERVER_ONLY_FILES: ReadonlySet<string> = new Set(['lib/report/svg.ts']);

/** Where a file sits: in a lib module, in an app area (app/, server/, jobs/, bin/, ...), or at the root. */
export type Area =
  | { readonly kind: 'lib'; readonly module: string }
  | { readonly kind: 'app'; readonly area: string }
  | { readonly kind: 'root' };

export function areaOf(path: string): Area {
  const parts = path.split('/');
  if (parts[0] === 'lib' && parts.length > 2) return { kind: 'lib', module: parts[1] };
  if (parts.length > 1) return { kind: 'app', area: parts[0] };
  return { kind: 'root' };
}

/**
 * 'pure' for lib/X/index.ts, 'server' for lib/X/server.ts, 'testkit' for a module's test support
 * (testkit.ts, *test-utils.ts, test-helpers.ts: importable from tests only), undefined for any other file.
 */
export function entryKind(path: string): 'pure' | 'server' | 'testkit' | undefined {
  const m = /^lib\/[^/]+\/(index|server)\.tsx?$/.exec(path);
  if (m) return m[1] === 'index' ? 'pure' : 'server';
  if (/^lib\/.*(^|\/|-)(testkit|test-utils|test-helpers)\.ts$/.test(path)) return 'testkit';
  return undefined;
}

/**
 * Tests and test support (testkits, testing/, and fixtures: the programs and files a test runs or reads,
 * such as a child process it kills): may import a module's testkit.
 */
export function isTestCode(path: string): boolean {
  return (
    /\.test\.tsx?$/.test(path) ||
    entryKind(path) === 'testkit' ||
    path.startsWith('testing/') ||
    /(^|\/)fixtures\//.test(path)
  );
}

/** The table as markdown, for lib/README.md (a test keeps the two equal). */
export function layersTable(): string {
  const rows = LIB_MODULES.map((m) => {
    const test = TEST_LAYERS[m]?.length ? ` (tests also: ${TEST_LAYERS[m]?.join(', ')})` : '';
    return `| ${m} | ${LAYERS[m].join(', ') || '—'}${test} |`;
  });
  return ['| module | may import |', '| --- | --- |', ...rows].join('\n');
}
