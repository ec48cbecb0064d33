package io.signalbox.agents;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Robust z-scores by hand, their fallbacks, and the planted anomalies of the demo catalogue found. */
class AnomalyDetectorTest {

    private static final LocalDate START = LocalDate.of(2026, 1, 5); // a Monday
    /** Plain robust z (no season), 14-day baseline, no floor to speak of: for hand-worked numbers. */
    private static final AnomalySettings PLAIN = new AnomalySettings(14, 14, 1, 0, 14, 3.5, 6.0, 0.01, 8);

    /**
     * Baseline 10.5 11.2 9.8 10.1 10.9 11.5 9.6 10.4 10.0 10.7 11.1 9.9 10.3 10.6, then 14.0.
     * Sorted, the middle two are 10.4 and 10.5: median 10.45. Absolute deviations sorted: 0.05 0.05 0.15 0.15
     * 0.25 0.35 0.45 0.45 0.55 0.65 0.65 0.75 0.85 1.05: MAD 0.45. Robust sd 0.45/0.6745 = 0.66717, times
     * √(1 + π/28) = 1.05461 for the uncertainty of the median: 0.70360. z = (14 − 10.45)/0.70360 = 5.045: MEDIUM.
     */
    @Test
    void plainRobustZOfAHandWorkedExample() {
        double[] y = {10.5, 11.2, 9.8, 10.1, 10.9, 11.5, 9.6, 10.4, 10.0, 10.7, 11.1, 9.9, 10.3, 10.6, 14.0};
        List<Anomaly> found = new AnomalyDetector(PLAIN).detectDemand(new DemandHistory("SKU-H", START, y));
        assertEquals(1, found.size());
        Anomaly a = found.get(0);
        assertEquals(START.plusDays(14), a.date());
        assertEquals(10.45, a.expected(), 1e-9);
        assertEquals(0.45 / 0.6744897501960817 * Math.sqrt(1 + Math.PI / 28), a.robustSd(), 1e-9);
        assertEquals(5.0454, a.score(), 1e-4);
        assertEquals(AnomalySeverity.MEDIUM, a.severity());
        assertEquals(AnomalySubject.DEMAND, a.subject());
        assertEquals("demand of 14 on Monday 2026-01-19 is 5.0 robust standard deviations above the median 10.5 of"
                + " the last 14 days (robust sd 0.7)", a.reason());
    }

    /**
     * Eight of 14 values exactly on the median 5 and the rest 3.5 4.5 6.5 7.5 8.5 2.5: MAD 0, so the mean
     * absolute deviation (1.5 + 0.5 + 1.5 + 2.5 + 3.5 + 2.5)/14 = 12/14, times √(π/2), stands in.
     */
    @Test
    void whenMadIsZeroTheMeanAbsoluteDeviationStandsIn() {
        double[] a = {5, 5, 5, 5, 5, 5, 5, 5, 3.5, 4.5, 6.5, 7.5, 8.5, 2.5};
        assertEquals(Math.sqrt(Math.PI / 2) * 12 / 14, RobustStats.robustSd(a, a.length, 5), 1e-12);
    }

    /**
     * The same shape in whole numbers (5 ×8, then 3 4 6 7 8 2): deviations 0 ×8, 1 1 2 2 3 3. The zeros stand for
     * [0, 0.5] and hold 8 of 14, so the grouped median is 0.5 · 7/8 = 0.4375, not 0: MAD 0.4375.
     */
    @Test
    void onWholeNumbersTheMadIsTheGroupedMedian() {
        double[] a = {5, 5, 5, 5, 5, 5, 5, 5, 3, 4, 6, 7, 8, 2};
        assertEquals(RobustStats.MAD_TO_SD * 0.4375, RobustStats.robustSd(a, a.length, 5), 1e-12);
    }

