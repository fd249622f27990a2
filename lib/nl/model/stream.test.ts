import { createUIMessageStreamResponse, readUIMessageStream } from 'ai';
import { describe, expect, it } from 'vitest';
import type { Understanding } from '../types';
import { EXAMPLE_SPEC } from './prompt';
import { fromSpec } from './result';
import { type BacktalkUIChunk, type BacktalkUIMessage, toUnderstandingStream } from './stream';
import { KNOWN_TEXT, modelSpec, offlineDouble, scriptedModel } from './testkit';
import { startModelRun } from './understand-model';

async function chunksOf(stream: ReadableStream<BacktalkUIChunk>): Promise<BacktalkUIChunk[]> {
  const out: BacktalkUIChunk[] = [];
  const reader = stream.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) out.push(r.value);
  return out;
}

const proseOf = (chunks: BacktalkUIChunk[]) =>
  chunks.map((c) => (c.type === 'text-delta' ? c.delta : '')).join('');

describe('toUnderstandingStream', () => {
  it('streams the prose, then the Understanding as a data part, and nothing of the tool traffic', async () => {
    const model = scriptedModel([
      {
        text: 'Building your strategy.',
        calls: [{ tool: 'propose_strategy', input: modelSpec(EXAMPLE_SPEC) }],
      },
    ]);
    const { stream, understanding } = toUnderstandingStream(
      startModelRun({ text: 'x' }, model, { fallback: offlineDouble() }),
    );
    const chunks = await chunksOf(stream);
    const u = await understanding;
    expect(chunks[0]).toMatchObject({ type: 'start' });
    expect(chunks.at(-1)).toEqual({ type: 'finish' });
    expect(proseOf(chunks)).toBe('Building your strategy.');
    const data = chunks.filter((c) => c.type === 'data-understanding');
    expect(data).toEqual([{ type: 'data-understanding', id: 'understanding', data: u }]);
    expect(chunks.at(-2)).toBe(data[0]);
    expect(chunks.some((c) => c.type.startsWith('tool-'))).toBe(false);
    expect(u).toEqual({ ...fromSpec(EXAMPLE_SPEC, 'model'), reply: 'Building your strategy.' });
  });

  it('assembles into one assistant message on the client side', async () => {
    const model = scriptedModel([
      { text: 'Hi.', calls: [{ tool: 'propose_strategy', input: modelSpec(EXAMPLE_SPEC) }] },
    ]);
    const { stream } = toUnderstandingStream(
      startModelRun({ text: 'x' }, model, { fallback: offlineDouble() }),
    );
    let last: BacktalkUIMessage | undefined;
    for await (const m of readUIMessageStream<BacktalkUIMessage>({ stream })) last = m;
    expect(last?.role).toBe('assistant');
    const kinds = last?.parts.map((p) => p.type);
    expect(kinds).toContain('text');
    expect(kinds).toContain('data-understanding');
    const part = last?.parts.find((p) => p.type === 'data-understanding');
    expect(part?.type === 'data-understanding' && part.data.ok).toBe(true);
  });

  it('without a model run, carries only the Understanding', async () => {
    const u: Understanding = { ok: false, question: 'Which market?', unclear: ['market'], source: 'offline' };
    const chunks = await chunksOf(toUnderstandingStream({ understanding: Promise.resolve(u) }).stream);
    expect(chunks).toEqual([
      expect.objectContaining({ type: 'start' }),
      { type: 'data-understanding', id: 'understanding', data: u },
      { type: 'finish' },
    ]);
  });

  it('reports a provider failure in the Understanding, not as a stream error', async () => {
    const model = scriptedModel([Object.assign(new Error('socket hang up'), { name: 'FetchError' })]);
    const { stream, understanding } = toUnderstandingStream(
      startModelRun({ text: KNOWN_TEXT }, model, { fallback: offlineDouble(), maxRetries: 0 }),
    );
    const chunks = await chunksOf(stream);
    expect(chunks.some((c) => c.type === 'error')).toBe(false);
    const u = await understanding;
    expect(u.reply).toMatch(/^The model is unavailable \(the model call failed \(FetchError\)/);
    expect(chunks.at(-2)).toEqual({ type: 'data-understanding', id: 'understanding', data: u });
  });

  it('caps the prose sent to the browser', async () => {
    const model = scriptedModel([{ text: 'z'.repeat(1_000_000) }]);
    const { stream } = toUnderstandingStream(
      startModelRun({ text: KNOWN_TEXT }, model, { fallback: offlineDouble() }),
    );
    expect(proseOf(await chunksOf(stream)).length).toBe(8000);
  });

  it('makes an SSE response', async () => {
    const model = scriptedModel([
      { text: 'Hi.', calls: [{ tool: 'propose_strategy', input: modelSpec(EXAMPLE_SPEC) }] },
    ]);
    const { stream } = toUnderstandingStream(
      startModelRun({ text: 'x' }, model, { fallback: offlineDouble() }),
    );
    const res = createUIMessageStreamResponse({ stream });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const body = await res.text();
    expect(body).toContain('"type":"data-understanding"');
    expect(body.trim().endsWith('data: [DONE]')).toBe(true);
  });
});
