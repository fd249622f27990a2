import Link from 'next/link';
import styles from './header.module.css';
import NavLinks from './NavLinks';
import ThemeToggle from './ThemeToggle';

export default function Header() {
  return (
    <header className={styles.header}>
      <Link href="/" className={styles.brand} aria-label="Backtalk home">
        <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true">
          <rect x="3" y="9" width="3.2" height="10" rx="1" fill="var(--pos)" />
          <rect x="8.6" y="4" width="3.2" height="12" rx="1" fill="var(--accent)" />
          <rect x="14.2" y="7" width="3.2" height="9" rx="1" fill="var(--neg)" />
          <path d="M3 21h18" stroke="var(--text-dim)" strokeWidth="1.5" />
        </svg>
        <span>Backtalk</span>
      </Link>
      <NavLinks />
      <div className={styles.spacer} />
      <ThemeToggle />
    </header>
  );
}
