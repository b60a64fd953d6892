/**
 * Splits an OTLP JSON byte stream into spans without parsing them: each span object comes out as its
 * raw bytes with the raw bytes of its resource and scope, so `spanscope push` can regroup spans into
 * requests of any size, in constant memory (a 480 MB file never becomes one string) and with every
 * number kept exactly as written. Accepts camelCase and snake_case keys, `resourceSpans` or
 * `batches`, `scopeSpans` or `instrumentationLibrarySpans`, `{trace:…}`/`{result:…}` wrappers and
 * JSON Lines. Anything whose root is not such an object is NotOtlpJson (the caller decodes it whole).
 */

export interface ResourceContext {
  resource: Uint8Array | null;
  /** The raw JSON string literal, quotes included. */
  schemaUrl: Uint8Array | null;
}

export interface ScopeContext {
  readonly resource: ResourceContext;
  scope: Uint8Array | null;
  schemaUrl: Uint8Array | null;
}

export interface RawSpan {
  /** Shared by every span of one scopeSpans entry (compare by identity to group). */
  readonly context: ScopeContext;
  readonly bytes: Uint8Array;
}

/** The input is JSON, but not an OTLP export request. */
export class NotOtlpJson extends Error {
  override name = 'NotOtlpJson';
}

/** Broken OTLP JSON; the message ends with the byte offset. */
export class OtlpJsonStreamError extends Error {
  override name = 'OtlpJsonStreamError';
}

type Role = 'request' | 'rsList' | 'rs' | 'ssList' | 'ss' | 'spanList' | 'skip';

interface Frame {
  readonly role: Role;
  readonly isObject: boolean;
  /** Object: 'key' or 'value' next; both: 'next' (a comma or the closing bracket). */
  expect: 'key' | 'value' | 'next';
  key: string;
  /** rs and ss frames: the context their spans share, and spans held until it is known. */
  readonly resource?: ResourceContext;
  readonly scope?: ScopeContext;
  contextKnown: boolean;
  readonly held: RawSpan[];
}

const REQUEST_LISTS = new Set(['resourceSpans', 'resource_spans', 'batches']);
const WRAPPERS = new Set(['trace', 'result']);
const SCOPE_LISTS = new Set([
  'scopeSpans',
  'scope_spans',
  'instrumentationLibrarySpans',
  'instrumentation_library_spans',
]);
const SCOPES = new Set(['scope', 'instrumentationLibrary', 'instrumentation_library']);
const SCHEMA_URLS = new Set(['schemaUrl', 'schema_url']);

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Index after the string starting at `pos`, or -1 when it does not end in `b`. */
function skipString(b: Uint8Array, pos: number): number {
  let i = pos + 1;
  for (;;) {
    const j = b.indexOf(QUOTE, i);
    if (j < 0) return -1;
    let k = j - 1;
    while (b[k] === BACKSLASH) k--;
    if ((j - 1 - k) % 2 === 0) return j + 1;
    i = j + 1;
  }
}

/** Index after the JSON value starting at `pos`, or -1 when it does not end in `b`. */
function skipValue(b: Uint8Array, pos: number): number {
  const first = b[pos];
  if (first === QUOTE) return skipString(b, pos);
  if (first !== 0x7b && first !== 0x5b) {
    for (let i = pos; i < b.length; i++) {
      const c = b[i];
      if (c === 0x2c || c === 0x7d || c === 0x5d || isWs(c)) return i;
    }
    return -1;
  }
  let depth = 0;
  for (let i = pos; i < b.length; i++) {
    const c = b[i];
    if (c === QUOTE) {
      const end = skipString(b, i);
      if (end < 0) return -1;
      i = end - 1;
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      if (--depth === 0) return i + 1;
    }
  }
  return -1;
}

