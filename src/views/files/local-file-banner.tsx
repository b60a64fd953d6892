/**
 * Above a trace (or the list of traces) of files opened in this page: it is a local file, so its link
 * is not shareable yet; the store import behind it with its own progress; and, when the store
 * refused the file or is not there, that the link stays local and why.
 */
import { type LocalFiles, useLocalFileSet } from '../../state/local-files.ts';
import { formatBytes, plural } from '../format/format.ts';
import { Icon } from '../shell/icons.tsx';
import { ProgressBar } from '../trace/trace-loading.tsx';

function namesOf(set: LocalFiles): string {
  return set.names.length === 1 ? set.names[0] : plural(set.names.length, 'file');
}

function UploadLine({ set }: { readonly set: LocalFiles }) {
  const u = set.upload;
  switch (u.state) {
    case 'waiting':
      return <span>It goes to the store once its start is read.</span>;
    case 'uploading':
      return (
        <>
          <span>
            Importing it into the store: {formatBytes(u.loadedBytes)} of {formatBytes(u.totalBytes)}…
          </span>
          <ProgressBar
            fraction={u.totalBytes ? u.loadedBytes / u.totalBytes : null}
            label="Import into the store"
          />
        </>
      );
    case 'stored':
      return <span>A trace opened from here takes its shareable address.</span>;
    case 'refused':
    case 'cancelled':
      return <span>It stays local: {u.reason}.</span>;
  }
}

export function LocalFileBanner({ fileKey }: { readonly fileKey: string }) {
  const set = useLocalFileSet(fileKey);
  const failed = set?.upload.state === 'refused' || set?.upload.state === 'cancelled';
  const stored = set?.upload.state === 'stored';
  return (
    <div
      className={`banner local-file-banner ${failed ? 'banner-warning' : 'banner-info'}`}
      data-testid="local-file-banner"
    >
      <Icon name={failed ? 'warning' : 'upload'} />
      <div className="banner-text">
        <p>
          <strong>Local file{set && set.names.length > 1 ? 's' : ''}</strong>
          {set ? (
            <>
              {' '}
              <span className="mono">{namesOf(set)}</span> ({formatBytes(set.totalBytes)})
            </>
          ) : null}
          , opened in this page:{' '}
          {failed
            ? 'this link is not shareable.'
            : stored
              ? 'imported into the store.'
              : 'this link is not shareable yet.'}
        </p>
        {set && <UploadLine set={set} />}
      </div>
    </div>
  );
}
