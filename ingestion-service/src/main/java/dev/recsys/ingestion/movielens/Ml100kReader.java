package dev.recsys.ingestion.movielens;

import dev.recsys.ingestion.load.Fields;
import dev.recsys.ingestion.load.RowRejected;
import dev.recsys.ingestion.load.UserUpserts.Demographics;
import java.util.ArrayList;
import java.util.List;

/** ml-100k: '|'-separated u.item (genres as 19 flags) and u.user. */
final class Ml100kReader implements LayoutReader {

    private static final String[] GENRES = {
        "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama",
        "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western"
    };

    @Override
    public MovieRow movie(String line) {
        String[] fields = line.split("\\|", -1);
        if (fields.length != 5 + GENRES.length) {
            throw new RowRejected("expected " + (5 + GENRES.length) + " fields separated by '|' but found "
                    + fields.length);
        }
        int movieId = Fields.positiveId("movie id", fields[0]);
        MovieTitles.TitleAndYear title = LayoutReader.title(fields[1]);
        Integer year = title.year();
        // Without a year in the title, the release date (01-Jan-1995) has it.
        if (year == null && fields[2].matches("\\d{2}-[A-Za-z]{3}-\\d{4}")) {
            year = Integer.valueOf(fields[2].substring(7));
        }
        List<String> genres = new ArrayList<>();
        for (int g = 0; g < GENRES.length; g++) {
            String flag = fields[5 + g].strip();
            if (!flag.equals("0") && !flag.equals("1")) {
                throw new RowRejected("genre flag " + GENRES[g] + " is '" + flag + "', expected 0 or 1");
            }
            if (flag.equals("1") && g > 0) {
                genres.add(GENRES[g]);
            }
        }
        return new MovieRow(movieId, title.title(), year, genres, null, null);
    }

    @Override
    public Demographics user(String line) {
        String[] f = line.split("\\|", -1);
        if (f.length != 5) {
            throw new RowRejected("expected 5 fields (user id|age|gender|occupation|zip code) but found " + f.length);
        }
        return new Demographics(Fields.positiveId("user id", f[0]), DatReader.gender(f[2]),
                Fields.nonNegativeInt("age", f[1]), f[3].strip(), f[4].strip());
    }
}
