/**
 * What a movie is about, as text and as a sentence embedding: {@link dev.recsys.text.MovieText} builds the
 * text, {@link dev.recsys.text.TextEmbedder} embeds it (all-MiniLM-L6-v2, ONNX Runtime, offline).
 */
package dev.recsys.text;
