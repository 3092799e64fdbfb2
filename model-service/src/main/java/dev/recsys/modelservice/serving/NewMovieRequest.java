package dev.recsys.modelservice.serving;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /predictions/new-movie}: a movie that is in no catalog, described by its content. */
@Schema(name = "NewMovieRequest")
public record NewMovieRequest(
        @Schema(description = "one user; omit (and omit userIds) for the average user") Integer userId,
        @Schema(description = "up to 10,000 users scored in one call (instead of userId)", examples = "[1, 2, 3]")
        List<Integer> userIds,
        @Schema(required = true, examples = "The Silent Harbor") String title,
        @Schema(examples = "[\"Drama\", \"Mystery\"]") List<String> genres,
        @Schema(description = "names, as in IMDb") List<String> directors,
        @Schema(description = "names, top-billed first") List<String> actors,
        List<String> writers,
        @Schema(examples = "112") Integer runtime,
        @Schema(examples = "2024") Integer year,
        @Schema(description = "IMDb average rating, when the movie has one (optional for unreleased movies)",
                examples = "7.4") Float imdbRating,
        @Schema(description = "IMDb vote count, with imdbRating", examples = "12000") Integer imdbVotes,
        @Schema(description = "what the movie is about (at most 5,000 characters, no control characters); embedded "
                + "with the title when the active model reads movie text, else listed in unusedFields",
                examples = "A lighthouse keeper finds a stranger washed ashore during a winter storm.") String plot,
        @Schema(description = "production budget in US dollars (public rating only)", examples = "25000000") Long budget,
        @Schema(description = "planned release month, 1-12 (public rating only)", examples = "10") Integer releaseMonth,
        @Schema(description = "ISO 639-1 code (public rating only)", examples = "en") String originalLanguage,
        @Schema(description = "production companies, as TMDB names them (public rating only)", examples = "[\"Pixar\"]")
        List<String> companies,
        @Schema(description = "production countries: ISO 3166-1 codes or English names (public rating only)",
                examples = "[\"US\"]") List<String> countries,
        @Schema(description = "what a pitch would say, as TMDB keywords (public rating only)", examples = "[\"lighthouse\"]")
        List<String> keywords,
        @Schema(description = "the franchise it continues, as TMDB names the collection (public rating; a title that "
                + "continues a catalog movie's, such as \"... 2\", finds its franchise without it)",
                examples = "Toy Story Collection") String collection) {

    /** The TMDB fields as the public-rating model reads them; null when none is given. */
    dev.recsys.model.hybrid.ReleaseFacts releaseFacts() {
        dev.recsys.model.hybrid.ReleaseFacts facts = dev.recsys.model.hybrid.ReleaseFacts.planned(budget, releaseMonth,
                originalLanguage, companies, countries == null ? null
                        : countries.stream().map(dev.recsys.model.hybrid.ReleaseFacts::countryCode).toList(), keywords, collection);
        return facts.saysAnything() ? facts : null;
    }
}
