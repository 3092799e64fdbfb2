#!/usr/bin/env bash
# Search latency (issue 30) at a constant request rate, 10 hits per search, queries cycling through 30
# titles and descriptions ("toy story", "a heist in space", ...); latency counts from when a request was due.
#
# In-process (default): recommendation-service's own search code (title matching, the real query
# embedding with all-MiniLM-L6-v2, the full cosine scan) over MOVIES synthetic movies with random
# unit vectors (62,000: ml-25m's catalog), 16 worker threads, no HTTP:
#   bash bench/search.sh [MOVIES] [REQUESTS_PER_SECOND] [SECONDS]          (default 62000 50 60)
# Against a running recommendation-service (e.g. the `make up` stack on :8080, after ingestion has
# embedded the catalog's texts), over HTTP:
#   bash bench/search.sh --url http://localhost:8080 [REQUESTS_PER_SECOND] [SECONDS]
# The README's examples (a release's movies and tags embedded in-process, then searched):
#   bash bench/search.sh --examples data/ml-latest-small ["query" ...]
set -euo pipefail
cd "$(dirname "$0")/.."
export DJL_OFFLINE=true OPT_OUT_TRACKING=true
command="bash bench/search.sh $(printf "%q " "$@")"
classpath_file=$(mktemp)
trap 'rm -f "$classpath_file"' EXIT
# One reactor build: sibling modules resolve to their target/classes (nothing is installed in ~/.m2).
goals="dependency:build-classpath"
[ "${SKIP_BUILD:-}" = 1 ] || goals="test-compile $goals"
mvn -B -q -Dstyle.color=never $goals -pl recommendation-service -am -Dmdep.includeScope=test \
    -Dmdep.outputFile="$classpath_file"
cp="recommendation-service/target/classes:recommendation-service/target/test-classes:$(cat "$classpath_file")"
main=SearchBench
if [ "${1:-}" = --examples ]; then
    main=SearchExamples
    shift
fi
java -Xmx2g ${JAVA_OPTS:-} -XX:+ExitOnOutOfMemoryError -cp "$cp" "dev.recsys.recommendation.search.$main" "$@"
echo "command: $command"
