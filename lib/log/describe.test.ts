import { describe, expect, it } from 'vitest';
import { describeError } from './index';

describe('describeError', () => {
  it('keeps the whole cause chain, one cause a line, with names and codes', () => {
    const root = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' });
    const mid = new TypeError('fetch failed', { cause: root });
    const top = new Error('cannot load yahoo:SPY\nsecond line of the message', { cause: mid });
    expect(describeError(top)).toBe(
      [
        'cannot load yahoo:SPY',
        'second line of the message',
        '  caused by: TypeError: fetch failed',
        '  caused by: connect ECONNREFUSED 127.0.0.1:443',
      ].join('\n'),
    );
    const coded = Object.assign(new Error('no such file'), { code: 'ENOENT' });
    expect(describeError(new Error('load failed', { cause: coded }))).toBe(
      'load failed\n  caused by: no such file [ENOENT]',
    );
  });

  it('handles non-errors, cycles, aggregate errors and very deep chains', () => {
    expect(describeError('plain text')).toBe('plain text');
    expect(describeError(42)).toBe('42');
    expect(describeError(new Error('top', { cause: 'a string cause' }))).toBe(
      'top\n  caused by: a string cause',
    );
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(describeError(a)).toBe('a\n  caused by: b\n  caused by: (the same error again)');
    expect(describeError(new AggregateError([new Error('x'), new Error('y')], 'all failed'))).toBe(
      'AggregateError: all failed\n  including: x\n  including: y',
    );
    let deep: Error = new Error('0');
    for (let i = 1; i <= 20; i++) deep = new Error(String(i), { cause: deep });
    const lines = describeError(deep).split('\n');
    expect(lines).toHaveLength(10);
    expect(lines.at(-1)).toBe('  caused by: …');
  });
});
