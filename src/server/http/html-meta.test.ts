import { describe, expect, test } from 'vitest';
import { oneLine } from '../../core/share/share-text.ts';
import { escapeHtml, headTags, withHead } from './html-meta.ts';

const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='x",
  '&lt;already&gt; & raw',
  'line\nbreak\r\u0000nul\u2028sep\u202eRTL',
  '</title><title>',
];

describe('html meta', () => {
  test('escapeHtml: no markup character survives, controls become spaces', () => {
    for (const s of HOSTILE) {
      const e = escapeHtml(s);
      expect(e, s).not.toMatch(/[<>"']/);
      expect(e, s).not.toMatch(/\p{Cc}|\u2028|\u202e/u);
    }
    expect(escapeHtml('a <b> & "c" \'d\'')).toBe('a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;');
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
  });

  test('every value is one attribute or text node: parsing the tags back gives the values', () => {
    const h = {
      title: HOSTILE.join(' '),
      description: HOSTILE.join(' | '),
      url: 'http://h/trace/x?a=1&b="2"',
      image: 'http://h/api/preview/trace/x.png?span=1&theme=dark',
      imageAlt: 'Waterfall of <b>',
    };
    const tags = headTags(h);
    // Each line is exactly one element: a title, or a meta with two attributes.
    for (const line of tags.split('\n').map((l) => l.trim())) {
      expect(line).toMatch(/^(<title>[^<>]*<\/title>|<meta (name|property)="[\w:]+" content="[^"<>]*" \/>)$/);
    }
    const decode = (s: string) =>
      s.replace(
        /&(lt|gt|quot|#39|amp);/g,
        (_, e) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e as 'lt'],
      );
    const content = (key: string) => decode(new RegExp(`"${key}" content="([^"]*)"`).exec(tags)![1]);
    expect(content('og:image')).toBe(h.image);
    expect(content('og:url')).toBe(h.url);
    expect(content('og:title')).toBe(oneLine(h.title, 2048));
    expect(content('twitter:card')).toBe('summary_large_image');
    expect(headTags({ ...h, image: null })).not.toContain('og:image');
  });

  test('withHead puts the tags in place of the title, or before </head>', () => {
    const h = { title: 'T', description: 'D', url: 'u', image: null, imageAlt: '' };
    const html = withHead('<html><head><title>Spanscope</title></head><body></body></html>', h);
    expect(html).toContain('<title>T · Spanscope</title>');
    expect(html).not.toContain('<title>Spanscope</title>');
    expect(withHead('<head></head>', h)).toMatch(/<title>T · Spanscope<\/title>[\s\S]*<\/head>/);
    // A value holding `$&` is not a replacement pattern.
    expect(withHead('<title>x</title>', { ...h, title: '$& $1' })).toContain(
      '<title>$&amp; $1 · Spanscope</title>',
    );
  });
});
