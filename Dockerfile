# syntax=docker/dockerfile:1
# One image per service, holding exactly the artifact App Service runs (pnpm build → services/<name>/dist:
# the bundle, its migrations and the few files beside it; no node_modules install, no pnpm):
#   docker build --build-arg SERVICE=ordering -t ecommerce/ordering .
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /repo
# pnpm at the version package.json names (corepack reads packageManager).
RUN corepack enable
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
# Only the lockfile: this layer (the download) is reused until dependencies change.
RUN pnpm fetch --frozen-lockfile
COPY . .
RUN pnpm install --frozen-lockfile --offline
ARG SERVICE
RUN test -n "$SERVICE" || (echo "--build-arg SERVICE=<name> is required" >&2; exit 1)
# Its Prisma client (services with a database), then its bundle and zip, as `pnpm build` does.
RUN pnpm --filter "@ecommerce/${SERVICE}" --if-present run generate \
 && pnpm --filter "@ecommerce/${SERVICE}" run build

FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
# Set by this deployment, as App Service's app settings set it: the artifact assumes nothing.
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=root:root /repo/services/${SERVICE}/dist/ ./
# The image's unprivileged user; the app's files stay read-only to it.
USER node
CMD ["node", "--enable-source-maps", "main.mjs"]
