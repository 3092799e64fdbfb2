/**
 * training-service: trains the hybrid model on the catalog ({@code dataset}), runs training jobs,
 * evaluates them against baselines and registers the versions through model-runtime's registry
 * ({@code run}).
 */
package dev.recsys.training;
