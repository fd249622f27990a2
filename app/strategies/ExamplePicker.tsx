'use client';
import type { Example } from '../../lib/examples';
import styles from './strategies.module.css';

export default function ExamplePicker({
  examples,
  onPick,
  disabled,
}: {
  examples: readonly Example[];
  onPick: (id: string) => void;
  disabled?: boolean;
}) {
  return (
    <div className={styles.examples}>
      {examples.map((ex) => (
        <button
          key={ex.id}
          type="button"
          className={styles.example}
          data-testid={`example-${ex.id}`}
          disabled={disabled}
          onClick={() => onPick(ex.id)}
        >
          <span className={styles.exampleName}>{ex.name}</span>
          <span className={styles.exampleDesc}>{ex.description}</span>
        </button>
      ))}
    </div>
  );
}
