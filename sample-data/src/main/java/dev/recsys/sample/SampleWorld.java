package dev.recsys.sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic movie world with real latent structure: genres, directors, writers and actors
 * carry taste vectors and quality, movies inherit them, and users have tastes and biases.
 * Ratings drawn from it are predictable from both ids and content, which is what the
 * hybrid model must learn. Everything is a pure function of the seed.
 */
final class SampleWorld {

    static final String[] GENRES = {
        "Action", "Adventure", "Animation", "Children", "Comedy", "Crime", "Documentary", "Drama",
        "Fantasy", "Film-Noir", "Horror", "IMAX", "Musical", "Mystery", "Romance", "Sci-Fi",
        "Thriller", "War", "Western"
    };
    static final int DIMENSIONS = 8;
    static final double GLOBAL_MEAN = 3.5;

    private static final String[] TITLE_WORDS = {
        "Silent", "Harbor", "Night", "Empire", "Garden", "Shadow", "River", "Stars", "Winter", "Promise",
        "Echo", "Last", "Golden", "City", "Storm", "Secret", "Journey", "Broken", "Crimson", "Island",
        "Dream", "Letter", "Machine", "Summer", "Ghost", "Kingdom", "Stranger", "Fire", "Paper", "Moon",
        "Café", "Amélie", "Señor", "Über", "Fjord", "Naïve", "Ballad", "Outlaw", "Galaxy", "Detective"
    };
    private static final String[] FIRST_NAMES = {
        "Ada", "Bruno", "Clara", "Dmitri", "Elena", "Farid", "Greta", "Hiro", "Ines", "Jonas",
        "Kira", "Luca", "Mara", "Nils", "Olga", "Pablo", "Quinn", "Rosa", "Sven", "Tomás",
        "Ursula", "Viktor", "Wen", "Xavier", "Yara", "Zoë"
    };
    private static final String[] LAST_NAMES = {
        "Almeida", "Brandt", "Castellano", "Dubois", "Eriksen", "Fischer", "García", "Hansen", "Ivanova",
        "Jensen", "Kowalski", "Laurent", "Moreau", "Nakamura", "O'Brien", "Petrov", "Quist", "Rossi",
        "Schmidt", "Tanaka", "Ulrich", "Varga", "Weber", "Yilmaz", "Zimmermann"
    };

    final long seed;
    final double[][] genreVectors;
    final List<Person> people = new ArrayList<>();
    final List<Movie> movies = new ArrayList<>();
    final double[] popularityCumulative;
    final int userCount;

    record Person(int nconst, String name, int birthYear, String profession, double[] vector, double quality) {
    }

    record Movie(int movieId, int imdbId, Integer tmdbId, String title, int year, int[] genres, int runtime,
                 Person director, List<Person> writers, List<Person> cast, double[] vector, double bias,
                 double popularity) {

        String genreNames(String separator) {
            if (genres.length == 0) {
                return "(no genres listed)";
            }
            StringBuilder b = new StringBuilder();
            for (int g : genres) {
                if (!b.isEmpty()) {
                    b.append(separator);
                }
                b.append(GENRES[g]);
            }
            return b.toString();
        }
    }

    SampleWorld(long seed, int movieCount, int userCount) {
        this.seed = seed;
        this.userCount = userCount;
        SplittableRandom random = new SplittableRandom(seed);
        genreVectors = new double[GENRES.length][];
        for (int g = 0; g < GENRES.length; g++) {
            genreVectors[g] = gaussianVector(random, 0.9);
        }
        List<Person> directors = createPeople(random, Math.max(3, movieCount / 4), "director", 0.8, 0.45);
        List<Person> writers = createPeople(random, Math.max(3, movieCount / 3), "writer", 0.4, 0.15);
        List<Person> actors = createPeople(random, Math.max(8, movieCount), "actor", 0.5, 0.25);

        int movieId = 0;
        int imdbId = 100_000;
        int tmdbId = 800;
        double[] popularity = new double[movieCount];
        for (int m = 0; m < movieCount; m++) {
            movieId += 1 + (random.nextInt(10) == 0 ? random.nextInt(40) : 0);
            imdbId += 1 + random.nextInt(3000);
            tmdbId += 1 + random.nextInt(50);
            int[] genres = pickGenres(random);
            Person director = directors.get(zipfIndex(random, directors.size()));
            List<Person> movieWriters = new ArrayList<>(List.of(writers.get(random.nextInt(writers.size()))));
            if (random.nextInt(3) == 0) {
                movieWriters.add(director);
            }
            List<Person> cast = new ArrayList<>();
            int castSize = 4 + random.nextInt(5);
            while (cast.size() < castSize) {
                Person actor = actors.get(zipfIndex(random, actors.size()));
                if (!cast.contains(actor)) {
                    cast.add(actor);
                }
            }
            double[] vector = new double[DIMENSIONS];
            for (int g : genres) {
                addScaled(vector, genreVectors[g], 1.0 / genres.length);
            }
            addScaled(vector, director.vector(), 0.6);
            for (Person actor : cast.subList(0, 3)) {
                addScaled(vector, actor.vector(), 0.4 / 3);
            }
            addScaled(vector, gaussianVector(random, 0.3), 1.0);
            double bias = 0.55 * director.quality() + 0.3 * (cast.get(0).quality() + cast.get(1).quality()) / 2
                    + 0.15 * random.nextGaussian() - 0.05;
            int year = 2023 - (int) Math.min(100, Math.abs(random.nextGaussian() * 22));
            int runtime = 75 + random.nextInt(70) + (genres.length > 0 && genres[0] == 7 ? 20 : 0);
            popularity[m] = Math.exp(1.2 * random.nextGaussian() + 0.8 * bias);
            movies.add(new Movie(movieId, imdbId, random.nextInt(100) == 0 ? null : tmdbId,
                    title(random, m), year, genres, runtime, director, movieWriters, cast, vector, bias, popularity[m]));
        }
        people.addAll(directors);
        people.addAll(writers);
        people.addAll(actors);
        popularityCumulative = cumulative(popularity);
    }

