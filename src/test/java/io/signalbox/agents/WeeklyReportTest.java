package io.signalbox.agents;

import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The weekly report: its ordering and numbers, its JSON, and an HTML page that parses and shows every SKU. */
class WeeklyReportTest {

    private static final LocalDate WEEK_END = LocalDate.of(2026, 3, 8);
    private static final Instant AT = Instant.parse("2026-03-09T04:00:00Z");
    private static final String XHTML = "http://www.w3.org/1999/xhtml";
    private static final String SVG = "http://www.w3.org/2000/svg";

    /** What the jobs would produce for the demo catalogue. */
    static List<SkuReport> rows(DemoCatalogue demo) {
        DemandForecaster forecaster = new DemandForecaster();
        InventoryOptimiser optimiser = new InventoryOptimiser();
        AnomalyDetector detector = new AnomalyDetector();
        List<SkuReport> rows = new ArrayList<>();
        for (DemoSku s : demo.skus()) {
            Forecast f = forecaster.forecast(s.demand());
            InventoryRecommendation r = optimiser.optimise(s.sku(),
                    DemandRate.fromForecast(f, s.policy().leadTimeDays()), s.policy(), s.stock());
            List<Anomaly> anomalies = new ArrayList<>(detector.detectDemand(s.demand()));
            anomalies.addAll(detector.detectMovements(s.sku(), s.movements(), demo.lastDay()));
            rows.add(new SkuReport(s.sku(), s.name(), s.category(), s.demand().lastDays(56), f, r, anomalies));
        }
        return rows;
    }

