package dev.recsys.modelruntime.segments;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The served version's taste segments. */
@Schema(name = "Segments")
public record Segments(long modelVersion, int k,
                       @Schema(description = "mean silhouette of the segmentation (−1..1; higher: better separated)")
                       double silhouette,
                       List<Segment> segments) {

    /** One segment: who is in it and what its users like more than everyone does. */
    @Schema(name = "Segment")
    public record Segment(int id, int users,
                          @Schema(description = "share of the model's users") double share,
                          @Schema(description = "mean rating its users give") double meanRating,
                          @Schema(description = "genres over-represented among what its users liked (rated ≥ 4), "
                                  + "lift = share in the segment ÷ share overall") List<Trait> genres,
                          @Schema(description = "directors over-represented the same way (with IMDb credits)")
                          List<Trait> directors,
                          @Schema(description = "movies liked far more in the segment than overall") List<Movie> movies) {
    }

    public record Trait(String name, double lift, double share) {
    }

    public record Movie(int movieId, String title, double lift, int likedBy) {
    }

    /** A user's segment in the served version. */
    @Schema(name = "UserSegment")
    public record UserSegment(int userId, long modelVersion, Segment segment,
                              @Schema(description = "true when the model was not trained on this user: the segment "
                                      + "of a vector folded in from their latest ratings. Absent otherwise.")
                              @JsonInclude(JsonInclude.Include.NON_NULL) Boolean folded) {
    }
}
