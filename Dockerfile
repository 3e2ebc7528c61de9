# One image serves the API and the built SPA on one port.
#
# Two stages. `build` has pnpm, every dependency (dev ones too) and a C++ toolchain: argon2 is a
# native addon compiled at install time. The runtime stage has Node and nothing from that
# toolchain: the compiled server (apps/server/dist), its production dependencies only, the SQL
# migrations it applies at start and the built SPA. No pnpm, no TypeScript, no tsx, no compiler.
#
# The runtime keeps the repository's layout (/app/apps/server/dist, /app/apps/web/dist,
# /app/drizzle) because the server finds the SPA and the migrations relative to its own files.
#
# Node 20.20 is what development and CI run. (Node 20 is past its end of life: moving the whole
# project to Node 22 or 24 LTS is a separate change, made in package.json engines, CI and here.)
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

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
RUN pnpm --filter @gatehouse/server --filter @gatehouse/web run build
# `deploy --prod` copies the server package (its `files`: dist/) with a node_modules of its
# production dependencies only, resolved from the lockfile. --legacy: this workspace does not
# inject workspace packages, and the server bundles @gatehouse/shared (it is a devDependency).
RUN pnpm --filter @gatehouse/server --prod deploy --legacy /out/apps/server \
  && cp -r drizzle /out/drizzle \
  && mkdir -p /out/apps/web \
  && cp -r apps/web/dist /out/apps/web/dist

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production PORT=3000
WORKDIR /app
# Owned by root and only readable by the app's user: the process cannot rewrite its own code.
COPY --from=build /out ./
# The one writable place: embedded PGlite's default directory when DATABASE_URL is unset.
RUN mkdir .data && chown node:node .data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1: main.ts handles SIGTERM (drains jobs, closes the database) and exits.
# Re-sealing TOTP keys after a secret rotation: `docker compose exec app node apps/server/dist/rotate-secrets.js`.
CMD ["node", "--enable-source-maps", "apps/server/dist/main.js"]
