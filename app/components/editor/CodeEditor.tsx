'use client';
// The .bt editor. CodeMirror owns the text; the parent hears every change (for the unsaved marker) and each
// debounced check (diagnostics), and can replace the text or format it through the handle.
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { type Ref, useEffect, useImperativeHandle, useRef } from 'react';
import { type CheckReport, editorExtensions, formatView } from './setup';

export interface EditorHandle {
  /** Replaces the whole text (one undoable change). */
  setDoc(text: string): void;
  getDoc(): string;
  format(): ReturnType<typeof formatView>;
  focus(): void;
  /** Moves the cursor to an offset and scrolls it into view. */
  reveal(offset: number, length?: number): void;
}

export interface CodeEditorProps {
  initialDoc: string;
  onChange: (doc: string) => void;
  onChecked: (r: CheckReport) => void;
  onFormat: (r: ReturnType<typeof formatView>) => void;
  /** Id of the visible text that says how to use the keyboard in it (Tab indents; Esc then Tab leaves). */
  describedBy?: string;
  ref?: Ref<EditorHandle>;
}

export default function CodeEditor({
  initialDoc,
  onChange,
  onChecked,
  onFormat,
  describedBy,
  ref,
}: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  // Callbacks change identity on every render; the editor is built once and reads the latest ones.
  const latest = useRef({ onChange, onChecked, onFormat });
  latest.current = { onChange, onChecked, onFormat };
  const initial = useRef(initialDoc);
  const described = useRef(describedBy);

  useEffect(() => {
    if (!host.current) return;
    const v = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: initial.current,
        extensions: [
          editorExtensions({
            onChange: (d) => latest.current.onChange(d),
            onChecked: (r) => latest.current.onChecked(r),
            onFormat: (r) => latest.current.onFormat(r),
          }),
          described.current ? EditorView.contentAttributes.of({ 'aria-describedby': described.current }) : [],
        ],
      }),
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
  }, []);

  useImperativeHandle(
    ref,
    () => ({
      setDoc(text) {
        const v = view.current;
        if (!v) {
          initial.current = text;
          return;
        }
        v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text }, userEvent: 'load' });
      },
      getDoc: () => view.current?.state.doc.toString() ?? initial.current,
      format() {
        const v = view.current;
        return v ? formatView(v) : { ok: true, changed: false };
      },
      focus: () => view.current?.focus(),
      reveal(offset, length = 0) {
        const v = view.current;
        if (!v) return;
        const n = v.state.doc.length;
        const from = Math.min(Math.max(0, offset), n);
        const to = Math.min(from + Math.max(0, length), n);
        v.dispatch({ selection: { anchor: from, head: to }, scrollIntoView: true });
        v.focus();
      },
    }),
    [],
  );

  return <div ref={host} className="bt-editor" data-testid="editor" />;
}
