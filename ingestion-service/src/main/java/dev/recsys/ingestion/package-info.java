/**
 * ingestion-service: loads MovieLens releases (every format) and IMDb dumps into the
 * {@code catalog} schema, accepts new ratings and serves catalog reads.
 *
 * <ul>
 * <li>{@code source}: where input files come from (directory, file, zip, gz, URL)</li>
 * <li>{@code load}: shared loading machinery (line reading, COPY, reject bookkeeping)</li>
 * <li>{@code movielens}, {@code imdb}: the two loaders</li>
 * <li>{@code job}: ingestion jobs, their records and their API</li>
 * <li>{@code catalog}, {@code rating}: catalog reads and new ratings</li>
 * </ul>
 */
package dev.recsys.ingestion;
