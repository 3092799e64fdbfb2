package dev.recsys.model.data;

import java.util.Arrays;

/**
 * Ratings as parallel primitive arrays over dense user and item indices, the form training and
 * evaluation work on (no object per rating). {@code userIds[u]} and {@code itemIds[i]} map dense
 * indices back to catalog ids; both are sorted, so {@link #userIndex} and {@link #itemIndex} are
 * binary searches.
 */
public final class RatingData {

    private final int[] userIds;
    private final int[] itemIds;
    private final int[] users;
    private final int[] items;
    private final float[] ratings;
    private final long[] timestamps;

    public RatingData(int[] userIds, int[] itemIds, int[] users, int[] items, float[] ratings, long[] timestamps) {
        if (users.length != items.length || users.length != ratings.length || users.length != timestamps.length) {
            throw new IllegalArgumentException("rating arrays differ in length");
        }
        this.userIds = userIds;
        this.itemIds = itemIds;
        this.users = users;
        this.items = items;
        this.ratings = ratings;
        this.timestamps = timestamps;
    }

    /** Builds dense indices from raw (userId, movieId, rating, epochSeconds) columns. */
    public static RatingData fromIds(int[] rawUsers, int[] rawItems, float[] ratings, long[] timestamps, int[] allItemIds) {
        int[] userIds = Arrays.stream(rawUsers).distinct().sorted().toArray();
        int[] itemIds = allItemIds == null ? Arrays.stream(rawItems).distinct().sorted().toArray()
                : Arrays.stream(allItemIds).distinct().sorted().toArray();
        int[] users = new int[rawUsers.length];
        int[] items = new int[rawItems.length];
        for (int r = 0; r < rawUsers.length; r++) {
            users[r] = Arrays.binarySearch(userIds, rawUsers[r]);
            items[r] = Arrays.binarySearch(itemIds, rawItems[r]);
            if (items[r] < 0) {
                throw new IllegalArgumentException("rating of movie " + rawItems[r] + " which is not in the item list");
            }
        }
        return new RatingData(userIds, itemIds, users, items, ratings, timestamps);
    }

    public int size() {
        return users.length;
    }

    public int userCount() {
        return userIds.length;
    }

    public int itemCount() {
        return itemIds.length;
    }

    public int user(int rating) {
        return users[rating];
    }

    public int item(int rating) {
        return items[rating];
    }

    public float rating(int rating) {
        return ratings[rating];
    }

    public long timestamp(int rating) {
        return timestamps[rating];
    }

    public int userId(int userIndex) {
        return userIds[userIndex];
    }

    public int itemId(int itemIndex) {
        return itemIds[itemIndex];
    }

    /** Dense index of a user id, or a negative number if the user has no rating here. */
    public int userIndex(int userId) {
        return Arrays.binarySearch(userIds, userId);
    }

    /** Dense index of a movie id, or a negative number if it is not known. */
    public int itemIndex(int itemId) {
        return Arrays.binarySearch(itemIds, itemId);
    }
}
