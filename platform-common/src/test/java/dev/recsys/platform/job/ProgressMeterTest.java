package dev.recsys.platform.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ProgressMeterTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        long millis = 1_000_000;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    @Test
    void rateAndEtaFollowTheWorkDoneSoFar() {
        ManualClock clock = new ManualClock();
        ProgressMeter meter = new ProgressMeter("ratings", 1000, clock);
        clock.millis += 4000;
        meter.advance(100);
        meter.advance(100);
        JobProgress progress = meter.snapshot();
        assertEquals(200, progress.done());
        assertEquals(1000L, progress.total());
        assertEquals("ratings", progress.unit());
        assertEquals(50.0, progress.ratePerSecond());
        assertEquals(16L, progress.etaSeconds(), "800 left at 50/s");
    }

    @Test
    void withoutATotalThereIsNoEtaAndATotalSetLaterIsUsed() {
        ManualClock clock = new ManualClock();
        ProgressMeter meter = new ProgressMeter("users", 0, clock);
        clock.millis += 2000;
        meter.advance(30);
        assertNull(meter.snapshot().total());
        assertNull(meter.snapshot().etaSeconds());
        meter.setTotal(60);
        assertEquals(2L, meter.snapshot().etaSeconds());
        meter.advance(40);
        assertEquals(0L, meter.snapshot().etaSeconds(), "never negative when the total was underestimated");
    }
}