    /** One row of a MovieLens links.csv; tmdbId is null where the file leaves it empty. */
    record Link(int movieId, int imdbId, Integer tmdbId) {
    }

    /** Gives the movies the ids of an existing catalog, so that generated IMDb and TMDB files join onto it. */
    void useLinks(List<Link> links) {
        for (int i = 0; i < movies.size() && i < links.size(); i++) {
            Movie m = movies.get(i);
            Link link = links.get(i);
            movies.set(i, new Movie(link.movieId(), link.imdbId(), link.tmdbId(), m.title(), m.year(), m.genres(),
                    m.runtime(), m.director(), m.writers(), m.cast(), m.vector(), m.bias(), m.popularity()));
        }
    }

    /** A user's taste: their own random stream, so any user can be regenerated alone. */
    User user(int index) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + index);
        return new User(index + 1, gaussianVector(random, 0.8), 0.35 * random.nextGaussian(), random);
    }

    record User(int userId, double[] vector, double bias, SplittableRandom random) {
    }

    /** True expected rating before noise: μ + b_u + b_i + ⟨p_u, q_i⟩. */
    double expectedRating(User user, Movie movie) {
        return GLOBAL_MEAN + user.bias() + movie.bias() + dot(user.vector(), movie.vector());
    }

    /** Draws a movie index by popularity (binary search over the cumulative weights). */
    int drawMovie(SplittableRandom random) {
        double target = random.nextDouble() * popularityCumulative[popularityCumulative.length - 1];
        int index = Arrays.binarySearch(popularityCumulative, target);
        return index >= 0 ? index : Math.min(-index - 1, popularityCumulative.length - 1);
    }

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private List<Person> createPeople(SplittableRandom random, int count, String profession,
                                      double vectorScale, double qualityScale) {
        List<Person> created = new ArrayList<>(count);
        int base = people.size() + switch (profession) {
            case "director" -> 1_000_000;
            case "writer" -> 3_000_000;
            default -> 5_000_000;
        };
        for (int i = 0; i < count; i++) {
            String name = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)] + " "
                    + LAST_NAMES[random.nextInt(LAST_NAMES.length)] + (i >= 600 ? " " + romanSuffix(i) : "");
            created.add(new Person(base + i, name, 1920 + random.nextInt(80), profession,
                    gaussianVector(random, vectorScale), qualityScale * random.nextGaussian()));
        }
        return created;
    }

    private static String romanSuffix(int i) {
        return Integer.toString(i, 36).toUpperCase();
    }

    private static int[] pickGenres(SplittableRandom random) {
        if (random.nextInt(300) == 0) {
            return new int[0];
        }
        int count = 1 + random.nextInt(3);
        int[] picked = random.ints(0, GENRES.length).distinct().limit(count).sorted().toArray();
        return picked;
    }

    private static String title(SplittableRandom random, int m) {
        String a = TITLE_WORDS[random.nextInt(TITLE_WORDS.length)];
        String b = TITLE_WORDS[random.nextInt(TITLE_WORDS.length)];
        return switch (m % 5) {
            case 0 -> a + ", The";            // MovieLens moves articles to the end, with a comma
            case 1 -> a + " " + b;
            case 2 -> "The " + a + " of " + b;
            case 3 -> a + " " + b + " " + (2 + random.nextInt(3));
            default -> b + ": \"" + a + "\"";   // quotes inside a quoted CSV field
        } + (m >= 1000 ? " " + Integer.toString(m, 36) : "");
    }

    private static int zipfIndex(SplittableRandom random, int size) {
        // Power-law choice: a few people appear in many movies, most in one or two.
        return (int) Math.min(size - 1, Math.floor(size * Math.pow(random.nextDouble(), 2.2)));
    }

    private static double[] gaussianVector(SplittableRandom random, double scale) {
        double[] v = new double[DIMENSIONS];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextGaussian() * scale / Math.sqrt(DIMENSIONS);
        }
        return v;
    }

    private static void addScaled(double[] target, double[] source, double factor) {
        for (int i = 0; i < target.length; i++) {
            target[i] += source[i] * factor;
        }
    }

    private static double[] cumulative(double[] weights) {
        double[] cumulative = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            cumulative[i] = sum;
        }
        return cumulative;
    }
}
