package dev.recsys.model.hybrid;

import dev.recsys.model.data.RatingData;
import dev.recsys.sample.SampleDataGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A generated catalog read back into the model's input form: ratings and per-movie content. */
public record GeneratedCatalog(RatingData ratings, ItemContent[] content) {

    public static GeneratedCatalog generate(Path dir, int users, int movies, int ratings) throws IOException {
        new SampleDataGenerator(SampleDataGenerator.Options.small(dir).withSize(users, movies, ratings)).write();
        List<String> movieLines = Files.readAllLines(dir.resolve("movies.csv"), StandardCharsets.UTF_8);
        int[] movieIds = new int[movieLines.size() - 1];
        ItemContent[] content = new ItemContent[movieIds.length];
        for (int m = 1; m < movieLines.size(); m++) {
            String line = movieLines.get(m);
            int firstComma = line.indexOf(',');
            int lastComma = line.lastIndexOf(',');
            movieIds[m - 1] = Integer.parseInt(line.substring(0, firstComma));
            String title = line.substring(firstComma + 1, lastComma).replace("\"", "");
            List<String> genres = List.of(line.substring(lastComma + 1).split("\\|"));
            int year = Integer.parseInt(title.substring(title.lastIndexOf('(') + 1, title.lastIndexOf(')')));
            content[m - 1] = new ItemContent(genres, title.substring(0, title.lastIndexOf(" (")), List.of(), List.of(),
                    List.of(), year, null, null, null);
        }
        List<String> ratingLines = Files.readAllLines(dir.resolve("ratings.csv"), StandardCharsets.UTF_8);
        int n = ratingLines.size() - 1;
        int[] rawUsers = new int[n];
        int[] rawItems = new int[n];
        float[] values = new float[n];
        long[] times = new long[n];
        for (int r = 0; r < n; r++) {
            String[] f = ratingLines.get(r + 1).split(",");
            rawUsers[r] = Integer.parseInt(f[0]);
            rawItems[r] = Integer.parseInt(f[1]);
            values[r] = Float.parseFloat(f[2]);
            times[r] = Long.parseLong(f[3]);
        }
        RatingData data = RatingData.fromIds(rawUsers, rawItems, values, times, movieIds);
        // RatingData sorts item ids; MovieLens ids in the file are ascending already, so content lines up.
        if (!Arrays.equals(movieIds, Arrays.stream(movieIds).sorted().toArray())) {
            throw new IllegalStateException("movie ids are expected in ascending order");
        }
        return new GeneratedCatalog(data, content);
    }

    public ContentVocabulary.Encoded[] encoded(ContentVocabulary vocabulary) {
        List<ContentVocabulary.Encoded> encoded = new ArrayList<>();
        for (ItemContent item : content) {
            encoded.add(vocabulary.encode(item));
        }
        return encoded.toArray(ContentVocabulary.Encoded[]::new);
    }
}
