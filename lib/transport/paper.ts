// Paper updates over the workspace socket: a client subscribes (or unsubscribes) and then hears each
// committed step of every paper run in the server process, and the latest prices of the markets in use.
import { z } from 'zod';

export const PaperRequest = z.object({
  type: z.literal('paper'),
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  subscribe: z.boolean(),
});
export type PaperRequest = z.infer<typeof PaperRequest>;

/** Events a step frame carries at most (the rest are a page away: GET /api/paper/:id/events). */
export const MAX_STEP_EVENTS = 50;
/** Markets a prices list carries at most. */
export const MAX_PRICES = 100;

export interface WirePaperEvent {
  seq: number;
  kind: 'signal' | 'fill';
  time: number;
  body: Record<string, unknown>;
}

export interface WireMarketPrice {
  market: string;
  price: number;
  time: number;
}

export interface WirePaperAccount {
  time: number;
  capital: number;
  cash: number;
  equity: number;
  position: number;
  price: number;
}

export type PaperServerMessage =
  | { type: 'paper-subscribed'; seq: number; subscribed: boolean; prices: WireMarketPrice[] }
  | {
      type: 'paper-step';
      run: {
        id: string;
        name: string;
        market: string;
        timeframe: string;
        status: string;
        lastBarTime: number | null;
      };
      account: WirePaperAccount;
      /** The step's newest events, at most MAX_STEP_EVENTS; `dropped` says how many were left out. */
      events: WirePaperEvent[];
      dropped: number;
      prices: WireMarketPrice[];
    };
