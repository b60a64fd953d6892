/**
 * `summary`, `query` and `diff` reading traces from sources (`--source NAME --trace ID`): the built
 * CLI against a replaying Tempo and an in-process Spanscope server (`--source local`), and the
 * refusals of bad source options and configurations (serve's too): one line, exit 2.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath, fixturesPresent, readFixture } from '../../testing/fixtures.ts';
import { type InProcessServer, startInProcess } from '../../testing/in-process-server.ts';
import { type ReplayServer, startReplayServer } from '../../testing/replay-server.ts';
import { ensureBuilt, REPO_ROOT } from '../../testing/server-harness.ts';
import { tablesOfFile } from '../../testing/span-compare.ts';

const FILE = 'otlp-json/tempo-sg-trace-with-failed-requests.json';
const TOKEN = 'cli-5ecret-token';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The built CLI, asynchronously (the replay server answers in this process). */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(REPO_ROOT, 'bin/spanscope'), ...args],
      { env: { ...process.env, ...env }, timeout: 60_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

function oneLine(r: Run, code: number): string {
  expect(r.code).toBe(code);
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  return r.stderr.trim();
}

describe.skipIf(!fixturesPresent)('commands reading from sources', () => {
  let tempo: ReplayServer;
  let local: InProcessServer;
  let config: string;
  const id = () => tablesOfFile(readFixture(FILE))[0]?.traceId as string;
  const LOCAL_ID = '0123456789abcdef0123456789abcdef';

  beforeAll(async () => {
    ensureBuilt();
    tempo = await startReplayServer();
    tempo.route(`/api/v2/traces/${id()}`, (req) =>
      req.headers.authorization === `Bearer ${TOKEN}` ? { body: readFixture(FILE) } : { status: 401 },
    );
    local = await startInProcess();
    local.store.spans.push(
      { traceId: LOCAL_ID, spanId: 'aaaaaaaaaaaaaaaa', name: 'root' },
      { traceId: LOCAL_ID, spanId: 'bbbbbbbbbbbbbbbb', name: 'other' },
    );
    const dir = mkdtempSync(join(tmpdir(), 'spanscope-source-cli-'));
    config = join(dir, 'spanscope.yaml');
    writeFileSync(
      config,
      `sources:\n  prod:\n    kind: tempo\n    url: ${tempo.url}\n    auth: { bearerTokenEnv: TEMPO_TOKEN }\n`,
    );
  }, 300_000);
  afterAll(async () => {
    await local?.close();
    await tempo?.close();
  });

  it('summarises a trace of a source as the same trace read from its file', async () => {
    const fromSource = await cli(['summary', '--source', 'prod', '--trace', id(), '--config', config], {
      TEMPO_TOKEN: TOKEN,
    });
    expect(fromSource.stderr).toBe('');
    const fromFile = await cli(['summary', fixturePath(FILE)]);
    const strip = (r: Run) =>
      JSON.parse(r.stdout).traces.map(({ format: _f, ...t }: Record<string, unknown>) => t);
    expect(strip(fromSource)).toEqual(strip(fromFile));
    expect(fromSource.stdout).not.toContain(TOKEN);
  });

  it('queries a trace of a source named inline, as its file', async () => {
    const q = '{ status = error }';
    const fromSource = await cli(['query', q, '--source', `p=tempo:${tempo.url}`, '--trace', id()]);
    // Inline, without the token: Tempo refuses, one line naming the source and what to check.
    expect(oneLine(fromSource, 1)).toMatch(
      /^spanscope query: source 'p': .*answered 401 \(credentials refused\)$/,
    );
    const withConfig = await cli(['query', q, '--source', 'prod', '--trace', id(), '--config', config], {
      TEMPO_TOKEN: TOKEN,
    });
    const fromFile = await cli(['query', q, fixturePath(FILE)]);
    expect(JSON.parse(withConfig.stdout)).toEqual(JSON.parse(fromFile.stdout));
    expect(JSON.parse(fromFile.stdout).traces.length).toBe(1);
  });

  it('diffs a trace in Tempo against one in the local store (the running server)', async () => {
    const r = await cli(
      [
        'diff',
        '--config',
        config,
        '--source-a',
        'prod',
        '--trace-a',
        id(),
        '--source-b',
        'local',
        '--server',
        local.base,
        '--trace-b',
        LOCAL_ID,
      ],
      { TEMPO_TOKEN: TOKEN },
    );
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(report.traceA).toBe(id());
    expect(report.traceB).toBe(LOCAL_ID);
    // B's two spans, matched or added.
    expect(report.added.length + report.matched).toBe(2);
    // A file side and a source side mix.
    const mixed = await cli([
      'diff',
      fixturePath(FILE),
      '--source-b',
      'local',
      '--server',
      local.base,
      '--trace-b',
      LOCAL_ID,
    ]);
    expect(JSON.parse(mixed.stdout).traceA).toBe(id());
  });

  it('refuses bad source options with one line', async () => {
    expect(oneLine(await cli(['summary', '--source', 'prod']), 2)).toMatch(/--source prod needs --trace ID/);
    expect(oneLine(await cli(['summary', '--trace', id()]), 2)).toMatch(/--trace needs --source NAME/);
    expect(oneLine(await cli(['summary', '--source', 'prod', '--trace', id()]), 2)).toMatch(
      /--source prod: give --config FILE naming it, NAME=KIND:URL, or local/,
    );
    expect(
      oneLine(await cli(['summary', '--source', 'nope', '--trace', id(), '--config', config]), 2),
    ).toMatch(/--source nope: no such source in /);
    expect(
      oneLine(await cli(['summary', '--source', 'prod', '--trace', id(), '--config', config]), 2),
    ).toMatch(
      /spanscope\.yaml: sources\.prod\.auth\.bearerTokenEnv: environment variable TEMPO_TOKEN is not set$/,
    );
    expect(
      oneLine(
        await cli(['summary', '--source', 'prod', '--trace', 'ff'.repeat(16), '--config', config], {
          TEMPO_TOKEN: TOKEN,
        }),
        2,
      ),
    ).toMatch(/source 'prod': trace f{32} not found/);
    expect(oneLine(await cli(['diff', '--source-a', 'prod', fixturePath(FILE)]), 2)).toMatch(
      /needs --trace-a ID/,
    );
    expect(
      oneLine(
        await cli(['summary', '--source', 'local', '--server', 'http://127.0.0.1:9', '--trace', id()]),
        1,
      ),
    ).toMatch(/source 'local \(http:\/\/127\.0\.0\.1:9\)': .*connection refused/);
  });

  it('stops serve with exit 2 on a bad config, naming the key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spanscope-bad-config-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'sources:\n  prod: { kind: tempo, url: "http://x", timeout: soon }\n');
    expect(oneLine(await cli(['serve', '--memory', '--port', '0', '--config', bad]), 2)).toMatch(
      /bad\.yaml: sources\.prod\.timeout: the value must be a duration/,
    );
    const r = await cli([
      'serve',
      '--memory',
      '--no-demo',
      '--port',
      '0',
      '--otlp-http-port',
      '0',
      '--otlp-grpc-port',
      '0',
      '--config',
      config,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(
      /sources\.prod\.auth\.bearerTokenEnv: environment variable TEMPO_TOKEN is not set$/,
    );
  });
});
