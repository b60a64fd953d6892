/**
 * A trace of local files becomes its shareable `/trace/<id>` once the store has it: the store's
 * query key gets the same handle (handOverToStore) and the address is replaced, keeping the view's
 * parameters (span, view, zoom, find…). The page stays mounted with the same handle: nothing is
 * loaded or drawn again.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useLocalFiles } from '../../state/local-files.ts';
import { navigate, useLocation } from '../../state/location.ts';
import { showToast } from '../../state/ui.ts';
import { parseTraceQuery, traceHref } from '../../state/url.ts';
import type { TraceHandle } from '../../worker/trace-client.ts';
import { handOverToStore } from '../trace/use-trace-handle.ts';

export function useMoveToStore(fileKey: string | undefined, handle: TraceHandle | undefined): void {
  const client = useQueryClient();
  const stored = useLocalFiles((s) => {
    const upload = fileKey ? s.sets[fileKey]?.upload : undefined;
    return upload?.state === 'stored' ? upload.traceIds : null;
  });
  useEffect(() => {
    if (!fileKey || !handle || !stored?.includes(handle.traceId)) return;
    handOverToStore(client, handle);
    const view = parseTraceQuery(useLocation.getState().search).state;
    navigate(traceHref(handle.traceId, { ...view, source: null }), { replace: true });
    performance.mark('spanscope:file-shareable', { detail: { traceId: handle.traceId } });
    showToast('The store has this trace: its link can be shared now');
  }, [fileKey, handle, stored, client]);
}
