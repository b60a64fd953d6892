import { describe, expect, it } from 'vitest';
import { TraceLoadError } from '../worker/trace-worker-client.ts';
import { ApiError } from './api-client.ts';
import { sourceProblemOf } from './source-problem.ts';

describe('sourceProblemOf', () => {
  it('reads the source and its failure from an API error body, a worker error, or one wrapping it', () => {
    const api = new ApiError(502, "source 'prod': connection refused", '/x', {
      error: '…',
      source: 'prod',
      failure: 'unreachable',
    });
    expect(sourceProblemOf(api)).toEqual({
      source: 'prod',
      failure: 'unreachable',
      title: 'Could not reach the source “prod”',
      hint: expect.stringContaining("check the source's URL"),
    });
    const worker = new TraceLoadError({
      code: 'http',
      message: 'm',
      status: 502,
      source: 'p',
      failure: 'unauthorized',
    });
    expect(sourceProblemOf(worker)?.title).toBe("The source “p” refused Spanscope's credentials");
    expect(sourceProblemOf({ reason: worker })?.failure).toBe('unauthorized');
  });

  it('is null for any other error, and for a failure kind it does not know', () => {
    expect(sourceProblemOf(new ApiError(500, 'boom', '/x'))).toBeNull();
    expect(sourceProblemOf(new ApiError(502, 'x', '/x', { source: 'p', failure: 'constructor' }))).toBeNull();
    expect(sourceProblemOf(new Error('x'))).toBeNull();
    expect(sourceProblemOf(null)).toBeNull();
  });
});
