import { describe, expect, it } from 'vitest';
import { ID_PATTERN } from './ids';
import { newId } from './validate';

describe('ID_PATTERN', () => {
  it('accepts every id the store generates', () => {
    for (let i = 0; i < 200; i++) expect(newId()).toMatch(ID_PATTERN);
  });

  it('accepts 1 to 64 letters, digits, - and _, and nothing else', () => {
    for (const ok of ['a', 'k3j9x0a1b2c4', 'chat_1-B', 'x'.repeat(64)])
      expect(ID_PATTERN.test(ok), ok).toBe(true);
    for (const bad of ['', 'x'.repeat(65), 'a b', 'a/b', '../x', 'é', 'a.b', 'a\n'])
      expect(ID_PATTERN.test(bad), JSON.stringify(bad)).toBe(false);
  });
});
