/**
 * One attribute value with its type: strings as text (long ones collapsed, with expand; web
 * addresses as links and cut values marked: string-value.tsx), numbers
 * and booleans as literals, bytes as base64, arrays as lists and kvlists as nested tables. Every
 * value can be copied.
 */
import { useState } from 'react';
import { bytesToBase64 } from '../../core/model/ids.ts';
import { type AttrValue, attrValueToString } from '../../core/model/types.ts';
import { formatBytes } from '../format/format.ts';
import { CopyButton } from './copy-button.tsx';
import { StringValue } from './string-value.tsx';

const COLLAPSE_CHARS = 300;
const COLLAPSE_LINES = 6;

export const TYPE_LABELS: Record<AttrValue['type'], string> = {
  string: 'string',
  int: 'int',
  double: 'double',
  bool: 'bool',
  bytes: 'bytes',
  array: 'array',
  kvlist: 'kvlist',
  empty: 'empty',
};

export function LongText({ text, className }: { readonly text: string; readonly className?: string }) {
  const [expanded, setExpanded] = useState(false);
  const lines = text.split('\n');
  const long = text.length > COLLAPSE_CHARS || lines.length > COLLAPSE_LINES;
  const shown = !long || expanded ? text : lines.slice(0, COLLAPSE_LINES).join('\n').slice(0, COLLAPSE_CHARS);
  return (
    <span className={`long-text ${className ?? ''}`}>
      <span className="value-text">
        {shown}
        {long && !expanded && '…'}
      </span>
      {long && (
        <button type="button" className="link-button expand" onClick={() => setExpanded(!expanded)}>
          {expanded ? 'Show less' : `Show all (${formatBytes(new TextEncoder().encode(text).length)})`}
        </button>
      )}
    </span>
  );
}

export function AttrValueView({ value }: { readonly value: AttrValue }) {
  switch (value.type) {
    case 'string':
      return value.value === '' ? (
        <span className="muted">(empty string)</span>
      ) : (
        <StringValue text={value.value} />
      );
    case 'int':
    case 'double':
      return <span className="value-number">{String(value.value)}</span>;
    case 'bool':
      return <span className="value-bool">{String(value.value)}</span>;
    case 'bytes':
      return <LongText className="mono" text={bytesToBase64(value.value)} />;
    case 'empty':
      return <span className="muted">(no value)</span>;
    case 'array':
      return value.value.length === 0 ? (
        <span className="muted">[ ]</span>
      ) : (
        <ol className="value-array" start={0}>
          {value.value.map((v, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: array elements have no identity but their position.
            <li key={i}>
              <AttrValueView value={v} />
            </li>
          ))}
        </ol>
      );
    case 'kvlist':
      return (
        <dl className="value-kvlist">
          {value.value.map((a, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: kvlists may repeat a key.
            <div key={i} className="kv-row">
              <dt>{a.key}</dt>
              <dd>
                <AttrValueView value={a.value} />
              </dd>
            </div>
          ))}
        </dl>
      );
  }
}

export function AttrValueCell({ value }: { readonly value: AttrValue }) {
  return (
    <div className="attr-value">
      <AttrValueView value={value} />
      <span className={`type-badge type-${value.type}`} title={`${TYPE_LABELS[value.type]} value`}>
        {TYPE_LABELS[value.type]}
        {value.type === 'array' ? `[${value.value.length}]` : ''}
      </span>
      <CopyButton text={attrValueToString(value)} label="Copy value" />
    </div>
  );
}
