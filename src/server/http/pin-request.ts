/**
 * The body of `POST /api/pins`: `{"traceId": "…", "note"?: "…", "by"?: "…"}`. A note is text shown
 * on the trace page and the pins list: at most MAX_NOTE_CHARS characters, lines and tabs allowed,
 * no other control character and no lone surrogate (bytes that are not text); `by` is one short
 * line. Anything else is a ParamError (400) saying what is wrong.
 */
import { MAX_NOTE_CHARS } from '../../core/api/store-status.ts';
import type { PinRequest } from '../store/types.ts';
import { ParamError, printable, traceIdParam } from './params.ts';

export { MAX_NOTE_CHARS };
export const MAX_BY_CHARS = 100;
/** A body past this is refused before it is parsed (413). */
export const MAX_PIN_BODY_BYTES = 64 * 1024;

const FIELDS = new Set(['traceId', 'note', 'by']);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// C0 controls but tab and newline (CR of CRLF too), DEL and C1 controls.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

function text(value: unknown, name: string, maxChars: number, lines: boolean): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new ParamError(`invalid ${name}: expected a string`);
  const t = value.trim();
  if (t.length > maxChars)
    throw new ParamError(`invalid ${name}: ${t.length} characters, at most ${maxChars}`);
  if (LONE_SURROGATE.test(t)) throw new ParamError(`invalid ${name}: it holds a lone surrogate (not text)`);
  const bad = CONTROL.exec(t) ?? (lines ? null : /[\r\n\t]/.exec(t));
  if (bad)
    throw new ParamError(
      `invalid ${name}: control character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()} at ${bad.index}`,
    );
  return t;
}

export function parsePinRequest(body: Uint8Array): PinRequest {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch (err) {
    throw new ParamError(`invalid body: expected JSON {"traceId", "note"?} (${(err as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ParamError('invalid body: expected a JSON object {"traceId", "note"?}');
  const fields = value as Record<string, unknown>;
  const unknown = Object.keys(fields).find((k) => !FIELDS.has(k));
  if (unknown !== undefined)
    throw new ParamError(`invalid body: unknown field '${printable(unknown)}' (expected traceId, note, by)`);
  if (typeof fields.traceId !== 'string')
    throw new ParamError('missing traceId: expected the trace id as a string');
  return {
    traceId: traceIdParam(encodeURIComponent(fields.traceId)),
    note: text(fields.note, 'note', MAX_NOTE_CHARS, true),
    pinnedBy: text(fields.by, 'by', MAX_BY_CHARS, false),
  };
}
