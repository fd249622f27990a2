'use client';
// The problems in the program, errors first; a click puts the cursor on the offending text.
import styles from './pane.module.css';

export interface ListedDiagnostic {
  code: string;
  severity: 'error' | 'warning';
  message: string;
  hint?: string;
  span: { line: number; col: number; offset: number; length: number };
  /** Found by the server while running (e.g. a parameter outside its range), not by the checker. */
  fromServer?: boolean;
}

export default function DiagnosticsList({
  diagnostics,
  onReveal,
}: {
  diagnostics: ListedDiagnostic[];
  onReveal: (offset: number, length: number) => void;
}) {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const sorted = [...diagnostics].sort(
    (a, b) =>
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) || a.span.offset - b.span.offset,
  );
  return (
    <section
      className={styles.diagnostics}
      data-testid="diagnostics"
      data-errors={errors}
      data-warnings={warnings}
      aria-label="Problems"
    >
      <div className={styles.diagHead}>
        {diagnostics.length === 0 ? (
          <span className={styles.ok}>
            <span className={styles.okDot} aria-hidden="true" /> No problems
          </span>
        ) : (
          <span>
            {errors > 0 && (
              <span className="neg">
                {errors} error{errors === 1 ? '' : 's'}
              </span>
            )}
            {errors > 0 && warnings > 0 && <span className="muted"> · </span>}
            {warnings > 0 && (
              <span className={styles.warnText}>
                {warnings} warning{warnings === 1 ? '' : 's'}
              </span>
            )}
          </span>
        )}
        <span className={styles.diagKeys}>
          <kbd>Ctrl</kbd>+<kbd>Space</kbd> complete · <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>F</kbd> format
        </span>
      </div>
      {sorted.length > 0 && (
        <ul className={styles.diagList}>
          {sorted.map((d) => (
            <li key={`${d.code}:${d.span.offset}:${d.span.length}:${d.message}`}>
              <button
                type="button"
                className={styles.diagItem}
                data-testid="diagnostic"
                data-code={d.code}
                data-severity={d.severity}
                onClick={() => onReveal(d.span.offset, d.span.length)}
              >
                <span
                  className={d.severity === 'error' ? styles.sevError : styles.sevWarning}
                  aria-hidden="true"
                />
                <span className={styles.diagWhere}>
                  {d.span.line}:{d.span.col}
                </span>
                <span className={styles.diagText}>
                  <span className={styles.diagCode}>{d.code}</span> {d.message}
                  {d.fromServer && <span className={styles.diagCode}> (while running)</span>}
                  {d.hint && <span className={styles.diagHint}>hint: {d.hint}</span>}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
