import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { listFixtures, readFixture } from '../../testing/fixtures.ts';
import { TraceSetBuilder } from '../model/span-table.ts';
import { dumpSpans } from './dump.ts';
import { decodeInput, encodeTraces, FormatError, type FormatId } from './index.ts';
import { utf8Encode } from './text.ts';

/** Every real fixture: the detected format and `traceId:spans` per trace, or the refusal. */
const EXPECTED: Record<string, [FormatId, string[]] | RegExp> = {
  'jaeger-json/grafana-jaeger-mockJsonResponse.json': ['jaeger-json', ['00000000000000002ee9739529395e31:2']],
  'jaeger-json/jaeger-anonymizer-trace_success.json': ['jaeger-json', ['00000000000000002be38093ead7a083:2']],
  'jaeger-json/jaeger-model-json-fixture.json': ['jaeger-json', ['0000000000000000000000000000abc0:3']],
  'jaeger-json/jui-genaiTestTrace.json': ['jaeger-json', ['4a1b2c3d4e5f60718293a4b5c6d7e8f9:57']],
  'jaeger-json/jui-otlp2jaeger-out.json': ['jaeger-json', ['83a9efd15c1c98a977e0711cc93ee28b:2']],
  'jaeger-json/jui-stats-spansAmongEachOther.json': ['jaeger-json', ['0df84e36b9e2ee3815d07f0867a5be1f:12']],
  'jaeger-json/jui-stats-traceWithOverlappingChildrenLongerThanParent.json': [
    'jaeger-json',
    ['0000000000000000006c3cf93508f205:4'],
  ],
  'jaeger-json/jui-tracegraph-testTrace.json':
    /^Jaeger JSON: trace id "trace-123" is neither hex nor base64 of 8 or 16 bytes at \$\.spans\[0\]\.traceID$/,
  'otlp-json/grafana-tsdb-tempo-trace-snake_case.json': [
    'otlp-json',
    ['0000000000000000620f03a2253c5e37:30'],
  ],
  'otlp-json/jaeger-apiv3-GetTrace.json': ['otlp-json', ['00000000000000000000000000000001:1']],
  'otlp-json/jaeger-integ-example_trace.json': ['otlp-json', ['00000000000000000000000000000011:5']],
  'otlp-json/jaeger-integ-link_attributes_trace.json': ['otlp-json', ['00000000000000000000000000000226:1']],
  'otlp-json/jaeger-integ-scope_name_version_trace.json': [
    'otlp-json',
    ['00000000000000000000000000000224:1'],
  ],
  'otlp-json/jaeger-memory-otel_traces_01.json': [
    'otlp-json',
    ['00000000000000010000000000000000:2', '00000000000000020000000000000000:2'],
  ],
  'otlp-json/jaeger-skills-n_plus_one_full_serial.json': [
    'otlp-json',
    ['fe65c5beefbe4e96119efbba3da07e99:40'],
  ],
  'otlp-json/jaeger-skills-sibling_errors.json': ['otlp-json', ['7c4f1a90b3e84d2f9a6c5e8017b3d264:6']],
  'otlp-json/jui-otlp2jaeger-in-error.json': ['otlp-json', ['83a9efd15c1c98a977e0711cc93ee28b:1']],
  'otlp-json/jui-otlp2jaeger-in.json': ['otlp-json', ['83a9efd15c1c98a977e0711cc93ee28b:2']],
  'otlp-json/jui-otlp2jaeger-multi-in.jsonl': ['otlp-json', ['c620759e5d60fafb8ee0922b30e06bc6:4']],
  'otlp-json/otelproto-examples-trace.json': ['otlp-json', ['5b8efff798038103d269b633813fc60c:1']],
  'otlp-json/otlp2parquet-invalid-trace_invalid_kind.json': [
    'otlp-json',
    ['9d79b1a37f31801cd11a6706fb40d6bd:1'],
  ],
  'otlp-json/otlp2parquet-trace.json': ['otlp-json', ['9d79b1a37f31801cd11a6706fb40d6bd:2']],
  'otlp-json/tempo-sg-trace-with-failed-requests.json': [
    'otlp-json',
    ['e8b6dff9f8d44b28f1b22bc3bd2f6768:15'],
  ],
  'otlp-json/tempo-sg-trace-with-virtual-nodes.json': [
    'otlp-json',
    ['4290b5877a9930de79bb428365398ecc:2', 'ab4a390ad2fe3b8534404c9f7223a390:1'],
  ],
  'otlp-json/tempo-vulture-trace-2022-ils.json': ['otlp-json', ['09208f8f6bf45242631dabcb06d7c9c6:25']],
  'otlp-protobuf/otlp2parquet-trace.pb': ['otlp-proto', ['9d79b1a37f31801cd11a6706fb40d6bd:2']],
  'tempo-api/tempo-api-search-pushing-spans-docs.json': /^Tempo API: a Tempo search response, not a trace$/,
  'tempo-api/tempo-api-search-tag-values-v1-docs.json':
    /^Tempo API: a Tempo tag values response, not a trace$/,
  'tempo-api/tempo-api-search-tag-values-v2-docs.json':
    /^Tempo API: a Tempo tag values response, not a trace$/,
  'tempo-api/tempo-api-search-tags-v1-docs-2023.json': /^Tempo API: a Tempo tags response, not a trace$/,
  'tempo-api/tempo-api-search-tags-v2-docs.json':
    /^JSON: invalid JSON: expected a value, found "\]\\n {4}}\\n {2}\]," at byte 1544 \(line 74, column 7\)$/,
  'tempo-api/tempo-api-search-traceql-status-error-docs.json':
    /^JSON: invalid JSON: expected ',' or '}', found "\],\\n {2}\\"metric" at byte 722 \(line 29, column 3\)$/,
  'tempo-api/tempo-api-v1-traces-batches-ils-docs-2023.json': [
    'otlp-json',
    ['00000000000000000123456789abcdef:1'],
  ],
  'tempo-api/tempo-api-v2-traces-pushing-spans-docs.json': [
    'otlp-json',
    ['5b8efff798038103d269b633813fc700:1'],
  ],
  'zipkin-v2-json/contrib-zipkinreceiver-sample3.json': [
    'zipkin-json',
    ['4d1e00c0db9010db86154a4ba6e91385:1'],
  ],
  'zipkin-v2-json/jaeger-collector-zipkin_v2_02.json': [
    'zipkin-json',
    ['00000000000000000000000000000002:1'],
  ],
  'zipkin-v2-json/zipkin-bench-zipkin2-client.json': ['zipkin-json', ['4d1e00c0db9010db86154a4ba6e91385:1']],
  'zipkin-v2-json/zipkin-lens-ascend.json': ['zipkin-json', ['0000000000000000ef86c83c0a05a6d6:8']],
  'zipkin-v2-json/zipkin-lens-envoy.json': ['zipkin-json', ['0000000000000000978883983d506fa5:1']],
  'zipkin-v2-json/zipkin-lens-messaging.json': ['zipkin-json', ['5aab74dbb904746bb33447baae403ed6:4']],
  'zipkin-v2-json/zipkin-lens-messaging2.json': ['zipkin-json', ['00000000000000000d1a94ebc9256244:11']],
  'zipkin-v2-json/zipkin-lens-netflix.json': ['zipkin-json', ['5982fe77008310cc80f1da5e10147517:8']],
  'zipkin-v2-json/zipkin-lens-simple-db-p6.json': ['zipkin-json', ['000000000000000019f84f102048e047:5']],
  'zipkin-v2-json/zipkin-lens-skew.json': ['zipkin-json', ['00000000000000001e223ff1f80f1c69:4']],
  'zipkin-v2-json/zipkin-lens-smartthings-mobile-web-install.json': [
    'zipkin-json',
    ['000000000000000014b60fd9ae504820:1041'],
  ],
  'zipkin-v2-json/zipkin-lens-src-test-malformed.json': [
    'zipkin-json',
    ['6cf5624e3452d1bc202a57dad35921c0:7'],
  ],
  'zipkin-v2-json/zipkin-lens-test-v1-format.json':
    /^Zipkin v1 JSON: this is Zipkin v1 \(service names inside annotation endpoints\), not v2; .* at \$\[0\]\.annotations\[0\]\.endpoint$/,
  'zipkin-v2-json/zipkin-lens-yelp.json': ['zipkin-json', ['0000000000000000a03ee8fff1dcd9b9:16']],
};

