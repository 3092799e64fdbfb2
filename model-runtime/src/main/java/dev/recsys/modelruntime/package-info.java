/**
 * What every service that scores with the active model shares (model-service, recommendation-service):
 * reading the registry, loading the active version, swapping it on activation without restart, and
 * readiness that waits for a loaded model.
 */
package dev.recsys.modelruntime;
