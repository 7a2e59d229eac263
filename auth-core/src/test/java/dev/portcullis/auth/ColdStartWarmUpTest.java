package dev.portcullis.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warm-up swallows its failures (the real first use reports its own), so a step that stopped working would only
 * make cold starts slower, silently: this is where it shows.
 */
class ColdStartWarmUpTest {

    @Test
    void everyStepRunsToTheEnd() {
        assertThat(ColdStartWarmUp.run()).isEmpty();
    }
}
