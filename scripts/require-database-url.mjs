// `pnpm test:pg` runs the integration suite against the Postgres server named by DATABASE_URL.
if (!process.env.DATABASE_URL) {
  console.error('DATABASE_URL is not set: the Postgres integration run needs a server to use.');
  process.exit(1);
}
