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
 * CPU seconds used (ticks of 10 ms). The host's speed varies from run to run, so the CPU spent per
 * span says more than spans per second alone.
 */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
