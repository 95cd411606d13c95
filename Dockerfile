# syntax=docker/dockerfile:1
# Build stage: full dependencies (and a compiler, should better-sqlite3 find no prebuilt binary).
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# --ignore-scripts: the package's own `prepare` (a build) needs the sources copied below; npm
# rebuild then runs the dependencies' install scripts (better-sqlite3's native binding).
RUN npm ci --no-audit --no-fund --ignore-scripts && npm rebuild
COPY . .
RUN npm run build && npm prune --omit=dev

# Runtime stage: compiled JavaScript and production dependencies only, run as an unprivileged user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/data
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
VOLUME ["/app/data"]
CMD ["node", "--enable-source-maps", "dist/src/main.js"]
