# Supervision Bot as a container (Azure Container Apps, or any OCI host). Node 22 LTS; the
# suite also runs on Node 24 (.ci/run). Configuration comes from the environment (.env.example
# lists every variable); state in Azure Tables (STATE_STORE=azure-table) with a managed identity.
#
#   docker build -t supervision-bot .
#   docker run -p 3978:3978 --env-file .env supervision-bot
#   docker run --env-file .env supervision-bot node bin/supervision-bot.js doctor

FROM node:22-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 builds from source (its prebuilt download may be unreachable).
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts && npm rebuild better-sqlite3
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim
ENV NODE_ENV=production PORT=3978
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=build /app/tab/public ./tab/public
USER node
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3978)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/bot/main.js"]
