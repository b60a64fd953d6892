/**
 * Splits an `exception.stacktrace` into lines a reader can scan: the message, frames (with the
 * file:line location picked out), "Caused by" sections, "… N more" and Python's source lines.
 * Java, JavaScript, Python, Go, .NET and Ruby traces are recognised; anything else stays text.
 */

export type StackLineKind = 'message' | 'frame' | 'cause' | 'more' | 'code';

export interface StackLine {
  readonly kind: StackLineKind;
  readonly text: string;
  /** For frames: "file:line[:col]" when it can be found. */
  readonly location?: string;
}

const FRAME_PATTERNS: readonly RegExp[] = [
  /^\s+at\s/, // Java, JavaScript, .NET
  /^\s*File ".*", line \d+/, // Python
  /^\s+\S.*\.\w+:\d+(?: \+0x[0-9a-f]+)?$/, // Go file lines (tab-indented)
  /^\S+\.rb:\d+:in /, // Ruby
  /^[^\s(]\S*\(.*\)$/, // Go function lines: main.handler(0x1, 0x2), main.(*store).get(...)
];

const CAUSE =
  /^\s*(Caused by:|Suppressed:|During handling of the above exception|The above exception was the direct cause)/;
const MORE = /^\s*\.\.\. \d+ (more|common frames omitted)/;

function locationOf(line: string): string | undefined {
  const python = /File "([^"]+)", line (\d+)/.exec(line);
  if (python) return `${python[1]}:${python[2]}`;
  const dotnet = / in (.+):line (\d+)/.exec(line);
  if (dotnet) return `${dotnet[1]}:${dotnet[2]}`;
  const paren = /\(([^()]*?:\d+(?::\d+)?)\)\s*$/.exec(line);
  if (paren) return paren[1];
  const bare = /((?:[A-Za-z]:)?[^\s()]+\.\w+:\d+(?::\d+)?)/.exec(line);
  return bare?.[1];
}

export function parseStacktrace(text: string): StackLine[] {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  const out: StackLine[] = [];
  let previous: StackLineKind | null = null;
  for (const line of lines) {
    let kind: StackLineKind;
    if (CAUSE.test(line)) kind = 'cause';
    else if (MORE.test(line)) kind = 'more';
    else if (FRAME_PATTERNS.some((p) => p.test(line)) && !/^Traceback/.test(line)) kind = 'frame';
    // Python prints the source line indented under each "File …" frame.
    else if (
      previous === 'frame' &&
      /^\s{4,}\S/.test(line) &&
      out.at(-1)?.text.trimStart().startsWith('File "')
    )
      kind = 'code';
    else kind = 'message';
    const location = kind === 'frame' ? locationOf(line) : undefined;
    out.push(location ? { kind, text: line, location } : { kind, text: line });
    previous = kind;
  }
  return out;
}

export function frameCount(lines: readonly StackLine[]): number {
  return lines.filter((l) => l.kind === 'frame').length;
}

/**
 * The lines to show while collapsed: at most `maxFrames` frames per section (a "Caused by" starts
 * a new one), with their source lines; messages and causes are always kept.
 */
export function collapsedLines(lines: readonly StackLine[], maxFrames: number): StackLine[] {
  let frames = 0;
  let hiding = false;
  return lines.filter((l) => {
    if (l.kind === 'cause') frames = 0;
    if (l.kind === 'frame') hiding = ++frames > maxFrames;
    else if (l.kind !== 'code') hiding = false;
    return !hiding;
  });
}