    @Test
    void aFlatBaselineStillGivesFiniteScoresAndOneUnitIsNoAnomaly() {
        double[] y = new double[29];
        java.util.Arrays.fill(y, 4);
        y[27] = 5;
        y[28] = 40;
        List<Anomaly> found = new AnomalyDetector().detectDemand(new DemandHistory("SKU-F", START, y));
        assertEquals(1, found.size(), found.toString());
        Anomaly a = found.get(0);
        assertEquals(40, a.value());
        assertTrue(Double.isFinite(a.score()) && a.score() > 6, a.toString());
        assertEquals(AnomalySeverity.HIGH, a.severity());
    }

    @Test
    void groupedMedianInterpolatesWithinTheUnitOfTheMedian() {
        // 1 2 2 2 3: the median 2 stands for [1.5, 2.5], holding 3 of 5; half of 5 is 2.5, 1 below: 1.5 + 1.5/3
        assertEquals(2.0, RobustStats.groupedMedian(new double[] {2, 1, 2, 3, 2}, 5), 1e-12);
        // 1 1 2 3: half is 2, two values below 2 and one at it: 1.5 + (2 − 2)/1 = 1.5
        assertEquals(1.5, RobustStats.groupedMedian(new double[] {1, 3, 1, 2}, 4), 1e-12);
        // 0 0 0 1 5: zeros stand for [0, 0.5]: 0.5·2.5/3
        assertEquals(0.5 * 2.5 / 3, RobustStats.groupedMedian(new double[] {0, 5, 0, 1, 0}, 5), 1e-12);
    }

    /** Twelve weeks of a weekly pattern with a trend and a little noise; then a Saturday far above its peers. */
    @Test
    void comparesLikeWithLikeAcrossTheWeekAndFollowsTheTrend() {
        double[] week = {80, 82, 85, 90, 120, 160, 70};
        Random r = new Random(1);
        double[] y = new double[13 * 7];
        for (int t = 0; t < y.length; t++) {
            y[t] = Math.rint(week[t % 7] * (1 + 0.004 * t) + 4 * r.nextGaussian());
        }
        AnomalyDetector detector = new AnomalyDetector();
        DemandHistory clean = new DemandHistory("SKU-W", START, y);
        assertEquals(List.of(), detector.detectDemand(clean, START.plusDays(14), clean.end()),
                "busy Saturdays and a 0.4 %-a-day trend are not anomalies");

        int saturday = y.length - 2;
        double expected = week[5] * (1 + 0.004 * saturday);
        double[] spiked = y.clone();
        spiked[saturday] = Math.rint(expected + 60);
        List<Anomaly> found = detector.detectDemand(new DemandHistory("SKU-W", START, spiked));
        assertEquals(1, found.size(), found.toString());
        Anomaly a = found.get(0);
        assertEquals(START.plusDays(saturday), a.date());
        assertEquals(expected, a.expected(), 6, "the trend carries the Saturday median forward");
        assertEquals(AnomalySeverity.HIGH, a.severity());
        assertTrue(a.reason().startsWith("demand of " + (long) spiked[saturday] + " on Saturday " + a.date()
                + " is "), a.reason());
        assertTrue(a.reason().contains("robust standard deviations above the expected")
                && a.reason().contains("(the median of the last 12 Saturdays, adjusted for trend; robust sd "),
                a.reason());
    }

    @Test
    void dropsAreFoundAsWellAsSpikes() {
        double[] y = new double[120];
        Random r = new Random(2);
        for (int t = 0; t < y.length; t++) {
            y[t] = Math.rint(200 + 10 * r.nextGaussian());
        }
        y[119] = 0;
        List<Anomaly> found = new AnomalyDetector().detectDemand(new DemandHistory("SKU-D", START, y));
        assertEquals(1, found.size());
        assertTrue(found.get(0).score() < -6);
        assertTrue(found.get(0).reason().contains("below the expected"), found.get(0).reason());
    }

    @Test
    void tooShortAHistoryIsNotScored() {
        double[] y = {1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 500};
        assertEquals(List.of(), new AnomalyDetector().detectDemand(new DemandHistory("SKU-S", START, y)),
                "13 days before the spike, 14 needed");
    }

