import { describe, expect, it } from 'vitest';
import { hostileCorpus, manifestOf } from './hostile-corpus.ts';
import { readHostileCorpus } from './hostile-files.ts';

describe('testdata/hostile', () => {
  it('is what scripts/generate-hostile-corpus.ts writes (run it after changing hostile-corpus.ts)', () => {
    const generated = hostileCorpus();
    const onDisk = readHostileCorpus();
    expect(manifestOf(onDisk)).toBe(manifestOf(generated));
    for (const [i, c] of generated.entries())
      expect(Buffer.compare(onDisk[i].bytes, c.bytes), c.name).toBe(0);
    expect(new Set(generated.map((c) => c.name)).size).toBe(generated.length);
  });
});
