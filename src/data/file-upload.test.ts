import { describe, expect, it } from 'vitest';
import { ApiError } from './api-client.ts';
import { importRefusal } from './file-upload.ts';

const refused = (status: number, message: string, body: Record<string, unknown> | null = null) =>
  importRefusal(new ApiError(status, message, '/api/import', body));

describe('importRefusal', () => {
  it('says what the refusal means, then what the store said', () => {
    expect(refused(404, 'not found')).toBe(
      'this server has no trace store to import into (a static deployment)',
    );
    expect(refused(405, 'method POST is not allowed here')).toMatch(/no trace store/);
    expect(refused(413, 'the file is larger than 1 KiB')).toBe(
      'the file is larger than the store accepts (its --max-import-size): the file is larger than 1 KiB',
    );
    expect(refused(400, 'Jaeger JSON: … at byte 12')).toBe(
      'the store could not read the file: Jaeger JSON: … at byte 12',
    );
    expect(refused(503, 'the store is not ready')).toMatch(/^the store is not ready/);
    expect(refused(0, 'could not reach the server')).toBe('the server could not be reached');
    expect(refused(500, 'boom')).toBe('the store refused the file (HTTP 500): boom');
    expect(importRefusal(new Error('network'))).toBe('the upload failed (network)');
  });

  it('says what the store kept of a file it refused midway', () => {
    expect(
      refused(400, 'cut short at byte 9', { error: 'cut short at byte 9', kept: { spanCount: 1200 } }),
    ).toBe('the store could not read the file: cut short at byte 9; it kept 1200 spans of it');
    expect(refused(400, 'x', { kept: 3 })).toMatch(/it kept 3 spans of it$/);
    expect(refused(400, 'x', { kept: ['a'] })).toMatch(/it kept \["a"\] of it$/);
    expect(refused(413, 'too large', { kept: { traceIds: [], spanCount: 0 } })).toMatch(
      /; nothing of it was kept$/,
    );
  });
});
