// Prints the built system prompt, to read or diff it: `npx tsx prompts/build.ts > /tmp/prompt.md`.
import { PROMPT_VERSION, systemPrompt } from '../lib/nl/model/prompt';

process.stderr.write(`${PROMPT_VERSION}\n`);
process.stdout.write(systemPrompt());
