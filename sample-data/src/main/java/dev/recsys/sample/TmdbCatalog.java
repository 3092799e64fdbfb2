package dev.recsys.sample;

import dev.recsys.sample.SampleWorld.Movie;
import dev.recsys.sample.SampleWorld.Person;
import dev.recsys.sample.TmdbVocabulary.Cast;
import dev.recsys.sample.TmdbVocabulary.Collection;
import dev.recsys.sample.TmdbVocabulary.Company;
import dev.recsys.sample.TmdbVocabulary.Country;
import dev.recsys.sample.TmdbVocabulary.Crew;
import dev.recsys.sample.TmdbVocabulary.Genre;
import dev.recsys.sample.TmdbVocabulary.Keyword;
import dev.recsys.sample.TmdbVocabulary.Language;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * TMDB's view of the sample world: one TMDB movie per world movie that has a tmdbId (same title,
 * year, IMDb id, director, writers and cast), then TMDB-only movies with higher TMDB and IMDb ids.
 * Credits are built on demand, so that 190 MB of them never sit in memory. A pure function of the seed.
 */
final class TmdbCatalog {

    record TmdbMovie(int id, Integer imdbId, Movie world, String title, String originalTitle, String language,
                     String overview, String tagline, String homepage, String posterPath, Collection collection,
                     long budget, long revenue, Integer runtime, String releaseDate, double popularity,
                     double voteAverage, int voteCount, String status, boolean adult, boolean video,
                     List<Genre> genres, List<Company> companies, List<Country> countries, List<Language> spoken,
                     List<Keyword> keywords, int extraCast, int extraCrew) {
    }

    record Credits(List<Cast> cast, List<Crew> crew) {
    }

    /** The movie at this index gets a crew of this size, so that one credits cell is over 100 KB like the real file's. */
    private static final int HUGE_CREW_INDEX = 1;
    private static final int HUGE_CREW = 1_000;
    private static final int EXTRA_PEOPLE = 200_000;
    /** The real release dates that ended up in the id column of The Movies Dataset's three broken rows. */
    private static final String[] BROKEN_DATES = {"1997-08-20", "2012-09-29", "2014-01-01"};
    private static final String[] STATUSES = {"Rumored", "Post Production", "In Production", "Planned", "Canceled"};
    private static final String[] OVERVIEW_OPENINGS = {
        "Back in the harbor town, %s", "After a strange letter arrives, %s", "Years after the war, %s",
        "Led by a stranger, %s", "In 1920s Paris, %s", "Nobody believed it, but %s"
    };
    private static final String[] OVERVIEW_ENDINGS = {
        "must decide what the family's secret is worth.", "finds that the \"accident\" was no accident.",
        "sets out on a journey north, with nothing but a map and a promise.", "learns that winter lasts longer here.",
        "starts a café, against everyone's advice.", "uncovers a plot that reaches the city's highest office."
    };
    private static final String[] TAGLINES = {
        "Some secrets never sleep.", "One night. One chance.", "Based on a true story.", "Don't look back.",
        "The legend is \"real\".", "Love, in all its forms", "It's not the end."
    };

    final List<TmdbMovie> movies = new ArrayList<>();
    /** Well-formed movies whose records the movies file breaks (the shifted rows); they are in no other file. */
    final List<TmdbMovie> broken = new ArrayList<>();
    final int linked;
    private final long seed;

    TmdbCatalog(long seed, List<Movie> world, int tmdbOnlyMovies) {
        this.seed = seed;
        int maxTmdbId = 0;
        int maxImdbId = 0;
        Set<Integer> seen = new HashSet<>();
        for (Movie m : world) {
            maxImdbId = Math.max(maxImdbId, m.imdbId());
            if (m.tmdbId() != null) {
                maxTmdbId = Math.max(maxTmdbId, m.tmdbId());
                // A real links.csv may link two MovieLens movies to one TMDB id; TMDB lists it once.
                if (seen.add(m.tmdbId())) {
                    movies.add(fromWorld(m, movies.size()));
                }
            }
        }
        linked = movies.size();
        SplittableRandom ids = new SplittableRandom(seed * 998_244_353L + 17);
        int tmdbId = maxTmdbId;
        int imdbId = maxImdbId;
        for (int i = 0; i < tmdbOnlyMovies + BROKEN_DATES.length; i++) {
            tmdbId += 1 + ids.nextInt(8);
            // Small steps keep most IMDb ids at the seven digits the 2017 file had.
            imdbId += 1 + ids.nextInt(20);
            if (i < tmdbOnlyMovies) {
                movies.add(tmdbOnly(tmdbId, imdbId, i, movies.size(), null));
            } else {
                broken.add(tmdbOnly(tmdbId, imdbId, i, movies.size(), BROKEN_DATES[i - tmdbOnlyMovies]));
            }
        }
        assignCollections();
    }