const FIXTURES = listFixtures().filter((f) => !f.endsWith('.md'));

describe('decodeInput on every real fixture (detected without the file name)', () => {
  it('knows every fixture', () => {
    expect(FIXTURES.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(FIXTURES)('%s', (rel) => {
    const expected = EXPECTED[rel];
    const sink = new TraceSetBuilder();
    if (expected instanceof RegExp) {
      expect(() => decodeInput(readFixture(rel), sink)).toThrow(FormatError);
      expect(() => decodeInput(readFixture(rel), sink)).toThrow(expected);
      return;
    }
    const [format, traces] = expected;
    const { format: detected } = decodeInput(readFixture(rel), sink);
    expect(detected).toBe(format);
    const tables = sink.build();
    expect(tables.map((t) => `${t.traceId}:${t.count}`)).toEqual(traces);
    expect(tables.every((t) => t.format === format)).toBe(true);
  });

  it('reads gzip by magic bytes', () => {
    const sink = new TraceSetBuilder();
    const { format } = decodeInput(gzipSync(readFixture('zipkin-v2-json/zipkin-lens-yelp.json')), sink);
    expect(format).toBe('zipkin-json');
    expect(sink.spanCount).toBe(16);
  });

  it('forms one trace from spans of one trace id in several inputs', () => {
    const sink = new TraceSetBuilder();
    decodeInput(readFixture('otlp-json/otlp2parquet-trace.json'), sink);
    decodeInput(readFixture('otlp-protobuf/otlp2parquet-trace.pb'), sink);
    const [t] = sink.build();
    expect(t.count).toBe(4);
    expect(t.format).toBe('otlp-json');
  });

  it('refuses JSON Lines that mix formats, naming the record', () => {
    const text = '{"resourceSpans":[]}\n[{"traceId":"1","id":"1"}]\n';
    expect(() => decodeInput(utf8Encode(text), new TraceSetBuilder())).toThrow(
      'JSON Lines: a zipkin-json record among OTLP JSON records at record 2',
    );
  });

  it('says what an unknown JSON document is not', () => {
    expect(() => decodeInput(utf8Encode('{"hello": 1}'), new TraceSetBuilder())).toThrow(
      'JSON: not a trace format Spanscope reads (OTLP JSON, Jaeger JSON or Zipkin v2 JSON); top-level keys: hello at $',
    );
    expect(() => decodeInput(utf8Encode('[1, 2]'), new TraceSetBuilder())).toThrow('top-level array');
  });
});

describe('encodeTraces', () => {
  it.each(['otlp-json', 'otlp-proto', 'jaeger-json', 'zipkin-json'] as const)(
    'writes %s that decodes to the same spans (OTLP source, µs times)',
    (to) => {
      const sink = new TraceSetBuilder();
      decodeInput(readFixture('otlp-json/tempo-sg-trace-with-failed-requests.json'), sink);
      const tables = sink.build();
      const encoded = encodeTraces(tables, to);
      const again = new TraceSetBuilder();
      const { format } = decodeInput(typeof encoded === 'string' ? utf8Encode(encoded) : encoded, again);
      expect(format).toBe(to);
      // Encoders group spans by resource, so compare regardless of order. Jaeger and Zipkin carry µs;
      // Jaeger leaves INTERNAL untagged (read back as unspecified).
      const micros = to === 'jaeger-json' || to === 'zipkin-json';
      const expected = dumpSpans(tables, micros).map((l) =>
        to === 'jaeger-json' ? l.replace(' internal ', ' unspecified ') : l,
      );
      expect(dumpSpans(again.build(), micros).sort()).toEqual(expected.sort());
    },
  );
});
