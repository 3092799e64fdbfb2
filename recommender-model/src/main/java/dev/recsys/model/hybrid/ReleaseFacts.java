package dev.recsys.model.hybrid;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What TMDB says of a movie: the facts a studio knows before release (budget in US dollars, release month,
 * original language, production companies and countries, keywords, the collection it continues) and TMDB's
 * vote average and count, which exist only after release (a target of the public-rating model, never an input).
 * Any part may be missing; lists are never null.
 */
public record ReleaseFacts(Long budget, Integer releaseMonth, String originalLanguage, List<String> companies,
                           List<String> countries, List<String> keywords, String collection, Float tmdbRating,
                           Integer tmdbVotes) {

    /** Companies, keywords and the language are kept in lower case: they match in any case. */
    public ReleaseFacts {
        companies = lowerCase(companies);
        countries = countries == null ? List.of() : List.copyOf(countries);
        keywords = lowerCase(keywords);
        originalLanguage = originalLanguage == null ? null : originalLanguage.strip().toLowerCase(Locale.ROOT);
    }

    private static List<String> lowerCase(List<String> names) {
        return names == null ? List.of() : names.stream().map(n -> n.strip().toLowerCase(Locale.ROOT)).toList();
    }

    /** The same facts without TMDB's vote: what a planned movie's description can say. */
    public static ReleaseFacts planned(Long budget, Integer releaseMonth, String originalLanguage, List<String> companies,
                                       List<String> countries, List<String> keywords, String collection) {
        return new ReleaseFacts(budget, releaseMonth, originalLanguage, companies, countries, keywords, collection, null, null);
    }

    /** Country names (in English, lower case) to ISO 3166-1 codes, with the names TMDB writes that Java spells otherwise. */
    private static final Map<String, String> COUNTRY_CODES = countryCodes();

    private static Map<String, String> countryCodes() {
        Map<String, String> codes = new HashMap<>();
        for (String code : Locale.getISOCountries()) {
            codes.put(new Locale("", code).getDisplayCountry(Locale.ENGLISH).toLowerCase(Locale.ROOT), code);
        }
        codes.put("united states of america", "US");
        codes.put("usa", "US");
        codes.put("uk", "GB");
        codes.put("soviet union", "SU");
        codes.put("russia", "RU");
        codes.put("south korea", "KR");
        codes.put("czech republic", "CZ");
        return codes;
    }

    /** A country as the model keys it: the ISO 3166-1 code of {@code US} or {@code United States of America}. */
    public static String countryCode(String codeOrName) {
        String value = codeOrName.strip();
        if (value.length() == 2) {
            return value.toUpperCase(Locale.ROOT);
        }
        return COUNTRY_CODES.getOrDefault(value.toLowerCase(Locale.ROOT), value);
    }

    /** Whether it says anything a public-rating model reads before release. */
    public boolean saysAnything() {
        return budget != null || releaseMonth != null || originalLanguage != null || !companies.isEmpty()
                || !countries.isEmpty() || !keywords.isEmpty() || collection != null;
    }
}