    /**
     * Every anomaly the demo catalogue plants is found on its date. The detector's z for a planted MEDIUM day
     * (sized at 4.75 σ, the middle of [3.5, 6)) varies with the estimated expected value and noise: over 325
     * plants it averaged 4.77 with sd 0.52, so about 2 % land just outside the band. Hence: every HIGH plant is
     * HIGH, at least 93 % of MEDIUM plants are MEDIUM, and every plant is at least 3.0 robust sd out.
     */
    @Test
    void findsThePlantedDemandAnomaliesOfTheDemoCatalogueWithTheirSeverity() {
        DemoCatalogue demo = DemoCatalogue.generate(2026, 150, LocalDate.of(2026, 3, 8), 365);
        AnomalyDetector detector = new AnomalyDetector();
        AnomalyDetector lenient = new AnomalyDetector(new AnomalySettings(84, 364, 7, 7, 14, 3.0, 6.0, 1.0, 8));
        int high = 0;
        int medium = 0;
        int mediumAsMedium = 0;
        for (DemoSku s : demo.skus()) {
            for (PlantedAnomaly p : s.planted()) {
                if (p.subject() != AnomalySubject.DEMAND) {
                    continue;
                }
                List<Anomaly> found = lenient.detectDemand(s.demand(), p.date(), p.date());
                assertEquals(1, found.size(), "planted " + p + " in " + s.sku());
                AnomalySeverity graded = detector.settings().severityOf(found.get(0).score());
                if (p.severity() == AnomalySeverity.HIGH) {
                    high++;
                    assertEquals(AnomalySeverity.HIGH, graded, found.get(0).reason());
                    assertEquals(Math.signum(p.value() - p.expected()), Math.signum(found.get(0).score()));
                } else {
                    medium++;
                    mediumAsMedium += graded == AnomalySeverity.MEDIUM ? 1 : 0;
                }
            }
        }
        assertTrue(high >= 15 && medium >= 15, "enough plants to judge: " + high + " high, " + medium + " medium");
        assertTrue(mediumAsMedium >= 0.93 * medium, mediumAsMedium + " of " + medium + " medium plants graded medium");
    }

    /**
     * Clean data (the same catalogue without plants), every day from the twelfth week on: no HIGH at all, and
     * MEDIUM on at most 0.2 % of days — normal noise alone passes 3.5 on 0.05 % of days, and estimating the
     * expected value and spread from weeks of integer demand fattens that a little (about 0.09 % measured).
     */
    @Test
    void cleanDataRaisesNoHighAnomalyAndFewMedium() {
        DemoCatalogue demo = DemoCatalogue.generate(2026, 150, LocalDate.of(2026, 3, 8), 365, false);
        AnomalyDetector detector = new AnomalyDetector();
        int days = 0;
        List<Anomaly> found = new ArrayList<>();
        int lastWeek = 0;
        for (DemoSku s : demo.skus()) {
            assertEquals(List.of(), s.planted());
            found.addAll(detector.detectDemand(s.demand(), s.demand().dateOf(84), s.demand().end()));
            days += s.demand().length() - 84;
            lastWeek += detector.detectDemand(s.demand()).size();
        }
        assertTrue(found.stream().noneMatch(a -> a.severity() == AnomalySeverity.HIGH), found.toString());
        assertTrue(found.size() <= 0.002 * days, found.size() + " medium in " + days + " days");
        assertTrue(lastWeek <= 3, lastWeek + " anomalies in the last week of 150 clean SKUs");
    }

    @Test
    void findsThePlantedWriteOffsAndNeverReportsSales() {
        DemoCatalogue demo = DemoCatalogue.generate(2026, 150, demoEnd(), 365);
        AnomalyDetector detector = new AnomalyDetector();
        int writeOffs = 0;
        for (DemoSku s : demo.skus()) {
            List<Anomaly> found = detector.detectMovements(s.sku(), s.movements(), demo.lastDay());
            Map<LocalDate, Anomaly> byDate = new HashMap<>();
            found.forEach(a -> byDate.put(a.date(), a));
            for (PlantedAnomaly p : s.planted()) {
                if (p.subject() == AnomalySubject.STOCK_MOVEMENT) {
                    writeOffs++;
                    Anomaly a = byDate.remove(p.date());
                    assertTrue(a != null, "write-off " + p + " of " + s.sku() + " found");
                    assertEquals(AnomalySeverity.HIGH, a.severity());
                    assertEquals(p.value(), a.value());
                    assertTrue(a.reason().startsWith("outbound adjustment of " + (long) p.value() + " on " + p.date()
                            + " (stock count) is "), a.reason());
                }
            }
            assertEquals(Map.of(), byDate, "nothing but the planted write-offs in " + s.sku());
            assertTrue(found.stream().noneMatch(a -> a.reason().contains(" sale ")));
        }
        assertTrue(writeOffs >= 5, writeOffs + " write-offs planted");
    }

