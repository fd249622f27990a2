'use client';
// Says when the workspace shows bars that stand in for the strategy's own data (it could not be loaded
// when the strategy was saved, e.g. a chat strategy previewed offline), and offers to retry that data —
// or, when the retry fails too, to go back to the stand-in bars.
import type { DataRef } from '../../../lib/store';
import type { DataRequest } from '../../../lib/transport';
import { openingRequest, refToRequest, sameRequest } from '../../../lib/ui';
import styles from './results.module.css';

interface Props {
  /** The saved data of the version on screen. */
  saved: DataRef | null;
  /** The data the workspace asks for now. */
  data: DataRequest;
  /** The server could not load `data`. */
  failed: boolean;
  onUse(req: DataRequest): void;
}

const kindOf = (source: string) => (source.startsWith('synthetic:') ? 'Synthetic bars' : `Bars of ${source}`);

export default function FallbackNote({ saved, data, failed, onUse }: Props) {
  const fallback = saved?.fallback;
  if (!saved || !fallback) return null;
  const own = refToRequest(saved);
  const standIn = openingRequest(saved);
  if (sameRequest(data, standIn))
    return (
      <div
        className={`${styles.bannerWarn} ${styles.fallbackNote}`}
        role="status"
        data-testid="data-fallback"
      >
        <strong>{kindOf(fallback.source)}:</strong> {saved.source} could not be loaded ({fallback.reason}).
        The results below are on {fallback.source}, as in the chat&apos;s preview.{' '}
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => onUse(own)}
          data-testid="retry-data"
          title={`Load ${saved.source} again`}
        >
          Retry {saved.source}
        </button>
      </div>
    );
  if (sameRequest(data, own) && failed)
    return (
      <div
        className={`${styles.bannerWarn} ${styles.fallbackNote}`}
        role="status"
        data-testid="data-fallback"
      >
        {saved.source} still cannot be loaded.{' '}
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => onUse(standIn)}
          data-testid="use-fallback"
        >
          Back to {fallback.source}
        </button>
      </div>
    );
  return null;
}
