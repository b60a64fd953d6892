/**
 * Tests only: traces for the link preview tests, as span tables to put in a ColumnarTraceStore: a
 * failing checkout whose names and messages hold markup and control characters, and a healthy run
 * of it (a diff pair).
 */
import type { SpanTable } from '../core/model/span-table.ts';
import { asciiTrace } from './ascii-trace.ts';

export const HOSTILE_NAME = '<script>alert("x")</script> & \'q\'\u0007\nnext';
export const HOSTILE_MESSAGE = 'card "declined" <b>now</b>\r\n\u202eevil';

export const FAILED_ID = `${'f'.repeat(31)}1`;
export const HEALTHY_ID = `${'e'.repeat(31)}1`;

const FAILED = `
  root [svc=web err msg=upstream]       |==============================|
    auth [svc=auth]                      |====|
    db [svc=pg err msg=deadlock]              |======|
    pay [svc=pay]                                    |==========|
`;
const HEALTHY = `
  root [svc=web]       |==========================|
    auth [svc=auth]     |====|
    db [svc=pg]              |==|
    pay [svc=pay]               |========|
    mail [svc=mail]                      |==|
`;

/** The failing trace, its root named HOSTILE_NAME and its db span's status message HOSTILE_MESSAGE. */
export function failedTrace(): SpanTable {
  const table = asciiTrace(FAILED, { traceId: FAILED_ID });
  const db = table.names.findIndex((n) => table.strings[n] === 'db');
  return {
    ...table,
    strings: table.strings.map((s) => (s === 'root' ? HOSTILE_NAME : s)),
    details: (i) => (i === db ? { ...table.details(i), statusMessage: HOSTILE_MESSAGE } : table.details(i)),
  };
}

export function healthyTrace(): SpanTable {
  return asciiTrace(HEALTHY, { traceId: HEALTHY_ID });
}
