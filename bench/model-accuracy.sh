#!/usr/bin/env bash
# Accuracy and training time of the hybrid model on a MovieLens CSV release, through the same
# TrainingPipeline as training-service (its defaults, no refit): random 10% split, the baselines on
# the same split, cold movies, fresh users, and the seconds of each phase.
#
#   bash bench/model-accuracy.sh [release-dir]     (default: the bundled data/ml-latest-small)
#   JAVA_OPTS='-Dmodel.tune=false -Dmodel.regularization=0.4' bash bench/model-accuracy.sh   (fixed settings)
#   JAVA_OPTS='-Dsplit=temporal' or '-Dsplit.seed=7' bash bench/model-accuracy.sh            (another split)
#   JAVA_OPTS='-Dfresh.fraction=0.3 -Dfresh.weights=2,3,5' bash bench/model-accuracy.sh    (live-list popularity weights)
#   JAVA_OPTS='-Dbench.text=false' bash bench/model-accuracy.sh    (no title/tag embeddings: the model reads no text)
#   JAVA_OPTS='-Dbench.textTags=false' bash bench/model-accuracy.sh    (titles alone embedded, no tags)
#   JAVA_OPTS='-Dbench.sequels=true' bash bench/model-accuracy.sh   (real sequels' ratings held out, each scored as a
#                                            described new movie with and without its franchise; SequelHoldout)
set -euo pipefail
cd "$(dirname "$0")/.."
RELEASE="${1:-$PWD/data/ml-latest-small}"
source bench/lib/model-main.sh
run_model_main 4g MovieLensAccuracyBench "$RELEASE"
echo "command: bash bench/model-accuracy.sh $*"
