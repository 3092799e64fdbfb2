/**
 * recommendation-service: the batch job that precomputes top-N lists for every user ({@code batch})
 * and the recommendation API that serves them, live scores or popularity ({@code api}).
 */
package dev.recsys.recommendation;
