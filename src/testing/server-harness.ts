/**
 * The REAL built server (`bin/spanscope serve`) as a child process on free loopback ports, for
 * integration tests: builds dist/ first when it is stale (once, under a lock shared by the vitest
 * workers), reads the actual ports from the start-up line, waits for /ready, stops or kills it.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
const LOCK = join(tmpdir(), 'spanscope-build.lock');
const START_LINE = /spanscope: (http:\/\/[^\s]+) \(OTLP\/HTTP :(\d+), OTLP\/gRPC :(\d+)\)/;

let built = false;

/** `node scripts/ensure-built.mjs` under a lock, so two test workers never build at once. */
export function ensureBuilt(): void {
  if (built) return;
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      const stale = Date.now() - statSync(LOCK, { throwIfNoEntry: false })!.mtimeMs > 300_000;
      if (stale) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`build lock ${LOCK} held for too long`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    execFileSync(process.execPath, ['scripts/ensure-built.mjs'], { cwd: REPO_ROOT, stdio: 'pipe' });
    built = true;
  } finally {
    rmdirSync(LOCK);
  }
}

export interface StartOptions {
  /** A data directory (kept between restarts); default: `--memory`. */
  readonly dataDir?: string;
  readonly demo?: boolean;
  readonly args?: readonly string[];
  /** Resolve as soon as the ports are known, before /ready answers 200. */
  readonly waitReady?: boolean;
}

export interface HarnessServer {
  readonly base: string;
  readonly otlpBase: string;
  readonly grpcAddress: string;
  readonly child: ChildProcess;
  /** stdout + stderr so far. */
  output(): string;
  /** SIGTERM (graceful); resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: a crash. */
  kill(): Promise<void>;
}

/** `serve` arguments that let the system pick free ports for every listener (tests run side by side). */
export const ANY_FREE_PORTS: readonly string[] = [
  '--port',
  '0',
  '--otlp-http-port',
  '0',
  '--otlp-grpc-port',
  '0',
  '--zipkin-port',
  '0',
];

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'spanscope-data-'));
}

export async function startServer(options: StartOptions = {}): Promise<HarnessServer> {
  ensureBuilt();
  const args = [
    'bin/spanscope',
    'serve',
    ...ANY_FREE_PORTS,
    ...(options.dataDir ? ['--data', options.dataDir] : ['--memory']),
    options.demo ? '--demo' : '--no-demo',
    ...(options.args ?? []),
  ];
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (b: Buffer) => (text += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (text += b.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const output = () => text;
  const ended = () => child.exitCode !== null || child.signalCode !== null;
  const stop = async () => {
    if (!ended()) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  const kill = async () => {
    if (!ended()) child.kill('SIGKILL');
    await exited;
  };

  const deadline = Date.now() + 60_000;
  let match: RegExpExecArray | null = null;
  while (!(match = START_LINE.exec(text))) {
    if (ended()) throw new Error(`spanscope serve exited (${child.exitCode}) before listening:\n${text}`);
    if (Date.now() > deadline) {
      await kill();
      throw new Error(`spanscope serve did not start listening:\n${text}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const server: HarnessServer = {
    base: match[1],
    otlpBase: `http://127.0.0.1:${match[2]}`,
    grpcAddress: `127.0.0.1:${match[3]}`,
    child,
    output,
    stop,
    kill,
  };
  if (options.waitReady === false) return server;
  while (!(await isReady(server.base))) {
    if (ended() || Date.now() > deadline) {
      await kill();
      throw new Error(`spanscope serve was not ready:\n${text}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return server;
}

export async function isReady(base: string): Promise<boolean> {
  try {
    return (await fetch(`${base}/ready`, { signal: AbortSignal.timeout(2_000) })).status === 200;
  } catch {
    return false;
  }
}
