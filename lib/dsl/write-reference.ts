// `npm run docs`: rewrites the generated part of lib/dsl/README.md from the registry.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BEGIN, END, withReference } from './reference';

const path = join(import.meta.dirname, 'README.md');
const text = readFileSync(path, 'utf8');
writeFileSync(path, withReference(text.includes(BEGIN) ? text : `${text}\n${BEGIN}\n${END}\n`));
console.log(`updated ${path}`);
