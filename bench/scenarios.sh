#!/usr/bin/env bash
# Speed of what-if scenarios (POST /api/v1/scenarios): 100 variants of a planned movie scored for
# every user of a model trained on a generated catalog (default 100,000 users, 3,000 movies,
# 2M ratings), three rounds after the one-off entry-bar pass.
#
#   bash bench/scenarios.sh [users] [movies] [ratings]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/model-main.sh
run_model_main 8g ScenarioBench "$@"
echo "command: bash bench/scenarios.sh $*"
