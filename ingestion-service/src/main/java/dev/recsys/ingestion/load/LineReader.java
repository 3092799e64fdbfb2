package dev.recsys.ingestion.load;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.util.Arrays;
import java.util.zip.ZipException;

/**
 * Reads a file line by line as raw bytes (LF or CRLF endings), so that hot loops parse numbers
 * without creating strings and a line that is not valid in the file's charset is rejected alone
 * instead of failing the whole file. I/O failures become {@link IngestionException}s that name
 * the file and the line reached.
 */
public final class LineReader implements Closeable {

    private static final int MAX_LINE_BYTES = 1 << 20;

    private final InputStream in;
    private final String fileName;
    private final CharsetDecoder decoder;
    private byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private boolean endOfInput;
    private int lineStart;
    private int lineEnd;
    private long lineNumber;

    public LineReader(InputStream in, String fileName, Charset charset) {
        this.in = in;
        this.fileName = fileName;
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** Advances to the next line; false at the end of the file. */
    public boolean next() {
        while (true) {
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    setLine(position, i);
                    position = i + 1;
                    return true;
                }
            }
            if (endOfInput) {
                if (position < limit) {
                    setLine(position, limit);
                    position = limit;
                    return true;
                }
                return false;
            }
            fill();
        }
    }

    private void setLine(int start, int end) {
        lineStart = start;
        lineEnd = end > start && buffer[end - 1] == '\r' ? end - 1 : end;
        lineNumber++;
    }

    private void fill() {
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        if (limit == buffer.length) {
            if (buffer.length >= MAX_LINE_BYTES) {
                throw new IngestionException(fileName + " line " + (lineNumber + 1) + ": line longer than "
                        + MAX_LINE_BYTES + " bytes; is this the right file?");
            }
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        try {
            int read = in.read(buffer, limit, buffer.length - limit);
            if (read < 0) {
                endOfInput = true;
            } else {
                limit += read;
            }
        } catch (EOFException | ZipException e) {
            throw new IngestionException(fileName + " is truncated or corrupt: it ends unexpectedly after line "
                    + lineNumber + " (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new IngestionException("cannot read " + fileName + " after line " + lineNumber + ": " + e.getMessage(), e);
        }
    }

    public byte[] buffer() {
        return buffer;
    }

    public int start() {
        return lineStart;
    }

    public int end() {
        return lineEnd;
    }

    public boolean isBlank() {
        for (int i = lineStart; i < lineEnd; i++) {
            if (buffer[i] != ' ' && buffer[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    public long lineNumber() {
        return lineNumber;
    }

    public String fileName() {
        return fileName;
    }

    /** The current line decoded strictly; throws when its bytes are not valid in the charset. */
    public String text() throws CharacterCodingException {
        return decoder.decode(ByteBuffer.wrap(buffer, lineStart, lineEnd - lineStart)).toString();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
