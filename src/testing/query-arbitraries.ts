/**
 * fast-check arbitraries of TraceQL query texts that follow the grammar (TRACEQL.md), for the
 * parser's round-trip property and the evaluator's never-throws property. They read the fields
 * `randomQueryTrace` (random-query-trace.ts) fills, so many of them match something.
 */
import fc from 'fast-check';

const attribute = fc.constantFrom(
  '.a',
  '.b',
  'span.a',
  'span.n',
  'span.f',
  'span.flag',
  'span.arr',
  'span."x y"',
  'resource.service.name',
  'resource.r',
  '.r',
  'event.e',
  'link.l',
  'instrumentation.i',
  'span.missing',
);

const intrinsic = fc.constantFrom(
  'duration',
  'name',
  'status',
  'statusMessage',
  'kind',
  'rootName',
  'rootServiceName',
  'traceDuration',
  'nestedSetLeft',
  'nestedSetParent',
  'span:duration',
  'span:name',
  'span:kind',
  'span:status',
  'span:id',
  'span:parentID',
  'span:childCount',
  'trace:duration',
  'trace:rootName',
  'trace:rootService',
  'trace:id',
  'event:name',
  'event:timeSinceStart',
  'link:traceID',
  'link:spanID',
  'instrumentation:name',
  'instrumentation:version',
);

const literal = fc.oneof(
  fc.constantFrom('"a"', '"b"', '""', '`raw`', '"x y"', '"\\t"', '"n1"'),
  fc.integer({ min: -3, max: 600 }).map(String),
  fc.constantFrom('0.5', '1.5', '2.0', '1e3'),
  fc.constantFrom('1ms', '5us', '1s', '2m', '1h30m', '100ns'),
  fc.constantFrom(
    'true',
    'false',
    'ok',
    'error',
    'unset',
    'server',
    'client',
    'internal',
    'minInt',
    'maxInt',
  ),
);

const comparison = fc.constantFrom('=', '!=', '<', '<=', '>', '>=');
const arithmetic = fc.constantFrom('+', '-', '*', '/', '%', '^');
const pattern = fc.constantFrom('"a.*"', '".*"', '"n[0-9]+"', '"x|y"', '"(?i)A"', '""');
const structural = fc.constantFrom(
  '&&',
  '||',
  '>',
  '<',
  '>>',
  '<<',
  '~',
  '!>',
  '!<',
  '!>>',
  '!<<',
  '!~',
  '&>',
  '&<',
  '&>>',
  '&<<',
  '&~',
);

export const fieldArbitrary = fc.letrec<{ value: string; condition: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    attribute,
    intrinsic,
    literal,
    fc.tuple(tie('value'), arithmetic, tie('value')).map(([a, op, b]) => `${a} ${op} ${b}`),
    tie('value').map((v) => `-${v}`),
    tie('value').map((v) => `(${v})`),
  ),
  condition: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(tie('value'), comparison, tie('value')).map(([a, op, b]) => `${a} ${op} ${b}`),
    fc
      .tuple(fc.oneof(attribute, intrinsic), fc.constantFrom('=~', '!~'), pattern)
      .map(([a, op, p]) => `${a} ${op} ${p}`),
    fc.tuple(fc.oneof(attribute, intrinsic), fc.constantFrom('=', '!=')).map(([a, op]) => `${a} ${op} nil`),
    fc.constantFrom('nil = nil', 'true', '.flag', 'span.flag'),
    fc
      .tuple(tie('condition'), fc.constantFrom('&&', '||'), tie('condition'))
      .map(([a, op, b]) => `${a} ${op} ${b}`),
    tie('condition').map((c) => `!(${c})`),
    tie('condition').map((c) => `(${c})`),
  ),
}));

const filter = fc.option(fieldArbitrary.condition, { nil: undefined }).map((c) => (c ? `{ ${c} }` : '{ }'));

const aggregate = fc.oneof(
  fc.constant('count()'),
  fc
    .tuple(
      fc.constantFrom('avg', 'min', 'max', 'sum'),
      fc.oneof(attribute, fc.constantFrom('duration', 'span:childCount', 'event:timeSinceStart')),
    )
    .map(([fn, f]) => `${fn}(${f})`),
);

const scalarFilter = fc
  .tuple(aggregate, comparison, fc.constantFrom('0', '1', '2', '3', '-1', '1.5', '10ms', '1 + 1', '2 * 3'))
  .map(([a, op, n]) => `${a} ${op} ${n}`);

const spanset: fc.Arbitrary<string> = fc.letrec<{ spanset: string; pipeline: string; stage: string }>(
  (tie) => ({
    spanset: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      filter,
      fc.tuple(tie('spanset'), structural, tie('spanset')).map(([a, op, b]) => `${a} ${op} ${b}`),
      tie('spanset').map((s) => `(${s})`),
      tie('pipeline').map((p) => `(${p})`),
    ),
    pipeline: fc
      .tuple(fc.oneof(tie('spanset'), scalarFilter), fc.array(tie('stage'), { maxLength: 3 }))
      .map(([first, rest]) => [first, ...rest].join(' | ')),
    stage: fc.oneof(
      tie('spanset'),
      scalarFilter,
      fc.oneof(attribute, intrinsic).map((a) => `by(${a})`),
      fc
        .array(fc.oneof(attribute, intrinsic), { minLength: 1, maxLength: 3 })
        .map((fs) => `select(${fs.join(', ')})`),
      fc.constant('coalesce()'),
    ),
  }),
).pipeline;

/** Query texts of the whole spanset grammar (not all type-check: compileQuery decides). */
export const queryArbitrary: fc.Arbitrary<string> = fc
  .tuple(spanset, fc.constantFrom('', ' with(most_recent=true)'))
  .map(([q, hint]) => `${q}${hint}`);
