// The import graph of the repository's TypeScript and the checks on it (testing/imports.test.ts): arrows
// between lib modules only as testing/layers.ts allows, no import past a module's entry from outside it,
// and no pure entry (lib/*/index.ts) reaching Node or a server-only package. Pure functions over a file
// set (path → text), so the tests can plant a wrong arrow in a synthetic one.

import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import ts from 'typescript';
import {
  type Area,
  areaOf,
  entryKind,
  isTestCode,
  LAYERS,
  SERVER_ONLY_FILES,
  serverOnlyPackage,
  TEST_LAYERS,
} from './layers';

export interface Import {
  /** The importing file, repository-relative with forward slashes. */
  readonly from: string;
  readonly spec: string;
  readonly line: number;
  /** `import type`, `export type`, `typeof import(...)`: erased, never in a bundle. */
  readonly typeOnly: boolean;
  readonly dynamic: boolean;
}

export interface Edge extends Import {
  /** The resolved file for relative specifiers; undefined for packages (and unresolved specifiers). */
  readonly to?: string;
  /** The package for bare specifiers ('node:fs', 'drizzle-orm', '@duckdb/node-api'). */
  readonly pkg?: string;
}

/** The allowed arrows between lib modules, and the extra ones tests may draw. */
export interface Layers {
  readonly lib: Readonly<Record<string, readonly string[]>>;
  readonly test?: Readonly<Record<string, readonly string[] | undefined>>;
}
const DEFAULT_LAYERS: Layers = { lib: LAYERS, test: TEST_LAYERS };

/** A cycle in the table (['a', 'b', 'a']), or undefined when it is a layering. */
export function cycleIn(lib: Layers['lib']): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (m: string): string[] | undefined => {
    if (state.get(m) === 'done') return undefined;
    if (state.get(m) === 'open') return [...path.slice(path.indexOf(m)), m];
    state.set(m, 'open');
    path.push(m);
    for (const d of lib[m] ?? []) {
      const c = visit(d);
      if (c) return c;
    }
    path.pop();
    state.set(m, 'done');
    return undefined;
  };
  for (const m of Object.keys(lib)) {
    const c = visit(m);
    if (c) return c;
  }
  return undefined;
}

export type ViolationKind = 'layer' | 'deep' | 'pure-entry' | 'unresolved';

export interface Violation {
  readonly kind: ViolationKind;
  readonly from: string;
  readonly line: number;
  readonly spec: string;
  readonly message: string;
}

/** Every import, re-export and dynamic import of one file. */
export function importsOf(path: string, text: string): Import[] {
  const kind = path.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, kind);
  const out: Import[] = [];
  const add = (node: ts.Node, spec: ts.Expression | undefined, typeOnly: boolean, dynamic: boolean) => {
    if (!spec || !ts.isStringLiteralLike(spec)) return;
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    out.push({ from: path, spec: spec.text, line, typeOnly, dynamic });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const allTypes =
        !!clause &&
        !clause.name &&
        !!named &&
        ts.isNamedImports(named) &&
        named.elements.length > 0 &&
        named.elements.every((e) => e.isTypeOnly);
      add(node, node.moduleSpecifier, !!clause && (clause.isTypeOnly || allTypes), false);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const clause = node.exportClause;
      const allTypes =
        !!clause &&
        ts.isNamedExports(clause) &&
        clause.elements.length > 0 &&
        clause.elements.every((e) => e.isTypeOnly);
      add(node, node.moduleSpecifier, node.isTypeOnly || allTypes, false);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, node.isTypeOnly, false);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node, node.arguments[0], false, true);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal as ts.Expression, true, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

const EXTENSIONS = ['', '.ts', '.tsx', '.mts', '.mjs', '.js', '/index.ts', '/index.tsx'];

/** `a/b/../c` → `a/c`. */
function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') out.pop();
    else if (part !== '.' && part !== '') out.push(part);
  }
  return out.join('/');
}

/** A relative specifier resolved against the file set as the bundler does (extensionless, index files, .js → .ts). */
export function resolve(from: string, spec: string, has: (path: string) => boolean): string | undefined {
  const dir = from.includes('/') ? from.slice(0, from.lastIndexOf('/')) : '';
  const base = normalize(dir ? `${dir}/${spec}` : spec);
  for (const ext of EXTENSIONS) if (has(base + ext)) return base + ext;
  const ts = base.replace(/\.(m?)js$/, '.$1ts');
  if (ts !== base && has(ts)) return ts;
  return undefined;
}

const BUILTINS = new Set(builtinModules);

