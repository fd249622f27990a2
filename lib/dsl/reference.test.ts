import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../engine';
import { DIAGNOSTIC_CODES } from './diagnostics';
import { referenceMarkdown, withReference } from './reference';
import { SETTING_KEYS } from './validate';

describe('lib/dsl/README.md', () => {
  it('holds the reference the registry generates (run `npm run docs` after changing it)', () => {
    const readme = readFileSync(join(import.meta.dirname, 'README.md'), 'utf8');
    expect(readme).toBe(withReference(readme));
  });

  it('documents every function and every diagnostic code once', () => {
    const md = referenceMarkdown();
    for (const f of FUNCTIONS) {
      expect(md.split(`#### \`${f.name}(`).length - 1, f.name).toBe(1);
      expect(md).toContain(f.reference);
    }
    for (const code of Object.keys(DIAGNOSTIC_CODES)) expect(md).toContain(`| \`${code}\` |`);
    const settings = md.slice(md.indexOf('## Strategy settings'), md.indexOf('## Built-in functions'));
    for (const key of SETTING_KEYS) expect(settings.split(`| \`${key}\` |`).length - 1, key).toBe(1);
    expect(settings).toContain('| `pyramiding` | a whole number from 1 to 1000 | 1 |');
  });

  it('refuses a README without the markers', () => {
    expect(() => withReference('# no markers')).toThrow(/markers/);
  });
});
