# Backtalk's app: Next (pages and API routes), the workspace socket and the scheduler in one Node process.
# Built by docker-compose.yml; see .env.example for the settings it reads.
FROM node:20-bookworm-slim

ENV NEXT_TELEMETRY_DISABLED=1 \
    npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false

WORKDIR /app
# Everything belongs to the image's unprivileged `node` user, which the app runs as; data/ is created here
# so the named volume mounted over it starts out owned by that user.
RUN chown node:node /app
USER node

# Dependencies first, so a source change does not reinstall them. DuckDB ships prebuilt Linux binaries;
# no compiler is needed. Dev dependencies stay: `next build` needs TypeScript, and `npm start` runs the
# server's TypeScript through tsx.
COPY --chown=node:node package.json package-lock.json ./
RUN npm install

COPY --chown=node:node . .
RUN npm run build && mkdir -p data

ENV PORT=3000 \
    HOST=0.0.0.0 \
    BACKTALK_DB=/app/data/backtalk.duckdb
EXPOSE 3000
VOLUME ["/app/data"]

# `npm start` execs the server, so SIGTERM reaches it; it closes DuckDB and Redis before it exits.
CMD ["npm", "start"]
