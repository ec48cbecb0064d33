package io.signalbox.agents;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The weekly report as one self-contained HTML page: no scripts, no external styles, fonts or images, charts as
 * inline SVG, so it opens the same from a disk, an S3 link or an e-mail attachment. The page is well-formed XHTML
 * (it parses as XML) and every text from the data is escaped.
 *
 * <p>Top to bottom: a header with the week in numbers (SKUs to reorder, anomalies by severity); a table of every
 * SKU in attention order (high anomaly, reorder, medium anomaly, the rest); then one chart per SKU — the last
 * weeks of demand against the forecast and its prediction interval, the report's week shaded, anomalies marked
 * — with the week's anomalies spelt out beneath. For a large catalogue only the first {@code maxCharts} SKUs in
 * attention order get a chart (SKUs needing attention come first, so they are charted before any quiet one);
 * the table always lists every SKU, so nothing is hidden, and the page stays a few megabytes at most.
 */
public final class WeeklyReportHtml {

    public static final int DEFAULT_MAX_CHARTS = 100;
    public static final int DEFAULT_HISTORY_DAYS = 56;

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private static final int W = 760;
    private static final int H = 220;
    private static final int LEFT = 56;
    private static final int RIGHT = 16;
    private static final int TOP = 14;
    private static final int BOTTOM = 34;

    private static final String STYLE = """
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1d2330;
              background: #f6f7f9; }
            header, main, footer { max-width: 1100px; margin: 0 auto; padding: 0 20px; }
            header { padding-top: 18px; }
            h1 { font-size: 1.6em; margin: 0.2em 0; }
            h2 { font-size: 1.25em; margin: 1.4em 0 0.5em; }
            h3 { font-size: 1.05em; margin: 0 0 0.4em; }
            .period { color: #555; margin: 0 0 1em; }
            .cards { display: flex; flex-wrap: wrap; gap: 12px; }
            .card { background: #fff; border: 1px solid #dde1e7; border-left: 6px solid #9aa5b1; border-radius: 6px;
              padding: 10px 14px; min-width: 170px; }
            .card .big { display: block; font-size: 1.9em; font-weight: 700; }
            .card.reorder { border-left-color: #1f5fa8; }
            .card.high { border-left-color: #c0392b; }
            .card.medium { border-left-color: #e67e22; }
            .card.ok { border-left-color: #27ae60; }
            .lede { font-size: 1.05em; margin: 1em 0 0; }
            table { border-collapse: collapse; width: 100%; background: #fff; font-size: 0.92em; }
            th, td { padding: 5px 8px; border-bottom: 1px solid #e4e7eb; text-align: left; vertical-align: top; }
            th { background: #eef1f5; position: sticky; top: 0; }
            td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
            tr.group0 td:first-child { border-left: 4px solid #c0392b; }
            tr.group1 td:first-child { border-left: 4px solid #1f5fa8; }
            tr.group2 td:first-child { border-left: 4px solid #e67e22; }
            .badge { display: inline-block; border-radius: 10px; padding: 1px 8px; font-size: 0.82em; color: #fff;
              margin-right: 4px; white-space: nowrap; }
            .badge.reorder { background: #1f5fa8; }
            .badge.high { background: #c0392b; }
            .badge.medium { background: #e67e22; }
            .badge.none { background: #9aa5b1; }
            .sku { background: #fff; border: 1px solid #dde1e7; border-radius: 6px; padding: 12px 14px;
              margin: 0 0 14px; }
            .sku svg { width: 100%; height: auto; max-width: 760px; display: block; }
            .facts { color: #555; font-size: 0.88em; margin: 0.4em 0 0; }
            ul.anomalies { margin: 0.4em 0 0; padding-left: 1.2em; font-size: 0.9em; }
            li.high { color: #a93226; }
            li.medium { color: #b9661b; }
            .legend span { margin-right: 16px; white-space: nowrap; }
            .swatch { display: inline-block; width: 22px; height: 10px; vertical-align: middle; margin-right: 5px; }
            .muted { color: #666; }
            footer { color: #555; font-size: 0.88em; padding-bottom: 30px; }
            """;

