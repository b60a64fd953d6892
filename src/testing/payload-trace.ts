/**
 * Traces whose every string is an attack on a viewer (markup, script URLs, SVG, template syntax,
 * bidi overrides, zero-width characters), as OTLP JSON, for the security e2e spec: any payload that
 * ran would set `window.__pwned` or fetch from evil.example.
 */

export const PAYLOADS = {
  img: '<img src=x onerror="window.__pwned=1">',
  script: '<script>window.__pwned=2</script>',
  jsUrl: 'javascript:window.__pwned=3',
  dataUrl: 'data:text/html,<script>window.__pwned=4</script>',
  svg: '<svg onload="window.__pwned=5"><use href="https://evil.example/x.svg#a"/></svg>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: template syntax is the payload.
  template: "{{constructor.constructor('window.__pwned=6')()}} ${window.__pwned=7}",
  css: '<link rel="stylesheet" href="https://evil.example/x.css"><style>@import "https://evil.example/y.css"</style>',
  iframe: '<iframe src="https://evil.example/"></iframe>',
  bidi: 'invoice\u202Efdp.exe',
  zeroWidth: 'pay\u200Bment\u200D\uFEFF',
  httpUrl: 'https://evil.example/callback?x=<b>1</b>',
} as const;

type Kv = { key: string; value: { stringValue: string } };
const kv = (key: string, value: string): Kv => ({ key, value: { stringValue: value } });

/** One trace (root + 3 children) whose names, attributes, events, links and messages are payloads. */
export function payloadTraceOtlp(traceId: string, startMs: number, variant: 'a' | 'b'): unknown {
  const ns = (ms: number) => `${(BigInt(startMs) + BigInt(ms)) * 1_000_000n}`;
  const id = (n: number) => `${variant === 'a' ? 'a' : 'b'}${n.toString(16).padStart(15, '0')}`;
  const span = (n: number, parent: number | null, name: string, from: number, to: number, extra = {}) => ({
    traceId,
    spanId: id(n),
    ...(parent === null ? {} : { parentSpanId: id(parent) }),
    name,
    kind: 2,
    startTimeUnixNano: ns(from),
    endTimeUnixNano: ns(to),
    ...extra,
  });
  const attributes = Object.entries(PAYLOADS).map(([k, v]) => kv(`payload.${k}`, v));
  return {
    resourceSpans: [
      {
        resource: { attributes: [kv('service.name', PAYLOADS.img), kv('host.name', PAYLOADS.svg)] },
        scopeSpans: [
          {
            scope: { name: PAYLOADS.script, version: PAYLOADS.template },
            spans: [
              span(1, null, `checkout ${PAYLOADS.img}`, 0, 100, {
                attributes: [
                  ...attributes,
                  kv('http.url', PAYLOADS.jsUrl),
                  kv('url.full', PAYLOADS.httpUrl),
                  // Past the store's 64 KiB --max-attribute-bytes: kept cut, with a badge.
                  kv('payload.huge', `<b>${'x'.repeat(100_000)}</b>`),
                ],
                status: variant === 'b' ? { code: 2, message: PAYLOADS.iframe } : {},
              }),
              span(2, 1, PAYLOADS.bidi, 5, 30, {
                events: [
                  {
                    timeUnixNano: ns(10),
                    name: PAYLOADS.script,
                    attributes: [
                      kv('exception.type', PAYLOADS.svg),
                      kv('exception.message', PAYLOADS.img),
                      kv(
                        'exception.stacktrace',
                        `Error: ${PAYLOADS.script}\n    at ${PAYLOADS.jsUrl} (${PAYLOADS.dataUrl}:1:1)`,
                      ),
                    ],
                  },
                ],
              }),
              span(3, 1, PAYLOADS.zeroWidth, 35, variant === 'b' ? 95 : 60, {
                links: [{ traceId, spanId: id(2), attributes: [kv('link.note', PAYLOADS.css)] }],
                attributes: [kv('db.statement', `SELECT '${PAYLOADS.script}' FROM ${PAYLOADS.template}`)],
              }),
              span(4, 1, PAYLOADS.template, 62, 90),
            ],
          },
        ],
      },
    ],
  };
}