    @Test
    void movementsLargerThanUsualAreReportedSmallerOnesAndTooFewAreNot() {
        LocalDate asOf = LocalDate.of(2026, 3, 8);
        List<StockMovement> moves = new ArrayList<>();
        for (int d = 0; d < 30; d++) {
            moves.add(new StockMovement(asOf.minusDays(d), -(20 + d % 5), MovementKind.OTHER, null));
        }
        moves.add(new StockMovement(asOf.minusDays(1), -1, MovementKind.OTHER, "tiny"));
        moves.add(new StockMovement(asOf.minusDays(2), -300, MovementKind.OTHER, "big"));
        moves.add(new StockMovement(asOf.minusDays(3), 900, MovementKind.RECEIPT, "only receipt"));
        moves.add(new StockMovement(asOf.minusDays(40), -5000, MovementKind.OTHER, "too old"));
        List<Anomaly> found = new AnomalyDetector().detectMovements("SKU-M", moves, asOf);
        assertEquals(1, found.size(), found.toString());
        Anomaly a = found.get(0);
        assertEquals(-300, a.value());
        assertEquals(-22, a.expected());
        assertEquals(AnomalySeverity.HIGH, a.severity());
        assertTrue(a.reason().startsWith("outbound movement of -300 on 2026-03-06 (big) is "), a.reason());
        assertTrue(a.reason().endsWith("robust standard deviations larger than the median outbound movement of -22"
                + " over the last 84 days (robust sd " + AnomalyDetector.number(a.robustSd()) + ")"), a.reason());
    }

    @Test
    void twoUnusualMovementsOfOneDayAreTwoAnomaliesWithTheirOwnIds() {
        LocalDate asOf = LocalDate.of(2026, 3, 8);
        List<StockMovement> moves = new ArrayList<>();
        for (int d = 0; d < 30; d++) {
            moves.add(new StockMovement(asOf.minusDays(d), -(20 + d % 5), MovementKind.OTHER, null));
        }
        moves.add(new StockMovement(asOf, -300, MovementKind.ADJUSTMENT, "count", "1772960400#e-1"));
        moves.add(new StockMovement(asOf, -400, MovementKind.ADJUSTMENT, "count", "1772964000#e-2"));
        moves.add(new StockMovement(asOf.minusDays(1), -350, MovementKind.OTHER, null));
        moves.add(new StockMovement(asOf.minusDays(1), -450, MovementKind.OTHER, null));
        List<Anomaly> found = new AnomalyDetector().detectMovements("SKU-M", moves, asOf);
        assertEquals(List.of("2026-03-08#stock_movement#1772960400#e-1", "2026-03-08#stock_movement#1772964000#e-2",
                "2026-03-07#stock_movement#2", "2026-03-07#stock_movement#3"),
                found.stream().map(Anomaly::id).toList(), "recorded movements by their id, others by their place that day");
        assertEquals(List.of(-300.0, -400.0, -350.0, -450.0), found.stream().map(Anomaly::value).toList());
    }

    @Test
    void aDemandAnomalyIsKeyedByItsDayAndSubjectAlone() {
        Anomaly a = new Anomaly("S", AnomalySubject.DEMAND, LocalDate.of(2026, 3, 8), 90, 10, 2, 40,
                AnomalySeverity.HIGH, "r");
        assertEquals("2026-03-08#demand", a.id());
    }

    private static LocalDate demoEnd() {
        return LocalDate.of(2026, 3, 8);
    }
}