    private final int maxCharts;
    private final int historyDays;

    /**
     * @param maxCharts   SKUs that get a chart, in attention order
     * @param historyDays days of demand history each chart draws before the forecast
     */
    public WeeklyReportHtml(int maxCharts, int historyDays) {
        if (maxCharts < 0 || historyDays < 1) {
            throw new IllegalArgumentException("maxCharts must be 0 or more and historyDays 1 or more, not "
                    + maxCharts + " and " + historyDays);
        }
        this.maxCharts = maxCharts;
        this.historyDays = historyDays;
    }

    public WeeklyReportHtml() {
        this(DEFAULT_MAX_CHARTS, DEFAULT_HISTORY_DAYS);
    }

    /** The page. */
    public String render(WeeklyReport report) {
        WeeklyReport.Summary sum = report.summary();
        StringBuilder out = new StringBuilder(8192 + report.skus().size() * 600
                + Math.min(maxCharts, report.skus().size()) * 9000);
        String period = report.weekStart().format(DAY) + " to " + report.weekEnd().format(DAY);
        out.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<title>Weekly supply report, ").append(esc(report.weekStart().toString())).append(" to ")
                .append(esc(report.weekEnd().toString())).append("</title>\n<style>\n").append(STYLE)
                .append("</style>\n</head>\n<body>\n");

        out.append("<header>\n<h1>Weekly supply report</h1>\n<p class=\"period\">").append(esc(period))
                .append(report.generatedAt() == null ? "" : " · generated " + esc(STAMP.format(report.generatedAt())))
                .append("</p>\n<div class=\"cards\">\n");
        card(out, sum.reorderCount() > 0 ? "reorder" : "ok", fmt(sum.reorderCount()),
                "of " + fmt(sum.skuCount()) + (sum.skuCount() == 1 ? " SKU needs" : " SKUs need") + " reordering"
                        + (sum.reorderCount() > 0 ? " (" + fmt(sum.unitsToOrder()) + " units)" : ""));
        card(out, sum.highAnomalies() > 0 ? "high" : "ok", fmt(sum.highAnomalies()),
                "high-severity " + (sum.highAnomalies() == 1 ? "anomaly" : "anomalies"));
        card(out, sum.mediumAnomalies() > 0 ? "medium" : "ok", fmt(sum.mediumAnomalies()),
                "medium-severity " + (sum.mediumAnomalies() == 1 ? "anomaly" : "anomalies"));
        if (sum.skusWithoutForecast() > 0) {
            card(out, "high", fmt(sum.skusWithoutForecast()),
                    (sum.skusWithoutForecast() == 1 ? "SKU" : "SKUs") + " without a forecast this week");
        }
        out.append("</div>\n<p class=\"lede\">").append(esc(lede(sum))).append("</p>\n</header>\n<main>\n");

        table(out, report);
        charts(out, report);

        out.append("</main>\n<footer>\n<h2>How to read this report</h2>\n<p>")
                .append("<strong>Reorder</strong>: stock on hand plus on order is at or below the reorder point, ")
                .append("which is the expected demand over the lead time plus safety stock (z · σ · √lead time ")
                .append("for the service level); the quantity is the economic order quantity √(2DS/H), or more when ")
                .append("that would not lift the stock above the reorder point.</p>\n<p>")
                .append("<strong>Forecast</strong>: exponential smoothing (Holt, or Holt-Winters with a weekly ")
                .append("season), fitted to each SKU's daily demand; the band is the prediction interval.</p>\n<p>")
                .append("<strong>Anomalies</strong>: robust z-scores — how many robust standard deviations (from ")
                .append("the median absolute deviation) a day's demand lies from the same weekday's median over ")
                .append("the previous twelve weeks, or a stock movement from the usual size; medium from 3.5, ")
                .append("high from 6, by default.</p>\n</footer>\n</body>\n</html>\n");
        return out.toString();
    }

