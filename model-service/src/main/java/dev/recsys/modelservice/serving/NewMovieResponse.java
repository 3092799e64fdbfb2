package dev.recsys.modelservice.serving;

import java.util.List;

/** The predicted rating of a new movie, and the people the model does not know (they are ignored). */
public record NewMovieResponse(long modelVersion, Integer userId, boolean coldStartUser, double rating,
                               List<String> unknownPeople) {
}
