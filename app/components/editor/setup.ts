// CodeMirror 6 extensions for .bt programs: language mode, highlighting and theme (CSS variables, so the
// light/dark toggle needs no reconfiguration), diagnostics as you type, completion and key bindings.
import {
  autocompletion,
  type CompletionContext,
  type CompletionResult,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
} from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import {
  bracketMatching,
  HighlightStyle,
  indentOnInput,
  indentUnit,
  StreamLanguage,
  syntaxHighlighting,
} from '@codemirror/language';
import { type Diagnostic as CmDiagnostic, linter, lintGutter, lintKeymap } from '@codemirror/lint';
import { EditorState, type Extension, type Range, StateEffect, StateField } from '@codemirror/state';
import {
  Decoration,
  type DecorationSet,
  drawSelection,
  dropCursor,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  placeholder,
  rectangularSelection,
} from '@codemirror/view';
import { tags as t } from '@lezer/highlight';
import { checkSource, type Diagnostic, format, type InputInfo } from '../../../lib/dsl';
import { btStreamParser, completionsAt, toLint } from '../../../lib/ui';

export const btLanguage = StreamLanguage.define(btStreamParser);

const highlight = HighlightStyle.define([
  { tag: t.lineComment, color: 'var(--syn-comment)', fontStyle: 'italic' },
  { tag: t.string, color: 'var(--syn-string)' },
  { tag: t.special(t.number), color: 'var(--syn-percent)' },
  { tag: t.number, color: 'var(--syn-number)' },
  { tag: t.controlKeyword, color: 'var(--syn-control)', fontWeight: '600' },
  { tag: t.operatorKeyword, color: 'var(--syn-keyword)' },
  { tag: t.keyword, color: 'var(--syn-keyword)', fontWeight: '600' },
  { tag: [t.bool, t.atom, t.null], color: 'var(--syn-atom)' },
  { tag: t.function(t.variableName), color: 'var(--syn-function)' },
  { tag: t.special(t.variableName), color: 'var(--syn-series)' },
  { tag: t.definition(t.variableName), color: 'var(--syn-definition)', fontWeight: '600' },
  { tag: t.variableName, color: 'var(--syn-variable)' },
  { tag: t.propertyName, color: 'var(--syn-property)' },
  { tag: t.operator, color: 'var(--syn-operator)' },
  { tag: [t.paren, t.squareBracket, t.punctuation], color: 'var(--text-dim)' },
  { tag: t.invalid, color: 'var(--neg)' },
]);

const MONO = "ui-monospace, 'SF Mono', SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace";

const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '13px', backgroundColor: 'var(--panel)', color: 'var(--text)' },
  // The focus ring every control has (3:1 against the panel), drawn inside so the pane does not clip it.
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '-2px' },
  '.cm-scroller': { fontFamily: MONO, lineHeight: '1.6' },
  '.cm-content': { caretColor: 'var(--accent)', padding: '8px 0' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--accent)', borderLeftWidth: '2px' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection':
    { backgroundColor: 'var(--selection) !important' },
  '.cm-gutters': {
    backgroundColor: 'var(--panel)',
    color: 'var(--text-faint)',
    border: 'none',
    borderRight: '1px solid var(--border)',
  },
  '.cm-lineNumbers .cm-gutterElement': { padding: '0 8px 0 12px', minWidth: '36px' },
  '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--hover) 55%, transparent)' },
  '.cm-activeLineGutter': { backgroundColor: 'transparent', color: 'var(--text)' },
  '.cm-matchingBracket': { backgroundColor: 'var(--accent-soft)', outline: '1px solid var(--border-strong)' },
  '.cm-nonmatchingBracket': { backgroundColor: 'var(--err-soft)' },
  '.cm-tooltip': {
    backgroundColor: 'var(--panel-2)',
    color: 'var(--text)',
    border: '1px solid var(--border-strong)',
    borderRadius: '6px',
    boxShadow: 'var(--shadow)',
  },
  '.cm-tooltip.cm-tooltip-autocomplete > ul': { fontFamily: MONO, fontSize: '12.5px', maxHeight: '16em' },
  '.cm-tooltip.cm-tooltip-autocomplete > ul > li': { padding: '2px 8px' },
  '.cm-tooltip.cm-tooltip-autocomplete > ul > li[aria-selected]': {
    backgroundColor: 'var(--accent-soft)',
    color: 'var(--text)',
  },
  // Letters instead of the default emoji icons, which many fonts lack.
  '.cm-completionIcon': { width: '1.4em', opacity: '0.8', fontFamily: MONO, fontSize: '11px' },
  '.cm-completionIcon-function::after': { content: "'ƒ'", color: 'var(--syn-function)' },
  '.cm-completionIcon-variable::after': { content: "'v'", color: 'var(--syn-series)' },
  '.cm-completionIcon-keyword::after': { content: "'k'", color: 'var(--syn-keyword)' },
  '.cm-completionIcon-constant::after': { content: "'c'", color: 'var(--syn-atom)' },
  '.cm-completionIcon-property::after': { content: "'='", color: 'var(--syn-property)' },
  '.cm-completionDetail': { color: 'var(--text-dim)', fontStyle: 'normal', marginLeft: '1em' },
  // The item's own colour (4.5:1 on the list, selected or not), marked by weight and underline.
  '.cm-completionMatchedText': { textDecoration: 'underline', color: 'inherit', fontWeight: '600' },
  '.cm-tooltip.cm-completionInfo': {
    padding: '8px 10px',
    maxWidth: '380px',
    whiteSpace: 'pre-wrap',
    fontSize: '12px',
    lineHeight: '1.45',
  },
  '.cm-tooltip-lint': { padding: '0' },
  '.cm-diagnostic': { padding: '6px 10px', borderLeftWidth: '3px', maxWidth: '460px' },
  '.cm-diagnostic-error': { borderLeftColor: 'var(--neg)' },
  '.cm-diagnostic-warning': { borderLeftColor: 'var(--warn)' },
  '.bt-diag-code': { fontFamily: MONO, fontSize: '11px', color: 'var(--text-dim)', marginRight: '6px' },
  '.bt-diag-hint': { color: 'var(--text-dim)', marginTop: '3px' },
  '.cm-lint-marker': { width: '0.9em', height: '0.9em' },
  '.cm-panels': { backgroundColor: 'var(--panel-2)', color: 'var(--text)' },
  '.cm-foldPlaceholder': { backgroundColor: 'var(--panel-2)', border: 'none', color: 'var(--text-dim)' },
});

