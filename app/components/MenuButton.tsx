'use client';
// A button that opens a menu, keyboard-operable as the WAI-ARIA menu button pattern says: Enter, Space
// or ArrowDown open it on the first item (ArrowUp on the last); in the menu the arrows move (wrapping),
// Home and End jump, Escape closes it and puts the focus back on the button, Tab closes it and moves on.
// A click outside closes it. Items are the elements with role="menuitem" among the children.
import { type ReactNode, useCallback, useEffect, useId, useRef, useState } from 'react';
import styles from './menu.module.css';

export interface MenuButtonProps {
  /** What the button shows; `label` names it for assistive technology when that is not text enough. */
  button: ReactNode;
  label?: string;
  className?: string;
  testId?: string;
  menuTestId?: string;
  menuLabel: string;
  /** The menu's contents; `close(refocus)` closes it (and by default returns the focus to the button). */
  children: (close: (refocus?: boolean) => void) => ReactNode;
  onOpenChange?: (open: boolean) => void;
  align?: 'left' | 'right';
  menuClassName?: string;
}

export default function MenuButton(props: MenuButtonProps) {
  const { button, label, className, testId, menuTestId, menuLabel, children, onOpenChange } = props;
  const [open, setOpen] = useState(false);
  // Which item takes the focus once the items are there (they may load after the menu opens).
  const [pending, setPending] = useState<'first' | 'last' | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const btn = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const id = useId();

  // Disabled items (e.g. "Loading…") are read but skipped by the arrows.
  const items = () =>
    Array.from(
      menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])') ?? [],
    );
  const setOpenTo = useCallback(
    (v: boolean) => {
      setOpen(v);
      onOpenChange?.(v);
    },
    [onOpenChange],
  );
  const close = useCallback(
    (refocus = true) => {
      setOpenTo(false);
      setPending(null);
      if (refocus) btn.current?.focus();
    },
    [setOpenTo],
  );

  useEffect(() => {
    if (!open || pending === null) return;
    const all = items();
    if (all.length === 0) return;
    (pending === 'first' ? all[0] : all[all.length - 1]).focus();
    setPending(null);
  });

  useEffect(() => {
    if (!open) return;
    const outside = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) close(false);
    };
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, [open, close]);

  const openOn = (which: 'first' | 'last') => {
    setOpenTo(true);
    setPending(which);
  };

  const onMenuKey = (e: React.KeyboardEvent) => {
    const all = items();
    const at = all.indexOf(document.activeElement as HTMLElement);
    const go = (i: number) => {
      e.preventDefault();
      all[(i + all.length) % all.length]?.focus();
    };
    if (e.key === 'ArrowDown') go(at + 1);
    else if (e.key === 'ArrowUp') go(at < 0 ? all.length - 1 : at - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(all.length - 1);
    else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
    } else if (e.key === 'Tab') close(false);
  };

  return (
    <div className={styles.root} ref={root}>
      <button
        ref={btn}
        type="button"
        className={className ?? 'btn'}
        data-testid={testId}
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => (open ? close(false) : openOn('first'))}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            openOn(e.key === 'ArrowDown' ? 'first' : 'last');
          } else if (e.key === 'Escape' && open) {
            e.preventDefault();
            close();
          }
        }}
      >
        {button}
      </button>
      {open && (
        <div
          ref={menu}
          id={id}
          role="menu"
          aria-label={menuLabel}
          tabIndex={-1}
          className={`${styles.menu} ${props.align === 'left' ? styles.left : ''} ${props.menuClassName ?? ''}`}
          data-testid={menuTestId}
          onKeyDown={onMenuKey}
        >
          {children(close)}
        </div>
      )}
    </div>
  );
}
