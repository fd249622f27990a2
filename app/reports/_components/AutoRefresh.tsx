'use client';
// Re-renders the (server) page every few seconds while it is visible, so new runs of an active
// schedule appear without a reload.
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import styles from '../reports.module.css';

export default function AutoRefresh({ seconds, label }: { seconds: number; label?: string }) {
  const router = useRouter();
  useEffect(() => {
    const t = setInterval(() => {
      if (document.visibilityState === 'visible') router.refresh();
    }, seconds * 1000);
    return () => clearInterval(t);
  }, [router, seconds]);
  return (
    <span className={styles.live} title={`This page refreshes every ${seconds} s`}>
      {label ?? `Live · refreshes every ${seconds} s`}
    </span>
  );
}
