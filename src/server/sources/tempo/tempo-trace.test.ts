import { describe, expect, it } from 'vitest';
import { partialStatus } from './tempo-trace.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

describe("Tempo's PARTIAL status", () => {
  it('reads the top-level status and its message, written after the trace', () => {
    expect(
      partialStatus(bytes('{"trace":{"resourceSpans":[]},"status":"PARTIAL","message":"cut \\"here\\""}')),
    ).toBe('cut "here"');
    expect(partialStatus(bytes('{"trace":{}, "status" : "PARTIAL"}'))).toBe('');
  });

  it('is null for a complete trace, whatever its spans hold', () => {
    expect(partialStatus(bytes('{"trace":{"resourceSpans":[]}}'))).toBeNull();
    // A span attribute whose text mentions the status is escaped, and a span's status is an object.
    const span =
      '{"trace":{"resourceSpans":[{"scopeSpans":[{"spans":[{"status":{"message":"x"},"attributes":[{"key":"k","value":{"stringValue":"\\"status\\":\\"PARTIAL\\""}}]}]}]}]}}';
    expect(partialStatus(bytes(span))).toBeNull();
    expect(partialStatus(bytes('"PARTIAL"'))).toBeNull();
  });
});