    private TmdbMovie fromWorld(Movie m, int index) {
        SplittableRandom r = random(m.tmdbId(), 1);
        List<Genre> genres = new ArrayList<>();
        for (int g : m.genres()) {
            Genre genre = tmdbGenre(SampleWorld.GENRES[g]);
            if (genre != null && !genres.contains(genre)) {
                genres.add(genre);
            }
        }
        double voteAverage = Math.max(1, Math.min(10, ImdbDumpWriter.imdbAverage(m) + 0.3 * r.nextGaussian()));
        return common(r, m.tmdbId(), m.imdbId(), m, tmdbTitle(m.title()), m.year(), m.runtime(), genres,
                3 * m.popularity(), voteAverage, (int) Math.round(10 + 300 * m.popularity()), index, false, false);
    }

    private TmdbMovie tmdbOnly(int id, int imdbId, int i, int index, String brokenDate) {
        SplittableRandom r = random(id, 1);
        List<Genre> genres = new ArrayList<>();
        int count = r.nextInt(12) == 0 ? 0 : 1 + r.nextInt(3);
        while (genres.size() < count) {
            Genre genre = TmdbVocabulary.GENRES.get(r.nextInt(TmdbVocabulary.GENRES.size()));
            if (!genres.contains(genre)) {
                genres.add(genre);
            }
        }
        int year = 2017 - (int) Math.min(110, Math.abs(r.nextGaussian() * 30));
        int runtime = r.nextInt(25) == 0 ? 0 : 60 + r.nextInt(90);
        int votes = r.nextInt(8) == 0 ? 0 : (int) Math.exp(3 * r.nextDouble() * r.nextDouble() * 3);
        double average = votes == 0 ? 0 : Math.round(10 * (4 + 5 * r.nextDouble())) / 10.0;
        // Fixed positions rather than chance, so that every sample of 20 or more TMDB-only movies has each quirk.
        boolean adult = i % 500 == 3;
        boolean video = i % 400 == 11;
        Integer imdb = i % 300 == 7 ? null : imdbId;
        TmdbMovie movie = common(r, id, imdb, null, "The " + word(r) + " " + word(r), year, runtime, genres,
                Math.exp(1.5 * r.nextGaussian() - 1), average, votes, index, adult, video);
        if (brokenDate != null) {
            return withDate(movie, brokenDate);
        }
        return i % 250 == 13 ? withDate(movie, null) : movie;
    }