    /** The week in a sentence or two. */
    private static String lede(WeeklyReport.Summary sum) {
        StringBuilder b = new StringBuilder();
        if (sum.skuCount() == 0) {
            return "No SKUs this week.";
        }
        b.append(sum.reorderCount() == 0 ? "No SKU needs reordering"
                : fmt(sum.reorderCount()) + " of " + fmt(sum.skuCount()) + " SKUs need reordering");
        int anomalies = sum.highAnomalies() + sum.mediumAnomalies();
        if (anomalies == 0) {
            b.append(", and nothing unusual happened this week.");
        } else {
            b.append("; ").append(fmt(anomalies)).append(anomalies == 1 ? " anomaly" : " anomalies").append(" (")
                    .append(fmt(sum.highAnomalies())).append(" high) in ").append(fmt(sum.skusWithAnomalies()))
                    .append(sum.skusWithAnomalies() == 1 ? " SKU." : " SKUs.");
        }
        if (sum.reorderCount() + anomalies > 0) {
            b.append(" The SKUs needing attention are at the top of the table and have their charts first.");
        }
        return b.toString();
    }

    private static void card(StringBuilder out, String kind, String big, String text) {
        out.append("<div class=\"card ").append(kind).append("\"><span class=\"big\">").append(esc(big))
                .append("</span> ").append(esc(text)).append("</div>\n");
    }

