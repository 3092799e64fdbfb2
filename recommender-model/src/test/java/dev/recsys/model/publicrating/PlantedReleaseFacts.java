package dev.recsys.model.publicrating;

import dev.recsys.model.hybrid.ItemContent;
import dev.recsys.model.hybrid.ReleaseFacts;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * TMDB facts for a generated catalog, with planted effects (for the bench): every movie gets a budget (70 % known),
 * a month, a language, a production company, a country and two keywords; its rating moves with the company
 * (sd 0.4), the log budget (0.15 per unit) and, for one movie in four, its collection's quality (sd 0.5). And
 * movies that no catalog movie links to, with the same facts and a TMDB vote.
 */
public final class PlantedReleaseFacts {

    private final SplittableRandom random;
    private final double[] companyEffect;
    private final double[] collectionQuality;

    public PlantedReleaseFacts(long seed) {
        random = new SplittableRandom(seed);
        companyEffect = IntStream.range(0, 400).mapToDouble(i -> 0.4 * random.nextGaussian()).toArray();
        collectionQuality = IntStream.range(0, 3_000).mapToDouble(i -> 0.5 * random.nextGaussian()).toArray();
    }

    /** The catalog's movies with facts; their IMDb rating moved by the planted effects. */
    public ItemContent[] attach(ItemContent[] content) {
        ItemContent[] out = new ItemContent[content.length];
        for (int i = 0; i < content.length; i++) {
            ItemContent c = content[i];
            Fact f = next();
            Float rating = c.imdbRating() == null ? null : (float) Math.max(1, Math.min(10, c.imdbRating() + f.effect));
            out[i] = new ItemContent(c.genres(), c.title(), c.directors(), c.writers(), c.cast(), c.year(), c.runtime(), rating,
                    c.imdbVotes(), c.textVector(), c.releaseTextVector(), f.facts(null, null));
        }
        return out;
    }

    /** {@code n} TMDB movies without a catalog movie, with a TMDB vote around 6 plus the planted effects. */
    public ItemContent[] tmdbOnly(int n) {
        ItemContent[] out = new ItemContent[n];
        for (int i = 0; i < n; i++) {
            Fact f = next();
            float vote = (float) Math.max(0, Math.min(10, 6 + f.effect + 0.8 * random.nextGaussian()));
            out[i] = new ItemContent(List.of("Drama"), "TMDB only " + i, List.of("TMDB director " + random.nextInt(n / 4 + 1)),
                    List.of(), List.of(), 1950 + random.nextInt(70), 80 + random.nextInt(80), null, null, null, null,
                    f.facts(vote, 10 + random.nextInt(2_000)));
        }
        return out;
    }

    private record Fact(Long budget, int month, int company, int collection, double effect) {
        ReleaseFacts facts(Float vote, Integer votes) {
            return new ReleaseFacts(budget, month, "en", List.of("Company " + company), List.of("US"),
                    List.of("keyword " + (company * 7 % 500), "keyword " + month), collection < 0 ? null : "Saga " + collection,
                    vote, votes);
        }
    }

    private Fact next() {
        double logBudget = 16 + 1.5 * random.nextGaussian();
        boolean known = random.nextDouble() < 0.7;
        int company = random.nextInt(companyEffect.length);
        int collection = random.nextDouble() < 0.25 ? random.nextInt(collectionQuality.length) : -1;
        double effect = companyEffect[company] + 0.15 * (logBudget - 16) + (collection < 0 ? 0 : collectionQuality[collection]);
        return new Fact(known ? (long) Math.exp(logBudget) : null, 1 + random.nextInt(12), company, collection, effect);
    }
}
