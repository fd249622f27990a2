'use client';
// The data folder from the browser: its CSV files (suggested in the file field) and an upload button
// that stores a chosen CSV there (POST /api/data), then hands its name to the picker.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiFailure, api } from '../api';

interface DataFile {
  name: string;
  bytes: number;
  modified: number;
}
interface Listing {
  folder: string;
  files: DataFile[];
  maxUploadBytes: number;
}
interface Uploaded {
  source: string;
  file: DataFile & { bars: number; replaced: boolean };
}

/** The folder's listing, fetched when `enabled` turns on; `reload` after an upload. */
export function useDataFiles(enabled: boolean): { listing: Listing | null; reload: () => void } {
  const [listing, setListing] = useState<Listing | null>(null);
  const reload = useCallback(() => {
    api<Listing>('/api/data')
      .then(setListing)
      .catch(() => setListing(null)); // the field still takes a typed name
  }, []);
  useEffect(() => {
    if (enabled) reload();
  }, [enabled, reload]);
  return { listing, reload };
}

export type UploadNote = { kind: 'error' | 'done'; text: string } | null;

export default function DataUpload({
  maxBytes,
  onUploaded,
  onNote,
}: {
  /** The server's upload limit (from the listing); checked before sending. */
  maxBytes: number | undefined;
  /** The stored file's name (read as csv:<name>). */
  onUploaded: (name: string) => void;
  onNote: (note: UploadNote) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);

  const send = async (file: File) => {
    if (maxBytes !== undefined && file.size > maxBytes) {
      const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
      onNote({
        kind: 'error',
        text: `${file.name} is ${mb(file.size)}; uploads are limited to ${mb(maxBytes)}`,
      });
      return;
    }
    setBusy(true);
    onNote(null);
    try {
      const text = await file.text();
      const post = (overwrite: boolean) =>
        api<Uploaded>('/api/data', { method: 'POST', body: { name: file.name, text, overwrite } });
      let done: Uploaded;
      try {
        done = await post(false);
      } catch (e) {
        if (!(e instanceof ApiFailure && e.status === 409)) throw e;
        if (!window.confirm(`${e.message}. Replace it with the file you chose?`)) return;
        done = await post(true);
      }
      onNote({
        kind: 'done',
        text: `${done.file.replaced ? 'replaced' : 'uploaded'} ${done.file.name} (${done.file.bars.toLocaleString('en-US')} bars)`,
      });
      onUploaded(done.file.name);
    } catch (e) {
      const hint = e instanceof ApiFailure && e.hint ? ` — ${e.hint}` : '';
      onNote({ kind: 'error', text: `${(e as Error).message}${hint}` });
    } finally {
      setBusy(false);
      if (input.current) input.current.value = ''; // choosing the same file again uploads it again
    }
  };

  return (
    <>
      <input
        ref={input}
        type="file"
        accept=".csv,text/csv"
        hidden
        data-testid="data-upload-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void send(file);
        }}
      />
      <button
        type="button"
        className="btn btn-sm"
        data-testid="data-upload"
        disabled={busy}
        title="Upload a CSV file into the server's data folder"
        onClick={() => input.current?.click()}
      >
        {busy ? 'Uploading…' : 'Upload CSV…'}
      </button>
    </>
  );
}
