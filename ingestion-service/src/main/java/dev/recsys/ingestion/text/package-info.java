/**
 * The last phase of an ingestion that can change what movies are about: each movie's text (title, its
 * users' tags, genome tags, plot) is built from the catalog, and the texts without a stored vector are
 * embedded ({@link dev.recsys.ingestion.text.TextEmbeddingPhase}).
 */
package dev.recsys.ingestion.text;
