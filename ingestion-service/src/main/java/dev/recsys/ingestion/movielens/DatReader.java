package dev.recsys.ingestion.movielens;

import dev.recsys.ingestion.load.Fields;
import dev.recsys.ingestion.load.RowRejected;
import dev.recsys.ingestion.load.UserUpserts.Demographics;
import java.util.List;
import java.util.Locale;

/** ml-1m and ml-10m: '::'-separated .dat files without headers; ml-1m adds users.dat. */
final class DatReader implements LayoutReader {

    private static final String[] ML_1M_OCCUPATIONS = {
        "other", "academic/educator", "artist", "clerical/admin", "college/grad student", "customer service",
        "doctor/health care", "executive/managerial", "farmer", "homemaker", "K-12 student", "lawyer", "programmer",
        "retired", "sales/marketing", "scientist", "self-employed", "technician/engineer", "tradesman/craftsman",
        "unemployed", "writer"
    };

    @Override
    public MovieRow movie(String line) {
        // Split on the first and last '::' only: a title may contain '::' itself.
        int first = line.indexOf("::");
        int last = line.lastIndexOf("::");
        if (first < 0 || first == last) {
            throw new RowRejected("expected 3 fields separated by '::' (MovieID::Title::Genres)");
        }
        int movieId = Fields.positiveId("MovieID", line.substring(0, first));
        MovieTitles.TitleAndYear title = LayoutReader.title(line.substring(first + 2, last));
        return new MovieRow(movieId, title.title(), title.year(), LayoutReader.genreList(line.substring(last + 2)),
                null, null);
    }

    @Override
    public List<String> tagFields(String line) {
        int first = line.indexOf("::");
        int second = first < 0 ? -1 : line.indexOf("::", first + 2);
        int last = line.lastIndexOf("::");
        if (second < 0 || last <= second) {
            throw new RowRejected("expected 4 fields separated by '::' (UserID::MovieID::Tag::Timestamp)");
        }
        return List.of(line.substring(0, first), line.substring(first + 2, second), line.substring(second + 2, last),
                line.substring(last + 2));
    }

    @Override
    public Demographics user(String line) {
        String[] f = line.split("::", -1);
        if (f.length != 5) {
            throw new RowRejected("expected 5 fields (UserID::Gender::Age::Occupation::Zip-code) but found " + f.length);
        }
        int occupation = Fields.nonNegativeInt("Occupation", f[3]);
        if (occupation >= ML_1M_OCCUPATIONS.length) {
            throw new RowRejected("Occupation " + occupation + " is not an ml-1m occupation code (0-20)");
        }
        return new Demographics(Fields.positiveId("UserID", f[0]), gender(f[1]), Fields.nonNegativeInt("Age", f[2]),
                ML_1M_OCCUPATIONS[occupation], f[4].strip());
    }

    static String gender(String value) {
        String g = value.strip().toUpperCase(Locale.ROOT);
        if (!g.equals("M") && !g.equals("F")) {
            throw new RowRejected("gender '" + value + "' is not M or F");
        }
        return g;
    }
}