function latin1(b: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(b[i]);
  return s;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

export class OtlpJsonSplitter {
  readonly #stack: Frame[] = [];
  #buf: Uint8Array = new Uint8Array(0);
  /** Bytes of the stream before #buf[0]. */
  #base = 0;
  /** Unread chunks, joined once enough has arrived to finish the value that stopped the scan. */
  #waiting: Uint8Array[] = [];
  #waitingBytes = 0;
  #needBytes = 0;
  #identified = false;
  #out: RawSpan[] = [];

  /** True once the input showed itself to be OTLP JSON (a resourceSpans list was found). */
  get identified(): boolean {
    return this.#identified;
  }

  /** Feeds the next bytes; returns the spans completed so far. */
  push(chunk: Uint8Array): RawSpan[] {
    const atStart = this.#base === 0 && this.#buf.length === 0 && this.#waitingBytes === 0;
    if (atStart && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
      this.#base = 3;
      return this.push(chunk.subarray(3));
    }
    this.#waiting.push(chunk);
    this.#waitingBytes += chunk.length;
    if (this.#waitingBytes < this.#needBytes) return [];
    let joined = this.#buf;
    for (const c of this.#waiting) joined = joined.length ? concat(joined, c) : c;
    this.#waiting = [];
    this.#waitingBytes = 0;
    const stoppedAt = this.#scan(joined);
    // Keep the unfinished part; scan again once the buffer has doubled (amortised linear time).
    this.#buf = joined.subarray(stoppedAt);
    this.#base += stoppedAt;
    this.#needBytes = Math.max(64 * 1024, this.#buf.length);
    return this.#take();
  }

  /** The end of the input: returns the last spans, or throws if the JSON is incomplete. */
  end(): RawSpan[] {
    this.#needBytes = 0;
    const last = this.push(new Uint8Array(0));
    let pos = 0;
    while (pos < this.#buf.length && isWs(this.#buf[pos])) pos++;
    if (this.#stack.length > 0 || pos < this.#buf.length) {
      throw this.#error('unexpected end of input', this.#buf.length);
    }
    if (!this.#identified) throw new NotOtlpJson('no resourceSpans in the input');
    return last;
  }

  #take(): RawSpan[] {
    const out = this.#out;
    this.#out = [];
    return out;
  }

  #error(problem: string, pos: number): OtlpJsonStreamError {
    return new OtlpJsonStreamError(`${problem} at byte ${this.#base + pos}`);
  }

  #open(role: Role, isObject: boolean, context: Partial<Pick<Frame, 'resource' | 'scope'>> = {}) {
    this.#stack.push({
      role,
      isObject,
      expect: isObject ? 'key' : 'value',
      key: '',
      contextKnown: false,
      held: [],
      ...context,
    });
  }

  /** Consumes every complete token of `b`; returns where the unfinished rest starts. */
  #scan(b: Uint8Array): number {
    let pos = 0;
    for (;;) {
      while (pos < b.length && isWs(b[pos])) pos++;
      if (pos >= b.length) return pos;
      const c = b[pos];
      const f = this.#stack.at(-1);
      if (!f) {
        if (c !== 0x7b)
          throw new NotOtlpJson(`the input starts with '${String.fromCharCode(c)}', not an OTLP object`);
        this.#open('request', true);
        pos++;
        continue;
      }
      if (f.expect === 'next' || (f.expect === 'key' && c === 0x7d) || (!f.isObject && c === 0x5d)) {
        if (c === 0x2c && f.expect === 'next') {
          f.expect = f.isObject ? 'key' : 'value';
          pos++;
        } else if (c === (f.isObject ? 0x7d : 0x5d)) {
          this.#close();
          pos++;
        } else throw this.#error(`expected ',' or '${f.isObject ? '}' : ']'}'`, pos);
        continue;
      }
      if (f.expect === 'key') {
        if (c !== QUOTE) throw this.#error('expected a key', pos);
        const end = skipString(b, pos);
        if (end < 0) return pos;
        let p = end;
        while (p < b.length && isWs(b[p])) p++;
        if (p >= b.length) return pos;
        if (b[p] !== 0x3a) throw this.#error("expected ':'", p);
        f.key = latin1(b, pos + 1, end - 1);
        f.expect = 'value';
        pos = p + 1;
        continue;
      }
      if (c === 0x2c || c === 0x7d || c === 0x5d || c === 0x3a) throw this.#error('expected a value', pos);
      const role = this.#childRole(f, c, pos);
      if (role !== 'skip' && role !== 'capture') {
        f.expect = 'next';
        this.#enter(role, c === 0x7b);
        pos++;
        continue;
      }
      const end = skipValue(b, pos);
      if (end < 0) return pos;
      if (role === 'capture') this.#capture(f, b.subarray(pos, end));
      f.expect = 'next';
      pos = end;
    }
  }

  #childRole(f: Frame, c: number, pos: number): Role | 'capture' {
    const object = c === 0x7b;
    switch (f.role) {
      case 'request':
        if (REQUEST_LISTS.has(f.key) && c === 0x5b) return 'rsList';
        if (WRAPPERS.has(f.key) && object) return 'request';
        if (!this.#identified && this.#stack.length === 1) {
          throw new NotOtlpJson(`the input's first key is '${f.key}', not resourceSpans`);
        }
        return 'skip';
      case 'rsList':
        if (!object) throw this.#error('expected a resourceSpans object', pos);
        return 'rs';
      case 'rs':
        if (SCOPE_LISTS.has(f.key) && c === 0x5b) return 'ssList';
        return f.key === 'resource' || SCHEMA_URLS.has(f.key) ? 'capture' : 'skip';
      case 'ssList':
        if (!object) throw this.#error('expected a scopeSpans object', pos);
        return 'ss';
      case 'ss':
        if (f.key === 'spans' && c === 0x5b) return 'spanList';
        return SCOPES.has(f.key) || SCHEMA_URLS.has(f.key) ? 'capture' : 'skip';
      case 'spanList':
        if (!object) throw this.#error('expected a span object', pos);
        return 'capture';
      default:
        return 'skip';
    }
  }

  #enter(role: Role, isObject: boolean) {
    if (role === 'rsList') this.#identified = true;
    if (role === 'rs') this.#open(role, isObject, { resource: { resource: null, schemaUrl: null } });
    else if (role === 'ss') {
      const rs = this.#stack.at(-2)!;
      this.#open(role, isObject, { scope: { resource: rs.resource!, scope: null, schemaUrl: null } });
    } else this.#open(role, isObject);
  }

  #capture(f: Frame, bytes: Uint8Array) {
    if (f.role === 'spanList') {
      const ss = this.#stack.at(-2)!;
      return this.#route({ context: ss.scope!, bytes }, this.#stack.length - 2);
    }
    if (f.role === 'rs') {
      if (f.key === 'resource') {
        f.resource!.resource = bytes;
        this.#release(f, this.#stack.length - 1);
      } else f.resource!.schemaUrl = bytes;
    } else if (f.role === 'ss') {
      if (SCOPES.has(f.key)) {
        f.scope!.scope = bytes;
        this.#release(f, this.#stack.length - 1);
      } else f.scope!.schemaUrl = bytes;
    }
  }

  /** A span goes out once its scope and resource are known (they may follow the spans in the JSON). */
  #route(span: RawSpan, frameIndex: number) {
    for (let i = frameIndex; i >= 0; i--) {
      const f = this.#stack[i];
      if (f.role === 'rsList' || f.role === 'request') break;
      if ((f.role === 'ss' || f.role === 'rs') && !f.contextKnown) {
        f.held.push(span);
        return;
      }
    }
    this.#out.push(span);
  }

  #release(f: Frame, index: number) {
    f.contextKnown = true;
    const held = f.held.splice(0);
    for (const span of held) this.#route(span, index - 1);
  }

  #close() {
    const f = this.#stack.pop()!;
    if (f.role === 'rs' || f.role === 'ss') this.#release(f, this.#stack.length);
    const parent = this.#stack.at(-1);
    if (parent) parent.expect = 'next';
  }
}
