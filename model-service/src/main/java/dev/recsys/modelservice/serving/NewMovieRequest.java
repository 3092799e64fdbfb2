package dev.recsys.modelservice.serving;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /predictions/new-movie}: a movie that is in no catalog, described by its content. */
@Schema(name = "NewMovieRequest")
public record NewMovieRequest(
        @Schema(description = "omit for an average user") Integer userId,
        @Schema(required = true, examples = "The Silent Harbor") String title,
        @Schema(examples = "[\"Drama\", \"Mystery\"]") List<String> genres,
        @Schema(description = "names, as in IMDb") List<String> directors,
        @Schema(description = "names, top-billed first") List<String> actors,
        List<String> writers,
        @Schema(examples = "112") Integer runtime,
        @Schema(examples = "2024") Integer year) {
}
