package dev.recsys.ingestion.job;

import com.fasterxml.jackson.annotation.JsonValue;

/** What an ingestion loads. */
public enum Source {
    /** A MovieLens release, any of its layouts. */
    MOVIELENS("movielens"),
    /** IMDb's TSV dumps (title.basics, title.crew, title.principals, title.ratings, name.basics). */
    IMDB("imdb"),
    /** An operator's plots: a CSV of movieId,plot or imdbId,plot. */
    PLOTS("plots"),
    /** TMDB metadata: Kaggle's "The Movies Dataset" or "TMDB 5000". */
    TMDB("tmdb");

    private final String json;

    Source(String json) {
        this.json = json;
    }

    /** The source a run record stores ({@link #toString}). */
    static Source of(String stored) {
        for (Source source : values()) {
            if (source.json.equals(stored)) {
                return source;
            }
        }
        throw new IllegalArgumentException("unknown ingestion source '" + stored + "'");
    }

    /** The value in JSON, in the run record and in messages. */
    @JsonValue
    @Override
    public String toString() {
        return json;
    }
}
