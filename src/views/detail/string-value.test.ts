import { describe, expect, it } from 'vitest';
import { webAddress } from './string-value.tsx';

describe('webAddress', () => {
  it('takes whole http(s) addresses only', () => {
    expect(webAddress('https://example.com/a?b=1#c')?.href).toBe('https://example.com/a?b=1#c');
    expect(webAddress('HTTP://EXAMPLE.com')?.href).toBe('http://example.com/');
    for (const text of [
      'javascript:alert(1)',
      'JavaScript://%0aalert(1)',
      'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
      'see https://example.com',
      'https://example.com and more',
      'https:// spaced',
      '//example.com/x',
      'http://',
    ])
      expect(webAddress(text), text).toBeNull();
  });
});
