#!/usr/bin/env bash
# Lints the committed OpenAPI documents (docs/openapi/*.json, kept equal to each service's
# /q/openapi by the services' ReadTokensTest) with Redocly CLI's recommended ruleset, where Node
# and npm are present. `make test` runs the Java lint (OpenApiLint) either way; this is the
# second opinion of the tool client teams use.
#
#   bash scripts/lint-openapi.sh        (or: make lint-openapi)
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v npx >/dev/null 2>&1; then
    echo "lint-openapi: Redocly did not run: no Node.js/npx on this machine (make test's OpenApiLint still checks the documents)"
    exit 0
fi
status=0
for document in docs/openapi/*.json; do
    npx --yes @redocly/cli@2.77.0 lint "$document" --format=summary || status=1
done
exit $status
