#!/usr/bin/env bash
# Speed of what-if scenarios (POST /api/v1/scenarios): 100 variants of a planned movie scored for
# every user of a model trained on a generated catalog (default 100,000 users, 3,000 movies,
# 2M ratings), three rounds after the one-off entry-bar pass.
#
#   bash bench/scenarios.sh [users] [movies] [ratings]
set -euo pipefail
cd "$(dirname "$0")/.."
export DJL_OFFLINE=true OPT_OUT_TRACKING=true
[ "${SKIP_BUILD:-}" = 1 ] || mvn -B -q -DskipTests install -pl sample-data,recommender-model -am
CLASSPATH_FILE=$(mktemp)
mvn -B -q -Dstyle.color=never dependency:build-classpath -pl recommender-model -Dmdep.includeScope=test \
    -Dmdep.outputFile="$CLASSPATH_FILE"
CP="recommender-model/target/classes:recommender-model/target/test-classes:$(cat "$CLASSPATH_FILE")"
rm -f "$CLASSPATH_FILE"
java -Xmx8g ${JAVA_OPTS:-} -cp "$CP" dev.recsys.model.bench.ScenarioBench "$@"
echo "command: bash bench/scenarios.sh $*"
