# syntax=docker/dockerfile:1
# Node 24 LTS (package.json "engines" is >=20.19). Build and runtime share the Debian release, so the
# native addons compiled in the build stage load in the runtime stage.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Native addons (nodejieba, better-sqlite3) are compiled here instead of fetched as prebuilt
# binaries from GitHub, which offline and government networks often cannot reach.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
# node-gyp takes Node's headers from the image (the official image ships them under
# /usr/local/include/node) instead of downloading them.
ENV npm_config_build_from_source=true \
  npm_config_nodedir=/usr/local
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund \
  && node -e "require('nodejieba').cut('川渝通办')"
# Bundle to plain JavaScript (dist/, esbuild); production runs it with node alone, no transpiler.
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
COPY adapters ./adapters
RUN npm run build \
  && npm prune --omit=dev --no-audit --no-fund \
  && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
# glibc's allocator (README, Operations → Memory): two arenas, since per-thread arenas held ~30 MiB
# of freed memory after load; fixed mmap and trim thresholds, since its adaptive ones let a freed
# large block raise them and keep ~5 MiB more at the top of the heap.
ENV NODE_ENV=production \
  GLIBC_TUNABLES=glibc.malloc.arena_max=2:glibc.malloc.trim_threshold=131072:glibc.malloc.mmap_threshold=131072 \
  PORT=3000 \
  HOST=0.0.0.0 \
  DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=root:root /app/node_modules ./node_modules
# dist/ holds the bundled code, plus the links dist/web → ../web and dist/seeds → ../seeds that the
# build made (COPY keeps links as links), so the code finds the page and the plans beside it.
COPY --from=build --chown=root:root /app/dist ./dist
COPY package.json ./
COPY seeds ./seeds
COPY web ./web
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# No curl in the slim image; Node has fetch.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1's only child under `docker run --init` (or PID 1 itself): SIGTERM from `docker stop`
# reaches the app's graceful shutdown directly. Operator tools run the same way, e.g.
# `docker exec workplan-bot node dist/scripts/set-telegram-webhook.js`.
# The V8 flags bound memory under load (README, Operations → Memory): a 2 MiB young generation
# semi-space, a major GC once the old generation grows 20% past what the last one kept, and no
# optimising compile of fetch's WebAssembly HTTP parser (its compiler's ~30 MiB stayed in glibc).
CMD ["node", "--max-semi-space-size=2", "--heap-growing-percent=20", "--liftoff-only", "dist/adapters/main.js"]
