// A newcomer in the chat: types a strategy, reads the card (summary, assumptions, program, preview),
// confirms and sees the backtest in the workspace; then asks something vague and gets a question; and a
// revision shows what changed. The conversation survives a reload.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage, screenshot, skipReason, useSession } from './harness';

const GOLDEN =
  'Buy when the 50-day moving average crosses above the 200-day moving average and sell when it crosses back below.';

async function say(page: Page, text: string): Promise<void> {
  const before = await page.locator('[data-role="assistant"]').count();
  await page.getByTestId('chat-input').fill(text);
  await page.getByTestId('chat-input').press('Enter');
  await page.locator('[data-role="assistant"]').nth(before).waitFor({ timeout: 30_000 });
  // The answer is complete once its card or question has rendered.
  await page
    .locator('[data-role="assistant"]')
    .nth(before)
    .locator('[data-testid="understanding-card"], [data-testid="question"]')
    .waitFor({ timeout: 30_000 });
}

describe.skipIf(skipReason !== null)('the chat, in a browser', () => {
  const s = useSession();

  it('example → card with assumptions → confirm → backtest; vague → question', async () => {
    const { page, errors } = await newPage(s.browser);
    await page.goto(s.app.url);
    await expect(page.getByTestId('suggestion').count()).resolves.toBeGreaterThan(0);
    await screenshot(page, 'chat-1-empty');

    await say(page, GOLDEN);
    const card = page.getByTestId('understanding-card').last();
    await expect(card.getByTestId('summary').textContent()).resolves.toMatch(/crosses above/);
    const assumed = await card.getByTestId('assumptions').textContent();
    expect(assumed).toContain('capital $10,000');
    expect(assumed).toContain("fills at the next bar's open");
    await expect(card.getByTestId('program').textContent()).resolves.toMatch(/crossover\(/);
    await card.getByTestId('preview').waitFor({ timeout: 30_000 });
    const preview = await card.getByTestId('preview').textContent();
    expect(preview).toMatch(/Return \[%\]/);
    expect(preview).toMatch(/2,500 bars/);
    await screenshot(page, 'chat-2-card');
    const chatUrl = page.url();
    expect(chatUrl).toMatch(/\?c=/);
    // The new conversation is listed (and current) in the sidebar right away.
    await expect(page.locator('aside a[aria-current="page"]').textContent()).resolves.toContain(
      'Buy when the 50-day moving average',
    );

    await card.getByTestId('confirm').click();
    await page.waitForURL(/\/strategies\/[A-Za-z0-9_-]+/, { timeout: 30_000 });
    await page.getByTestId('headline').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="chart"] canvas').first().waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('editor').textContent()).resolves.toMatch(/crossover/);
    await expect(page.getByTestId('trade-row').count()).resolves.toBeGreaterThan(0);
    await screenshot(page, 'chat-3-workspace');

    // Back in the conversation (as stored): the card is marked confirmed; a vague request gets a question.
    await page.goto(chatUrl);
    await page.getByTestId('confirmed').waitFor();
    await expect(page.getByTestId('understanding-card').last().getAttribute('data-state')).resolves.toBe(
      'confirmed',
    );
    await say(page, 'Buy low, sell high.');
    const q = page.getByTestId('question').last();
    await expect(q.textContent()).resolves.toMatch(/\?/);
    await expect(page.getByTestId('confirm').count()).resolves.toBe(0);
    await screenshot(page, 'chat-4-question');
    expect(errors).toEqual([]);
  });

  it('answers a question on the next turn, and a revision lists what changed', async () => {
    const { page, errors } = await newPage(s.browser);
    await page.goto(s.app.url);
    await say(page, 'Buy Apple whenever the 10-day EMA crosses above the 30-day EMA.');
    await expect(page.getByTestId('question').last().textContent()).resolves.toMatch(/sell/i);
    await say(page, 'sell when it crosses back below');
    const card = page.getByTestId('understanding-card').last();
    await expect(card.getByTestId('summary').textContent()).resolves.toMatch(/crosses below/);
    // AAPL cannot be downloaded here: the preview says so and runs on synthetic bars.
    await card.getByTestId('preview').waitFor({ timeout: 30_000 });
    await expect(card.getByTestId('preview').textContent()).resolves.toMatch(/could not be loaded/);

    await say(page, 'add a 0.1% fee');
    const revised = page.getByTestId('understanding-card').last();
    await expect(revised.getByTestId('changes').textContent()).resolves.toMatch(/fee/i);
    await expect(page.getByTestId('understanding-card').first().getAttribute('data-state')).resolves.toBe(
      'superseded',
    );
    await screenshot(page, 'chat-5-revision');

    await page.reload();
    await expect(page.getByTestId('understanding-card').count()).resolves.toBe(2);
    await expect(page.getByTestId('changes').textContent()).resolves.toMatch(/fee/i);
    expect(errors).toEqual([]);
  });
});

describe.skipIf(skipReason !== null)('the chat with a model that cannot be reached', () => {
  // A local OpenAI-compatible server that is not running: the provider error is explained and the
  // offline parser answers, so the newcomer still gets a card.
  const s = useSession({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', BACKTALK_MODEL: 'llama3.1' });

  it('says the model is unavailable and answers offline', async () => {
    const { page, errors } = await newPage(s.browser);
    await page.goto(s.app.url);
    await expect(
      page
        .getByText(/model: /)
        .first()
        .textContent(),
    ).resolves.toMatch(/llama3\.1/);
    await say(page, GOLDEN);
    const card = page.getByTestId('understanding-card').last();
    await expect(card.getByTestId('reply-note').textContent()).resolves.toMatch(
      /model is unavailable .*could not reach the model server.*answered offline/,
    );
    await expect(card.getByTestId('summary').textContent()).resolves.toMatch(/crosses above/);
    await screenshot(page, 'chat-6-model-unreachable');
    expect(errors).toEqual([]);
  });
});
