/**
 * The sessions list timed in a process of its own, as a server would run it: its heap and its
 * compiled code are the query's alone, not those of the bench's earlier rows (decision 026).
 * `list-child.ts <database-url> <user-id> <rounds>`; sends `{"samples":[…]}` over IPC.
 */
import { performance } from 'node:perf_hooks';
import { liveSessionsOf } from '../src/identity/index.js';
import { openBenchDatabase } from './support.js';

const [url, userId, rounds] = process.argv.slice(2);
if (!url || !userId || !rounds) throw new Error('usage: list-child.ts <url> <user-id> <rounds>');

const handle = await openBenchDatabase(url, 1);
for (let i = 0; i < 200; i += 1) await liveSessionsOf(handle.db, userId, new Date());
const samples: number[] = [];
for (let i = 0; i < Number(rounds); i += 1) {
  const start = performance.now();
  await liveSessionsOf(handle.db, userId, new Date());
  samples.push(performance.now() - start);
}
await handle.close();
process.send?.({ samples });
process.disconnect?.();
