// Word lists written compactly: 'go long|going long|long' is three phrases.
export const list = (s: string): string[] => s.split('|').filter(Boolean);
