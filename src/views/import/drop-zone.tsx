/**
 * Accepts trace files dropped anywhere on the page; shows a full-page target while files are
 * dragged over it. Drags that carry no files (text, links) are left to the browser.
 */
import { useEffect, useState } from 'react';
import { prepareFileWorker } from '../../worker/file-set-client.ts';
import { Icon } from '../shell/icons.tsx';

function hasFiles(e: DragEvent): boolean {
  return e.dataTransfer?.types.includes('Files') ?? false;
}

export function DropZone({ onFiles }: { readonly onFiles: (files: File[]) => void }) {
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    // dragenter/dragleave fire for every child crossed; count them to know when the drag left the page.
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
      prepareFileWorker();
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      onFiles([...(e.dataTransfer?.files ?? [])]);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [onFiles]);

  if (!dragging) return null;
  return (
    <div className="drop-overlay" data-testid="drop-overlay">
      <div className="drop-target">
        <Icon name="upload" size={32} />
        <p>Drop trace files to open them</p>
        <p className="muted">OTLP JSON or protobuf, Jaeger JSON, Zipkin JSON (gzip too)</p>
        <p className="muted">Drawn here at once, and imported into the store behind</p>
      </div>
    </div>
  );
}