/** The lint tooltip: code, message and hint. */
function renderDiagnostic(d: Diagnostic): () => Node {
  return () => {
    const root = document.createElement('div');
    const code = document.createElement('span');
    code.className = 'bt-diag-code';
    code.textContent = d.code;
    root.append(code, document.createTextNode(d.message));
    if (d.hint) {
      const hint = document.createElement('div');
      hint.className = 'bt-diag-hint';
      hint.textContent = `hint: ${d.hint}`;
      root.append(hint);
    }
    return root;
  };
}

// Marks carrying data-testid attributes at each diagnostic, for browser tests and tools.
const setMarkers = StateEffect.define<DecorationSet>();
const markersField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    let next = marks.map(tr.changes);
    for (const e of tr.effects) if (e.is(setMarkers)) next = e.value;
    return next;
  },
  provide: (f) => EditorView.decorations.from(f),
});

export interface CheckReport {
  source: string;
  diagnostics: Diagnostic[];
  /** The program's input() declarations (complete only when there are no errors). */
  inputs: readonly InputInfo[];
}

function lintSource(onChecked: (r: CheckReport) => void) {
  return (view: EditorView): CmDiagnostic[] => {
    const doc = view.state.doc.toString();
    const { diagnostics, checked } = checkSource(doc);
    const marks: Range<Decoration>[] = [];
    const out = toLint(diagnostics, doc).map((l, k): CmDiagnostic => {
      if (l.to > l.from)
        marks.push(
          Decoration.mark({
            attributes: {
              'data-testid': 'diagnostic-marker',
              'data-code': l.code,
              'data-severity': l.severity,
            },
          }).range(l.from, l.to),
        );
      return {
        from: l.from,
        to: l.to,
        severity: l.severity,
        message: l.message,
        renderMessage: renderDiagnostic(diagnostics[k]),
      };
    });
    const set = Decoration.set(marks, true);
    // Not during the linter's own update: apply the markers right after it.
    queueMicrotask(() => {
      if (view.state.doc.toString() === doc) view.dispatch({ effects: setMarkers.of(set) });
    });
    onChecked({ source: doc, diagnostics, inputs: checked.inputs });
    return out;
  };
}

function completionSource(ctx: CompletionContext): CompletionResult | null {
  const r = completionsAt(ctx.state.doc.toString(), ctx.pos, ctx.explicit);
  if (!r) return null;
  return { from: r.from, options: r.options, validFor: /^\w*=?$/ };
}

/** Replaces only the part of the document that formatting changed, so the cursor stays put. */
export function formatView(view: EditorView): { ok: true; changed: boolean } | { ok: false; errors: number } {
  const doc = view.state.doc.toString();
  const r = format(doc);
  const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
  if (errors > 0) return { ok: false, errors };
  const text = r.text;
  if (text === doc) return { ok: true, changed: false };
  let start = 0;
  while (start < doc.length && start < text.length && doc[start] === text[start]) start++;
  let endA = doc.length;
  let endB = text.length;
  while (endA > start && endB > start && doc[endA - 1] === text[endB - 1]) {
    endA--;
    endB--;
  }
  view.dispatch({ changes: { from: start, to: endA, insert: text.slice(start, endB) }, userEvent: 'format' });
  return { ok: true, changed: true };
}

export interface SetupOptions {
  onChange: (doc: string) => void;
  onChecked: (r: CheckReport) => void;
  onFormat: (result: ReturnType<typeof formatView>) => void;
}

export function editorExtensions(opts: SetupOptions): Extension[] {
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    history(),
    drawSelection(),
    dropCursor(),
    EditorState.allowMultipleSelections.of(true),
    indentOnInput(),
    indentUnit.of('    '),
    EditorState.tabSize.of(4),
    bracketMatching(),
    closeBrackets(),
    rectangularSelection(),
    highlightActiveLine(),
    btLanguage,
    syntaxHighlighting(highlight),
    theme,
    autocompletion({ override: [completionSource], icons: true, activateOnTyping: true }),
    linter(lintSource(opts.onChecked), { delay: 150 }),
    lintGutter(),
    markersField,
    keymap.of([
      {
        key: 'Mod-Shift-f',
        preventDefault: true,
        run: (view) => {
          opts.onFormat(formatView(view));
          return true;
        },
      },
      ...closeBracketsKeymap,
      ...defaultKeymap,
      ...historyKeymap,
      ...completionKeymap,
      ...lintKeymap,
      indentWithTab,
    ]),
    EditorView.updateListener.of((u) => {
      if (u.docChanged) opts.onChange(u.state.doc.toString());
    }),
    placeholder('strategy("My idea", capital=10000)  — then bind indicators and add if …: buy(market, 100%)'),
    EditorView.contentAttributes.of({ 'aria-label': 'Strategy source (.bt)', spellcheck: 'false' }),
  ];
}
