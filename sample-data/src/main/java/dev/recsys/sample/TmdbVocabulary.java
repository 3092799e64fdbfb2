package dev.recsys.sample;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The fixed lists TMDB metadata draws from: the real TMDB genre ids, ISO countries and languages
 * (named as TMDB names them), and made-up companies, collections, keywords and crew. Some names hold
 * {@code '}, {@code "} or accents on purpose, because the real files do and loaders trip on them.
 */
final class TmdbVocabulary {

    /** One entry of a TMDB list cell; {@link TmdbLiteral} writes it as a dict in this key order. */
    interface Dict {
        Object[] keysAndValues();
    }

    record Genre(int id, String name) implements Dict {
        public Object[] keysAndValues() {
            return new Object[] {"id", id, "name", name};
        }
    }

    record Keyword(int id, String name) implements Dict {
        public Object[] keysAndValues() {
            return new Object[] {"id", id, "name", name};
        }
    }

    record Company(String name, int id) implements Dict {
        public Object[] keysAndValues() {
            return new Object[] {"name", name, "id", id};
        }
    }

    record Country(String code, String name) implements Dict {
        public Object[] keysAndValues() {
            return new Object[] {"iso_3166_1", code, "name", name};
        }
    }

    record Language(String code, String name) implements Dict {
        public Object[] keysAndValues() {
            return new Object[] {"iso_639_1", code, "name", name};
        }
    }

    /** Poster and backdrop may be null: the real file writes {@code None} there. */
    record Collection(int id, String name, String posterPath, String backdropPath) implements Dict {
        public Object[] keysAndValues() {
            return new Object[] {"id", id, "name", name, "poster_path", posterPath, "backdrop_path", backdropPath};
        }
    }

    record Cast(int castId, String character, String creditId, int gender, int id, String name, int order) implements Dict {
        public Object[] keysAndValues() {
            return new Object[] {"cast_id", castId, "character", character, "credit_id", creditId, "gender", gender,
                "id", id, "name", name, "order", order};
        }
    }

    record Crew(String creditId, String department, int gender, int id, String job, String name) implements Dict {
        public Object[] keysAndValues() {
            return new Object[] {"credit_id", creditId, "department", department, "gender", gender, "id", id,
                "job", job, "name", name};
        }
    }

    /** Sample-world MovieLens genres map onto these by name; Children is TMDB's Family, Sci-Fi its Science Fiction. */
    static final List<Genre> GENRES = List.of(
            new Genre(28, "Action"), new Genre(12, "Adventure"), new Genre(16, "Animation"), new Genre(35, "Comedy"),
            new Genre(80, "Crime"), new Genre(99, "Documentary"), new Genre(18, "Drama"), new Genre(10751, "Family"),
            new Genre(14, "Fantasy"), new Genre(36, "History"), new Genre(27, "Horror"), new Genre(10402, "Music"),
            new Genre(9648, "Mystery"), new Genre(10749, "Romance"), new Genre(878, "Science Fiction"),
            new Genre(10770, "TV Movie"), new Genre(53, "Thriller"), new Genre(10752, "War"), new Genre(37, "Western"));

    static final List<Company> COMPANIES = List.of(
            new Company("Harbor Light Pictures", 3), new Company("Andy's Toys", 17), new Company("Mo' \"Big\" Films", 29),
            new Company("Société Générale des Films", 41), new Company("Northwind Studios", 58),
            new Company("Crimson Gate Entertainment", 64), new Company("Paper Moon Productions", 77),
            new Company("Blue Fjord Film", 89), new Company("Silverline Releasing", 103), new Company("Kestrel Media", 118),
            new Company("Golden Echo Films", 131), new Company("Studio Über", 147), new Company("Café Noir Cinéma", 152),
            new Company("Atlas & Orbit", 166), new Company("Nakamura Eiga", 178), new Company("Lantern House", 189),
            new Company("Red Kite Pictures", 201), new Company("Sommerfeld Filmproduktion", 215),
            new Company("Two Rivers Company", 226), new Company("Stormglass Films", 240), new Company("O'Malley Brothers", 257),
            new Company("Meridian Arts", 263), new Company("Vesper Films", 279), new Company("Ironbridge Studios", 289),
            new Company("Lumière du Nord", 306), new Company("Señor Cine", 318), new Company("Quiet Giant", 332),
            new Company("Paloma Pictures", 347), new Company("Westgate Features", 359), new Company("Hollow Pine", 371),
            new Company("Tiger Lily Films", 386), new Company("Cobalt Nine", 394), new Company("Half Moon Bay Films", 412),
            new Company("Ostrava Film", 425), new Company("Bright Harbour Films", 437), new Company("Kinoteka Zürich", 449),
            new Company("Little Owl Animation", 463), new Company("Seven Hills Media", 478),
            new Company("Greenhouse Documentary", 489), new Company("Night Train Releasing", 502));

    static final List<Country> COUNTRIES = List.of(
            new Country("US", "United States of America"), new Country("GB", "United Kingdom"), new Country("FR", "France"),
            new Country("DE", "Germany"), new Country("IT", "Italy"), new Country("ES", "Spain"), new Country("JP", "Japan"),
            new Country("KR", "South Korea"), new Country("CN", "China"), new Country("IN", "India"),
            new Country("CA", "Canada"), new Country("AU", "Australia"), new Country("SE", "Sweden"),
            new Country("DK", "Denmark"), new Country("NO", "Norway"), new Country("RU", "Russia"),
            new Country("BR", "Brazil"), new Country("MX", "Mexico"), new Country("AR", "Argentina"),
            new Country("CI", "Côte d'Ivoire"), new Country("BE", "Belgium"), new Country("NL", "Netherlands"),
            new Country("IE", "Ireland"), new Country("HK", "Hong Kong"), new Country("TR", "Turkey"));

    /** TMDB names spoken languages in the language itself. */
    static final List<Language> LANGUAGES = List.of(
            new Language("en", "English"), new Language("fr", "Français"), new Language("de", "Deutsch"),
            new Language("es", "Español"), new Language("it", "Italiano"), new Language("ja", "日本語"),
            new Language("ko", "한국어/조선말"), new Language("zh", "普通话"), new Language("ru", "Русский"),
            new Language("pt", "Português"), new Language("sv", "svenska"), new Language("da", "Dansk"),
            new Language("hi", "हिन्दी"), new Language("nl", "Nederlands"), new Language("tr", "Türkçe"));

    /** Original titles in the language's own script, for movies whose original language is not English. */
    static final Map<String, String> NATIVE_TITLES = Map.of(
            "ja", "夜の港", "ko", "비밀의 섬", "zh", "金色城市", "ru", "Тихая гавань", "fr", "Le Dernier Été",
            "de", "Die stille Stadt", "es", "El Último Verano");

    private static final String[] COLLECTION_WORDS = {
        "Amélie", "Harbor Nights", "Silent Empire", "Ocean's Heist", "Crimson Island", "Paper Moon", "Golden City",
        "Winter Ghost", "Storm Kingdom", "Broken Promise", "Galaxy Outlaw", "Detective Naïve", "Secret Garden",
        "Night Machine", "Summer Letter", "Fjord", "Stranger Fire", "River Stars", "Shadow Journey", "Last Ballad"
    };
    private static final String[] COLLECTION_TAGS = {"", "Heroes", "Origins"};

    /** The k-th collection; the first 60 names are distinct, later ones repeat them with a number. */
    static Collection collection(int k) {
        int base = k % (COLLECTION_WORDS.length * COLLECTION_TAGS.length);
        String tag = COLLECTION_TAGS[base / COLLECTION_WORDS.length];
        String name = COLLECTION_WORDS[base % COLLECTION_WORDS.length] + (tag.isEmpty() ? "" : " " + tag)
                + (k >= 60 ? " " + (k / 60 + 1) : "") + " Collection";
        String poster = k % 5 == 2 ? null : "/" + imagePath(k * 31L + 7) + ".jpg";
        String backdrop = k % 4 == 1 ? null : "/" + imagePath(k * 31L + 11) + ".jpg";
        return new Collection(10_000 + 17 * k, name, poster, backdrop);
    }

    static final List<Keyword> KEYWORDS = List.of(
            new Keyword(931, "jealousy"), new Keyword(4290, "toy"), new Keyword(5202, "boy next door"),
            new Keyword(6054, "friendship"), new Keyword(9713, "friends"), new Keyword(9823, "rivalry"),
            new Keyword(1463, "culture clash"), new Keyword(2964, "future"), new Keyword(3386, "space war"),
            new Keyword(3388, "space colony"), new Keyword(4565, "dystopia"), new Keyword(818, "based on novel"),
            new Keyword(10183, "independent film"), new Keyword(187056, "woman director"), new Keyword(1701, "hero"),
            new Keyword(9663, "sequel"), new Keyword(10084, "rescue"), new Keyword(2343, "magic"),
            new Keyword(3799, "ship"), new Keyword(1612, "spy"), new Keyword(5340, "investigation"),
            new Keyword(9748, "revenge"), new Keyword(10714, "serial killer"), new Keyword(6149, "police"),
            new Keyword(1930, "kidnapping"), new Keyword(11162, "miniseries"), new Keyword(179431, "duringcreditsstinger"),
            new Keyword(179430, "aftercreditsstinger"), new Keyword(14544, "rock 'n' roll"), new Keyword(2176, "music"),
            new Keyword(6075, "sport"), new Keyword(156810, "biography"), new Keyword(1599, "small town"),
            new Keyword(2658, "café"), new Keyword(13130, "teenager"), new Keyword(9937, "suspense"),
            new Keyword(6270, "high school"), new Keyword(3713, "chase"), new Keyword(10349, "survival"),
            new Keyword(4344, "musical"), new Keyword(12377, "zombie"), new Keyword(3133, "vampire"),
            new Keyword(15001, "femme fatale"), new Keyword(207317, "christmas"), new Keyword(1328, "secret"),
            new Keyword(10617, "disaster"), new Keyword(4458, "post-apocalyptic"), new Keyword(2038, "love of one's life"),
            new Keyword(12392, "best friend"), new Keyword(9717, "based on comic"), new Keyword(14909, "alien invasion"),
            new Keyword(13027, "wedding"), new Keyword(1568, "undercover"), new Keyword(3691, "forbidden love"),
            new Keyword(9672, "based on true story"), new Keyword(1155, "brother sister relationship"),
            new Keyword(970, "parent child relationship"), new Keyword(10051, "heist"), new Keyword(2231, "drug"),
            new Keyword(6091, "war on terror"), new Keyword(1956, "world war ii"), new Keyword(12995, "gothic"),
            new Keyword(5565, "biography of a \"nobody\""), new Keyword(15060, "naïve"), new Keyword(18035, "family"),
            new Keyword(9826, "murder"), new Keyword(10123, "dark comedy"), new Keyword(246466, "fjord"),
            new Keyword(158718, "lgbt"), new Keyword(33637, "road trip"), new Keyword(8201, "time travel"),
            new Keyword(4379, "time loop"), new Keyword(9882, "space"), new Keyword(1299, "monster"),
            new Keyword(6917, "epidemic"), new Keyword(3737, "dying and death"), new Keyword(13072, "orphan"),
            new Keyword(5600, "daughter"), new Keyword(6733, "bank"), new Keyword(4613, "training"));

    /** Departments and jobs of the crew beyond the director and writers, as TMDB files them. */
    static final String[][] CREW_JOBS = {
        {"Production", "Producer"}, {"Production", "Executive Producer"}, {"Production", "Casting"},
        {"Production", "Line Producer"}, {"Production", "Associate Producer"}, {"Sound", "Original Music Composer"},
        {"Sound", "Sound Designer"}, {"Sound", "Sound Re-Recording Mixer"}, {"Camera", "Director of Photography"},
        {"Camera", "Camera Operator"}, {"Camera", "Still Photographer"}, {"Editing", "Editor"},
        {"Editing", "Dialogue Editor"}, {"Art", "Production Design"}, {"Art", "Art Direction"},
        {"Art", "Set Decoration"}, {"Costume & Make-Up", "Costume Design"}, {"Costume & Make-Up", "Makeup Artist"},
        {"Crew", "Stunts"}, {"Crew", "Stunt Coordinator"}, {"Crew", "Additional Music"},
        {"Visual Effects", "Visual Effects Supervisor"}, {"Lighting", "Gaffer"},
        // Directing holds more than the director: a loader must pick job Director, not the department.
        {"Directing", "Script Supervisor"}, {"Directing", "First Assistant Director"}
    };

    /** Writing jobs for movies the sample world has no writers for. */
    static final String[] WRITING_JOBS = {"Screenplay", "Writer", "Novel", "Story"};

    /** Names of TMDB-only people: none of these first names is used by the sample world, so no name clashes. */
    private static final String[] EXTRA_FIRST_NAMES = {
        "Abebe", "Birgit", "Chidi", "Dagny", "Émile", "Fumiko", "Gaspard", "Halima", "Ignacio", "Jae-won",
        "Kalani", "Leocadia", "Mateus", "Noor", "Oona", "Piotr", "Radhika", "Søren", "Thandiwe", "Ulises"
    };
    private static final String[] EXTRA_LAST_NAMES = {
        "Abara", "Bergström", "Chen", "D'Angelo", "Esposito", "Fairweather", "Gómez", "Haddad", "Ishikawa",
        "Jovanović", "Kaur", "Lindqvist", "Mbeki", "Novak", "O'Hara", "Papadopoulos", "Quaresma", "Ríos",
        "Sato", "Takahashi", "Urquhart", "Vasquez", "Wójcik", "Xu", "Zielinski"
    };

    /** TMDB-only people get ids below 1,000,000; sample-world people get their nconst + 1,000,000. */
    static final int EXTRA_PERSON_BASE = 100_000;
    static final int WORLD_PERSON_OFFSET = 1_000_000;

    /** The name of the k-th TMDB-only person; past the first 500 a middle initial keeps most names apart. */
    static String extraPersonName(int k) {
        int combos = EXTRA_FIRST_NAMES.length * EXTRA_LAST_NAMES.length;
        int round = k / combos;
        String middle = round == 0 ? "" : (char) ('A' + (round - 1) % 26) + ". ";
        return EXTRA_FIRST_NAMES[k % EXTRA_FIRST_NAMES.length] + " " + middle
                + EXTRA_LAST_NAMES[(k / EXTRA_FIRST_NAMES.length) % EXTRA_LAST_NAMES.length];
    }

    private static final String[] CHARACTER_TEMPLATES = {
        "%s", "%s", "%s", "Detective %s", "Dr. %s", "Himself", "Herself", "Narrator (voice)", "Young %s",
        "Mrs. O'Leary", "Jack \"Jackie\" %s", "Woman in Café", "%s's Mother", "Guard #2", "'Lucky' %s"
    };

    static String character(int template, int k) {
        String format = CHARACTER_TEMPLATES[template % CHARACTER_TEMPLATES.length];
        return format.contains("%s") ? String.format(Locale.ROOT, format, extraPersonName(k)) : format;
    }

    static int characterTemplates() {
        return CHARACTER_TEMPLATES.length;
    }

    /** A TMDB-style image path: 27 letters and digits, a pure function of the key. */
    static String imagePath(long key) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        SplittableRandom random = new SplittableRandom(key);
        StringBuilder b = new StringBuilder(27);
        for (int i = 0; i < 27; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private TmdbVocabulary() {
    }
}
