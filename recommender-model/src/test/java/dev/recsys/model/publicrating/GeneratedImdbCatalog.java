package dev.recsys.model.publicrating;

import dev.recsys.model.hybrid.GeneratedCatalog;
import dev.recsys.model.hybrid.ItemContent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * A generated catalog (sample-data, with its planted IMDb effects) read back with its IMDb dumps:
 * every movie's content with directors, writers, cast in billing order, runtime, IMDb rating and votes,
 * as training reads them from the catalog.
 */
public record GeneratedImdbCatalog(GeneratedCatalog catalog, ItemContent[] content, int[] movieIds) {

    public static GeneratedImdbCatalog generate(Path dir, int users, int movies, int ratings) throws IOException {
        GeneratedCatalog catalog = GeneratedCatalog.generate(dir, users, movies, ratings);
        Map<Integer, String> tconstOf = new HashMap<>();
        List<String> links = Files.readAllLines(dir.resolve("links.csv"));
        for (String line : links.subList(1, links.size())) {
            String[] f = line.split(",");
            tconstOf.put(Integer.parseInt(f[0]), "tt" + f[1]);
        }
        Map<String, String> names = new HashMap<>();
        tsv(dir, "name.basics.tsv.gz", f -> names.put(f[0], f[1]));
        Map<String, Integer> runtimes = new HashMap<>();
        tsv(dir, "title.basics.tsv.gz", f -> runtimes.put(f[0], f[7].equals("\\N") ? null : Integer.parseInt(f[7])));
        Map<String, String[]> crew = new HashMap<>();
        tsv(dir, "title.crew.tsv.gz", f -> crew.put(f[0], new String[] {f[1], f[2]}));
        Map<String, List<String>> cast = new HashMap<>();
        tsv(dir, "title.principals.tsv.gz", f -> {
            if (f[3].equals("actor") || f[3].equals("actress")) {
                cast.computeIfAbsent(f[0], t -> new ArrayList<>()).add(names.get(f[2]));
            }
        });
        Map<String, String[]> imdbRatings = new HashMap<>();
        tsv(dir, "title.ratings.tsv.gz", f -> imdbRatings.put(f[0], new String[] {f[1], f[2]}));
        ItemContent[] base = catalog.content();
        ItemContent[] content = new ItemContent[base.length];
        int[] movieIds = new int[base.length];
        for (int i = 0; i < base.length; i++) {
            movieIds[i] = catalog.ratings().itemId(i);
            String tconst = tconstOf.get(movieIds[i]);
            String[] people = crew.getOrDefault(tconst, new String[] {"\\N", "\\N"});
            String[] rating = imdbRatings.get(tconst);
            ItemContent c = base[i];
            content[i] = new ItemContent(c.genres(), c.title(), named(people[0], names), named(people[1], names),
                    cast.getOrDefault(tconst, List.of()), c.year(), runtimes.get(tconst),
                    rating == null ? null : Float.parseFloat(rating[0]), rating == null ? null : Integer.parseInt(rating[1]));
        }
        return new GeneratedImdbCatalog(catalog, content, movieIds);
    }

    private static List<String> named(String nconsts, Map<String, String> names) {
        if (nconsts.equals("\\N")) {
            return List.of();
        }
        return List.of(nconsts.split(",")).stream().map(names::get).toList();
    }

    private static void tsv(Path dir, String file, Consumer<String[]> row) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(dir.resolve(file))), StandardCharsets.UTF_8))) {
            in.readLine();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                row.accept(line.split("\t", -1));
            }
        }
    }
}
