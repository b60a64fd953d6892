/**
 * The timing of source-proxy.bench.ts: one GET timed (wall, and CPU of this whole process: every
 * thread of whatever runs in it), medians of rounds that alternate an upstream with its proxied answers, and the overhead lines of one
 * proxied answer against its upstream's.
 */
import { percentile, report } from './report.ts';

const RUNS = 7;

export interface Timed {
  readonly ms: number;
  /** CPU of the whole process (every thread: replay, server, its conversion worker, client). */
  readonly cpuMs: number;
  readonly bytes: number;
}

export const label = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);

async function timeGet(url: string, accept: string): Promise<Timed> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const res = await fetch(url, { headers: { Accept: accept } });
  const body = new Uint8Array(await res.arrayBuffer());
  if (!res.ok) throw new Error(`${url}: ${res.status} ${new TextDecoder().decode(body.subarray(0, 200))}`);
  const cpu = process.cpuUsage(cpu0);
  return { ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, bytes: body.length };
}

/**
 * Medians of RUNS rounds after one warm-up of each: every round GETs each of `gets` once, in turn
 * (its order rotated each round), so that an upstream and the answers proxied from it are timed in
 * the same minutes; timed one after the other, a change of the machine's speed between them (by up
 * to ~1.5× from hour to hour here) moved the ratios more than the proxy did.
 */
export async function medians(gets: readonly { url: string; accept: string }[]): Promise<Timed[]> {
  for (const g of gets) await timeGet(g.url, g.accept);
  const runs: Timed[][] = gets.map(() => []);
  for (let round = 0; round < RUNS; round++)
    for (let k = 0; k < gets.length; k++) {
      const i = (k + round) % gets.length;
      runs[i].push(await timeGet(gets[i].url, gets[i].accept));
    }
  return runs.map((timed) => {
    const mid = (pick: (t: Timed) => number) => percentile(timed.map(pick), 50);
    return { ms: mid((r) => r.ms), cpuMs: mid((r) => r.cpuMs), bytes: timed[0]?.bytes ?? 0 };
  });
}

export interface Against {
  /** What the upstream is, for the notes ("a replay from memory", "a Spanscope store"). */
  readonly what: string;
  /** The upstream ran in this process: CPU over it is reported too. */
  readonly cpu: boolean;
  /** Its time is the store's own (finding and assembling the trace): judged against the ≤ 20% target. */
  readonly judged: boolean;
}

/** `${prefix}.upstream.${size}.ms`: the upstream's own answer, timed straight from it. */
export function reportUpstream(prefix: string, size: string, upstream: Timed, against: Against): void {
  const note = `${(upstream.bytes / 1e6).toFixed(1)} MB of JSON, ${against.what}`;
  report({ name: `${prefix}.upstream.${size}.ms`, value: upstream.ms, unit: 'ms', note });
}

/** `${prefix}.proxied|overhead|overhead.cpu.${shape}.${size}.ms`: a proxied answer against its upstream's. */
export function reportOverhead(
  prefix: string,
  shape: string,
  size: string,
  upstream: Timed,
  proxied: Timed,
  against: Against,
): void {
  const note = `upstream ${upstream.ms.toFixed(0)} ms for ${(upstream.bytes / 1e6).toFixed(1)} MB (${against.what})`;
  report({ name: `${prefix}.proxied.${shape}.${size}.ms`, value: proxied.ms, unit: 'ms', note });
  report({
    name: `${prefix}.overhead.${shape}.${size}.ms`,
    value: proxied.ms - upstream.ms,
    unit: 'ms',
    ...(against.judged ? { target: '≤ 20% of the upstream', ok: proxied.ms <= upstream.ms * 1.2 } : {}),
    note: `${((proxied.ms / upstream.ms - 1) * 100).toFixed(0)}% over ${against.what}`,
  });
  if (!against.cpu) return;
  report({
    name: `${prefix}.overhead.cpu.${shape}.${size}.ms`,
    value: proxied.cpuMs - upstream.cpuMs,
    unit: 'ms',
    note: `CPU over the upstream's ${upstream.cpuMs.toFixed(0)} ms (all threads; steadier than wall time on a loaded machine); answer ${(proxied.bytes / 1e6).toFixed(1)} MB`,
  });
}
