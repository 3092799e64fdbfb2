package dev.recsys.model.bench;

import dev.recsys.model.hybrid.ContentVocabulary;
import dev.recsys.model.hybrid.GeneratedCatalog;
import dev.recsys.model.hybrid.HybridModel;
import dev.recsys.model.hybrid.HybridTrainer;
import dev.recsys.model.hybrid.ModelParams;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.IntStream;

/** What the speed benches score with: a model trained one epoch on a generated catalog, with its timings printed. */
final class GeneratedModel {

    private GeneratedModel() {
    }

    static HybridModel trainOneEpoch(String name, int users, int movies, int ratings) throws IOException {
        long started = System.nanoTime();
        GeneratedCatalog catalog = GeneratedCatalog.generate(Files.createTempDirectory(name), users, movies, ratings);
        ContentVocabulary vocabulary = ContentVocabulary.build(List.of(catalog.content()));
        int[] all = IntStream.range(0, catalog.ratings().size()).toArray();
        System.out.printf("catalog: %d users, %d movies, %d ratings (%.1f s)%n", catalog.ratings().userCount(),
                catalog.ratings().itemCount(), catalog.ratings().size(), (System.nanoTime() - started) / 1e9);
        started = System.nanoTime();
        HybridModel model = HybridTrainer.train(catalog.ratings(), all, vocabulary, catalog.encoded(vocabulary),
                ModelParams.defaults().withEpochs(1), HybridTrainer.Listener.NONE);
        System.out.printf("training (1 epoch): %.1f s%n", (System.nanoTime() - started) / 1e9);
        return model;
    }
}
