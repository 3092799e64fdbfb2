-- Every write to ratings tells listeners (recommendation-service) which user changed, so that a
-- cached list can skip the "rated since" lookup for users whose ratings did not change. PostgreSQL
-- delivers the notice on commit and folds duplicates within a transaction. Bulk loads set
-- recsys.bulk_load = 'on' for their transaction and send one '*' notice instead of a notice per row.
CREATE FUNCTION notify_rating_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('catalog_ratings', NEW.user_id::text);
    RETURN NULL;
END;
$$;

CREATE TRIGGER ratings_changed
    AFTER INSERT OR UPDATE ON ratings
    FOR EACH ROW
    WHEN (current_setting('recsys.bulk_load', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION notify_rating_change();
