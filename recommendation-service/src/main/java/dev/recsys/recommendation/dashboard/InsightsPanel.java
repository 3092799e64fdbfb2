package dev.recsys.recommendation.dashboard;

import dev.recsys.insights.MoneyFigures;
import dev.recsys.insights.ReleaseCounts;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the dashboard's insights panel draws: releases by month and weekday, the top collections and companies. */
@Schema(name = "InsightsPanel")
public record InsightsPanel(ReleaseCounts releasesByMonth, ReleaseCounts releasesByWeekday,
                            @Schema(description = "the 10 collections with the most revenue") MoneyFigures.Page collections,
                            @Schema(description = "the 10 production companies with the most revenue") MoneyFigures.Page companies) {
}
