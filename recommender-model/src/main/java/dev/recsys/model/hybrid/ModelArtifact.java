package dev.recsys.model.hybrid;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import dev.recsys.model.data.UserHistories;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A model as one self-contained byte array (stored in the registry, loadable by any replica):
 * format version, parameters, vocabularies, id maps, per-movie content, the embedding tables and
 * the content tower's DJL parameters. Loading rebuilds the network with the same code that
 * trained it, so a loaded model predicts exactly what the trained one did.
 */
public final class ModelArtifact {

    private static final int MAGIC = 0x52454331;   // "REC1"
    /**
     * 2: adds the item-item head, the training histories, the cold tower and the tuned top-N weight.
     * 3: adds the genres' mean ratings (format 2 still loads, without them).
     * 4: adds the liked training histories and the item-item head's liked-input rows (formats 2 and
     *    3 still load and rank as they did).
     * 5: adds the content-mean weights and people for new movies' average-user answer, and the content tower
     *    no longer reads the year (older formats answer with the genre means alone and read the
     *    year, as they were trained).
     * 6: adds the text input (which towers read it, its projection, each movie's projected text);
     *    older formats load with no text part and answer as they did.
     */
    public static final int FORMAT_VERSION = 6;
    private static final int OLDEST_READABLE_VERSION = 2;

    private ModelArtifact() {
    }

    public static byte[] write(HybridModel model) {
        return write(model, FORMAT_VERSION);
    }

    /**
     * In format 5 (a model that reads no text) or 6: lets tests make the versions an older release
     * stored, to check they still load.
     */
    static byte[] write(HybridModel model, int version) {
        if (version < 5 || version > FORMAT_VERSION || version < 6 && model.tables.vocabulary.readsText()) {
            throw new IllegalArgumentException("this model cannot be written as format " + version);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(bytes)))) {
            out.writeInt(MAGIC);
            out.writeInt(version);
            ModelParams p = model.params;
            out.writeInt(p.epochs());
            out.writeInt(p.dimension());
            out.writeInt(p.contentDimension());
            out.writeInt(p.hidden());
            out.writeInt(p.batchSize());
            out.writeFloat(p.learningRate());
            out.writeFloat(p.regularization());
            out.writeFloat(p.idDropout());
            out.writeFloat(p.rankingWeight());
            out.writeFloat(p.itemItemLambda());
            out.writeInt(p.itemItemMaxItems());
            out.writeFloat(p.likeWeight());
            out.writeLong(p.seed());
            model.tables.vocabulary.write(out, version);
            writeInts(out, model.tables.userIds);
            writeInts(out, model.tables.movieIds);
            for (ContentVocabulary.Encoded content : model.tables.movieContent) {
                writeInts(out, content.genres());
                writeInts(out, content.words());
                writeInts(out, content.people());
                writeFloats(out, content.numeric());
                if (version >= 6) {
                    writeFloats(out, content.text() == null ? new float[0] : content.text());
                }
            }
            out.writeFloat(model.tables.globalMean);
            for (float[] table : model.tables.artifactTables()) {
                writeFloats(out, table);
            }
            model.tables.encoder.saveTowers(out);
            model.histories.write(out);
            // Only a head that reads liked movies needs them (on ml-25m they would add tens of MB for nothing).
            boolean liked = model.likedHistories != null && model.itemItem.readsLiked();
            out.writeBoolean(liked);
            if (liked) {
                model.likedHistories.write(out);
            }
            model.itemItem.write(out);
            ContentMeanRating.write(out, model.contentMeanRating);
        } catch (IOException e) {
            throw new IllegalStateException("could not serialise the model", e);
        }
        return bytes.toByteArray();
    }

    /** Reads an artifact; throws {@link IOException} with a clear message when it is corrupt. */
    public static HybridModel read(byte[] artifact) throws IOException {
        NDManager manager = NDManager.newBaseManager();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                new GZIPInputStream(new ByteArrayInputStream(artifact))))) {
            if (in.readInt() != MAGIC) {
                throw new IOException("not a model artifact");
            }
            int version = in.readInt();
            if (version < OLDEST_READABLE_VERSION || version > FORMAT_VERSION) {
                throw new IOException("model artifact format " + version + " is not supported (expected "
                        + OLDEST_READABLE_VERSION + " to " + FORMAT_VERSION + "): train a new version with this release");
            }
            ModelParams params = new ModelParams(in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(),
                    in.readFloat(), in.readFloat(), in.readFloat(), in.readFloat(), in.readFloat(), in.readInt(),
                    in.readFloat(), in.readLong());
            ContentVocabulary vocabulary = ContentVocabulary.read(in, version);
            int[] userIds = readInts(in);
            int[] movieIds = readInts(in);
            ContentVocabulary.Encoded[] content = new ContentVocabulary.Encoded[movieIds.length];
            for (int i = 0; i < content.length; i++) {
                int[] genres = readInts(in);
                int[] words = readInts(in);
                int[] people = readInts(in);
                float[] numeric = readFloats(in);
                float[] text = version >= 6 ? readFloats(in) : new float[0];
                if (text.length != 0 && text.length != vocabulary.textDimensions()) {
                    throw new IOException("model artifact is inconsistent: a movie's text has " + text.length
                            + " values where the projection has " + vocabulary.textDimensions());
                }
                content[i] = new ContentVocabulary.Encoded(genres, words, people, numeric, List.of(),
                        text.length == 0 ? null : text);
            }
            float globalMean = in.readFloat();
            ModelTables tables = new ModelTables(params, vocabulary, userIds, movieIds, content, globalMean, version < 5,
                    manager);
            for (float[] table : tables.artifactTables()) {
                float[] stored = readFloats(in);
                if (stored.length != table.length) {
                    throw new IOException("model artifact is inconsistent: a table has " + stored.length
                            + " values where " + table.length + " were expected");
                }
                System.arraycopy(stored, 0, table, 0, table.length);
            }
            tables.encoder.loadTowers(in);
            UserHistories histories = UserHistories.read(in, userIds.length);
            UserHistories liked = version >= 4 && in.readBoolean() ? UserHistories.read(in, userIds.length) : null;
            tables.setHistories(histories, liked);
            ItemItemHead itemItem = ItemItemHead.read(in, movieIds.length, version);
            ContentMeanRating contentMean = version >= 3 ? ContentMeanRating.read(in, globalMean, version) : null;
            return tables.build(itemItem, contentMean, manager);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            manager.close();
            throw e instanceof IOException io ? io : new IOException("model artifact is corrupt: " + e.getMessage(), e);
        }
    }

    static void writeInts(DataOutputStream out, int[] values) throws IOException {
        out.writeInt(values.length);
        for (int v : values) {
            out.writeInt(v);
        }
    }

    static int[] readInts(DataInputStream in) throws IOException {
        int[] values = new int[checkedLength(in.readInt())];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readInt();
        }
        return values;
    }

    static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        for (float v : values) {
            out.writeFloat(v);
        }
    }

    static float[] readFloats(DataInputStream in) throws IOException {
        float[] values = new float[checkedLength(in.readInt())];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readFloat();
        }
        return values;
    }

    private static int checkedLength(int length) throws IOException {
        if (length < 0 || length > 500_000_000) {
            throw new IOException("model artifact is corrupt: array length " + length);
        }
        return length;
    }
}
