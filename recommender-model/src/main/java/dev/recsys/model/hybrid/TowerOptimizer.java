package dev.recsys.model.hybrid;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;

/** Adam on every parameter of one tower: a step after each backward pass. */
final class TowerOptimizer {

    private final Block tower;
    private final Optimizer optimizer;

    TowerOptimizer(Block tower, float learningRate) {
        this.tower = tower;
        this.optimizer = Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build();
    }

    void step() {
        for (Pair<String, Parameter> parameter : tower.getParameters()) {
            NDArray weight = parameter.getValue().getArray();
            NDArray gradient = weight.getGradient();
            optimizer.update(parameter.getValue().getId(), weight, gradient);
            // PyTorch accumulates gradients across backward passes: clear them for the next step.
            gradient.subi(gradient);
        }
    }
}
