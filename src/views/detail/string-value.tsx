/**
 * A string attribute value: a web address (http or https, the whole value) is a link that opens
 * in a new tab without telling the page who sent it (`rel="noopener noreferrer"`); any other scheme
 * (`javascript:`, `data:`, `file:`) stays text. A value the store cut at `--max-attribute-bytes`
 * shows what was kept and a "truncated (N bytes)" badge. Invisible characters are shown.
 */
import { truncationOf } from '../../core/model/span-limits.ts';
import { revealInvisible } from '../../core/model/visible-text.ts';
import { formatCount } from '../format/format.ts';
import { LongText } from './attr-value.tsx';

/** The value as an http(s) URL, or null: only a whole value without spaces counts. */
export function webAddress(text: string): URL | null {
  if (!/^https?:\/\/\S+$/i.test(text)) return null;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

export function StringValue({ text }: { readonly text: string }) {
  const cut = truncationOf(text);
  const kept = cut ? cut.kept : text;
  const url = cut ? null : webAddress(kept);
  return (
    <>
      {url ? (
        <a className="value-link" href={url.href} target="_blank" rel="noopener noreferrer">
          {revealInvisible(kept)}
        </a>
      ) : (
        <LongText text={revealInvisible(kept)} />
      )}
      {cut && (
        <span className="truncated-badge" title="Cut by the store's --max-attribute-bytes limit">
          truncated ({formatCount(cut.bytes)} bytes)
        </span>
      )}
    </>
  );
}
