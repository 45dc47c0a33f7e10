# syntax=docker/dockerfile:1
# Node's major must match package.json "engines" (>=20.19 <21); build and runtime share the
# Debian release so the native jieba addon built here loads there.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# nodejieba is a C++ addon: compile it here instead of fetching a prebuilt binary from GitHub,
# which offline and government networks often cannot reach.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
# node-gyp takes Node's headers from the image (the official tarball ships them under
# /usr/local/include/node) instead of downloading them.
ENV npm_config_build_from_source=nodejieba \
  npm_config_nodedir=/usr/local
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund \
  && node -e "require('nodejieba').cut('川渝通办')" \
  && npm prune --omit=dev --no-audit --no-fund \
  && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
  PORT=3000 \
  HOST=0.0.0.0 \
  DATA_DIR=/data
WORKDIR /app
# tsx is a runtime dependency: the app runs its TypeScript as-is, with no compile step.
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY src ./src
COPY adapters ./adapters
# Operator tools, e.g. `docker exec workplan-bot node --import tsx scripts/set-telegram-webhook.ts`.
COPY scripts ./scripts
COPY seeds ./seeds
COPY web ./web
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# No curl in the slim image; Node 20 has fetch.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# One process, so SIGTERM reaches the app's graceful shutdown directly (the tsx CLI would relay it).
CMD ["node", "--import", "tsx", "adapters/main.ts"]
