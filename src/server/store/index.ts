/** The embedded store as the rest of the server uses it. */
export { type CreateStoreOptions, createStore } from './create-store.ts';
export { DEFAULT_DATA_DIR } from './store-options.ts';
export type * from './types.ts';
