#!/usr/bin/env bash
# `npm test`: types, lint, the dependency rules, unused code, the web build the browser tests load, then every vitest project.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== types"; npm run --silent typecheck
echo "== lint"; npx biome ci .
echo "== dependency rules"; npm run --silent deps
echo "== unused code"; npm run --silent knip
echo "== web build"; npm run --silent build:web -- --logLevel warn
echo "== tests"; npx vitest run "$@"
