#!/usr/bin/env bash
# Accuracy and training time of the hybrid model (recommender-model, default parameters) on a
# MovieLens CSV release, random 10% split, against the baselines on the same split.
#
#   bash bench/model-accuracy.sh [release-dir]     (default: the bundled data/ml-latest-small)
#   JAVA_OPTS='-Dmodel.tune=false -Dmodel.regularization=0.4' bash bench/model-accuracy.sh   (fixed settings)
#   JAVA_OPTS='-Dsplit=temporal' or '-Dsplit.seed=7' bash bench/model-accuracy.sh            (another split)
set -euo pipefail
cd "$(dirname "$0")/.."
RELEASE="${1:-$PWD/data/ml-latest-small}"
export DJL_OFFLINE=true OPT_OUT_TRACKING=true
[ "${SKIP_BUILD:-}" = 1 ] || mvn -B -q -DskipTests install -pl sample-data,recommender-model -am
CLASSPATH_FILE=$(mktemp)
mvn -B -q -Dstyle.color=never dependency:build-classpath -pl recommender-model -Dmdep.includeScope=test \
    -Dmdep.outputFile="$CLASSPATH_FILE"
CP="recommender-model/target/classes:recommender-model/target/test-classes:$(cat "$CLASSPATH_FILE")"
rm -f "$CLASSPATH_FILE"
java -Xmx4g ${JAVA_OPTS:-} -cp "$CP" dev.recsys.model.bench.MovieLensAccuracyBench "$RELEASE"
echo "command: bash bench/model-accuracy.sh $*"
