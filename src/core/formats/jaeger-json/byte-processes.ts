/**
 * The processes of the spans byte-decode.ts reads. Jaeger writes a trace's `processes` after its
 * spans, so a span gets a slot (one per processID of its trace, or its own for an inline `process`)
 * whose process, service and warnings are settled when the trace ends, exactly as decodeJaegerJson
 * settles them: the same lookup into the parsed processes, and the same warnings in the same order.
 */
import { jsonAt, nameAt } from '../json-bytes/fields.ts';
import type { StagedSpans } from '../json-bytes/staged.ts';
import { isObject, type JsonObject } from '../otlp-json/json-fields.ts';
import { missingProcess, textOf } from './decode.ts';

const QUOTE = 0x22;

export class ProcessSlots {
  /** The process of each slot (settled at the end of its trace). */
  readonly processes: JsonObject[] = [];
  /** Per slot: the key into the trace's processes (textOf(processID)), or null for an inline process. */
  private readonly keys: (string | null)[] = [];
  /** Per slot: the processID as JSON.parse gives it (for the warning). */
  private readonly ids: unknown[] = [];
  /** Per slot: its processID is not in its trace's processes. */
  private readonly missing: boolean[] = [];
  private byKey = new Map<string, number>();
  private traceSlot = 0;
  private traceRow = 0;
  /** Warnings of the trace's spans other than a missing process: [row, message] in order. */
  private pending: [number, string][] = [];

  constructor(private readonly staged: StagedSpans) {}

  beginTrace(): void {
    this.byKey = new Map();
    this.traceSlot = this.processes.length;
    this.traceRow = this.staged.count;
    this.pending = [];
  }

  private newSlot(key: string | null, id: unknown, process: JsonObject): number {
    const slot = this.processes.length;
    this.processes.push(process);
    this.keys.push(key);
    this.ids.push(id);
    this.missing.push(false);
    this.staged.services[slot] = typeof process.serviceName === 'string' ? process.serviceName : undefined;
    return slot;
  }

  /** The slot of a span whose processID is the value [from, to) (from < 0: absent). */
  keyed(b: Uint8Array, from: number, to: number): number {
    let id: unknown;
    let key: string;
    if (from >= 0 && b[from] === QUOTE) key = id = nameAt(b, from, to) as string;
    else {
      id = from < 0 ? undefined : jsonAt(b, from, to);
      key = textOf(id);
    }
    let slot = this.byKey.get(key);
    if (slot === undefined) this.byKey.set(key, (slot = this.newSlot(key, id, {})));
    return slot;
  }

  /** A slot of its own for a span's inline process (the object at [from, to)). */
  inline(b: Uint8Array, from: number, to: number): number {
    return this.newSlot(null, undefined, jsonAt(b, from, to) as JsonObject);
  }

  /** A warning about row `k` of the trace being read, noted when the trace ends. */
  warn(k: number, message: string): void {
    this.pending.push([k, message]);
  }

  /** The trace ended, its processes being the value [from, to) (from < 0: absent). */
  endTrace(b: Uint8Array, from: number, to: number): void {
    const parsed = from < 0 ? undefined : jsonAt(b, from, to);
    const all: JsonObject = isObject(parsed) ? parsed : {};
    let missing = false;
    for (let slot = this.traceSlot; slot < this.processes.length; slot++) {
      const key = this.keys[slot];
      if (key === null) continue;
      // The same lookup as decodeJaegerJson's (a key of Object.prototype included).
      const process = all[key];
      if (isObject(process)) {
        this.processes[slot] = process;
        this.staged.services[slot] =
          typeof process.serviceName === 'string' ? process.serviceName : undefined;
      } else missing = this.missing[slot] = true;
    }
    if (missing || this.pending.length > 0) this.noteWarnings();
  }

  /** The trace's warnings in decodeJaegerJson's order: span by span, a missing process first. */
  private noteWarnings(): void {
    const { staged, pending } = this;
    const warnings = staged.warnings;
    let p = 0;
    for (let k = this.traceRow; k < staged.count; k++) {
      const slot = staged.serviceOf[k];
      if (this.missing[slot]) warnings.note(staged.traceIds[k], missingProcess(this.ids[slot]));
      for (; p < pending.length && pending[p][0] === k; p++) warnings.note(staged.traceIds[k], pending[p][1]);
    }
  }
}
