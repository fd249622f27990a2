// `npm run docs`: regenerates docs/functions.md from the registry.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { functionsMarkdown } from './docs';

const out = join(import.meta.dirname, '../../../docs/functions.md');
writeFileSync(out, functionsMarkdown());
console.log(`wrote ${out}`);
