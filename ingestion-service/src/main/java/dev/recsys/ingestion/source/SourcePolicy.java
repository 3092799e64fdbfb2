package dev.recsys.ingestion.source;

import dev.recsys.ingestion.load.IngestionException;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where an ingestion may read from: files only under the allowed directories
 * ({@code recsys.ingestion.allowed-dirs}, checked after symbolic links and {@code ..} are resolved),
 * and URLs only on public hosts, unless a host is listed in {@code recsys.ingestion.allowed-hosts}
 * (loopback, link-local, private, carrier-grade NAT and unique-local addresses are refused, so a
 * location cannot reach the cluster's internal services or a cloud metadata endpoint). A refusal
 * names the rule, never what lies behind it.
 */
public final class SourcePolicy {

    static final String DIRS_SETTING = "recsys.ingestion.allowed-dirs";
    static final String HOSTS_SETTING = "recsys.ingestion.allowed-hosts";

    private final List<Path> allowedDirs;
    private final List<String> allowedHosts;

    public SourcePolicy(List<Path> allowedDirs, List<String> allowedHosts) {
        this.allowedDirs = allowedDirs.stream().map(SourcePolicy::canonical).toList();
        this.allowedHosts = allowedHosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
    }

    /** The real path of a local location, once it is known to lie under an allowed directory. */
    public Path checkPath(String location) {
        Path requested;
        try {
            requested = Path.of(location).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            throw new IngestionException("location '" + location + "' is not a valid path");
        }
        if (!allowed(requested)) {
            throw outside(location);
        }
        if (!Files.exists(requested)) {
            throw new IngestionException(location + " does not exist");
        }
        Path real = canonical(requested);
        if (!allowed(real)) {
            throw new IngestionException("location " + location + " leads (through a symbolic link) outside the "
                    + "directories ingestion may read (" + DIRS_SETTING + ")");
        }
        return real;
    }

    /** Refuses a file inside an allowed directory that is a link to somewhere outside them. */
    public void checkListedFile(Path file) {
        if (!allowed(canonical(file))) {
            throw new IngestionException(file + " is a symbolic link to outside the directories ingestion may read ("
                    + DIRS_SETTING + ")");
        }
    }

    /** Refuses a URL that is not http(s) or whose host is internal and not listed. */
    public void checkUrl(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IngestionException("location " + uri + " is not an http(s) URL");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new IngestionException("location " + uri + " has no host");
        }
        String normalised = host.toLowerCase(Locale.ROOT).replaceAll("^\\[|]$", "");
        if (allowedHosts.contains(normalised)) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(normalised);
        } catch (UnknownHostException e) {
            throw new IngestionException("cannot reach " + uri + ": unknown host " + host);
        }
        for (InetAddress address : addresses) {
            if (internal(address)) {
                throw new IngestionException("location " + uri + " is refused: host " + host + " is a loopback, "
                        + "private or link-local address, which ingestion may not fetch unless it is listed in "
                        + HOSTS_SETTING);
            }
        }
    }

    private boolean allowed(Path path) {
        return allowedDirs.stream().anyMatch(path::startsWith);
    }

    private IngestionException outside(String location) {
        return new IngestionException("location " + location + " is outside the directories ingestion may read ("
                + DIRS_SETTING + ": " + String.join(", ", allowedDirs.stream().map(Path::toString).toList()) + ")");
    }

    private static Path canonical(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        try {
            return absolute.toRealPath();
        } catch (IOException e) {
            return absolute;   // not there (yet): compare as written
        }
    }

    static boolean internal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || first == 100 && second >= 64 && second < 128   // carrier-grade NAT
                    || first == 192 && second == 0 && (b[2] & 0xff) == 0 || first >= 240;
        }
        if (address instanceof Inet6Address) {
            boolean uniqueLocal = (b[0] & 0xfe) == 0xfc;
            boolean mappedV4 = isMappedV4(b);
            if (mappedV4) {
                try {
                    return internal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
            return uniqueLocal;
        }
        return true;
    }

    private static boolean isMappedV4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }
}
