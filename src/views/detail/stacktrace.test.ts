import { describe, expect, it } from 'vitest';
import { collapsedLines, parseStacktrace } from './stacktrace.ts';

const kinds = (text: string) => parseStacktrace(text).map((l) => l.kind);

describe('parseStacktrace', () => {
  it('Java with causes and elided frames', () => {
    const text = [
      'java.lang.IllegalStateException: boom',
      '\tat com.shop.Cart.checkout(Cart.java:42)',
      '\tat com.shop.Api.handle(Api.java:17)',
      'Caused by: java.io.IOException: disk full',
      '\tat java.io.FileOutputStream.write(Native Method)',
      '\t... 12 more',
    ].join('\n');
    const lines = parseStacktrace(text);
    expect(lines.map((l) => l.kind)).toEqual(['message', 'frame', 'frame', 'cause', 'frame', 'more']);
    expect(lines[1].location).toBe('Cart.java:42');
    expect(lines[4].location).toBeUndefined();
  });

  it('Python with source lines', () => {
    const text = `Traceback (most recent call last):
  File "/app/views.py", line 12, in handler
    order = Order.objects.get(id=oid)
  File "/usr/lib/python3/site-packages/django/db/models/query.py", line 650, in get
    raise self.model.DoesNotExist(
app.models.Order.DoesNotExist: Order matching query does not exist.
`;
    const lines = parseStacktrace(text);
    expect(lines.map((l) => l.kind)).toEqual(['message', 'frame', 'code', 'frame', 'code', 'message']);
    expect(lines[1].location).toBe('/app/views.py:12');
  });

  it('Node.js', () => {
    const lines = parseStacktrace(
      "TypeError: Cannot read properties of undefined (reading 'id')\n    at getUser (/srv/app/users.js:10:15)\n    at async Promise.all (index 0)",
    );
    expect(lines.map((l) => l.kind)).toEqual(['message', 'frame', 'frame']);
    expect(lines[1].location).toBe('/srv/app/users.js:10:15');
  });

  it('Go panics', () => {
    const text = `panic: runtime error: index out of range [3] with length 3

goroutine 1 [running]:
main.(*store).lookup(...)
\t/home/u/app/main.go:14 +0x1d
main.main()
\t/home/u/app/main.go:9 +0x25`;
    const lines = parseStacktrace(text);
    expect(lines.map((l) => l.kind)).toEqual([
      'message',
      'message',
      'message',
      'frame',
      'frame',
      'frame',
      'frame',
    ]);
    expect(lines[4].location).toBe('/home/u/app/main.go:14');
  });

  it('.NET and Ruby', () => {
    expect(parseStacktrace('   at Shop.Cart.Pay() in C:\\src\\Cart.cs:line 42')[0].location).toBe(
      'C:\\src\\Cart.cs:42',
    );
    expect(kinds("app/models/user.rb:10:in 'save'")).toEqual(['frame']);
  });

  it('plain text stays message text', () => {
    expect(kinds('something went wrong\nretry later')).toEqual(['message', 'message']);
    expect(parseStacktrace('')).toEqual([{ kind: 'message', text: '' }]);
  });
});

describe('collapsedLines', () => {
  it('keeps the first frames of every section and all messages', () => {
    const text = [
      'E: x',
      ...Array.from({ length: 5 }, (_, i) => `\tat a.B.c${i}(B.java:${i})`),
      'Caused by: F: y',
      '\tat d.E.f(E.java:1)',
      '\tat d.E.g(E.java:2)',
      '\t... 3 more',
    ].join('\n');
    const lines = collapsedLines(parseStacktrace(text), 2);
    expect(lines.map((l) => l.text.trim())).toEqual([
      'E: x',
      'at a.B.c0(B.java:0)',
      'at a.B.c1(B.java:1)',
      'Caused by: F: y',
      'at d.E.f(E.java:1)',
      'at d.E.g(E.java:2)',
      '... 3 more',
    ]);
  });
});
