/**
 * model-service: the model registry API over {@code training.model_versions} ({@code registry})
 * and online predictions from the active version, hot-swapped without restart ({@code serving}).
 */
package dev.recsys.modelservice;
