// Test support of the data layer (not part of the public surface): catching the DataError a call must
// throw, so each test can then assert its code, message and hint.
import { expect } from 'vitest';
import { DataError } from './errors';

/** The DataError `fn` throws; fails the test when it throws something else or nothing. */
export function fail(fn: () => unknown): DataError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DataError);
    return err as DataError;
  }
  throw new Error('expected a DataError');
}

/** The DataError `p` rejects with; fails the test when it rejects with something else or resolves. */
export async function failAsync(p: Promise<unknown>): Promise<DataError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(DataError);
    return err as DataError;
  }
  throw new Error('expected a DataError');
}
