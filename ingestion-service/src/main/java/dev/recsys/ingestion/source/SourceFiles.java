package dev.recsys.ingestion.source;

import io.quarkus.logging.Log;
import java.io.Closeable;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** The files of one ingestion, by name, plus whatever must be closed or deleted afterwards. */
public final class SourceFiles implements Closeable {

    private final String location;
    private final Map<String, SourceFile> byName;
    private final List<Closeable> resources;

    SourceFiles(String location, Collection<SourceFile> files, List<Closeable> resources) {
        this.location = location;
        this.byName = new TreeMap<>();
        for (SourceFile file : files) {
            SourceFile previous = byName.put(file.name(), file);
            if (previous != null) {
                throw new IllegalArgumentException(location + " holds two files named " + file.name() + ": "
                        + previous.displayName() + " and " + file.displayName());
            }
        }
        this.resources = resources;
    }

    public String location() {
        return location;
    }

    public Optional<SourceFile> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public boolean has(String name) {
        return byName.containsKey(name);
    }

    public Collection<String> names() {
        return byName.keySet();
    }

    /** The file names found, for messages: "movies.csv, ratings.csv" or "no files". */
    public String describe() {
        return byName.isEmpty() ? "no files" : String.join(", ", byName.keySet());
    }

    /** Bytes in the named files that are present: the denominator of an ingestion's progress. */
    public long totalSize(Collection<String> names) {
        return names.stream().map(byName::get).filter(Objects::nonNull).mapToLong(SourceFile::size).sum();
    }

    /** Closes archives and deletes downloads; a failure here must not hide the ingestion's outcome. */
    @Override
    public void close() {
        for (Closeable resource : resources) {
            try {
                resource.close();
            } catch (IOException e) {
                Log.warnf("Could not release %s: %s", location, e.getMessage());
            }
        }
    }
}