    private TmdbMovie common(SplittableRandom r, int id, Integer imdbId, Movie world, String title, int year,
                             int runtime, List<Genre> genres, double popularity, double voteAverage, int voteCount,
                             int index, boolean adult, boolean video) {
        String language = r.nextInt(4) != 0 ? "en"
                : TmdbVocabulary.LANGUAGES.get(1 + r.nextInt(TmdbVocabulary.LANGUAGES.size() - 1)).code();
        String originalTitle = TmdbVocabulary.NATIVE_TITLES.containsKey(language) && r.nextBoolean()
                ? TmdbVocabulary.NATIVE_TITLES.get(language) + " " + (id % 97) : title;
        String overview = overview(r, title, index);
        String tagline = r.nextInt(100) < 45 ? TAGLINES[r.nextInt(TAGLINES.length)] : "";
        String homepage = r.nextInt(5) == 0 ? "http://www." + title.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "") + ".com/" : "";
        String poster = r.nextInt(100) == 0 ? "" : "/" + TmdbVocabulary.imagePath(id) + ".jpg";
        // About half the budgets and 60% of the revenues are 0, TMDB's "unknown", as in the real file.
        long budget = r.nextInt(2) == 0 ? 0 : 100_000L * Math.max(1, Math.round(150 * Math.exp(1.3 * r.nextGaussian())));
        long revenue = budget > 0 && r.nextInt(10) < 8 ? Math.round(budget * Math.exp(0.3 + 1.2 * r.nextGaussian())) : 0;
        String date = String.format(Locale.ROOT, "%04d-%02d-%02d", year, 1 + r.nextInt(12), 1 + r.nextInt(28));
        String status = r.nextInt(50) == 0 ? STATUSES[r.nextInt(STATUSES.length)] : "Released";
        List<Company> companies = pick(r, TmdbVocabulary.COMPANIES, r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(3));
        List<Country> countries = pick(r, TmdbVocabulary.COUNTRIES, r.nextInt(20) == 0 ? 0 : 1 + (r.nextInt(4) == 0 ? 1 : 0));
        if (!countries.isEmpty() && r.nextInt(3) != 0) {
            countries.set(0, TmdbVocabulary.COUNTRIES.get(0));
            countries = new ArrayList<>(new LinkedHashSet<>(countries));
        }
        List<Language> spoken = new ArrayList<>();
        if (r.nextInt(30) != 0) {
            spoken.add(TmdbVocabulary.LANGUAGES.stream().filter(l -> l.code().equals(language)).findFirst().orElseThrow());
            if (r.nextInt(5) == 0) {
                Language other = TmdbVocabulary.LANGUAGES.get(r.nextInt(TmdbVocabulary.LANGUAGES.size()));
                if (!spoken.contains(other)) {
                    spoken.add(other);
                }
            }
        }
        List<Keyword> keywords = pick(r, TmdbVocabulary.KEYWORDS, r.nextInt(10) < 3 ? 0 : 1 + (int) (12 * r.nextDouble() * r.nextDouble()));
        // Cast and crew sizes are tuned so that credits.csv comes to about 190 MB for 45,466 movies.
        int extraCast = r.nextInt(20) == 0 ? 0 : (int) Math.round(13.4 * Math.exp(0.7 * r.nextGaussian() - 0.245));
        int extraCrew = index == HUGE_CREW_INDEX ? HUGE_CREW
                : r.nextInt(30) == 0 ? 0 : (int) Math.round(10.5 * Math.exp(0.8 * r.nextGaussian() - 0.32));
        Integer runtimeOrEmpty = index % 211 == 17 ? null : runtime;
        return new TmdbMovie(id, imdbId, world, title, originalTitle, language, overview, tagline, homepage, poster, null,
                budget, revenue, runtimeOrEmpty, date, popularity, voteAverage, voteCount, status, adult, video,
                genres, companies, countries, spoken, keywords, extraCast, extraCrew);
    }

    private static String overview(SplittableRandom r, String title, int index) {
        if (index % 150 == 19) {
            return "";
        }
        String first = String.format(Locale.ROOT, OVERVIEW_OPENINGS[r.nextInt(OVERVIEW_OPENINGS.length)],
                TmdbVocabulary.extraPersonName(r.nextInt(500))) + " " + OVERVIEW_ENDINGS[r.nextInt(OVERVIEW_ENDINGS.length)];
        // Some real overviews run over several lines inside their quotes.
        return index % 97 == 5 ? first + "\n\n" + title + " is the second part of the story.\nIt ends in " + word(r) + "."
                : first;
    }

    /** Franchises: about one movie in ten belongs to a collection of 2 to 5 movies. */
    private void assignCollections() {
        SplittableRandom r = new SplittableRandom(seed * 998_244_353L + 29);
        int count = Math.max(3, movies.size() / 35);
        boolean[] taken = new boolean[movies.size()];
        int free = movies.size();
        for (int k = 0; k < count && free >= 5; k++) {
            Collection collection = TmdbVocabulary.collection(k);
            int size = 2 + r.nextInt(4);
            for (int member = 0; member < size; ) {
                int index = r.nextInt(movies.size());
                if (!taken[index]) {
                    taken[index] = true;
                    free--;
                    member++;
                    TmdbMovie m = movies.get(index);
                    movies.set(index, new TmdbMovie(m.id(), m.imdbId(), m.world(), m.title(), m.originalTitle(),
                            m.language(), m.overview(), m.tagline(), m.homepage(), m.posterPath(), collection,
                            m.budget(), m.revenue(), m.runtime(), m.releaseDate(), m.popularity(), m.voteAverage(),
                            m.voteCount(), m.status(), m.adult(), m.video(), m.genres(), m.companies(), m.countries(),
                            m.spoken(), m.keywords(), m.extraCast(), m.extraCrew()));
                }
            }
        }
    }

    /**
     * Cast and crew. A world movie keeps its cast in billing order, its director (job Director) and
     * writers (Screenplay or Writer), each with TMDB id nconst + 1,000,000 and the world's name; generated
     * people follow, with ids from 100,000 and names the world never uses.
     */
    Credits credits(TmdbMovie movie) {
        SplittableRandom r = random(movie.id(), 2);
        List<Cast> cast = new ArrayList<>();
        List<Crew> crew = new ArrayList<>();
        int castId = 1 + r.nextInt(20);
        if (movie.world() != null) {
            for (Person actor : movie.world().cast()) {
                cast.add(new Cast(castId++, character(r), creditId(r), worldGender(actor), tmdbPersonId(actor),
                        actor.name(), cast.size()));
            }
            Person director = movie.world().director();
            crew.add(new Crew(creditId(r), "Directing", worldGender(director), tmdbPersonId(director), "Director",
                    director.name()));
            for (Person writer : movie.world().writers()) {
                crew.add(new Crew(creditId(r), "Writing", worldGender(writer), tmdbPersonId(writer),
                        r.nextBoolean() ? "Screenplay" : "Writer", writer.name()));
            }
        } else {
            int director = extraPerson(r);
            crew.add(new Crew(creditId(r), "Directing", extraGender(director), extraId(director), "Director",
                    TmdbVocabulary.extraPersonName(director)));
            for (int w = 1 + r.nextInt(2); w > 0; w--) {
                int writer = extraPerson(r);
                crew.add(new Crew(creditId(r), "Writing", extraGender(writer), extraId(writer),
                        TmdbVocabulary.WRITING_JOBS[r.nextInt(TmdbVocabulary.WRITING_JOBS.length)],
                        TmdbVocabulary.extraPersonName(writer)));
            }
        }
        for (int i = 0; i < movie.extraCast(); i++) {
            int person = extraPerson(r);
            cast.add(new Cast(castId++, character(r), creditId(r), extraGender(person), extraId(person),
                    TmdbVocabulary.extraPersonName(person), cast.size()));
        }
        for (int i = 0; i < movie.extraCrew(); i++) {
            int person = extraPerson(r);
            String[] job = TmdbVocabulary.CREW_JOBS[r.nextInt(TmdbVocabulary.CREW_JOBS.length)];
            crew.add(new Crew(creditId(r), job[0], extraGender(person), extraId(person), job[1],
                    TmdbVocabulary.extraPersonName(person)));
        }
        return new Credits(cast, crew);
    }

    static int tmdbPersonId(Person person) {
        return person.nconst() + TmdbVocabulary.WORLD_PERSON_OFFSET;
    }

    /** The IMDb dump calls even nconsts actresses; TMDB codes female 1, male 2. */
    private static int worldGender(Person person) {
        return person.nconst() % 2 == 0 ? 1 : 2;
    }

    private static int extraGender(int person) {
        return person % 3;
    }

    private static int extraId(int person) {
        return TmdbVocabulary.EXTRA_PERSON_BASE + person;
    }

    private static int extraPerson(SplittableRandom r) {
        // Power law, as in the world: some people work on many movies, most on one.
        return (int) Math.min(EXTRA_PEOPLE - 1, Math.floor(EXTRA_PEOPLE * Math.pow(r.nextDouble(), 2.5)));
    }

    private static String character(SplittableRandom r) {
        return TmdbVocabulary.character(r.nextInt(TmdbVocabulary.characterTemplates()), r.nextInt(EXTRA_PEOPLE));
    }

    /** TMDB credit ids are 24 hex digits. */
    private static String creditId(SplittableRandom r) {
        // Two million of these for the big preset: String.format would be most of the run time.
        String high = Long.toHexString(r.nextLong() >>> 32 | 1L << 32).substring(1);
        String low = Long.toHexString(r.nextLong());
        return high + "0".repeat(16 - low.length()) + low;
    }

    /** TMDB writes "The Harbor" where MovieLens writes "Harbor, The". */
    static String tmdbTitle(String movieLensTitle) {
        return movieLensTitle.endsWith(", The")
                ? "The " + movieLensTitle.substring(0, movieLensTitle.length() - ", The".length()) : movieLensTitle;
    }

    private static Genre tmdbGenre(String movieLensGenre) {
        String name = switch (movieLensGenre) {
            case "Children" -> "Family";
            case "Sci-Fi" -> "Science Fiction";
            case "Musical" -> "Music";
            default -> movieLensGenre;
        };
        return TmdbVocabulary.GENRES.stream().filter(g -> g.name().equals(name)).findFirst().orElse(null);
    }

    private static TmdbMovie withDate(TmdbMovie m, String date) {
        return new TmdbMovie(m.id(), m.imdbId(), m.world(), m.title(), m.originalTitle(), m.language(), m.overview(),
                m.tagline(), m.homepage(), m.posterPath(), m.collection(), m.budget(), m.revenue(), m.runtime(),
                date, m.popularity(), m.voteAverage(), m.voteCount(), m.status(), m.adult(), m.video(), m.genres(),
                m.companies(), m.countries(), m.spoken(), m.keywords(), m.extraCast(), m.extraCrew());
    }

    private static <T> List<T> pick(SplittableRandom r, List<T> from, int count) {
        int[] indices = r.ints(0, from.size()).distinct().limit(Math.min(count, from.size())).toArray();
        List<T> picked = new ArrayList<>(indices.length);
        Arrays.stream(indices).forEach(i -> picked.add(from.get(i)));
        return picked;
    }

    private static final String[] WORDS = {
        "Harbor", "Empire", "Garden", "Shadow", "River", "Winter", "Echo", "Island", "Letter", "Machine",
        "Kingdom", "Stranger", "Lighthouse", "Orchard", "Signal", "Frontier", "Carnival", "Glacier", "Verdict", "Lagoon"
    };

    private static String word(SplittableRandom r) {
        return WORDS[r.nextInt(WORDS.length)];
    }

    private SplittableRandom random(int tmdbId, int salt) {
        return new SplittableRandom(seed * 998_244_353L + 31L * tmdbId + salt);
    }
}
