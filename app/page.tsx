import Link from 'next/link';
import styles from './home.module.css';

// A plain landing page until the chat arrives here.
export default function Home() {
  return (
    <main className={styles.main}>
      <h1 className={styles.title}>Backtalk</h1>
      <p className={styles.lead}>
        Describe a trading strategy in plain English; Backtalk states back what it understood, compiles it to
        a small program and backtests it once you confirm.
      </p>
      <div className={styles.cards}>
        <div className={styles.card}>
          <h2>Chat</h2>
          <p className="muted">Talking a strategy into shape is coming to this page.</p>
          <span className="badge">soon</span>
        </div>
        <Link href="/strategies" className={styles.card}>
          <h2>Strategies →</h2>
          <p className="muted">
            Write a strategy in the <code>.bt</code> language, tune it with sliders and see every statistic
            and trade as you type. Start from an example.
          </p>
        </Link>
      </div>
    </main>
  );
}
