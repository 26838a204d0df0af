package org.masktrain.training;

import java.util.ArrayList;
import java.util.List;

/** A listener that keeps everything a training run reports, for tests to inspect afterwards. */
public final class RecordingListener implements TrainingListener {

    private TrainingStart start;
    private final List<RoundRecord> rounds = new ArrayList<>();
    private TrainingResult result;

    @Override
    public void onStart(TrainingStart value) {
        start = value;
    }

    @Override
    public void onRound(RoundRecord record) {
        rounds.add(record);
    }

    @Override
    public void onFinish(TrainingResult value) {
        result = value;
    }

    /** Returns the start event, or null before the run starts. */
    public TrainingStart start() {
        return start;
    }

    /** Returns the round records in arrival order; index k is round k. */
    public List<RoundRecord> rounds() {
        return rounds;
    }

    /** Returns the result, or null unless the run finished. */
    public TrainingResult result() {
        return result;
    }
}
