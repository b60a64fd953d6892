/**
 * Tempo v2 autocomplete answers from the tag catalog: `tags(scope)` → `{scopes:[{name, tags}]}` and
 * `tagValues(tag)` → `{tagValues:[{type, value}]}`, where `tag` is a TraceQL identifier
 * (`resource.service.name`, `span.http.route`, `.http.route`, `span."a b"`, or an intrinsic such as
 * `name`, `status`, `kind`, `span:name`, `trace:rootService`).
 */
import type { TagCatalog } from '../schema/tag-catalog.ts';

const ATTRIBUTE_SCOPES = ['resource', 'span', 'event', 'link', 'instrumentation'] as const;

/** The intrinsics TraceQL knows (Tempo lists them whatever the data). */
export const INTRINSIC_TAGS = [
  'duration',
  'event:name',
  'event:timeSinceStart',
  'instrumentation:name',
  'instrumentation:version',
  'kind',
  'name',
  'rootName',
  'rootServiceName',
  'span:duration',
  'span:kind',
  'span:name',
  'span:status',
  'span:statusMessage',
  'status',
  'statusMessage',
  'trace:duration',
  'trace:rootName',
  'trace:rootService',
  'traceDuration',
];

/** Intrinsic spellings → the catalog key their values are kept under. */
const INTRINSIC_KEYS: Record<string, string> = {
  name: 'name',
  'span:name': 'name',
  status: 'status',
  'span:status': 'status',
  kind: 'kind',
  'span:kind': 'kind',
  statusMessage: 'statusMessage',
  'span:statusMessage': 'statusMessage',
  rootName: 'rootName',
  'trace:rootName': 'rootName',
  rootServiceName: 'rootServiceName',
  'trace:rootService': 'rootServiceName',
  'event:name': 'event:name',
  'instrumentation:name': 'instrumentation:name',
  'instrumentation:version': 'instrumentation:version',
};

export function tagsAnswer(
  catalog: TagCatalog,
  scope?: string,
): { scopes: { name: string; tags: string[] }[] } {
  const all = scope === undefined || scope === '' || scope === 'all';
  const scopes: { name: string; tags: string[] }[] = [];
  for (const name of ATTRIBUTE_SCOPES) {
    if (!all && scope !== name) continue;
    const tags = catalog.keys(name);
    if (tags.length > 0 || !all) scopes.push({ name, tags });
  }
  if (all || scope === 'intrinsic') scopes.push({ name: 'intrinsic', tags: [...INTRINSIC_TAGS] });
  if (scopes.length === 0) throw new Error(`unknown tag scope '${scope}'`);
  return { scopes };
}

/** A quoted attribute name (`"a b"`, escapes \" and \\) or a plain one. */
function attributeName(text: string): string {
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"'))
    return text.slice(1, -1).replace(/\\(["\\])/g, '$1');
  return text;
}

/** The (scope, key) pairs whose values answer `tag`; [] when it names nothing we know. */
export function tagTargets(tag: string): [string, string][] {
  const intrinsic = INTRINSIC_KEYS[tag];
  if (intrinsic) return [['intrinsic', intrinsic]];
  if (tag.startsWith('.') && tag.length > 1) {
    const key = attributeName(tag.slice(1));
    return [
      ['span', key],
      ['resource', key],
    ];
  }
  const dot = tag.indexOf('.');
  if (dot > 0) {
    const scope = tag.slice(0, dot);
    if ((ATTRIBUTE_SCOPES as readonly string[]).includes(scope) && dot < tag.length - 1)
      return [[scope, attributeName(tag.slice(dot + 1))]];
  }
  return [];
}

export function tagValuesAnswer(
  catalog: TagCatalog,
  tag: string,
): { tagValues: { type: string; value: string }[] } {
  const seen = new Set<string>();
  const tagValues: { type: string; value: string }[] = [];
  for (const [scope, key] of tagTargets(tag)) {
    for (const v of catalog.values(scope, key)) {
      const id = `${v.type}\n${v.value}`;
      if (seen.has(id)) continue;
      seen.add(id);
      tagValues.push(v);
    }
  }
  tagValues.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : a.type < b.type ? -1 : 1));
  return { tagValues };
}
