// `.ci/run`'s Postgres: `create` makes a database of its own on the server at 127.0.0.1:5432 and
// prints its URL; `drop <name>` removes it. Through node-postgres (the server's own dependency),
// so a fresh machine needs no psql.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../apps/server/package.json', import.meta.url));
const pg = require('pg');

const SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin(statement) {
  const client = new pg.Client({ connectionString: SERVER, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const [command, name] = process.argv.slice(2);
try {
  if (command === 'create') {
    const db = `gatehouse_ci_${Date.now()}_${randomBytes(3).toString('hex')}`;
    await admin(`create database ${db}`);
    const url = new URL(SERVER);
    url.pathname = `/${db}`;
    process.stdout.write(`${url}\n`);
  } else if (command === 'drop' && name && /^gatehouse_ci_[a-z0-9_]+$/.test(name)) {
    await admin(`drop database if exists ${name} with (force)`);
  } else {
    process.stderr.write('usage: node scripts/ci-database.mjs create | drop <gatehouse_ci_…>\n');
    process.exit(2);
  }
} catch (err) {
  process.stderr.write(`Postgres at ${SERVER}: ${err instanceof Error ? err.message : err}\n`);
  process.exit(1);
}
