/**
 * `exception` span events as each language's SDK records them: exception.type, exception.message
 * and a multi-line exception.stacktrace in that runtime's own format.
 */
import { kv, type OtlpKeyValue, str } from './otlp-json.ts';
import { type Language, SERVICES } from './services.ts';
import type { SpanRecord, TraceBuilder } from './trace-builder.ts';

/** One stack frame; lists are innermost first. */
export interface Frame {
  readonly fn: string;
  readonly file: string;
  readonly line: number;
}

export interface ExceptionSpec {
  readonly type: string;
  readonly message: string;
  readonly frames: readonly Frame[];
}

function column(f: Frame): number {
  return ((f.line * 7) % 40) + 5;
}

function goOffset(f: Frame): string {
  return `+0x${((f.line * 2654435761) >>> 20).toString(16)}`;
}

/** The stack trace text in the format of `language`'s runtime. */
export function stacktrace(language: Language, ex: ExceptionSpec): string {
  switch (language) {
    case 'java':
      return [
        `${ex.type}: ${ex.message}`,
        ...ex.frames.map((f) => `\tat ${f.fn}(${f.line < 0 ? 'Unknown Source' : `${f.file}:${f.line}`})`),
      ].join('\n');
    case 'dotnet':
      return [
        `${ex.type}: ${ex.message}`,
        ...ex.frames.map((f) => `   at ${f.fn} in ${f.file}:line ${f.line}`),
      ].join('\n');
    case 'nodejs':
      return [
        `${ex.type}: ${ex.message}`,
        ...ex.frames.map((f) => `    at ${f.fn} (${f.file}:${f.line}:${column(f)})`),
      ].join('\n');
    case 'python':
      return [
        'Traceback (most recent call last):',
        ...[...ex.frames].reverse().map((f) => `  File "${f.file}", line ${f.line}, in ${f.fn}`),
        `${ex.type}: ${ex.message}`,
      ].join('\n');
    case 'go':
      return [
        'goroutine 187 [running]:',
        'runtime/debug.Stack()',
        '\t/usr/local/go/src/runtime/debug/stack.go:26 +0x5e',
        ...ex.frames.flatMap((f) => [`${f.fn}(...)`, `\t${f.file}:${f.line} ${goOffset(f)}`]),
      ].join('\n');
  }
}

/** The attributes of an `exception` event thrown in `language`. */
export function exceptionAttributes(language: Language, ex: ExceptionSpec): OtlpKeyValue[] {
  return [
    kv('exception.type', str(ex.type)),
    kv('exception.message', str(ex.message)),
    kv('exception.stacktrace', str(stacktrace(language, ex))),
  ];
}

/** Adds an `exception` event to `span`, formatted for the span's service language. */
export function recordException(b: TraceBuilder, span: SpanRecord, atNs: number, ex: ExceptionSpec): void {
  b.event(span, atNs, 'exception', exceptionAttributes(SERVICES[span.instance.service].language, ex));
}
