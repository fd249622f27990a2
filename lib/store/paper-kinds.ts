// What a paper run can be and record, and the bounds of one step: plain data (no I/O), so the store's
// pure entry can export them (paper.ts, the repository, reaches the database).
export const PAPER_STATUSES = ['running', 'paused', 'stopped', 'failed'] as const;
export type PaperStatus = (typeof PAPER_STATUSES)[number];
export const PAPER_EVENT_KINDS = ['signal', 'fill'] as const;
export type PaperEventKind = (typeof PAPER_EVENT_KINDS)[number];

/** Most bars one step may write, and most events one step may record. */
export const PAPER_LIMITS = { stepBars: 200_000, stepEvents: 10_000, eventJson: 4 * 1024 } as const;
