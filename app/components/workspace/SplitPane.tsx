'use client';
// Two panes side by side with a draggable divider (keyboard: arrows); stacked on narrow screens (CSS).
// The split is remembered in localStorage.
import { type ReactNode, useEffect, useRef, useState } from 'react';
import styles from './workspace.module.css';

const KEY = 'backtalk-split';
const MIN = 0.22;
const MAX = 0.78;
const clamp = (f: number) => Math.min(MAX, Math.max(MIN, f));

export default function SplitPane({ left, right }: { left: ReactNode; right: ReactNode }) {
  const [fraction, setFraction] = useState(0.42);
  const root = useRef<HTMLDivElement>(null);
  const dragging = useRef(false);

  useEffect(() => {
    const saved = Number(localStorage.getItem(KEY));
    if (saved > 0) setFraction(clamp(saved));
  }, []);
  const commit = (f: number) => {
    const v = clamp(f);
    setFraction(v);
    try {
      localStorage.setItem(KEY, String(v));
    } catch {
      // storage unavailable: the split lasts for this page
    }
  };

  return (
    <div
      ref={root}
      className={styles.split}
      style={{ '--split': `${(fraction * 100).toFixed(2)}%` } as React.CSSProperties}
    >
      <div className={styles.paneLeft}>{left}</div>
      {/* biome-ignore lint/a11y/useSemanticElements: a draggable splitter has no semantic HTML element */}
      <div
        className={styles.divider}
        role="separator"
        aria-orientation="vertical"
        aria-label="Resize editor and results"
        aria-valuenow={Math.round(fraction * 100)}
        aria-valuemin={MIN * 100}
        aria-valuemax={MAX * 100}
        tabIndex={0}
        data-testid="split-divider"
        onPointerDown={(e) => {
          dragging.current = true;
          e.currentTarget.setPointerCapture(e.pointerId);
        }}
        onPointerMove={(e) => {
          if (!dragging.current || !root.current) return;
          const r = root.current.getBoundingClientRect();
          setFraction(clamp((e.clientX - r.left) / r.width));
        }}
        onPointerUp={(e) => {
          dragging.current = false;
          e.currentTarget.releasePointerCapture(e.pointerId);
          commit(fraction);
        }}
        onDoubleClick={() => commit(0.42)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowLeft') commit(fraction - 0.02);
          if (e.key === 'ArrowRight') commit(fraction + 0.02);
        }}
      />
      <div className={styles.paneRight}>{right}</div>
    </div>
  );
}