    private void table(StringBuilder out, WeeklyReport report) {
        out.append("<section id=\"summary\">\n<h2>All SKUs</h2>\n<p class=\"muted\">")
                .append("Needing attention first: a high-severity anomaly, then a reorder, then a medium anomaly; ")
                .append("within each, the least stock above the reorder point first.</p>\n")
                .append("<table>\n<thead><tr><th>SKU</th><th>Product</th><th>Category</th>")
                .append("<th class=\"num\">On hand</th><th class=\"num\">On order</th>")
                .append("<th class=\"num\">Reorder point</th><th>Reorder</th>")
                .append("<th class=\"num\">Forecast, next 7 days</th><th>Anomalies this week</th></tr></thead>\n")
                .append("<tbody>\n");
        List<SkuReport> skus = report.skus();
        for (int i = 0; i < skus.size(); i++) {
            SkuReport s = skus.get(i);
            InventoryRecommendation inv = s.inventory();
            out.append("<tr class=\"group").append(WeeklyReport.attentionGroup(s)).append("\"><td>");
            if (i < maxCharts) {
                out.append("<a href=\"#sku-").append(i).append("\">").append(esc(s.sku())).append("</a>");
            } else {
                out.append(esc(s.sku()));
            }
            out.append("</td><td>").append(esc(orDash(s.name()))).append("</td><td>").append(esc(orDash(s.category())))
                    .append("</td><td class=\"num\">").append(inv == null ? "—" : esc(units(inv.onHand())))
                    .append("</td><td class=\"num\">").append(inv == null ? "—" : esc(units(inv.onOrder())))
                    .append("</td><td class=\"num\">").append(inv == null ? "—" : esc(units(inv.reorderPoint())))
                    .append("</td><td>");
            if (inv == null) {
                out.append("<span class=\"muted\">no recommendation</span>");
            } else if (inv.reorder()) {
                out.append("<span class=\"badge reorder\">Yes: order ").append(esc(fmt(inv.orderQuantity())))
                        .append("</span>");
            } else {
                out.append("No");
            }
            out.append("</td><td class=\"num\">")
                    .append(s.forecast() == null ? "<span class=\"muted\">no forecast</span>"
                            : esc(units(s.forecast().totalMean(7))))
                    .append("</td><td>");
            anomalyBadges(out, s);
            out.append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n</section>\n");
    }

    private static void anomalyBadges(StringBuilder out, SkuReport s) {
        long high = s.countOf(AnomalySeverity.HIGH);
        long medium = s.countOf(AnomalySeverity.MEDIUM);
        if (high > 0) {
            out.append("<span class=\"badge high\">").append(high).append(" high</span>");
        }
        if (medium > 0) {
            out.append("<span class=\"badge medium\">").append(medium).append(" medium</span>");
        }
        if (high + medium == 0) {
            out.append("<span class=\"muted\">none</span>");
        }
    }

    private void charts(StringBuilder out, WeeklyReport report) {
        List<SkuReport> skus = report.skus();
        int charted = Math.min(maxCharts, skus.size());
        out.append("<section id=\"charts\">\n<h2>Demand and forecast</h2>\n<p class=\"muted\">");
        if (charted < skus.size()) {
            out.append(esc("Charts for the first " + fmt(charted) + " of " + fmt(skus.size())
                    + " SKUs in attention order; the table above lists them all."));
        } else {
            out.append("One chart per SKU, in the table's order.");
        }
        out.append("</p>\n<p class=\"legend\">")
                .append("<span><span class=\"swatch\" style=\"background:#333\"></span>daily demand</span>")
                .append("<span><span class=\"swatch\" style=\"background:#1f5fa8\"></span>forecast</span>")
                .append("<span><span class=\"swatch\" style=\"background:#cfe0f5\"></span>prediction interval</span>")
                .append("<span><span class=\"swatch\" style=\"background:#fff0c2\"></span>this week</span>")
                .append("<span><span class=\"swatch\" style=\"background:#c0392b\"></span>high anomaly</span>")
                .append("<span><span class=\"swatch\" style=\"background:#e67e22\"></span>medium anomaly</span>")
                .append("</p>\n");
        for (int i = 0; i < charted; i++) {
            sku(out, report, skus.get(i), i);
        }
        out.append("</section>\n");
    }

    private void sku(StringBuilder out, WeeklyReport report, SkuReport s, int index) {
        out.append("<article class=\"sku\" id=\"sku-").append(index).append("\">\n<h3>").append(esc(s.sku()));
        if (s.name() != null) {
            out.append(" · ").append(esc(s.name()));
        }
        if (s.category() != null) {
            out.append(" <span class=\"muted\">(").append(esc(s.category())).append(")</span>");
        }
        out.append(" ");
        if (s.needsReorder()) {
            out.append("<span class=\"badge reorder\">reorder ").append(esc(fmt(s.inventory().orderQuantity())))
                    .append("</span>");
        }
        long high = s.countOf(AnomalySeverity.HIGH);
        long medium = s.countOf(AnomalySeverity.MEDIUM);
        if (high > 0) {
            out.append("<span class=\"badge high\">").append(high).append(" high</span>");
        }
        if (medium > 0) {
            out.append("<span class=\"badge medium\">").append(medium).append(" medium</span>");
        }
        out.append("</h3>\n");
        chart(out, report, s, index);
        if (!s.anomalies().isEmpty()) {
            out.append("<ul class=\"anomalies\">\n");
            for (Anomaly a : s.anomalies()) {
                String level = a.severity() == AnomalySeverity.HIGH ? "high" : "medium";
                out.append("<li class=\"").append(level).append("\">").append(level.toUpperCase(Locale.ROOT))
                        .append(": ").append(esc(a.reason())).append("</li>\n");
            }
            out.append("</ul>\n");
        }
        out.append("<p class=\"facts\">").append(esc(facts(s))).append("</p>\n</article>\n");
    }

    private static String facts(SkuReport s) {
        StringBuilder f = new StringBuilder();
        Forecast fc = s.forecast();
        if (fc == null) {
            f.append("No forecast this week.");
        } else {
            f.append("Forecast: ").append(switch (fc.model()) {
                case HOLT -> String.format(Locale.ROOT, "Holt (α %.2f, β %.2f)", fc.alpha(), fc.beta());
                case HOLT_WINTERS -> String.format(Locale.ROOT, "Holt-Winters, weekly season (α %.2f, β %.2f, γ %.2f)",
                        fc.alpha(), fc.beta(), fc.gamma());
                case MEAN -> "mean of " + fc.observations() + (fc.observations() == 1 ? " day" : " days");
            }).append(String.format(Locale.ROOT, ", one-step error %.1f units (RMSE), %d%% interval.", fc.rmse(),
                    Math.round(fc.intervalLevel() * 100)));
        }
        InventoryRecommendation r = s.inventory();
        if (r == null) {
            f.append(" No inventory recommendation this week.");
        } else {
            f.append(String.format(Locale.ROOT, " Stock: %s on hand, %s on order; reorder point %s (%s a day over %s "
                    + "days lead time + safety stock %s at %s%% service); EOQ %s.", units(r.onHand()),
                    units(r.onOrder()), units(r.reorderPoint()), decimal(r.dailyMean()),
                    AnomalyDetector.number(r.leadTimeDays()), units(r.safetyStock()),
                    AnomalyDetector.number(r.serviceLevel() * 100), units(r.eoq())));
        }
        return f.toString();
    }

    /** The SVG chart: the last {@code historyDays} of demand, then the forecast and its interval. */
    private void chart(StringBuilder out, WeeklyReport report, SkuReport s, int index) {
        DemandHistory h = s.recentDemand();
        Forecast fc = s.forecast();
        String label = s.sku() + (s.name() == null ? "" : " " + s.name())
                + ": daily demand of the last weeks and the forecast";
        if (h == null || h.length() == 0) {
            out.append("<p class=\"muted\">No demand history to chart for ").append(esc(s.sku())).append(".</p>\n");
            return;
        }
        double[] y = h.values();
        int from = Math.max(0, y.length - historyDays);
        int nh = y.length - from;
        List<ForecastPoint> points = fc == null ? List.of() : fc.points();
        int total = nh + points.size();
        LocalDate first = h.dateOf(from);
        double max = 1;
        for (int i = from; i < y.length; i++) {
            max = Math.max(max, y[i]);
        }
        for (ForecastPoint p : points) {
            max = Math.max(max, p.upper());
        }
        double step = niceStep(max / 4);
        double top = Math.ceil(max / step) * step;
        double plotW = W - LEFT - RIGHT;
        double plotH = H - TOP - BOTTOM;
        double dx = plotW / Math.max(1, total - 1);
        Scale sc = new Scale(LEFT, dx, TOP + plotH, plotH / top);
        String titleId = "chart-title-" + index;

        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(W).append(' ').append(H)
                .append("\" width=\"").append(W).append("\" height=\"").append(H)
                .append("\" role=\"img\" aria-labelledby=\"").append(titleId).append("\" font-size=\"11\">\n")
                .append("<title id=\"").append(titleId).append("\">").append(esc(label)).append("</title>\n");

        // the report's week
        int ws = (int) first.until(report.weekStart(), java.time.temporal.ChronoUnit.DAYS);
        int we = (int) first.until(report.weekEnd(), java.time.temporal.ChronoUnit.DAYS);
        if (we >= 0 && ws < total) {
            double x0 = sc.x(Math.max(0, ws)) - dx / 2;
            double x1 = sc.x(Math.min(total - 1, we)) + dx / 2;
            out.append("<rect x=\"").append(f1(Math.max(LEFT, x0))).append("\" y=\"").append(TOP)
                    .append("\" width=\"").append(f1(Math.min(W - RIGHT, x1) - Math.max(LEFT, x0)))
                    .append("\" height=\"").append(f1(plotH)).append("\" fill=\"#fff0c2\"/>\n");
        }
        // grid and y axis
        for (double v = 0; v <= top + step / 2; v += step) {
            double yy = sc.y(v);
            out.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(W - RIGHT).append("\" y1=\"")
                    .append(f1(yy)).append("\" y2=\"").append(f1(yy)).append("\" stroke=\"#e4e7eb\"/>\n")
                    .append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(f1(yy + 4))
                    .append("\" text-anchor=\"end\" fill=\"#555\">").append(esc(axis(v))).append("</text>\n");
        }
        // forecast band and mean, from the last day of history
        double lastX = sc.x(nh - 1);
        double lastY = sc.y(y[y.length - 1]);
        if (!points.isEmpty()) {
            StringBuilder band = new StringBuilder();
            band.append(f1(lastX)).append(',').append(f1(lastY));
            for (int i = 0; i < points.size(); i++) {
                band.append(' ').append(f1(sc.x(nh + i))).append(',').append(f1(sc.y(points.get(i).upper())));
            }
            for (int i = points.size() - 1; i >= 0; i--) {
                band.append(' ').append(f1(sc.x(nh + i))).append(',').append(f1(sc.y(points.get(i).lower())));
            }
            out.append("<polygon points=\"").append(band).append("\" fill=\"#cfe0f5\" stroke=\"none\"/>\n");
            StringBuilder mean = new StringBuilder();
            mean.append(f1(lastX)).append(',').append(f1(lastY));
            for (int i = 0; i < points.size(); i++) {
                mean.append(' ').append(f1(sc.x(nh + i))).append(',').append(f1(sc.y(points.get(i).mean())));
            }
            out.append("<polyline points=\"").append(mean)
                    .append("\" fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>\n");
            out.append("<line x1=\"").append(f1(lastX)).append("\" x2=\"").append(f1(lastX)).append("\" y1=\"")
                    .append(TOP).append("\" y2=\"").append(f1(TOP + plotH))
                    .append("\" stroke=\"#888\" stroke-dasharray=\"2 3\"/>\n")
                    .append("<text x=\"").append(f1(lastX + 4)).append("\" y=\"").append(TOP + 10)
                    .append("\" fill=\"#555\">forecast</text>\n");
        }
        // history
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < nh; i++) {
            if (i > 0) {
                line.append(' ');
            }
            line.append(f1(sc.x(i))).append(',').append(f1(sc.y(y[from + i])));
        }
        out.append("<polyline points=\"").append(line)
                .append("\" fill=\"none\" stroke=\"#333\" stroke-width=\"1.5\"/>\n");
        // anomalies
        for (Anomaly a : s.anomalies()) {
            if (a.subject() != AnomalySubject.DEMAND) {
                continue;
            }
            int i = (int) first.until(a.date(), java.time.temporal.ChronoUnit.DAYS);
            if (i < 0 || i >= nh) {
                continue;
            }
            out.append("<circle cx=\"").append(f1(sc.x(i))).append("\" cy=\"").append(f1(sc.y(y[from + i])))
                    .append("\" r=\"5\" fill=\"").append(a.severity() == AnomalySeverity.HIGH ? "#c0392b" : "#e67e22")
                    .append("\" stroke=\"#fff\" stroke-width=\"1.5\"><title>").append(esc(a.reason()))
                    .append("</title></circle>\n");
        }
        // x axis
        double axisY = TOP + plotH;
        out.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(W - RIGHT).append("\" y1=\"")
                .append(f1(axisY)).append("\" y2=\"").append(f1(axisY)).append("\" stroke=\"#888\"/>\n");
        xLabel(out, sc.x(0), axisY, first, "start");
        if (ws > 6 && ws < nh - 1) {
            xLabel(out, sc.x(ws), axisY, first.plusDays(ws), "middle");
        }
        xLabel(out, lastX, axisY, h.end(), points.isEmpty() ? "end" : "middle");
        if (!points.isEmpty()) {
            xLabel(out, sc.x(total - 1), axisY, points.get(points.size() - 1).date(), "end");
        }
        out.append("</svg>\n");
    }

    private static void xLabel(StringBuilder out, double x, double axisY, LocalDate date, String anchor) {
        out.append("<text x=\"").append(f1(x)).append("\" y=\"").append(f1(axisY + 16))
                .append("\" text-anchor=\"").append(anchor).append("\" fill=\"#555\">").append(esc(date.format(SHORT)))
                .append("</text>\n");
    }

    /** Day index and value to SVG coordinates. */
    private record Scale(double left, double dx, double bottom, double perUnit) {
        double x(int day) {
            return left + day * dx;
        }

        double y(double value) {
            return bottom - value * perUnit;
        }
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        if (!(raw > 0)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double m = raw / p;
        return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
    }

    /** Text for XML content and attribute values. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> c < 0x20 && c != '\n' && c != '\t' && c != '\r' ? " " : null;
            };
            if (r != null && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (b != null) {
                if (r != null) {
                    b.append(r);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? s : b.toString();
    }

    private static String orDash(String s) {
        return s == null || s.isBlank() ? "—" : s;
    }

    private static String fmt(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    private static String units(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String decimal(double v) {
        return String.format(Locale.ROOT, "%,.1f", v);
    }

    private static String axis(double v) {
        return AnomalyDetector.number(v);
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
