/**
 * The semantic-convention summary cards (HTTP, database, RPC, messaging) above the raw attributes.
 */
import { type Attribute, attrValueToString } from '../../core/model/types.ts';
import { AttrValueCell, LongText } from './attr-value.tsx';
import { CopyButton } from './copy-button.tsx';
import { httpStatusClass, type SemanticField, semanticGroups } from './semantic.ts';
import { formatSql } from './sql-format.ts';

/** SQL, and code too long for one line, get a block of their own under the label. */
function isBlock(field: SemanticField): boolean {
  if (field.format === 'sql') return true;
  const text = attrValueToString(field.value);
  return field.format === 'code' && (text.length > 72 || text.includes('\n'));
}

function FieldValue({ field }: { readonly field: SemanticField }) {
  const text = attrValueToString(field.value);
  if (isBlock(field)) {
    return (
      <div className="code-block">
        <pre className={field.format === 'sql' ? 'sql' : undefined}>
          <LongText text={field.format === 'sql' ? formatSql(text) : text} />
        </pre>
        <CopyButton text={text} label={`Copy ${field.label.toLowerCase()}`} />
      </div>
    );
  }
  if (field.format === 'code')
    return (
      <span className="inline-code">
        <span className="mono">{text}</span>{' '}
        <CopyButton text={text} label={`Copy ${field.label.toLowerCase()}`} />
      </span>
    );
  if (field.label === 'Status code' || field.label === 'gRPC status') {
    const cls = field.label === 'Status code' ? httpStatusClass(field.value) : null;
    return <span className={`status-pill ${cls ? `status-${cls}` : ''}`}>{text}</span>;
  }
  return <AttrValueCell value={field.value} />;
}

export function SemanticSection({ attributes }: { readonly attributes: readonly Attribute[] }) {
  const groups = semanticGroups(attributes);
  if (groups.length === 0) return null;
  return (
    <>
      {groups.map((g) => (
        <section key={g.kind} className={`semantic semantic-${g.kind}`} aria-label={g.title}>
          <h3>
            <span className="semantic-kind">{g.title}</span>{' '}
            <span className="semantic-headline">{g.headline}</span>
          </h3>
          <dl>
            {g.fields.map((f) => (
              <div key={f.key} className={`semantic-row ${isBlock(f) ? 'semantic-row-block' : ''}`}>
                <dt title={f.key}>{f.label}</dt>
                <dd>
                  <FieldValue field={f} />
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </>
  );
}
