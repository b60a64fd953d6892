/**
 * A preview job in process (renderJob, what the worker runs): the facts are told before the PNG is
 * drawn (a page's meta tags need not wait for the painting), the listed errors' messages come from
 * the store's details, and the limits give a summary card or a message card.
 */
import { describe, expect, test } from 'vitest';
import { encodeDetailBatch } from '../../core/transfer/detail-batch.ts';
import { columnarFromTable } from '../../core/transfer/encode-columnar.ts';
import { deferredColumnar } from '../../testing/generated-table.ts';
import { decodePng } from '../../testing/png-pixels.ts';
import { failedTrace, HOSTILE_MESSAGE } from '../../testing/preview-traces.ts';
import { DEFAULT_LIMITS } from './preview-job.ts';
import { tracePreviewRequest } from './preview-request.ts';
import type { PreviewFacts } from './protocol.ts';
import { renderJob } from './serve-previews.ts';

const table = failedTrace();
const details = columnarFromTable(table).detailJson;
const request = tracePreviewRequest(table.traceId, new URLSearchParams());
/** The store's details by key (deferredColumnar keys span i as i). */
const fetch = async (_side: number, key: bigint) =>
  encodeDetailBatch([new TextEncoder().encode(details[Number(key)])]);

describe('a preview job', () => {
  test('tells its facts before its PNG; the messages come from the details', async () => {
    const events: string[] = [];
    let told: PreviewFacts | null = null;
    const done = await renderJob(request, [deferredColumnar(table)], fetch, DEFAULT_LIMITS, (f) => {
      events.push('facts');
      told = f;
    }).then((r) => {
      events.push('done');
      return r;
    });
    expect(events).toEqual(['facts', 'done']);
    expect(done.drawn).toBe('waterfall');
    expect(done.facts).toEqual(told);
    const facts = (told as unknown as Extract<PreviewFacts, { kind: 'trace' }>).trace;
    expect(facts.errors.map((e) => e.message)).toEqual([HOSTILE_MESSAGE, 'upstream']);
    expect(Object.keys(done.timingsMs)).toEqual(['decode', 'tree', 'facts', 'layout', 'draw']);
    expect((await decodePng(done.png)).width).toBe(1200);
  });

  test('past the budget a summary card with the facts; over the span limit a message card without', async () => {
    const bytes = deferredColumnar(table);
    const summary = await renderJob(request, [bytes], fetch, { budgetMs: 0, maxSpans: 10 }, () => {});
    expect([summary.drawn, summary.facts?.kind]).toEqual(['summary', 'trace']);
    const over = await renderJob(request, [bytes], fetch, { budgetMs: 1e9, maxSpans: 3 }, () => {});
    expect([over.drawn, over.facts]).toEqual(['message', null]);
    const unknown = await renderJob(request, [null], fetch, DEFAULT_LIMITS, () => {});
    expect([unknown.drawn, unknown.facts]).toEqual(['message', null]);
  });
});
