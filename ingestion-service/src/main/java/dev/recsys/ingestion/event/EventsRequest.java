package dev.recsys.ingestion.event;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /events}: up to 10,000 events. */
@Schema(name = "EventsRequest")
public record EventsRequest(@Schema(required = true, maxItems = 10_000) List<NewEvent> events) {
}
