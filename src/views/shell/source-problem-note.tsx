/**
 * An external source's failure, said so the user can act: the source's name, what happened, and
 * what to check (data/source-problem.ts). Nothing for an error that is not a source's.
 */
import { sourceProblemOf } from '../../data/source-problem.ts';

export function SourceProblemNote({ error }: { readonly error: unknown }) {
  const problem = sourceProblemOf(error);
  if (!problem) return null;
  return (
    <p className="source-problem" data-testid="source-problem" data-failure={problem.failure}>
      <strong>{problem.title}.</strong> {problem.hint.charAt(0).toUpperCase() + problem.hint.slice(1)}.
    </p>
  );
}
