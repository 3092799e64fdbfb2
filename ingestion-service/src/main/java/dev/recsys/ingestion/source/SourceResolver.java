package dev.recsys.ingestion.source;

import dev.recsys.ingestion.load.IngestionException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Turns an ingestion {@code location} into its files: a directory (files may be gzipped),
 * a single file, a single {@code .gz}, a {@code .zip} (files may sit in a folder inside it),
 * or an {@code http(s)} URL of a zip or gz, which is downloaded first.
 */
public final class SourceResolver {

    private final Downloader downloader;
    private final SourcePolicy policy;
    private final int maxExpansion;

    public SourceResolver(Downloader downloader, SourcePolicy policy, int maxExpansion) {
        this.downloader = downloader;
        this.policy = policy;
        this.maxExpansion = maxExpansion;
    }

    public SourceFiles resolve(String location, Downloader.Progress progress, BooleanSupplier cancelled) {
        if (location == null || location.isBlank()) {
            throw new IngestionException("location is empty: give a directory, a file, a .zip, a .gz or an http(s) URL");
        }
        if (location.startsWith("http://") || location.startsWith("https://")) {
            Path downloaded = downloader.download(location, progress, cancelled);
            SourceFiles files = resolveFile(downloaded, location, fileNameOf(location));
            return withCleanup(files, downloaded);
        }
        if (location.contains("://")) {
            throw new IngestionException("location " + location + " is not an http(s) URL");
        }
        Path path = policy.checkPath(location);
        if (Files.isDirectory(path)) {
            return resolveDirectory(path);
        }
        return resolveFile(path, location, path.getFileName().toString());
    }

    private SourceFiles resolveDirectory(Path directory) {
        List<SourceFile> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path file : entries.filter(Files::isRegularFile).sorted().toList()) {
                policy.checkListedFile(file);
                files.add(plainOrGzip(file, file.toString()));
            }
        } catch (IOException e) {
            throw new IngestionException("cannot list directory " + directory, e);
        }
        return new SourceFiles(directory.toString(), files, List.of());
    }

    private SourceFiles resolveFile(Path file, String location, String fileName) {
        if (!Files.isReadable(file)) {
            throw new IngestionException(location + " is not readable");
        }
        String kind = sniff(file, fileName);
        return switch (kind) {
            case "zip" -> resolveZip(file, location);
            case "tar" -> throw new IngestionException(location
                    + " is a tar archive, which is not supported: give a directory, a .zip or single .gz files");
            default -> new SourceFiles(location, List.of(plainOrGzip(file, location)), List.of());
        };
    }

    private SourceFiles resolveZip(Path file, String location) {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new IngestionException(location + " is not a readable zip archive (truncated or corrupt: "
                    + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new IngestionException("cannot open " + location + ": " + e.getMessage(), e);
        }
        List<SourceFile> files = new ArrayList<>();
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            ZipEntry entry = entries.nextElement();
            String entryName = entry.getName();
            if (leavesTheArchive(entryName)) {
                closeQuietly(zip);
                throw new IngestionException(location + "!/" + entryName + ": an entry's name may not be an absolute "
                        + "path or contain '..' (it points outside the archive): the archive is refused");
            }
            String baseName = entryName.substring(entryName.lastIndexOf('/') + 1);
            if (entry.isDirectory() || baseName.startsWith(".") || entryName.startsWith("__MACOSX/")) {
                continue;
            }
            String display = location + "!/" + entryName;
            long packed = Math.max(1, entry.getCompressedSize());
            files.add(new SourceFile(stripGz(baseName), display, Math.max(0, entry.getSize()),
                    baseName.endsWith(".gz"), () -> openEntry(zip, entry, display, packed), packed, maxExpansion));
        }
        return new SourceFiles(location, files, List.of(zip));
    }

    /** A name that is absolute ({@code /x}, {@code C:x}, {@code \\x}) or has a {@code ..} component, in either separator. */
    static boolean leavesTheArchive(String entryName) {
        String name = entryName.replace('\\', '/');
        if (name.startsWith("/") || name.matches("(?s)[A-Za-z]:.*")) {
            return true;
        }
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /**
     * An entry's content. The sizes its archive declares are checked before a byte is inflated (a bomb
     * that declares its size is refused at once), and the content may not grow past the declared size
     * (one that lies is refused there, not at the expansion limit after megabytes were loaded).
     */
    private InputStream openEntry(ZipFile zip, ZipEntry entry, String display, long packed) throws IOException {
        long declared = entry.getSize();
        if (maxExpansion > 0 && declared > SourceFile.expansionLimit(packed, maxExpansion)) {
            throw SourceFile.expansionRefused(display, packed, maxExpansion, " (its archive declares " + declared + " bytes)");
        }
        InputStream content = zip.getInputStream(entry);
        return declared < 0 ? content : new ByteLimit(content, declared, () -> new IngestionException(display
                + " holds more than the " + declared + " bytes its archive declares: refused as a corrupt or hostile archive"));
    }

    private static void closeQuietly(Closeable resource) {
        try {
            resource.close();
        } catch (IOException e) {
            // refused anyway
        }
    }

    private SourceFile plainOrGzip(Path file, String display) {
        String baseName = file.getFileName().toString();
        long size = sizeOf(file);
        boolean gzipped = baseName.endsWith(".gz");
        return new SourceFile(stripGz(baseName), display, size, gzipped, () -> Files.newInputStream(file),
                gzipped ? Math.max(1, size) : 0, maxExpansion);
    }

    /** Zip or gzip by magic bytes, so a download with an uninformative URL still opens. */
    private static String sniff(Path file, String fileName) {
        if (fileName.endsWith(".tar.gz") || fileName.endsWith(".tgz") || fileName.endsWith(".tar")) {
            return "tar";
        }
        byte[] head = new byte[2];
        try (InputStream in = Files.newInputStream(file)) {
            int read = in.readNBytes(head, 0, 2);
            if (read == 2 && head[0] == 'P' && head[1] == 'K') {
                return "zip";
            }
        } catch (IOException e) {
            throw new IngestionException("cannot read " + fileName + ": " + e.getMessage(), e);
        }
        return fileName.endsWith(".zip") ? "zip" : "file";
    }

    private static SourceFiles withCleanup(SourceFiles files, Path downloaded) {
        Closeable delete = () -> Files.deleteIfExists(downloaded);
        List<Closeable> resources = new ArrayList<>();
        resources.add(files);
        resources.add(delete);
        List<SourceFile> all = files.names().stream().map(n -> files.find(n).orElseThrow()).toList();
        return new SourceFiles(files.location(), all, resources);
    }

    private static String stripGz(String name) {
        return name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
    }

    private static String fileNameOf(String url) {
        String path = url.replaceFirst("[?#].*$", "");
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
