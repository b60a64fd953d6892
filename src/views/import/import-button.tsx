import { Icon } from '../shell/icons.tsx';
import { useImport } from './import-context.tsx';

export function ImportButton() {
  const { pickFiles, busy } = useImport();
  return (
    <button
      type="button"
      className="button"
      onClick={pickFiles}
      disabled={busy}
      title="Import trace files (or drop them anywhere)"
    >
      <Icon name="upload" />
      <span>Import</span>
    </button>
  );
}
