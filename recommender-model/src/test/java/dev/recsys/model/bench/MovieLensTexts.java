package dev.recsys.model.bench;

import dev.recsys.text.MovieText;
import dev.recsys.text.TextEmbedder;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The bench's movie texts as training-service builds them: the title (without its year) and the
 * MovieLens tags, most users first ({@link MovieText}), embedded by {@link TextEmbedder}. Vectors are
 * kept in a file keyed by text hash, so a rerun embeds only texts it has not seen (the first run of
 * ml-latest-small takes about 40 s on 2 cores).
 */
final class MovieLensTexts {

    private MovieLensTexts() {
    }

    /** One vector per title, in the order given; {@code tagsCsv} may be absent (titles alone). */
    static List<float[]> vectors(int[] movieIds, String[] titles, Path tagsCsv, Path cacheFile) throws IOException {
        Map<Integer, List<String>> tags = Files.exists(tagsCsv) ? tagsByUsers(tagsCsv) : Map.of();
        List<String> texts = new ArrayList<>(movieIds.length);
        for (int m = 0; m < movieIds.length; m++) {
            texts.add(new MovieText(titles[m], tags.getOrDefault(movieIds[m], List.of()), List.of(), null).text());
        }
        Map<String, float[]> cache = read(cacheFile);
        Map<String, String> missing = new LinkedHashMap<>();
        for (String text : texts) {
            String hash = MovieText.hash(text);
            if (!cache.containsKey(hash)) {
                missing.put(hash, text);
            }
        }
        if (!missing.isEmpty()) {
            long started = System.nanoTime();
            try (TextEmbedder embedder = TextEmbedder.usingAllCores()) {
                List<float[]> embedded = embedder.embedAll(new ArrayList<>(missing.values()));
                int i = 0;
                for (String hash : missing.keySet()) {
                    cache.put(hash, embedded.get(i++));
                }
            }
            System.out.printf("embedded %d movie texts in %.1f s%n", missing.size(), (System.nanoTime() - started) / 1e9);
            write(cacheFile, cache);
        }
        System.out.printf("text vectors: %d movies, %d with tags%n", texts.size(),
                java.util.Arrays.stream(movieIds).filter(tags::containsKey).count());
        return texts.stream().map(text -> cache.get(MovieText.hash(text))).toList();
    }

    /** Each movie's tags, lower-cased, by how many distinct users gave them (then alphabetically). */
    static Map<Integer, List<String>> tagsByUsers(Path tagsCsv) throws IOException {
        Map<Integer, Map<String, Set<Integer>>> users = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(tagsCsv, StandardCharsets.UTF_8)) {
            in.readLine();
            String line;
            while ((line = in.readLine()) != null) {
                int first = line.indexOf(',');
                int second = line.indexOf(',', first + 1);
                int last = line.lastIndexOf(',');
                if (first < 0 || second < 0 || last <= second) {
                    continue;
                }
                String tag = line.substring(second + 1, last);
                if (tag.startsWith("\"") && tag.endsWith("\"") && tag.length() >= 2) {
                    tag = tag.substring(1, tag.length() - 1).replace("\"\"", "\"");
                }
                tag = tag.strip().toLowerCase(Locale.ROOT);
                if (!tag.isEmpty()) {
                    users.computeIfAbsent(Integer.parseInt(line.substring(first + 1, second)), m -> new HashMap<>())
                            .computeIfAbsent(tag, t -> new HashSet<>()).add(Integer.parseInt(line.substring(0, first)));
                }
            }
        }
        Map<Integer, List<String>> ordered = new HashMap<>();
        users.forEach((movie, byTag) -> ordered.put(movie, byTag.entrySet().stream()
                .sorted(Map.Entry.<String, Set<Integer>>comparingByValue((a, b) -> Integer.compare(b.size(), a.size()))
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).toList()));
        return ordered;
    }

    private static Map<String, float[]> read(Path file) throws IOException {
        Map<String, float[]> cache = new HashMap<>();
        if (!Files.exists(file)) {
            return cache;
        }
        try (InputStream stream = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(stream))) {
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String hash = in.readUTF();
                float[] vector = new float[in.readInt()];
                for (int j = 0; j < vector.length; j++) {
                    vector[j] = in.readFloat();
                }
                cache.put(hash, vector);
            }
        }
        return cache;
    }

    private static void write(Path file, Map<String, float[]> cache) throws IOException {
        Files.createDirectories(file.getParent());
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (OutputStream stream = Files.newOutputStream(partial);
             DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(stream))) {
            out.writeInt(cache.size());
            for (var entry : cache.entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeInt(entry.getValue().length);
                for (float value : entry.getValue()) {
                    out.writeFloat(value);
                }
            }
        }
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
