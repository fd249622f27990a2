// The replies a question offers, for buttons in the browser and a hint in the terminal. Pure and
// dependency-free, so the chat page can import it without the parser.
import type { Ask } from './types';

/** [label, text sent]: yes / no, the choices, or the offered rule; none for lengths or a free answer. */
export function offeredReplies(ask: Ask | undefined): [label: string, text: string][] {
  if (!ask) return [];
  if (ask.kind === 'yes-no')
    return [
      ['Yes', 'yes'],
      ['No', 'no'],
    ];
  if (ask.kind === 'exit' || ask.kind === 'entry')
    return ask.choices[0] ? [[`Use “${ask.choices[0]}”`, 'yes']] : [];
  if (ask.kind === 'lengths') return [];
  return ask.choices.map((c) => [c, c]);
}
