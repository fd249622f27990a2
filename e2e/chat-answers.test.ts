// Answers read with their question, in a browser, typed as a trader would: the ETH/USDT request (a card,
// or the market question and "ETH/USDT"), "which market?" → "MSFT", "which band?" → "the upper one",
// "which lengths?" → "20 and 50". A reply that leaves the question open gets it again in other words with
// the closest choice, offered as a button.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage, screenshot, skipReason, useSession } from './harness';

const ETH =
  'ETH/USDT on Binance, 4-hour candles: buy when the 9 EMA crosses above the 21 EMA, sell when it crosses back below. 0.075% fee, start with 5000 USDT';

/** Types a message and waits for its answer (a card or a question); returns the answer's element. */
async function say(page: Page, text: string) {
  const answers = page.locator('[data-role="assistant"]');
  const before = await answers.count();
  await page.getByTestId('chat-input').fill(text);
  await page.getByTestId('chat-input').press('Enter');
  const answer = answers.nth(before);
  await answer
    .locator('[data-testid="understanding-card"], [data-testid="question"]')
    .waitFor({ timeout: 30_000 });
  return answer;
}

async function cardOf(answer: Awaited<ReturnType<typeof say>>) {
  const card = answer.getByTestId('understanding-card');
  await card.waitFor({ timeout: 5_000 });
  return {
    summary: (await card.getByTestId('summary').textContent()) ?? '',
    facts: (await card.locator('dl').textContent()) ?? '',
    program: (await card.getByTestId('program').textContent()) ?? '',
  };
}

describe.skipIf(skipReason !== null)('answers read with their question, in a browser', () => {
  const s = useSession();

  it('ETH/USDT on Binance: a card, or the market question answered by "ETH/USDT"', async () => {
    const { page, errors } = await newPage(s.browser);
    await page.goto(s.app.url);
    let answer = await say(page, ETH);
    if ((await answer.getByTestId('question').count()) > 0) {
      const q = answer.getByTestId('question');
      await expect(q.getAttribute('data-ask')).resolves.toBe('market');
      await expect(q.textContent()).resolves.toMatch(
        /Which market should the strategy trade: ETH\/USDT or USDT\?/,
      );
      await screenshot(page, 'answers-1-eth-question');
      answer = await say(page, 'ETH/USDT');
    }
    const card = await cardOf(answer);
    expect(card.facts).toMatch(/ETH\/USDT on Binance, 4-hour bars/);
    expect(card.facts).toMatch(/Starting capital \$5,000; fee 0\.075%/);
    expect(card.summary).toMatch(/9-bar EMA of the close crosses above the 21-bar EMA/);
    expect(card.summary).toMatch(/9-bar EMA of the close crosses below the 21-bar EMA/);
    await screenshot(page, 'answers-1-eth-card');
    expect(errors).toEqual([]);
  });

  it('"which market?" → "MSFT"; a reply that is no market gets the question again with the closest', async () => {
    const { page, errors } = await newPage(s.browser);
    await page.goto(s.app.url);
    const asked = await say(page, 'buy AAPL and MSFT when RSI < 30, sell when RSI > 70');
    await expect(asked.getByTestId('question').textContent()).resolves.toMatch(
      /Should the strategy trade AAPL and MSFT together in one account .*, or only one of them: AAPL or MSFT\?/,
    );
    // The open question offers its choices as buttons.
    await expect(asked.getByTestId('choice').allTextContents()).resolves.toEqual(['AAPL', 'MSFT']);
    const again = await say(page, 'MSXX');
    await expect(again.getByTestId('question').textContent()).resolves.toMatch(
      /"MSXX" is not one of the markets in the request\. Did you mean MSFT\?/,
    );
    // Only the question still open offers buttons.
    await expect(asked.getByTestId('choice').count()).resolves.toBe(0);
    await screenshot(page, 'answers-2-market-asked-again');
    const answer = await say(page, 'MSFT');
    const card = await cardOf(answer);
    expect(card.facts).toMatch(/^MarketMSFT, daily bars/);
    expect(card.summary).toMatch(/RSI\(14\) is below/);
    await screenshot(page, 'answers-2-market-card');
    expect(errors).toEqual([]);
  });

  it('"which band?" → "the upper one"', async () => {
    const { page, errors } = await newPage(s.browser);
    await page.goto(s.app.url);
    const asked = await say(page, 'buy when the close crosses the Bollinger band, sell when rsi > 70');
    await expect(asked.getByTestId('question').textContent()).resolves.toMatch(
      /Which Bollinger band do you mean by "Bollinger band": the upper, the middle or the lower one\?/,
    );
    await screenshot(page, 'answers-3-band-question');
    const card = await cardOf(await say(page, 'the upper one'));
    expect(card.summary).toMatch(/the close crosses above the upper Bollinger band \(20, 2\)/);
    await screenshot(page, 'answers-3-band-card');
    expect(errors).toEqual([]);
  });

  it('"which lengths?" → "20 and 50", in that order', async () => {
    const { page, errors } = await newPage(s.browser);
    await page.goto(s.app.url);
    const asked = await say(
      page,
      'buy when the fast ma crosses above the slow ma, sell when it crosses back below',
    );
    await expect(asked.getByTestId('question').textContent()).resolves.toMatch(
      /How many bars should "fast ma" and "slow ma" be computed over\? Give the lengths in that order/,
    );
    await screenshot(page, 'answers-4-lengths-question');
    const card = await cardOf(await say(page, '20 and 50'));
    expect(card.summary).toMatch(/the 20-bar SMA of the close crosses above the 50-bar SMA of the close/);
    await screenshot(page, 'answers-4-lengths-card');
    expect(errors).toEqual([]);
  });
});
