// Diagnostic spans (0-based offset + length in UTF-16 units, like JS string indexes and CodeMirror
// positions) to editor ranges that are always inside the document and, where possible, visible.

export interface SpanLike {
  readonly offset: number;
  readonly length: number;
}

export interface EditorRange {
  from: number;
  to: number;
}

/**
 * Clamps a span to the document; a zero-length span covers the character under it when that is not a
 * line break (so the squiggle is visible), and stays empty at a line's or the document's end.
 */
export function spanToRange(span: SpanLike, doc: string): EditorRange {
  const n = doc.length;
  const offset = Number.isFinite(span.offset) ? Math.trunc(span.offset) : 0;
  const length = Number.isFinite(span.length) ? Math.max(0, Math.trunc(span.length)) : 0;
  const from = Math.min(Math.max(0, offset), n);
  let to = Math.min(from + length, n);
  if (to === from && from < n && doc[from] !== '\n' && doc[from] !== '\r') to = from + 1;
  return { from, to };
}

export interface LintLike {
  from: number;
  to: number;
  severity: 'error' | 'warning';
  /** Plain text: code, message and hint (the editor also renders them as rich text). */
  message: string;
  code: string;
}

/** Checker diagnostics as lint entries (plain data; the editor adds the DOM rendering). */
export function toLint(
  diagnostics: readonly {
    code: string;
    severity: 'error' | 'warning';
    message: string;
    hint?: string;
    span: SpanLike;
  }[],
  doc: string,
): LintLike[] {
  return diagnostics.map((d) => ({
    ...spanToRange(d.span, doc),
    severity: d.severity,
    message: `${d.code}: ${d.message}${d.hint ? ` (hint: ${d.hint})` : ''}`,
    code: d.code,
  }));
}

/** 1-based line and column of an offset (for the diagnostics list when a span comes from elsewhere). */
export function lineColAt(doc: string, offset: number): { line: number; col: number } {
  const at = Math.min(Math.max(0, offset), doc.length);
  let line = 1;
  let start = 0;
  for (let i = doc.indexOf('\n'); i >= 0 && i < at; i = doc.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: at - start + 1 };
}
