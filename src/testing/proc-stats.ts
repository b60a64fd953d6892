/**
 * What a process (all its threads) uses, from /proc (Linux): for tests and benchmarks that watch the
 * real server from outside.
 */
import { readFileSync } from 'node:fs';

/** Resident memory in bytes. */
export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0) * 1024;
}

/**
 * CPU seconds used (ticks of 10 ms) by the process, or by its thread `tid` alone. The host's speed
 * varies from run to run, so the CPU spent per span says more than spans per second alone.
 */
export function cpuSeconds(pid: number, tid?: number): number {
  const path = tid ? `/proc/${pid}/task/${tid}/stat` : `/proc/${pid}/stat`;
  const fields = readFileSync(path, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export interface RssWatch {
  /** Resident memory when the watch began. */
  readonly before: number;
  /** The highest seen so far (sampled every 100 ms). */
  peak(): number;
  stop(): void;
}

/** Samples a process's resident memory until stopped. */
export function watchRss(pid: number): RssWatch {
  const before = rssBytes(pid);
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssBytes(pid));
  }, 100);
  return { before, peak: () => peak, stop: () => clearInterval(timer) };
}
