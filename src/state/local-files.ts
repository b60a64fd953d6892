/**
 * Files opened in this page (dropped or picked), by the key of their `/file/<key>` route: how far
 * reading them has come and the traces they hold, and their import into the store behind it. Plain
 * UI state (the traces themselves stay in the worker); it is gone with the page, as the files are.
 */
import { create } from 'zustand';
import type { TraceOverview } from '../core/tree/overview.ts';
import type { LoadProgressView } from './ui.ts';

export type ReadState =
  | { readonly state: 'reading'; readonly progress: LoadProgressView | null }
  | { readonly state: 'read'; readonly traces: readonly TraceOverview[]; readonly spanCount: number }
  /** A file cannot be decoded: the decoder's message (format, JSON path or byte offset). */
  | { readonly state: 'failed'; readonly message: string; readonly fileName: string | null };

export type UploadState =
  /** Not sent yet: waiting for the files' starts to decode. */
  | { readonly state: 'waiting' }
  | { readonly state: 'uploading'; readonly loadedBytes: number; readonly totalBytes: number }
  /** Every file is in the store: its traces have shareable links. */
  | { readonly state: 'stored'; readonly traceIds: readonly string[]; readonly spanCount: number }
  /** The store refused a file or is not there: why, for a person. */
  | { readonly state: 'refused'; readonly reason: string }
  /** Never sent (or stopped): a file cannot be decoded. */
  | { readonly state: 'cancelled'; readonly reason: string };

export interface LocalFiles {
  readonly key: string;
  readonly names: readonly string[];
  readonly totalBytes: number;
  readonly read: ReadState;
  readonly upload: UploadState;
}

export const useLocalFiles = create<{ readonly sets: Readonly<Record<string, LocalFiles>> }>(() => ({
  sets: {},
}));

export function addLocalFiles(key: string, names: readonly string[], totalBytes: number): void {
  const set: LocalFiles = {
    key,
    names,
    totalBytes,
    read: { state: 'reading', progress: null },
    upload: { state: 'waiting' },
  };
  useLocalFiles.setState((s) => ({ sets: { ...s.sets, [key]: set } }));
}

function update(key: string, patch: Partial<Pick<LocalFiles, 'read' | 'upload'>>): void {
  useLocalFiles.setState((s) => {
    const set = s.sets[key];
    return set ? { sets: { ...s.sets, [key]: { ...set, ...patch } } } : s;
  });
}

export function setReadState(key: string, read: ReadState): void {
  update(key, { read });
}

export function setUploadState(key: string, upload: UploadState): void {
  update(key, { upload });
}

/** Forgets files whose traces are no longer held (they were let go for newer ones). */
export function removeLocalFiles(key: string): void {
  useLocalFiles.setState((s) => {
    const { [key]: _gone, ...rest } = s.sets;
    return { sets: rest };
  });
}

/** The files of `key`, or undefined when this page never opened them (a reload, an old link). */
export function useLocalFileSet(key: string): LocalFiles | undefined {
  return useLocalFiles((s) => s.sets[key]);
}
