import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { functionsMarkdown } from './docs';
import { FUNCTIONS } from './registry';

describe('docs/functions.md', () => {
  it('is what the registry generates (run `npm run docs` after changing the registry)', () => {
    const file = readFileSync(join(import.meta.dirname, '../../../docs/functions.md'), 'utf8');
    expect(file).toBe(functionsMarkdown());
  });

  it('documents every function once, with its convention', () => {
    const md = functionsMarkdown();
    for (const f of FUNCTIONS) {
      expect(md.split(`### \`${f.name}(`).length - 1, f.name).toBe(1);
      expect(md).toContain(f.reference);
    }
  });
});
