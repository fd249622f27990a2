'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import styles from './header.module.css';

const LINKS = [
  { href: '/', label: 'Chat', match: (p: string) => p === '/' },
  { href: '/strategies', label: 'Strategies', match: (p: string) => p.startsWith('/strategies') },
  { href: '/portfolios', label: 'Portfolios', match: (p: string) => p.startsWith('/portfolios') },
  { href: '/dashboard', label: 'Dashboard', match: (p: string) => p.startsWith('/dashboard') },
  { href: '/reports', label: 'Reports', match: (p: string) => p.startsWith('/reports') },
];

export default function NavLinks() {
  const path = usePathname() ?? '/';
  return (
    <nav className={styles.nav} aria-label="Main">
      {LINKS.map((l) => (
        <Link
          key={l.href}
          href={l.href}
          className={styles.link}
          aria-current={l.match(path) ? 'page' : undefined}
        >
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
