/**
 * The entry point, kept small: the stylesheets, then the trace of a `/trace/<id>` address (or both
 * traces of a `/diff/<a>/<b>` one) start loading (the worker's start and the store's answer), and
 * only then is the app's code (main.tsx, its own chunk, preloaded with the page) run. Parsing and
 * running the app's bundle and React's first render thus overlap the worker's start, the fetch and
 * the decoding instead of preceding them.
 */
import './styles/base.css';
import './styles/shell.css';
import './styles/lists.css';
import './styles/trace.css';
import './styles/detail.css';
import './styles/query.css';
import './styles/search.css';
import './styles/diff.css';
import { openDiffEarly } from './diff/early-diff.ts';
import { openTraceEarly } from './trace/early-trace.ts';

openTraceEarly(location.pathname, location.search);
openDiffEarly(location.pathname, location.search);
void import('./main.tsx');
