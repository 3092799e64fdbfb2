#!/usr/bin/env bash
# The recommendation batch's exposure step (what the novelty knob discounts) at ml-25m scale: 20,000
# sampled users' candidate lists of 100 from 62,423 movies with Zipf-like popularity; the seconds of
# RecommendationExposure alone (the batch also reads the lists and writes one row per movie).
#
#   bash bench/exposure.sh [lists] [candidates] [movies] [seed]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/model-main.sh
run_model_main 4g ExposureBench "$@"
echo "command: bash bench/exposure.sh $*"
