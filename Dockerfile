# The exilewatch worker. docker-compose.yml builds and runs it beside Redis and a mail catcher.
# Base images are pinned to a patch release so that a rebuild gives the same Node as the one tested.
FROM node:20.18.1-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
# npm ci runs the "prepare" script, which compiles to dist/; then drop the build tools.
RUN npm ci --no-audit --no-fund && npm prune --omit=dev

FROM node:20.18.1-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
# Only the schemas: the watchlist names people at risk, and an image travels further than a host
# (registries, caches, backups). It is mounted at run time instead (docker-compose.yml).
COPY config/*.schema.json ./config/
USER node
# Exec form: node is PID 1 and receives SIGTERM itself, so `docker stop` shuts the worker down in order.
CMD ["node", "bin/exilewatch.js", "run"]
