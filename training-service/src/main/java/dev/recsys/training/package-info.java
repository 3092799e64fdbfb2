/**
 * training-service: trains the hybrid model on the catalog ({@code dataset}), runs training jobs
 * and evaluates them against baselines ({@code run}), and registers model versions
 * ({@code registry}).
 */
package dev.recsys.training;
