package dev.recsys.model.hybrid;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's intra-op thread count while the rating head trains. The trainer already keeps every
 * core busy with its own threads, and PyTorch's idle workers spin between the content tower's
 * small operations and take a core from them: an epoch is markedly faster with one PyTorch thread
 * (docs/benchmarks.md, ml-25m training). Restored afterwards, so the item-item inversion still uses
 * every core.
 */
final class TorchThreads implements AutoCloseable {

    private final int previous;

    private TorchThreads(int previous) {
        this.previous = previous;
    }

    /** Sets one intra-op thread when the engine is PyTorch; {@link #close} restores the count. */
    static TorchThreads single() {
        if (!"PyTorch".equals(Engine.getInstance().getEngineName())) {
            return new TorchThreads(-1);
        }
        int previous = JniUtils.getNumThreads();
        JniUtils.setNumThreads(1);
        return new TorchThreads(previous);
    }

    @Override
    public void close() {
        if (previous > 0) {
            JniUtils.setNumThreads(previous);
        }
    }
}