    private static Document parse(String html) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(html)));
    }

    @Test
    void summarisesTheWeekAndPutsSkusNeedingAttentionFirst() {
        DemoCatalogue demo = DemoCatalogue.generate(42, 60, WEEK_END, 365);
        WeeklyReport report = WeeklyReport.of(WEEK_END, AT, rows(demo));
        assertEquals(LocalDate.of(2026, 3, 2), report.weekStart());
        assertEquals(60, report.summary().skuCount());
        long reorder = report.skus().stream().filter(SkuReport::needsReorder).count();
        assertEquals(reorder, report.summary().reorderCount());
        assertTrue(reorder > 0, "the demo has SKUs to reorder");
        assertEquals(report.skus().stream().filter(SkuReport::needsReorder)
                .mapToLong(s -> s.inventory().orderQuantity()).sum(), report.summary().unitsToOrder());
        int high = 0;
        int medium = 0;
        for (SkuReport s : report.skus()) {
            for (Anomaly a : s.anomalies()) {
                assertFalse(a.date().isBefore(report.weekStart()) || a.date().isAfter(WEEK_END), a.toString());
                high += a.severity() == AnomalySeverity.HIGH ? 1 : 0;
                medium += a.severity() == AnomalySeverity.MEDIUM ? 1 : 0;
            }
        }
        assertEquals(high, report.summary().highAnomalies());
        assertEquals(medium, report.summary().mediumAnomalies());
        assertTrue(high > 0, "the demo plants high anomalies in the last week");
        int previous = 0;
        for (SkuReport s : report.skus()) {
            int group = WeeklyReport.attentionGroup(s);
            assertTrue(group >= previous, "attention order at " + s.sku());
            previous = group;
        }
    }

    @Test
    void anomaliesOutsideTheWeekAreLeftOut() {
        Anomaly old = new Anomaly("S", AnomalySubject.DEMAND, WEEK_END.minusDays(7), 1, 1, 1, 9, AnomalySeverity.HIGH,
                "last week's");
        Anomaly now = new Anomaly("S", AnomalySubject.DEMAND, WEEK_END.minusDays(6), 1, 1, 1, 4, AnomalySeverity.MEDIUM,
                "this week's");
        WeeklyReport report = WeeklyReport.of(WEEK_END, AT,
                List.of(new SkuReport("S", null, null, null, null, null, List.of(old, now))));
        assertEquals(List.of(now), report.skus().get(0).anomalies());
        assertEquals(0, report.summary().highAnomalies());
        assertEquals(1, report.summary().mediumAnomalies());
        assertEquals(1, report.summary().skusWithoutForecast());
    }

    @Test
    void jsonUsesSnakeCaseAndIsoDatesAndReadsBackEqual() throws Exception {
        WeeklyReport report = WeeklyReport.of(WEEK_END, AT, rows(DemoCatalogue.generate(42, 8, WEEK_END, 120)));
        String json = WeeklyReportJson.write(report);
        JsonNode tree = new ObjectMapper().readTree(json);
        assertEquals("2026-03-02", tree.get("week_start").asText());
        assertEquals("2026-03-09T04:00:00Z", tree.get("generated_at").asText());
        assertEquals(8, tree.get("summary").get("sku_count").asInt());
        JsonNode first = tree.get("skus").get(0);
        assertEquals(report.skus().get(0).sku(), first.get("sku").asText());
        assertTrue(first.get("inventory").has("reorder_point"));
        assertTrue(first.get("forecast").get("points").get(0).has("upper"));
        assertEquals(56, first.get("recent_demand").get("values").size());
        assertEquals(report, WeeklyReportJson.read(json));
    }

    @Test
    void htmlParsesAsXmlAndHasEverySkuInTheTableAndInAChart() throws Exception {
        DemoCatalogue demo = DemoCatalogue.generate(42, 40, WEEK_END, 365);
        WeeklyReport report = WeeklyReport.of(WEEK_END, AT, rows(demo));
        Document doc = parse(new WeeklyReportHtml().render(report));

        Set<String> skus = new HashSet<>();
        demo.skus().forEach(s -> skus.add(s.sku()));
        Element tbody = (Element) doc.getElementsByTagNameNS(XHTML, "tbody").item(0);
        NodeList rows = tbody.getElementsByTagNameNS(XHTML, "tr");
        assertEquals(40, rows.getLength());
        Set<String> inTable = new HashSet<>();
        for (int i = 0; i < rows.getLength(); i++) {
            Element row = (Element) rows.item(i);
            inTable.add(row.getElementsByTagNameNS(XHTML, "td").item(0).getTextContent());
            assertEquals(report.skus().get(i).sku(), row.getElementsByTagNameNS(XHTML, "td").item(0).getTextContent(),
                    "table in report order");
        }
        assertEquals(skus, inTable);

        NodeList svgs = doc.getElementsByTagNameNS(SVG, "svg");
        assertEquals(40, svgs.getLength());
        Set<String> charted = new HashSet<>();
        for (int i = 0; i < svgs.getLength(); i++) {
            Element svg = (Element) svgs.item(i);
            String title = svg.getElementsByTagNameNS(SVG, "title").item(0).getTextContent();
            String sku = title.substring(0, title.indexOf(' '));
            charted.add(sku);
            assertEquals(1, svg.getElementsByTagNameNS(SVG, "polygon").getLength(), "interval band for " + sku);
            assertEquals(2, svg.getElementsByTagNameNS(SVG, "polyline").getLength(), "history and forecast of " + sku);
        }
        assertEquals(skus, charted);

        // every anomaly of the week has its sentence, and demand anomalies a marker
        long anomalies = report.skus().stream().mapToLong(s -> s.anomalies().size()).sum();
        assertTrue(anomalies > 0);
        int items = 0;
        NodeList lists = doc.getElementsByTagNameNS(XHTML, "ul");
        for (int i = 0; i < lists.getLength(); i++) {
            items += ((Element) lists.item(i)).getElementsByTagNameNS(XHTML, "li").getLength();
        }
        assertEquals(anomalies, items);
        long demandAnomalies = report.skus().stream().flatMap(s -> s.anomalies().stream())
                .filter(a -> a.subject() == AnomalySubject.DEMAND).count();
        assertEquals(demandAnomalies, doc.getElementsByTagNameNS(SVG, "circle").getLength());

        String header = doc.getElementsByTagNameNS(XHTML, "header").item(0).getTextContent();
        assertTrue(header.contains(report.summary().reorderCount() + " of 40 SKUs need reordering"), header);
        assertTrue(header.contains(report.summary().highAnomalies() + " high-severity anomal"), header);
    }

    @Test
    void htmlEscapesEveryTextFromTheData() throws Exception {
        String nasty = "<script>alert('x')</script> & \"quotes\"";
        DemandHistory h = new DemandHistory("SKU-<&>", WEEK_END.minusDays(29), new double[30]);
        Anomaly a = new Anomaly("SKU-<&>", AnomalySubject.DEMAND, WEEK_END, 0, 0, 1, 7, AnomalySeverity.HIGH, nasty);
        SkuReport row = new SkuReport("SKU-<&>", nasty, nasty, h, new DemandForecaster().forecast(h), null, List.of(a));
        String html = new WeeklyReportHtml().render(WeeklyReport.of(WEEK_END, AT, List.of(row)));
        assertFalse(html.contains("<script"), "no markup from data");
        Document doc = parse(html);
        Element td = (Element) doc.getElementsByTagNameNS(XHTML, "td").item(1);
        assertEquals(nasty, td.getTextContent());
        assertEquals("SKU-<&>", doc.getElementsByTagNameNS(XHTML, "td").item(0).getTextContent());
        assertTrue(doc.getElementsByTagNameNS(XHTML, "li").item(0).getTextContent().endsWith(nasty));
        assertEquals("no recommendation", ((Element) doc.getElementsByTagNameNS(XHTML, "td").item(6)).getTextContent());
    }

    @Test
    void aLargeCatalogueChartsTheFirstSkusAndTablesThemAll() throws Exception {
        WeeklyReport report = WeeklyReport.of(WEEK_END, AT, rows(DemoCatalogue.generate(42, 30, WEEK_END, 200)));
        Document doc = parse(new WeeklyReportHtml(5, 28).render(report));
        NodeList svgs = doc.getElementsByTagNameNS(SVG, "svg");
        assertEquals(5, svgs.getLength());
        for (int i = 0; i < 5; i++) {
            String title = ((Element) svgs.item(i)).getElementsByTagNameNS(SVG, "title").item(0).getTextContent();
            assertTrue(title.startsWith(report.skus().get(i).sku() + " "), "charts in attention order: " + title);
        }
        Element tbody = (Element) doc.getElementsByTagNameNS(XHTML, "tbody").item(0);
        assertEquals(30, tbody.getElementsByTagNameNS(XHTML, "tr").getLength());
        assertTrue(doc.getDocumentElement().getTextContent()
                .contains("Charts for the first 5 of 30 SKUs in attention order; the table above lists them all."));
    }

    @Test
    void aSkuWithoutForecastOrHistoryStillGetsItsRow() throws Exception {
        SkuReport bare = new SkuReport("SKU-X", "Thing", "Misc", null, null, null, List.of());
        Document doc = parse(new WeeklyReportHtml().render(WeeklyReport.of(WEEK_END, AT, List.of(bare))));
        assertEquals("SKU-X", doc.getElementsByTagNameNS(XHTML, "td").item(0).getTextContent());
        assertEquals(0, doc.getElementsByTagNameNS(SVG, "svg").getLength());
        assertTrue(doc.getDocumentElement().getTextContent().contains("No demand history to chart for SKU-X."));
    }
}
