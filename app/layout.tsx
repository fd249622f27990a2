import type { ReactNode } from 'react';
import Header from './components/Header';
import SkipLink from './components/SkipLink';
import { THEME_SCRIPT } from './components/theme-script';
import './globals.css';

export const metadata = {
  title: 'Backtalk',
  description: 'Describe a trading strategy, confirm it, backtest it.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The theme script sets data-theme before the first paint, so the server's value is expected to differ.
    <html lang="en" data-theme="dark" suppressHydrationWarning>
      <head>
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: a constant script (no user input), needed before paint */}
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body>
        <SkipLink />
        <Header />
        {children}
      </body>
    </html>
  );
}
