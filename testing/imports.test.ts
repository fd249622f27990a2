import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkImports, cycleIn, formatViolation, importsOf, repoFiles, type Violation } from './imports';
import { LAYERS, LIB_MODULES, layersTable, TEST_LAYERS } from './layers';

const ROOT = join(import.meta.dirname, '..');

const files = (entries: Record<string, string>) => new Map(Object.entries(entries));
const kinds = (vs: Violation[]) => vs.map((v) => `${v.from} ${v.kind}`).sort();

describe('importsOf', () => {
  it('finds imports, re-exports, dynamic imports and import types, and tells type-only ones apart', () => {
    const text = [
      "import { a } from './a';",
      "import type { B } from './b';",
      "import { type C, type D } from './c';",
      "import { type E, e } from './e';",
      "export { f } from './f';",
      "export type { G } from './g';",
      "export * from './h';",
      "const i = await import('./i');",
      "type J = typeof import('./j');",
      "import './k.css';",
    ].join('\n');
    expect(importsOf('x.ts', text).map((i) => [i.spec, i.line, i.typeOnly, i.dynamic])).toEqual([
      ['./a', 1, false, false],
      ['./b', 2, true, false],
      ['./c', 3, true, false],
      ['./e', 4, false, false],
      ['./f', 5, false, false],
      ['./g', 6, true, false],
      ['./h', 7, false, false],
      ['./i', 8, false, true],
      ['./j', 9, true, false],
      ['./k.css', 10, false, false],
    ]);
  });
});

describe('checkImports on planted file sets', () => {
  const clean = {
    'lib/engine/index.ts': "export { sma } from './ma';",
    'lib/engine/ma.ts': 'export const sma = 1;',
    'lib/engine/ma.test.ts': "import { sma } from './ma';",
    'lib/dsl/index.ts': "export { run } from './run';",
    'lib/dsl/run.ts': "import { sma } from '../engine';\nexport const run = sma;",
    'lib/dsl/testkit.ts': "import { readFileSync } from 'node:fs';\nexport const t = readFileSync;",
    'lib/store/index.ts': "export type { Row } from './rows';\nexport type { Store } from './server';",
    'lib/store/rows.ts': 'export interface Row { id: number }',
    'lib/store/server.ts':
      "import { DuckDBInstance } from '@duckdb/node-api';\nexport type Store = DuckDBInstance;",
    'app/page.tsx': "import { run } from '../lib/dsl';\nimport type { Row } from '../lib/store';",
    'app/route.test.ts':
      "import { t } from '../lib/dsl/testkit';\nimport { openStore } from '../lib/store/server';",
  };

  it('passes a set that keeps every rule', () => {
    expect(checkImports(files(clean))).toEqual([]);
  });

  it('catches an arrow the wrong way: the engine importing the language', () => {
    const vs = checkImports(
      files({ ...clean, 'lib/engine/ma.ts': "import { run } from '../dsl';\nexport const sma = run;" }),
    );
    expect(kinds(vs)).toEqual(['lib/engine/ma.ts layer']);
    expect(vs[0].message).toContain('lib/engine may not depend on lib/dsl');
  });

  it('catches lib importing the app, and an arrow only tests may draw, from code', () => {
    const vs = checkImports(
      files({
        ...clean,
        'lib/dsl/run.ts': "import { x } from '../../server/main';\nexport const run = x;",
        'server/main.ts': 'export const x = 1;',
        'lib/log/index.ts': "import { run } from '../nl';\nexport const r = run;",
        'lib/log/index.test.ts': "import { run } from '../nl';",
        'lib/nl/index.ts': 'export const run = 1;',
      }),
    );
    expect(kinds(vs)).toEqual(['lib/dsl/run.ts layer', 'lib/log/index.ts layer']);
  });

  it('catches a deep import past an entry, from the app and from another module, and a test reaching into another module', () => {
    const vs = checkImports(
      files({
        ...clean,
        'app/page.tsx': "import { sma } from '../lib/engine/ma';",
        'lib/dsl/run.ts': "import { sma } from '../engine/ma';\nexport const run = sma;",
        'lib/dsl/run.test.ts': "import { sma } from '../engine/ma';",
      }),
    );
    expect(kinds(vs)).toEqual(['app/page.tsx deep', 'lib/dsl/run.test.ts deep', 'lib/dsl/run.ts deep']);
    expect(vs.find((v) => v.from === 'app/page.tsx')?.message).toContain(
      'lib/engine/ma.ts is inside lib/engine',
    );
  });

  it('catches a testkit imported by code that is not a test', () => {
    const vs = checkImports(files({ ...clean, 'app/page.tsx': "import { t } from '../lib/dsl/testkit';" }));
    expect(kinds(vs)).toEqual(['app/page.tsx deep']);
  });

  it('lets a test fixture (a program a test runs) import a testkit', () => {
    const fixture = { 'jobs/fixtures/child.ts': "import { t } from '../../lib/dsl/testkit';" };
    expect(checkImports(files({ ...clean, ...fixture }))).toEqual([]);
  });

  it('catches a pure entry reaching Node or a server-only package, through a chain and a dynamic import', () => {
    const vs = checkImports(
      files({
        ...clean,
        'lib/dsl/run.ts': "export const run = () => import('./load');",
        'lib/dsl/load.ts': "import { readFile } from 'node:fs/promises';\nexport const load = readFile;",
        'lib/store/index.ts': "export { Store } from './server';",
      }),
    );
    expect(kinds(vs)).toEqual(['lib/dsl/index.ts pure-entry', 'lib/store/index.ts pure-entry']);
    const dsl = vs.find((v) => v.from === 'lib/dsl/index.ts')!;
    expect(dsl.message).toContain("'node:fs/promises'");
    expect(dsl.message).toContain('lib/dsl/index.ts → lib/dsl/run.ts → lib/dsl/load.ts');
  });

  it('lets a pure entry reach server code through type-only imports (erased from any bundle)', () => {
    const vs = checkImports(
      files({ ...clean, 'lib/dsl/run.ts': "import type { X } from 'ioredis';\nexport const run = 1;" }),
    );
    expect(vs).toEqual([]);
  });

  it('reports a relative import that resolves to no file, and a module missing from the table', () => {
    const vs = checkImports(
      files({
        ...clean,
        'app/page.tsx': "import { y } from './nowhere';",
        'lib/newmod/a.ts': "import { run } from '../dsl';",
      }),
    );
    expect(kinds(vs)).toEqual(['app/page.tsx unresolved', 'lib/newmod/a.ts layer']);
  });
});

