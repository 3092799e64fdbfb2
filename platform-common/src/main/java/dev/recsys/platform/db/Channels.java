package dev.recsys.platform.db;

/** The PostgreSQL LISTEN/NOTIFY channels the services talk on. */
public final class Channels {

    /**
     * A rating was written: the payload is the user id, or {@link #ALL_USERS} after a bulk load.
     * Sent by a trigger on catalog.ratings (catalog-schema V2) and by bulk loads.
     */
    public static final String RATING_CHANGES = "catalog_ratings";

    /** Payload of a {@link #RATING_CHANGES} notice that may concern every user. */
    public static final String ALL_USERS = "*";

    /** A model version became active: the payload is the version. Every model-serving replica listens. */
    public static final String MODEL_ACTIVATED = "model_activated";

    /** Set to 'on' for a bulk load's transaction: the per-row rating notices are skipped. */
    public static final String BULK_LOAD_SETTING = "recsys.bulk_load";

    private Channels() {
    }
}
