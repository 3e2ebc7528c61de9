# One image serves the API and the built SPA on one port, and carries the operator's commands.
#
# Two stages. `build` has pnpm, every dependency (dev ones too) and a C++ toolchain: argon2 is a
# native addon (N-API, so one binary serves every Node version) built or fetched at install time.
# The runtime stage has Node and nothing from that toolchain: the compiled server and commands
# (apps/server/dist: main.js and cli/*.js), its production dependencies only, the SQL migrations it
# applies at start and the built SPA. No pnpm, no TypeScript, no tsx, no compiler.
#
# The runtime keeps the repository's layout (/app/apps/server/dist, /app/apps/web/dist,
# /app/drizzle) because the server finds the SPA and the migrations relative to its own files.
# scripts/production-tree.mjs lays it out, here and in CI, which runs that tree with `node`
# (scripts/check-production-tree.mjs): what CI proves is what this image holds.
#
# Node 24 LTS: package.json's engines and README say which versions are supported, and CI runs the
# server suite on this version too (.ci/run). Bump the two together.
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

FROM ${NODE_IMAGE} AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/* \
  && npm i -g pnpm@10.34.9
WORKDIR /repo
# Manifests and lockfile first: the install layer is reused until one of them changes. (Every
# workspace package's manifest is needed for a frozen install: a new package adds its line here.)
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
COPY apps/server/package.json apps/server/
COPY apps/web/package.json apps/web/
COPY packages/shared/package.json packages/shared/
COPY e2e/package.json e2e/
RUN pnpm install --frozen-lockfile
COPY . .
RUN pnpm --filter @gatehouse/server --filter @gatehouse/web run build \
  && node scripts/production-tree.mjs /out

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production PORT=3000
# Owned by root and only readable by the app's user: the process cannot rewrite its own code.
COPY --from=build /out /app
# The server's own directory, as for `pnpm start` in a checkout: `node dist/…` below.
WORKDIR /app/apps/server
# The one writable place, where earlier images had it: embedded PGlite's directory when
# DATABASE_URL is unset (absolute, so the app and the operator's commands open the same one).
ENV PGLITE_DIR=/app/.data/pglite
RUN mkdir /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The operator's commands run beside the app, with its environment (so its database and
# APP_SECRET), compiled like the app:
#   docker compose exec app node dist/cli/gatehouse.js ip-rules:clear --org acme
#   docker compose exec app node dist/cli/rotate-secrets.js      (after setting APP_SECRET_PREVIOUS)
#   docker compose exec app node dist/cli/audit-migrate.js --dry-run
#   docker compose run --rm --no-deps -v "$PWD:/in:ro" app node dist/cli/audit-verify.js \
#     /in/audit.jsonl --public-key /in/key.pem                    (needs no database)
# (On embedded PGlite, one process holds the database: stop the app before a command that opens it.)
# node itself is PID 1 (the base image's entrypoint execs CMD): main.ts handles SIGTERM (drains
# jobs, closes the database) and exits.
CMD ["node", "--enable-source-maps", "dist/main.js"]
