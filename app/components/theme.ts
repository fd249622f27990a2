'use client';
// The colour theme lives on <html data-theme> (set before paint by layout.tsx's inline script). This hook
// reads it and follows changes, so components that draw with JS (the chart) can follow the toggle.
import { useSyncExternalStore } from 'react';

import { THEME_KEY } from './theme-script';

export type Theme = 'dark' | 'light';

function current(): Theme {
  return document.documentElement.dataset.theme === 'light' ? 'light' : 'dark';
}

function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}

export function useTheme(): Theme {
  return useSyncExternalStore(subscribe, current, () => 'dark');
}

export function setTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  try {
    localStorage.setItem(THEME_KEY, theme);
  } catch {
    // Private mode or storage disabled: the choice lasts for this page only.
  }
}

/** Whether the user picked a theme (otherwise the system preference is followed). */
export function hasSavedTheme(): boolean {
  try {
    const t = localStorage.getItem(THEME_KEY);
    return t === 'dark' || t === 'light';
  } catch {
    return false;
  }
}
