/**
 * Importing trace files: a drop anywhere on the page or the header's file picker uploads them to the
 * local store and opens the trace (several traces: lists them; failures: the server's message).
 */
import { createContext, type ReactNode, use, useCallback, useMemo, useRef } from 'react';
import { useImportFiles } from '../../data/queries.ts';
import { navigate } from '../../state/location.ts';
import { traceHref } from '../../state/url.ts';
import { DropZone } from './drop-zone.tsx';
import { ImportStatus, importedTraceIds } from './import-status.tsx';

interface ImportApi {
  importFiles(files: readonly File[]): void;
  /** Opens the browser's file picker. */
  pickFiles(): void;
  readonly busy: boolean;
}

const ImportContext = createContext<ImportApi | null>(null);

export function useImport(): ImportApi {
  const api = use(ImportContext);
  if (!api) throw new Error('useImport outside ImportProvider');
  return api;
}

export function ImportProvider({ children }: { readonly children: ReactNode }) {
  const mutation = useImportFiles();
  const input = useRef<HTMLInputElement>(null);
  const { mutate, reset } = mutation;

  const importFiles = useCallback(
    (files: readonly File[]) => {
      if (files.length === 0) return;
      mutate(files, {
        onSuccess: (outcomes) => {
          const ids = importedTraceIds(outcomes);
          if (ids.length === 1 && outcomes.every((o) => o.ok)) {
            reset();
            navigate(traceHref(ids[0]));
          }
        },
      });
    },
    [mutate, reset],
  );

  const api = useMemo<ImportApi>(
    () => ({ importFiles, pickFiles: () => input.current?.click(), busy: mutation.isPending }),
    [importFiles, mutation.isPending],
  );

  return (
    <ImportContext value={api}>
      {children}
      <DropZone onFiles={importFiles} />
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid="import-file-input"
        onChange={(e) => {
          importFiles([...(e.target.files ?? [])]);
          e.target.value = '';
        }}
      />
      <ImportStatus
        pending={mutation.isPending}
        files={mutation.variables ?? []}
        outcomes={mutation.data ?? null}
        onClose={reset}
      />
    </ImportContext>
  );
}
