/**
 * A page's link preview in its HTML (Open Graph and Twitter card meta tags, the document title),
 * written into the app's index.html. Every value goes through `escapeHtml`, the one escaping of
 * text into HTML here: span data in a title or a description stays text, whatever it holds.
 */
import { oneLine } from '../../core/share/share-text.ts';

export interface PageHead {
  readonly title: string;
  readonly description: string;
  /** Absolute URL of the page, and of its preview image (null: none, a text-only card). */
  readonly url: string;
  readonly image: string | null;
  readonly imageAlt: string;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text (or an attribute value) for HTML: markup characters as entities, controls out, one line. */
export function escapeHtml(text: string): string {
  return oneLine(text, 2048).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function meta(attr: 'name' | 'property', key: string, value: string): string {
  return `<meta ${attr}="${key}" content="${escapeHtml(value)}" />`;
}

/** The tags of a page head, one per line. */
export function headTags(h: PageHead): string {
  const title = `${h.title} · Spanscope`;
  const tags = [
    `<title>${escapeHtml(title)}</title>`,
    meta('name', 'description', h.description),
    meta('property', 'og:site_name', 'Spanscope'),
    meta('property', 'og:type', 'website'),
    meta('property', 'og:title', h.title),
    meta('property', 'og:description', h.description),
    meta('property', 'og:url', h.url),
    meta('name', 'twitter:card', h.image ? 'summary_large_image' : 'summary'),
    meta('name', 'twitter:title', h.title),
    meta('name', 'twitter:description', h.description),
  ];
  if (h.image)
    tags.push(
      meta('property', 'og:image', h.image),
      meta('property', 'og:image:type', 'image/png'),
      meta('property', 'og:image:width', '1200'),
      meta('property', 'og:image:height', '630'),
      meta('property', 'og:image:alt', h.imageAlt),
      meta('name', 'twitter:image', h.image),
      meta('name', 'twitter:image:alt', h.imageAlt),
    );
  return tags.join('\n    ');
}

/** index.html with the page's title in place of its own and the meta tags after it. */
export function withHead(indexHtml: string, h: PageHead): string {
  const tags = headTags(h);
  const replaced = indexHtml.replace(/<title>[^<]*<\/title>/, () => tags);
  return replaced !== indexHtml ? replaced : indexHtml.replace('</head>', () => `  ${tags}\n  </head>`);
}
