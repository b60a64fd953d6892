/**
 * Up to this many spans of a trace whose details are deferred, the viewer fetches every detail in the
 * background and finds, groups and queries in its worker; above it, it asks the store for find, an
 * attribute's values and TraceQL by detail (`details/matching`, `details/values`, `details/keys`,
 * `details/query`), which only the local store answers. A source therefore defers details up to
 * this size only.
 */
export const DETAILS_IN_WORKER_MAX_SPANS = 100_000;
