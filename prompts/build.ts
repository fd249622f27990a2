// Prints the built system prompt, to read or diff it: `npx tsx prompts/build.ts > /tmp/prompt.md`, or
// `npx tsx prompts/build.ts local` for the local servers' compact one.
import { PROMPT_VERSION, systemPrompt } from '../lib/nl/server';

const variant = process.argv[2] === 'local' ? 'local' : 'full';
process.stderr.write(`${PROMPT_VERSION} (${variant})\n`);
process.stdout.write(systemPrompt(variant));
