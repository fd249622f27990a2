'use client';
// Picks a saved strategy that has no report yet and opens its report page, where schedules are added.
import { useRouter } from 'next/navigation';
import { useState } from 'react';

export default function StrategyPicker({
  strategies,
  compact = false,
}: {
  strategies: { id: string; name: string }[];
  compact?: boolean;
}) {
  const router = useRouter();
  const [id, setId] = useState(strategies[0]?.id ?? '');
  return (
    <form
      style={{ display: 'inline-flex', gap: 8, alignItems: 'center' }}
      onSubmit={(e) => {
        e.preventDefault();
        if (id) router.push(`/reports/${id}`);
      }}
    >
      <label htmlFor="schedule-strategy" className={compact ? 'visually-hidden' : 'muted'}>
        Strategy
      </label>
      <select
        id="schedule-strategy"
        className="select"
        value={id}
        onChange={(e) => setId(e.target.value)}
        data-testid="schedule-strategy-picker"
        style={{ maxWidth: 260 }}
      >
        {strategies.slice(0, 500).map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
      <button type="submit" className={compact ? 'btn' : 'btn btn-primary'} disabled={!id}>
        Schedule a strategy…
      </button>
    </form>
  );
}
