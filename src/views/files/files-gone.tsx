/**
 * A `/file/…` address whose files this page does not hold: reloaded (files live only in the page
 * that read them) or let go for newer ones. Says so, and how to open them again.
 */

import { useImport } from '../import/import-context.tsx';
import { Link } from '../link.tsx';

export function FilesGone() {
  const { pickFiles } = useImport();
  return (
    <div className="page page-message" role="alert" data-testid="files-gone">
      <h1>The file is gone with the page that opened it</h1>
      <p>
        This address showed a trace file opened in the browser. A file stays in the page that read it only:
        after a reload (or once newer files took its place) it has to be opened again. Its link was never
        shareable.
      </p>
      <p>
        Drop the file anywhere on this page, or{' '}
        <button type="button" className="link-button" onClick={pickFiles}>
          pick it again
        </button>
        . If it was imported into the store, its trace is also among the <Link href="/">recent traces</Link>.
      </p>
    </div>
  );
}
