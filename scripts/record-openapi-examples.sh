#!/usr/bin/env bash
# Records a real answer of every API operation from the local stack (`make up`, the bundled
# ml-latest-small) as the example of that response in the services' OpenAPI documents:
# <service>/src/main/resources/META-INF/openapi-examples/<operationId>-<status>.json, which
# ApiDocumentFilter attaches to the response it documents. Afterwards rebuild, rewrite the
# committed documents and commit both:
#
#   make up && bash scripts/record-openapi-examples.sh && make down
#   mvn -q install -DskipTests && for s in ingestion training model recommendation; do
#       mvn -q test -pl $s-service -Dtest=ReadTokensTest -Dopenapi.write=true; done
#
# The calls are safe to repeat: the rating posted is one the sample already has, activation
# re-activates the active version, and the training and batch runs started are ordinary ones.
set -euo pipefail
cd "$(dirname "$0")/.."
TOKEN="${RECSYS_ADMIN_TOKEN:-local-admin-token}"
declare -A PORT=([ingestion-service]=8081 [training-service]=8082 [model-service]=8083 [recommendation-service]=8080)

# record <service> <operationId> <admin|open> <method> <path> [json body]
record() {
    local service=$1 operation=$2 role=$3 method=$4 path=$5 body=${6:-}
    local dir="$service/src/main/resources/META-INF/openapi-examples" out
    mkdir -p "$dir"
    out=$(mktemp)
    local args=(-s -o "$out" -w '%{http_code}' -X "$method" "http://localhost:${PORT[$service]}$path")
    [ "$role" = admin ] && args+=(-H "Authorization: Bearer $TOKEN")
    [ -n "$body" ] && args+=(-H 'Content-Type: application/json' -d "$body")
    local status
    status=$(curl "${args[@]}")
    if [ ! -s "$out" ]; then
        echo "  $service $operation $status: empty body, not recorded" >&2
        rm -f "$out"
        return
    fi
    mv "$out" "$dir/$operation-$status.json"
    echo "  $service $operation $status"
}

for service in "${!PORT[@]}"; do
    curl -sf "http://localhost:${PORT[$service]}/q/health/ready" >/dev/null \
        || { echo "$service is not answering on port ${PORT[$service]}: start the stack with make up" >&2; exit 1; }
done

echo "Recording (ingestion-service)"
record ingestion-service getMovie open GET /api/v1/movies/1
record ingestion-service getMovie open GET /api/v1/movies/999999999
record ingestion-service searchMovies open GET '/api/v1/movies?q=toy&limit=2'
record ingestion-service searchMovies open GET '/api/v1/movies?limit=0'
record ingestion-service listUserRatings open GET '/api/v1/users/1/ratings?limit=2'
record ingestion-service getCatalogStats open GET /api/v1/catalog/stats
record ingestion-service addRatings admin POST /api/v1/ratings \
    '{"ratings":[{"userId":1,"movieId":1,"rating":4.0},{"userId":1,"movieId":1,"rating":7}]}'
record ingestion-service addRatings admin POST /api/v1/ratings '{"ratings":"none"}'
record ingestion-service addEvents admin POST /api/v1/events \
    '{"events":[{"userId":1,"movieId":1,"type":"click","at":"2026-12-01T09:30:00Z"},{"userId":1,"movieId":2,"type":"like"}]}'
record ingestion-service addEvents admin POST /api/v1/events '{"events":[]}'
record ingestion-service startIngestion admin POST /api/v1/ingestions '{"source":"tarball","location":"/nowhere"}'
record ingestion-service listIngestions admin GET '/api/v1/ingestions?limit=1'
record ingestion-service getIngestion admin GET /api/v1/ingestions/1
record ingestion-service getIngestion admin GET /api/v1/ingestions/999999
record ingestion-service cancelIngestion admin POST /api/v1/ingestions/999999/cancel

