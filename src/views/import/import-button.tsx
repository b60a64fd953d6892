import { prepareFileWorker } from '../../worker/file-set-client.ts';
import { Icon } from '../shell/icons.tsx';
import { useImport } from './import-context.tsx';

export function ImportButton() {
  const { pickFiles } = useImport();
  return (
    <button
      type="button"
      className="button"
      onClick={pickFiles}
      onPointerEnter={prepareFileWorker}
      onFocus={prepareFileWorker}
      title="Open trace files (or drop them anywhere)"
    >
      <Icon name="upload" />
      <span>Import</span>
    </button>
  );
}
