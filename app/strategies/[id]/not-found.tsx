import Link from 'next/link';

export default function StrategyNotFound() {
  return (
    <main className="page-message" data-testid="not-found">
      <h2>This strategy does not exist</h2>
      <p className="muted">It may have been deleted, or the link is wrong.</p>
      <Link href="/strategies" className="btn">
        ← All strategies
      </Link>
    </main>
  );
}