describe('the table of allowed dependencies', () => {
  it('is a layering (no cycle), and a planted cycle is found', () => {
    expect(cycleIn(LAYERS)).toBeUndefined();
    expect(cycleIn({ ...LAYERS, engine: ['nl'] })).toEqual(['engine', 'nl', 'engine']);
  });

  it('keeps engine ← dsl/schema ← data: the engine imports nothing, the language only the engine', () => {
    expect(LAYERS.engine).toEqual([]);
    expect(LAYERS.dsl).toEqual(['engine']);
    expect(LAYERS.data).toEqual(['engine']);
    for (const m of LIB_MODULES) expect(LAYERS[m], m).not.toContain(m);
  });

  it('names every lib folder, and lists test-only arrows that code may not draw', () => {
    const folders = readdirSync(join(ROOT, 'lib'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect([...LIB_MODULES].sort()).toEqual(expect.arrayContaining(folders.sort()));
    for (const [m, extra] of Object.entries(TEST_LAYERS))
      for (const d of extra ?? []) expect(LAYERS[m as keyof typeof LAYERS], `${m} → ${d}`).not.toContain(d);
  });

  it('is the table lib/README.md shows', () => {
    expect(readFileSync(join(ROOT, 'lib/README.md'), 'utf8')).toContain(layersTable());
  });
});

describe('the repository', () => {
  it('keeps every rule: layering, entries only, pure entries free of server code', () => {
    // No exceptions: a rule that needs one is a rule to change in testing/layers.ts, in the open.
    expect(checkImports(repoFiles(ROOT)).map(formatViolation)).toEqual([]);
  });
});
