package io.encodingfarm.reporter;

import io.encodingfarm.reporter.SweepReport.BestLayerRow;
import io.encodingfarm.reporter.SweepReport.FeatureSetProvenance;
import io.encodingfarm.reporter.SweepReport.FeatureSetSummary;
import io.encodingfarm.reporter.SweepReport.LateralizationRow;
import io.encodingfarm.reporter.SweepReport.ScalingRow;
import io.encodingfarm.reporter.SweepReport.ScoreRow;
import io.encodingfarm.reporter.SweepReport.VoxelSlopeRow;
import io.encodingfarm.schema.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Renders the report's CSV tables (full double precision, empty cells for absent values) and its
 * self-contained HTML page: figures inline as base64 PNG, sortable tables, no external resource,
 * every user-given string escaped.
 */
final class ReportFiles {
    /** Where the live page inserts its auto-refresh into {@code <head>}. */
    static final String LIVE_HEAD_MARKER = "<!--live-head-->";
    /** Where the live page inserts its progress banner at the top of {@code <body>}. */
    static final String LIVE_BODY_MARKER = "<!--live-body-->";
    private static final int OPEN_ROWS = 200;

    private ReportFiles() {
    }

    static byte[] scoresCsv(List<ScoreRow> rows) {
        return csv("feature_set,layer,layer_index,layer_count,relative_depth,subject,fit_id,n_voxels,mean_r,"
                + "mean_r_reliable,mean_r_normalized,left_r,right_r,left_minus_right", rows, r -> new Object[]{
                r.label(), r.layer(), r.layerIndex(), r.layerCount(), r.relativeDepth(), r.subject(), r.fitId(), r.nVoxels(),
                r.meanR(), r.meanRReliable(), r.meanRNormalized(), r.left(), r.right(), r.leftMinusRight()});
    }

    static byte[] lateralizationCsv(List<LateralizationRow> rows) {
        return csv("feature_set,layer,subject,fit_id,variant,left_r,right_r,left_minus_right,n_left,n_right", rows,
                r -> new Object[]{r.label(), r.layer(), r.subject(), r.fitId(), r.variant(), r.left(), r.right(),
                        r.leftMinusRight(), r.nLeft(), r.nRight()});
    }

    static byte[] scalingCsv(List<ScalingRow> rows) {
        return csv("fit,group,subject,metric,term,n_models,estimate,intercept,std_error,p,r,r2,ci_low,ci_high", rows,
                r -> new Object[]{r.fit(), r.group(), r.subject(), r.metric(), r.term(), r.nModels(), r.estimate(),
                        r.intercept(), r.stdError(), r.p(), r.r(), r.r2(), r.ciLow(), r.ciHigh()});
    }

