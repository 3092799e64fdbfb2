package dev.recsys.insights;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Movies released per month or per weekday, in calendar order. */
@Schema(name = "ReleaseCounts")
public record ReleaseCounts(
        @Schema(enumeration = {"month", "weekday"}) String by,
        List<Item> items,
        @Schema(description = "the number of months (12) or weekdays (7)") long total, int limit, int offset,
        @Schema(description = "movies matching the filters whose release date does not give the month or the weekday "
                + "(no date, or a year only): left out of the counts") long moviesWithoutDate) {

    /** One month or weekday and its number of movies. */
    @Schema(name = "ReleaseCount")
    public record Item(@Schema(examples = "January") String name, @Schema(examples = "412") long movies) {
    }
}
