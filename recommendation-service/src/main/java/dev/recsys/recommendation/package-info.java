/**
 * recommendation-service, one package per feature: {@code recommend} (a user's top-N from the batch
 * lists, live scoring or popularity), {@code discovery} (similar, popular, anonymous visitors),
 * {@code search} (by title or description, movies like a described one), {@code explain} (reasons),
 * {@code catalog} (the cached catalog reads and the rating notices they rely on), {@code batch} (the
 * job that precomputes every user's list) and {@code dashboard}.
 */
package dev.recsys.recommendation;
