'use client';
// Both icons are rendered and CSS shows the one for the current theme, so the button is right from the
// first paint (before hydration) whatever the saved theme is.
import { useEffect } from 'react';
import styles from './header.module.css';
import { hasSavedTheme, setTheme } from './theme';

export default function ThemeToggle() {
  // Until the user picks one, follow the system's preference as it changes.
  useEffect(() => {
    const mq = window.matchMedia('(prefers-color-scheme: light)');
    const follow = () => {
      if (!hasSavedTheme()) document.documentElement.dataset.theme = mq.matches ? 'light' : 'dark';
    };
    mq.addEventListener('change', follow);
    return () => mq.removeEventListener('change', follow);
  }, []);
  return (
    <button
      type="button"
      className={`btn btn-ghost ${styles.themeToggle}`}
      data-testid="theme-toggle"
      aria-label="Toggle light and dark theme"
      title="Toggle light and dark theme"
      onClick={() => setTheme(document.documentElement.dataset.theme === 'light' ? 'dark' : 'light')}
    >
      <svg
        className={styles.sun}
        width="16"
        height="16"
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        aria-hidden="true"
      >
        <circle cx="12" cy="12" r="4" />
        <path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4" />
      </svg>
      <svg
        className={styles.moon}
        width="16"
        height="16"
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        aria-hidden="true"
      >
        <path d="M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8z" />
      </svg>
    </button>
  );
}
