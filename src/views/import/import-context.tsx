/**
 * Opening trace files: a drop anywhere on the page or the header's file picker reads them in the
 * browser (drawn from the files themselves, `/file/<key>`) while they are imported into the local
 * store behind (open-files.ts).
 */
import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, use, useCallback, useMemo, useRef } from 'react';
import { invalidateSearches } from '../../data/queries.ts';
import { navigate } from '../../state/location.ts';
import { fileHref } from '../../state/url.ts';
import { DropZone } from './drop-zone.tsx';
import { openFiles } from './open-files.ts';

interface ImportApi {
  importFiles(files: readonly File[]): void;
  /** Opens the browser's file picker. */
  pickFiles(): void;
}

const ImportContext = createContext<ImportApi | null>(null);

export function useImport(): ImportApi {
  const api = use(ImportContext);
  if (!api) throw new Error('useImport outside ImportProvider');
  return api;
}

export function ImportProvider({ children }: { readonly children: ReactNode }) {
  const client = useQueryClient();
  const input = useRef<HTMLInputElement>(null);

  const importFiles = useCallback(
    (files: readonly File[]) => {
      if (files.length === 0) return;
      const key = openFiles(files, { onStored: () => invalidateSearches(client) });
      navigate(fileHref(key));
    },
    [client],
  );

  const api = useMemo<ImportApi>(
    () => ({ importFiles, pickFiles: () => input.current?.click() }),
    [importFiles],
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
    </ImportContext>
  );
}
