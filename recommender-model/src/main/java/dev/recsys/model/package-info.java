/**
 * The recommender model shared by training, serving and batch scoring: rating data in compact
 * arrays ({@code data}), the evaluation protocol with its baselines ({@code eval}), and the hybrid
 * collaborative + content network with its artifact format.
 */
package dev.recsys.model;