echo "Recording (model-service)"
record model-service listModels open GET '/api/v1/models?limit=1'
record model-service getActiveModel open GET /api/v1/models/active
active=$(curl -s http://localhost:8083/api/v1/models/active | jq .version)
record model-service getModel open GET "/api/v1/models/$active"
record model-service getModel open GET /api/v1/models/999999
record model-service activateModel admin POST "/api/v1/models/$active/activate"
record model-service activateModel admin POST /api/v1/models/999999/activate
record model-service predictRatings open POST /api/v1/predictions '{"userId":1,"movieIds":[1,2]}'
record model-service predictRatings open POST /api/v1/predictions '{"movieIds":[1]}'
record model-service predictNewMovie open POST /api/v1/predictions/new-movie \
    '{"title":"The Silent Harbor","genres":["Drama","Mystery"],"year":2026}'
record model-service predictNewMovie open POST /api/v1/predictions/new-movie '{"genres":["Drama"],"userId":-1}'
record model-service listSegments open GET /api/v1/segments
record model-service getSegment open GET /api/v1/segments/0
record model-service getSegment open GET /api/v1/segments/99
record model-service getUserSegment open GET /api/v1/users/1/segment
record model-service scoreScenarios open POST /api/v1/scenarios \
    '{"base":{"genres":["Drama"],"year":2026},"variations":{"genres":[["Drama","Romance"]]}}'
record model-service scoreScenarios open POST /api/v1/scenarios '{"base":{"genres":["Drama"]},"top":0}'

echo "Recording (recommendation-service)"
record recommendation-service getRecommendations open GET '/api/v1/users/1/recommendations?limit=2&explain=true&exclude=1'
record recommendation-service getRecommendations open GET '/api/v1/users/1/recommendations?limit=0'
record recommendation-service rankMovies open POST /api/v1/users/1/recommendations/rank '{"movieIds":[1,2,3]}'
record recommendation-service rankMovies open POST /api/v1/users/1/recommendations/rank '{"movieIds":[]}'
record recommendation-service getSimilarMovies open GET '/api/v1/movies/1/similar?limit=3'
record recommendation-service getSimilarMovies open GET '/api/v1/movies/999999999/similar'
record recommendation-service getPopularMovies open GET '/api/v1/movies/popular?limit=3'
record recommendation-service recommendForVisitor open POST /api/v1/recommendations/anonymous \
    '{"ratings":[{"movieId":1,"rating":5},{"movieId":2355,"rating":5},{"movieId":6377,"rating":5}],"limit":3}'
record recommendation-service recommendForVisitor open POST /api/v1/recommendations/anonymous \
    '{"ratings":[{"movieId":1,"rating":7}]}'
record recommendation-service listBatchRuns open GET '/api/v1/batch-runs?limit=1'
record recommendation-service getBatchRun open GET /api/v1/batch-runs/1
record recommendation-service getBatchRun open GET /api/v1/batch-runs/999999
record recommendation-service cancelBatchRun admin POST /api/v1/batch-runs/999999/cancel
record recommendation-service startBatchRun admin POST /api/v1/batch-runs '{"limit":0}'
record recommendation-service getDashboardOverview admin GET '/api/v1/dashboard/overview?limit=1'
record recommendation-service listMostActiveUsers admin GET '/api/v1/dashboard/users?limit=3'
record recommendation-service getUserTopRated admin GET '/api/v1/dashboard/users/1/top-rated?limit=3'
record recommendation-service getDashboardSegments admin GET /api/v1/dashboard/segments
record recommendation-service scoreDashboardScenarios admin POST /api/v1/dashboard/scenarios \
    '{"base":{"genres":["Comedy"],"year":2026},"variations":{"runtimes":[95,120]}}'

# An A/A experiment (both variants the active version), with a little feedback to judge it by.
record recommendation-service startExperiment admin POST /api/v1/experiments \
    '{"name":"","variants":[{"name":"control","model":"active","share":70}]}'
record recommendation-service startExperiment admin POST /api/v1/experiments \
    "{\"name\":\"new ranking vs active\",\"variants\":[{\"name\":\"control\",\"model\":\"active\",\"share\":50},{\"name\":\"candidate\",\"model\":\"$active\",\"share\":50}]}"
experiment=$(curl -s 'http://localhost:8080/api/v1/experiments?limit=1' | jq '.[0].id')
events='[]'
for user in $(seq 1 40); do
    events=$(curl -s "http://localhost:8080/api/v1/users/$user/recommendations?limit=10" | jq --argjson e "$events" \
        '. as $r | $e + [.items[] | {userId: $r.userId, movieId, type: "impression", recommendationId: $r.recommendationId}]
         + [.items[:(.userId % 3)][] | {userId: $r.userId, movieId, type: "click", recommendationId: $r.recommendationId}]')
done
curl -sf -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"events\":$events}" http://localhost:8081/api/v1/events >/dev/null
record recommendation-service listExperiments open GET '/api/v1/experiments?limit=1'
record recommendation-service getExperiment open GET "/api/v1/experiments/$experiment"
record recommendation-service getExperiment open GET /api/v1/experiments/999999
record recommendation-service getExperimentResults open GET "/api/v1/experiments/$experiment/results"
record recommendation-service promoteExperimentVariant admin POST "/api/v1/experiments/$experiment/promote/nope"
record recommendation-service stopExperiment admin POST "/api/v1/experiments/$experiment/stop"
record recommendation-service stopExperiment admin POST "/api/v1/experiments/$experiment/stop"

echo "Recording (training-service)"
record training-service listTrainingRuns open GET '/api/v1/training-runs?limit=1'
record training-service getTrainingRun open GET /api/v1/training-runs/1
record training-service getTrainingRun open GET /api/v1/training-runs/999999
record training-service cancelTrainingRun admin POST /api/v1/training-runs/999999/cancel
record training-service startTrainingRun admin POST /api/v1/training-runs '{"epochs":0}'
# Last: these start real runs (a batch run and a training run that never activates).
record recommendation-service startBatchRun admin POST /api/v1/batch-runs '{"limit":100}'
record training-service startTrainingRun admin POST /api/v1/training-runs '{"activate":"never"}'
record ingestion-service startIngestion admin POST /api/v1/ingestions \
    "{\"source\":\"movielens\",\"location\":\"$PWD/data/ml-latest-small\"}"
echo "Recorded. Rebuild and rewrite docs/openapi (see the top of this script)."
