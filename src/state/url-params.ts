/**
 * Reading a URL's query parameters for url.ts: each known parameter once, checked, and a notice for
 * every parameter that is unknown, repeated or malformed (its text cut, so a hostile link cannot
 * flood the page).
 */
import { canonicalSpanId } from '../core/model/ids.ts';
import { EMBED_THEMES, type EmbedTheme, type EmbedView } from './view-states.ts';

export interface UrlNotice {
  readonly param: string;
  readonly message: string;
}

export interface Parsed<T> {
  readonly state: T;
  readonly notices: readonly UrlNotice[];
}

const SOURCE_NAME = /^[A-Za-z0-9][\w.-]{0,63}$/;
/** Text shown back to the user in a notice is cut, so a hostile link cannot flood the page. */
const QUOTE_CHARS = 40;

function quote(value: string): string {
  const clean = value.replace(/\p{Cc}/gu, '?');
  return clean.length > QUOTE_CHARS ? `${clean.slice(0, QUOTE_CHARS)}…` : clean;
}

/** Reads each known parameter once; unknown and repeated ones become notices. */
export class ParamReader {
  readonly notices: UrlNotice[] = [];
  private readonly values = new Map<string, string>();

  constructor(search: string, known: readonly string[]) {
    const params = new URLSearchParams(search);
    for (const [key, value] of params) {
      if (!known.includes(key)) {
        this.notices.push({ param: key, message: `Ignored unknown parameter "${quote(key)}".` });
      } else if (this.values.has(key)) {
        this.notices.push({ param: key, message: `Ignored a repeated "${key}" (the first one is used).` });
      } else {
        this.values.set(key, value);
      }
    }
  }

  get(key: string): string | undefined {
    return this.values.get(key);
  }

  reject(key: string, value: string, why: string): void {
    this.notices.push({ param: key, message: `Ignored ${key}="${quote(value)}": ${why}.` });
  }

  spanId(key: string): string | null {
    const raw = this.get(key);
    if (raw === undefined || raw === '') return null;
    const id = canonicalSpanId(raw);
    if (!id) this.reject(key, raw, 'not a span id (16 hex digits)');
    return id;
  }

  source(key = 'source'): string | null {
    const raw = this.get(key);
    if (raw === undefined || raw === '') return null;
    if (SOURCE_NAME.test(raw)) return raw;
    this.reject(key, raw, 'not a source name');
    return null;
  }

  flag(key: string, fallback: boolean): boolean {
    const raw = this.get(key);
    if (raw === undefined) return fallback;
    if (raw === '1' || raw === 'true') return true;
    if (raw === '0' || raw === 'false') return false;
    this.reject(key, raw, 'expected 1 or 0');
    return fallback;
  }

  /** One of `options`, else the fallback (a notice names the expected values). */
  choice<T extends string>(key: string, options: readonly T[], fallback: T): T {
    const raw = this.get(key);
    if (raw === undefined || raw === '') return fallback;
    if ((options as readonly string[]).includes(raw)) return raw as T;
    this.reject(key, raw, `expected one of ${options.join(', ')}`);
    return fallback;
  }

  /** `embed` and `theme` (a theme only with embed=1: elsewhere the viewer's preference rules). */
  embed(): EmbedView {
    const embed = this.flag('embed', false);
    const raw = this.get('theme');
    if (raw === undefined || raw === '') return { embed, theme: null };
    if (!(EMBED_THEMES as readonly string[]).includes(raw))
      this.reject('theme', raw, `expected one of ${EMBED_THEMES.join(', ')}`);
    else if (!embed) this.reject('theme', raw, 'a theme is for embeds (embed=1)');
    else return { embed, theme: raw as EmbedTheme };
    return { embed, theme: null };
  }

  text(key: string, maxChars: number): string {
    const raw = this.get(key) ?? '';
    if (raw.length <= maxChars) return raw;
    this.notices.push({ param: key, message: `Cut ${key} to its first ${maxChars} characters.` });
    return raw.slice(0, maxChars);
  }
}