/** The package a bare specifier names: 'drizzle-orm/pg-proxy' → 'drizzle-orm', '@duckdb/node-api' stays. */
export function packageOf(spec: string): string {
  if (spec.startsWith('node:')) return spec;
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

export function isNodeBuiltin(spec: string): boolean {
  return spec.startsWith('node:') || BUILTINS.has(spec.split('/')[0]);
}

/** The import graph of a file set: each file's imports, resolved. */
export function graphOf(files: ReadonlyMap<string, string>): Map<string, Edge[]> {
  const has = (p: string) => files.has(p);
  const graph = new Map<string, Edge[]>();
  for (const [path, text] of files) {
    if (!/\.(m?ts|tsx|mjs)$/.test(path)) continue;
    graph.set(
      path,
      importsOf(path, text).map((i): Edge => {
        if (i.spec.startsWith('.')) return { ...i, to: resolve(path, i.spec, has) };
        return { ...i, pkg: packageOf(i.spec) };
      }),
    );
  }
  return graph;
}

/** Stylesheets, JSON and images: the bundler's business, not part of the layering. */
const ASSET = /\.(css|json|svg|png|md|txt)$/;
const isTest = (path: string) => /\.test\.tsx?$/.test(path);

/** Why `from` may not import `to` (a file of another area), or undefined when it may. */
function layerProblem(from: Area, to: Area, layers: Layers, test: boolean): string | undefined {
  if (to.kind === 'app') {
    if (to.area === 'testing') return undefined; // test support: reference data access, parity checks
    if (from.kind === 'app' || from.kind === 'root') return undefined;
    return `lib/ may not import from ${to.area}/ (the app depends on lib, never the other way)`;
  }
  if (to.kind !== 'lib' || from.kind !== 'lib' || from.module === to.module) return undefined;
  const allowed = layers.lib[from.module];
  if (!allowed)
    return `lib/${from.module} is not in the table of testing/layers.ts: add it with what it may import`;
  if (allowed.includes(to.module)) return undefined;
  if (test && layers.test?.[from.module]?.includes(to.module)) return undefined;
  return (
    `lib/${from.module} may not depend on lib/${to.module} (allowed: ${allowed.join(', ') || 'nothing'}); ` +
    'see the table in testing/layers.ts'
  );
}

/**
 * The files a pure entry reaches through imports that stay in a bundle (value imports, re-exports and
 * dynamic imports; type-only ones are erased), with the chain that reached each, and the first
 * server-only thing on the way.
 */
function serverReach(
  entry: string,
  graph: Map<string, Edge[]>,
): { chain: string[]; what: string } | undefined {
  const via = new Map<string, string | undefined>([[entry, undefined]]);
  const queue = [entry];
  const chainTo = (file: string) => {
    const chain: string[] = [];
    for (let f: string | undefined = file; f; f = via.get(f)) chain.unshift(f);
    return chain;
  };
  while (queue.length) {
    const file = queue.shift()!;
    if (file !== entry && SERVER_ONLY_FILES.has(file))
      return { chain: chainTo(file), what: `${file} (server-only)` };
    if (file !== entry && entryKind(file) === 'server')
      return { chain: chainTo(file), what: `${file} (a server entry)` };
    for (const e of graph.get(file) ?? []) {
      if (e.typeOnly) continue;
      if (e.pkg && (isNodeBuiltin(e.spec) || serverOnlyPackage(e.pkg)))
        return { chain: chainTo(file), what: `'${e.spec}' (line ${e.line} of ${file})` };
      if (e.to && !via.has(e.to)) {
        via.set(e.to, file);
        queue.push(e.to);
      }
    }
  }
  return undefined;
}

/** Every broken rule in a file set. */
export function checkImports(
  files: ReadonlyMap<string, string>,
  layers: Layers = DEFAULT_LAYERS,
): Violation[] {
  const graph = graphOf(files);
  const out: Violation[] = [];
  for (const [from, edges] of graph) {
    const fromArea = areaOf(from);
    for (const e of edges) {
      const v = (kind: ViolationKind, message: string) =>
        out.push({ kind, from, line: e.line, spec: e.spec, message });
      if (e.spec.startsWith('.') && !e.to && !ASSET.test(e.spec)) {
        v('unresolved', `'${e.spec}' resolves to no file`);
        continue;
      }
      if (!e.to) continue;
      const toArea = areaOf(e.to);
      const problem = layerProblem(fromArea, toArea, layers, isTest(from));
      if (problem) v('layer', problem);
      const sameModule =
        fromArea.kind === 'lib' && toArea.kind === 'lib' && fromArea.module === toArea.module;
      const entry = entryKind(e.to);
      if (entry === 'testkit' && !sameModule && !isTestCode(from))
        v('deep', `${e.to} is test support: import it from tests only`);
      if (toArea.kind === 'lib' && !sameModule && !entry)
        v(
          'deep',
          `${e.to} is inside lib/${toArea.module}: import lib/${toArea.module} (index.ts) or ` +
            `lib/${toArea.module}/server (server.ts) instead, exporting what is missing from there` +
            (isTest(from) ? ' (tests may reach past the entry of their own module only)' : ''),
        );
    }
  }
  for (const file of graph.keys()) {
    if (entryKind(file) !== 'pure') continue;
    const reach = serverReach(file, graph);
    if (reach)
      out.push({
        kind: 'pure-entry',
        from: file,
        line: 1,
        spec: reach.chain.at(-1) ?? file,
        message:
          `the pure entry ${file} reaches ${reach.what} via ${reach.chain.join(' → ')}: ` +
          "move the I/O behind the module's server.ts",
      });
  }
  return out;
}

export function formatViolation(v: Violation): string {
  return `${v.from}:${v.line} [${v.kind}] ${v.message}`;
}

const SKIP = new Set(['node_modules', 'coverage']);
/** Root folders that hold no source: the data folder, build output. */
const SKIP_ROOT = new Set(['data', 'artifacts']);

/** The repository's TypeScript (and .mjs) files, path → text, paths relative to `root`. */
export function repoFiles(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string, rel: string) => {
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      if (SKIP.has(d.name) || d.name.startsWith('.') || (!rel && SKIP_ROOT.has(d.name))) continue;
      const r = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) walk(join(dir, d.name), r);
      else if (/\.(m?ts|tsx|mjs)$/.test(d.name) && !d.name.endsWith('.d.ts'))
        out.set(r, readFileSync(join(dir, d.name), 'utf8'));
    }
  };
  walk(root, '');
  return out;
}
