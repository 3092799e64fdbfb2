#!/usr/bin/env bash
# Cost of one live list (issue 28) in the services' own code: fold-in from a user's current ratings,
# the blended scores of every movie, top 1,000; users of 10 and of 500 ratings, on a model trained one
# epoch on a generated catalog (default 50,000 users, 62,000 movies as in ml-25m, 2M ratings).
#
#   bash bench/live-scoring.sh [users] [movies] [ratings]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/model-main.sh
run_model_main 8g LiveScoringBench "$@"
echo "command: bash bench/live-scoring.sh $*"