    private static <T> byte[] csv(String header, List<T> rows, Function<T, Object[]> cells) {
        StringBuilder out = new StringBuilder(header).append('\n');
        for (T row : rows) {
            Object[] values = cells.apply(row);
            for (int i = 0; i < values.length; i++) {
                if (i > 0) out.append(',');
                out.append(csvCell(values[i]));
            }
            out.append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String csvCell(Object value) {
        if (value == null) return "";
        if (value instanceof Double d) return d.isNaN() ? "" : Double.toString(d);
        String s = value.toString();
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    static byte[] html(SweepReport report, List<Figures.Figure> figures) {
        Html h = new Html();
        h.raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">").raw(LIVE_HEAD_MARKER)
                .raw("<title>encoding-farm · ").text(report.sweep()).raw("</title><style>").raw(STYLE).raw("</style></head><body>")
                .raw(LIVE_BODY_MARKER);
        h.raw("<h1>Sweep ").text(report.sweep()).raw("</h1><p>Dataset <b>").text(report.dataset()).raw("</b> · ")
                .raw(report.fitsDone() + " of " + report.fitsPlanned() + " fits")
                .raw(report.complete() ? "" : " <span class=\"partial\">(partial results: the sweep is still running "
                        + "or some fits failed)</span>")
                .raw(" · generated ").text(report.generatedAt()).raw("</p>");
        if (report.groundTruth() != null) {
            h.raw("<p>Planted ground truth: <code>").text(Json.toPrettyString(report.groundTruth())).raw("</code></p>");
        }

        h.raw("<h2>Feature sets</h2><p>Best layer by mean r averaged over subjects; L − R is the left-hemisphere minus "
                + "right-hemisphere mean r at that layer.</p>");
        h.table(List.of("feature set", "kind", "parameters", "best layer", "depth", "mean r", "left", "right", "L − R", "subjects"),
                report.byFeatureSet(), s -> new Object[]{s.label(), s.kind(), s.parameterCount(), s.bestLayer(),
                        s.bestLayerDepth(), s.meanR(), s.left(), s.right(), s.leftMinusRight(), s.subjects()},
                s -> s.label().equals(report.best()) ? "best" : null);

        h.raw("<h2>Figures</h2>");
        for (Figures.Figure f : figures) {
            h.raw("<figure><img class=\"figure\" alt=\"").text(f.title()).raw("\" src=\"data:image/png;base64,")
                    .raw(Base64.getEncoder().encodeToString(f.png())).raw("\"><figcaption>").text(f.title())
                    .raw(report.complete() ? "" : " <span class=\"partial\">(partial)</span>");
            if (f.svg() != null) h.raw(" · <a href=\"figures/").text(f.name()).raw(".svg\">SVG</a>");
            h.raw("</figcaption></figure>");
        }

        if (!report.scaling().isEmpty()) {
            h.raw("<h2>Scaling laws</h2><p>Metric at each model's best layer against ln N: slope with bootstrap 95 % "
                    + "interval (log_linear), and multiple OLS on [ln N, n_layers, hidden] where widths are known.</p>");
            h.table(List.of("fit", "group", "subject", "metric", "term", "models", "estimate", "intercept", "std error",
                    "p", "r", "R²", "CI low", "CI high"), report.scaling(), r -> new Object[]{r.fit(), r.group(), r.subject(),
                    r.metric(), r.term(), r.nModels(), r.estimate(), r.intercept(), r.stdError(), r.p(), r.r(), r.r2(),
                    r.ciLow(), r.ciHigh()}, r -> null);
        }
        if (!report.voxelSlopes().isEmpty()) {
            h.raw("<h2>Per-voxel slope of r on ln N</h2>");
            h.table(List.of("group", "subject", "models", "mean slope", "left", "right", "L − R", "fraction p < 0.05"),
                    report.voxelSlopes(), (VoxelSlopeRow r) -> new Object[]{r.group(), r.subject(), r.nModels(), r.meanSlope(),
                            r.slopeLeft(), r.slopeRight(), r.slopeLeftMinusRight(), r.fractionSignificant()}, r -> null);
        }
        if (!report.checkpoints().isEmpty()) {
            h.raw("<h2>Training checkpoints</h2>");
            h.table(List.of("model", "feature set", "step", "best layer", "mean r", "left", "right", "L − R"),
                    report.checkpoints(), (SweepReport.CheckpointRow r) -> new Object[]{r.model(), r.label(), r.trainingStep(),
                            r.bestLayer(), r.meanR(), r.left(), r.right(), r.leftMinusRight()}, r -> null);
        }
        h.raw("<h2>Best layer per voxel</h2>");
        h.table(List.of("feature set", "subject", "layers", "mean best r", "mean best depth", "mean best r / ceiling"),
                report.bestLayers(), (BestLayerRow r) -> new Object[]{r.label(), r.subject(), r.layersFitted(), r.meanBestR(),
                        r.meanBestDepth(), r.meanBestRNormalized()}, r -> null);
        h.raw("<h2>Every fit</h2>").raw(collapsible(report.scores().size()));
        h.table(List.of("feature set", "layer", "depth", "subject", "voxels", "mean r", "reliable", "r / ceiling", "left",
                "right", "L − R", "fit"), report.scores(), r -> new Object[]{r.label(), r.layer(), r.relativeDepth(), r.subject(),
                r.nVoxels(), r.meanR(), r.meanRReliable(), r.meanRNormalized(), r.left(), r.right(), r.leftMinusRight(),
                r.fitId()}, r -> null);
        h.raw("</details>");
        h.raw("<h2>Lateralization</h2><p>Variants: all voxels; top10 = each hemisphere's voxels at or above its 90th "
                + "score percentile; reliable = noise ceiling above its hemisphere's 75th percentile; ceiling_normalized = "
                + "r / ceiling; roi:NAME = the ROI against its mirror image.</p>").raw(collapsible(report.lateralization().size()));
        h.table(List.of("feature set", "layer", "subject", "variant", "left", "right", "L − R", "n left", "n right"),
                report.lateralization(), r -> new Object[]{r.label(), r.layer(), r.subject(), r.variant(), r.left(), r.right(),
                        r.leftMinusRight(), r.nLeft(), r.nRight()}, r -> null);
        h.raw("</details>");

        provenance(h, report.provenance());
        if (!report.notes().isEmpty()) {
            h.raw("<h2>Notes</h2><ul>");
            report.notes().forEach(n -> h.raw("<li>").text(n).raw("</li>"));
            h.raw("</ul>");
        }
        h.raw("<p>Downloads: <a href=\"summary.json\">summary.json</a> · <a href=\"scores.csv\">scores.csv</a> · "
                + "<a href=\"lateralization.csv\">lateralization.csv</a> · <a href=\"scaling.csv\">scaling.csv</a> · NIfTI maps "
                + "under <code>maps/</code></p><p id=\"render-status\"></p><script>").raw(SCRIPT).raw("</script></body></html>");
        return h.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Long tables start folded so the figures stay near the top of a large sweep's page. */
    private static String collapsible(int rows) {
        return "<details" + (rows > OPEN_ROWS ? "" : " open") + "><summary>" + rows + " rows</summary>";
    }

    /** The page of a sweep that has no report yet: only the live progress goes into it. */
    static String placeholder(String sweep) {
        return new Html().raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">").raw(LIVE_HEAD_MARKER)
                .raw("<title>encoding-farm · ").text(sweep).raw("</title><style>").raw(STYLE).raw("</style></head><body>")
                .raw(LIVE_BODY_MARKER).raw("<h1>Sweep ").text(sweep).raw("</h1><p>No fit has finished yet: the report "
                        + "appears here as soon as one has.</p></body></html>").toString();
    }

    private static void provenance(Html h, SweepReport.Provenance p) {
        if (p == null) return;
        h.raw("<h2>Provenance</h2><p>Code version <code>").text(p.codeVersion()).raw("</code></p><p>Dataset <code>")
                .text(Json.toPrettyString(p.dataset())).raw("</code></p><p>Fit settings <code>")
                .text(Json.toPrettyString(p.fitSettings())).raw("</code></p>");
        h.table(List.of("feature set", "kind", "extraction", "extractor", "parameters", "hidden"), p.featureSets(),
                (FeatureSetProvenance f) -> new Object[]{f.label(), f.kind(), f.extraction(), Json.toPrettyString(f.extractor()),
                        f.parameterCount(), f.hiddenSize()}, f -> null);
    }

    static String esc(String s) {
        if (s == null) return "";
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String num(Object value) {
        if (value == null) return "";
        if (value instanceof Double d) {
            if (d.isNaN()) return "";
            return Math.abs(d) >= 1e-3 || d == 0 ? String.format(Locale.ROOT, "%.4f", d) : String.format(Locale.ROOT, "%.3g", d);
        }
        return value.toString();
    }

    /** HTML assembled with escaping by default: {@link #text} escapes, {@link #raw} is for markup only. */
    private static final class Html {
        private final StringBuilder out = new StringBuilder(1 << 16);

        Html raw(String markup) {
            out.append(markup);
            return this;
        }

        Html text(String userText) {
            out.append(esc(userText));
            return this;
        }

        <T> void table(List<String> headers, List<T> rows, Function<T, Object[]> cells, Function<T, String> rowClass) {
            raw("<table class=\"sortable\"><thead><tr>");
            headers.forEach(title -> raw("<th>").text(title).raw("</th>"));
            raw("</tr></thead><tbody>");
            for (T row : rows) {
                String cls = rowClass.apply(row);
                raw(cls == null ? "<tr>" : "<tr class=\"" + esc(cls) + "\">");
                for (Object cell : cells.apply(row)) {
                    boolean numeric = cell instanceof Number;
                    raw(numeric ? "<td class=\"n\">" : "<td>").text(num(cell)).raw("</td>");
                }
                raw("</tr>");
            }
            raw("</tbody></table>");
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }

    private static final String STYLE = "body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1400px}"
            + "table{border-collapse:collapse;margin:1em 0;font-size:13px}td,th{border:1px solid #ccc;padding:3px 7px}"
            + "td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f3f3;cursor:pointer;user-select:none}"
            + "th[data-asc='1']::after{content:' ▲'}th[data-asc='0']::after{content:' ▼'}.best{background:#e8f5e9}"
            + ".partial{color:#b71c1c;font-weight:600}figure{display:inline-block;margin:0 1em 1em 0;vertical-align:top}"
            + "figure img{max-width:100%;border:1px solid #eee}figcaption{font-size:13px;color:#555;max-width:760px}"
            + "code{white-space:pre-wrap;font-size:12px}.live{background:#fff8e1;border:1px solid #ffe082;padding:.6em 1em}"
            + ".broken{outline:3px solid #b71c1c}";

    /** Sortable tables (click a header; numbers sort numerically, empty cells last) and a figure render check. */
    private static final String SCRIPT = "document.querySelectorAll('table.sortable th').forEach((th,i)=>th.addEventListener("
            + "'click',()=>{const tb=th.closest('table').tBodies[0];const rows=[...tb.rows];const asc=th.dataset.asc!=='1';"
            + "th.closest('tr').querySelectorAll('th').forEach(o=>{if(o!==th)delete o.dataset.asc;});th.dataset.asc=asc?'1':'0';"
            + "const key=r=>{const t=r.cells[i].textContent.trim();const n=Number(t);return t===''?null:isNaN(n)?t:n;};"
            + "rows.sort((a,b)=>{const x=key(a),y=key(b);if(x===null||y===null)return x===y?0:x===null?1:-1;"
            + "const c=typeof x==='number'&&typeof y==='number'?x-y:String(x).localeCompare(String(y));return asc?c:-c;});"
            + "rows.forEach(r=>tb.appendChild(r));}));"
            + "window.addEventListener('load',()=>{const imgs=[...document.querySelectorAll('img.figure')];"
            + "const ok=imgs.filter(im=>im.complete&&im.naturalWidth>0);imgs.forEach(im=>{if(!ok.includes(im))"
            + "im.classList.add('broken');});const s=document.getElementById('render-status');s.dataset.rendered=ok.length;"
            + "s.dataset.total=imgs.length;s.textContent=ok.length+' of '+imgs.length+' figures rendered';});";
}
