package dev.recsys.model.hybrid;

import dev.recsys.model.data.UserHistories;
import dev.recsys.model.implicit.EaseModel;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The "will pick" head of top-N: the item-item model ({@link EaseModel}) over the movies a user rated
 * and liked, its {@link ContentNeighbours} for the movies it does not model, and the weight of the
 * rating head's "will like" term next to it (chosen on validation data by {@link HybridTuner}).
 */
final class ItemItemHead {

    /** No item-item head: top-N is the "will like" term alone (a rating head fitted alone, or too few co-rated movies). */
    static final ItemItemHead NONE = new ItemItemHead(null, 0, new int[0], 0);

    /** Null when there is no head. */
    final EaseModel ease;
    /** Weight of the rating head's "will like" term in top-N scores. */
    final float likeWeight;
    final ContentNeighbours neighbours;

    ItemItemHead(EaseModel ease, float likeWeight, int[] contentNeighbours, int movieCount) {
        this.ease = ease;
        this.likeWeight = likeWeight;
        this.neighbours = new ContentNeighbours(ease, contentNeighbours, movieCount);
    }

    /**
     * Fits the head on the training histories (graded targets, the params' λ) and links the content
     * neighbours of the movies it does not model; without enough co-rated movies, a head with no
     * model that still carries the params' weight.
     */
    static ItemItemHead fit(ModelTables tables, UserHistories liked) {
        int movies = tables.movieIds.length;
        ModelParams params = tables.params;
        EaseModel ease = EaseModel.fit(tables.histories(), liked, movies, params.itemItemLambda(),
                params.itemItemMaxItems(), tables.manager);
        int[] neighbours = ease == null ? new int[0] : ContentNeighbours.link(ease, tables.encoder, tables.movieContent,
                params.dimension(), tables.manager);
        return new ItemItemHead(ease, params.likeWeight(), neighbours, movies);
    }

    /** Whether the head reads the movies a user liked (then the artifact carries the liked histories). */
    boolean readsLiked() {
        return ease != null && ease.readsLiked();
    }

    /** Weight of the rating head's "will like" term: all of top-N without a head. */
    float likeTermWeight() {
        return ease == null ? 1 : likeWeight;
    }

    /** Scratch for {@link #addPickScores}: one value per modelled movie; null without a head. */
    float[] newPickScratch() {
        return ease == null ? null : new float[ease.modelledCount()];
    }

    /**
     * Adds the "will pick" score of {@code history} and {@code liked} to every movie's score in
     * {@code out[offset, +movieCount)} (a borrowed one for a movie the head does not model).
     */
    void addPickScores(int[] history, int[] liked, float[] out, int offset, int movieCount, float[] pickBySlot) {
        if (ease == null) {
            return;
        }
        ease.slotScores(history, liked, pickBySlot);
        for (int movie = 0; movie < movieCount; movie++) {
            if (neighbours.borrows(movie)) {
                out[offset + movie] += neighbours.borrowedScore(movie, pickBySlot);
            } else {
                out[offset + movie] += pickBySlot[ease.slot(movie)];
            }
        }
    }

    /** The head's part of the artifact: the weight, whether there is a model, then the model and its neighbours. */
    void write(DataOutputStream out) throws IOException {
        out.writeFloat(likeWeight);
        out.writeBoolean(ease != null);
        if (ease != null) {
            ease.write(out);
            ModelArtifact.writeInts(out, neighbours.neighbours);
        }
    }

    static ItemItemHead read(DataInputStream in, int movieCount, int version) throws IOException {
        float likeWeight = in.readFloat();
        if (!in.readBoolean()) {
            return new ItemItemHead(null, likeWeight, new int[0], movieCount);
        }
        EaseModel ease = EaseModel.read(in, movieCount, version >= 4);
        int[] neighbours = ModelArtifact.readInts(in);
        if (neighbours.length != (movieCount - ease.modelledCount()) * ContentNeighbours.NEIGHBOURS) {
            throw new IOException("model artifact is inconsistent: content neighbours do not match the item-item head");
        }
        return new ItemItemHead(ease, likeWeight, neighbours, movieCount);
    }
}
