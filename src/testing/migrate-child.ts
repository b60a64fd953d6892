/**
 * Test support, run as a child process (`node --import tsx migrate-child.ts DATA_DIR CHUNK_SPANS`):
 * opens the store in DATA_DIR, which migrates a schema-1 database, printing the migration's lines
 * and then `open`, and stays open until killed. The migration's crash test SIGKILLs it midway.
 */
import { DuckStore } from '../server/store/duck-store.ts';

const [dataDir, chunkSpans] = process.argv.slice(2);
await DuckStore.open({
  dataDir,
  migrationChunkSpans: Number(chunkSpans),
  log: (line) => process.stdout.write(`${line}\n`),
});
process.stdout.write('open\n');
setInterval(() => {}, 1000);
