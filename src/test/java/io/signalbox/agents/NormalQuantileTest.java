package io.signalbox.agents;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The normal quantile against printed table values, in the centre and in both tails. */
class NormalQuantileTest {

    @ParameterizedTest
    @CsvSource({
        "0.5,      0",
        "0.8413447460685429, 1",
        "0.9,      1.2815515655446004",
        "0.95,     1.6448536269514722",
        "0.975,    1.959963984540054",
        "0.99,     2.3263478740408408",
        "0.995,    2.5758293035489004",
        "0.999,    3.090232306167813",
        "0.02,    -2.053748910631823",
        "0.001,   -3.090232306167813",
        "1e-9,    -5.997807015007686",
    })
    void matchesTableValues(double p, double z) {
        assertEquals(z, NormalQuantile.inverseCdf(p), 1e-8 * Math.max(1, Math.abs(z)));
    }

    @Test
    void isSymmetric() {
        for (double p = 0.001; p < 0.5; p += 0.0137) {
            assertEquals(-NormalQuantile.inverseCdf(p), NormalQuantile.inverseCdf(1 - p), 1e-8);
        }
    }

    @Test
    void twoSidedLevelIsTheUpperQuantileOfHalfTheRest() {
        assertEquals(1.959963984540054, NormalQuantile.twoSided(0.95), 1e-8);
        assertEquals(1.6448536269514722, NormalQuantile.twoSided(0.90), 1e-8);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 1, -0.1, 1.5, Double.NaN})
    void refusesWhatIsNotAProbability(double p) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NormalQuantile.inverseCdf(p));
        assertEquals("A normal quantile needs a probability strictly between 0 and 1, not " + p, e.getMessage());
    }
}
