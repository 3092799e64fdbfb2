#!/bin/sh
# The weekly chain from this image's own jars (dev.recsys.client.WeeklyChain, the one implementation
# behind make weekly, make up, the sample loader and the Kubernetes CronJob): ingest WEEKLY_SOURCES
# (if any), train (WEEKLY_ACTIVATE: if-better or always), wait until recommendation-service serves
# the active version, compute every user's top-BATCH_LIMIT. Exits 1 at the first step that fails,
# with the reason as the last line of its log. The services' URLs default to their in-cluster names.
export INGESTION_URL="${INGESTION_URL:-http://ingestion-service:8081}"
export TRAINING_URL="${TRAINING_URL:-http://training-service:8082}"
export RECOMMENDATION_URL="${RECOMMENDATION_URL:-http://recommendation-service:8080}"
exec java -XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError -cp '/deployments/lib/main/*' dev.recsys.client.WeeklyChain
