'use client';
// The first Tab stop of every page: straight past the header to the page's content. A page names its
// target with data-skip-target (the chat: its message box); otherwise the page's <main> takes the focus.
import { usePathname } from 'next/navigation';
import { useEffect } from 'react';

function target(): HTMLElement | null {
  return document.querySelector<HTMLElement>('[data-skip-target]') ?? document.querySelector('main');
}

export default function SkipLink() {
  // Pages render their own <main>; the link's #main must name one (on every page the app navigates to).
  const path = usePathname();
  useEffect(() => {
    const main = document.querySelector('main');
    if (main && path !== null && !document.getElementById('main')) main.id = 'main';
  }, [path]);
  return (
    // biome-ignore lint/a11y/useValidAnchor: a real link to #main (it works without scripts); the click only picks a finer target
    <a
      href="#main"
      className="skip-link"
      data-testid="skip-link"
      onClick={(e) => {
        const t = target();
        if (!t) return;
        e.preventDefault();
        if (t.tabIndex < 0 && !t.hasAttribute('tabindex')) t.tabIndex = -1;
        t.focus();
      }}
    >
      Skip to main content
    </a>
  );
}
