package io.encodingfarm.reporter;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** Renders the report's CSV and self-contained HTML (no external resources; every user string escaped). */
final class ReportFiles {
    private ReportFiles() {
    }

    static byte[] scoresCsv(List<ScoreRow> rows) {
        StringBuilder out = new StringBuilder(
                "feature_set,layer,layer_index,layer_count,subject,fit_id,n_voxels,mean_r,left_r,right_r,left_minus_right\n");
        for (ScoreRow r : rows) {
            out.append(csv(r.label())).append(',').append(csv(r.layer())).append(',').append(r.layerIndex()).append(',')
                    .append(r.layerCount()).append(',').append(csv(r.subject())).append(',').append(r.fitId()).append(',')
                    .append(r.nVoxels()).append(',').append(num(r.meanR())).append(',').append(num(r.left())).append(',')
                    .append(num(r.right())).append(',').append(num(r.leftMinusRight())).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] html(SweepReport report, List<ScoreRow> rows) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>encoding-farm · ")
                .append(esc(report.sweep())).append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f3f3f3;cursor:pointer}")
                .append("td:first-child,th:first-child{text-align:left}.best{background:#e8f5e9}.partial{color:#b71c1c}")
                .append("</style></head><body>");
        h.append("<h1>Sweep ").append(esc(report.sweep())).append("</h1>");
        h.append("<p>Dataset <b>").append(esc(report.dataset())).append("</b> · ").append(report.fitsDone()).append(" of ")
                .append(report.fitsPlanned()).append(" fits")
                .append(report.complete() ? "" : " <span class=\"partial\">(partial results)</span>")
                .append(" · generated ").append(esc(report.generatedAt())).append("</p>");
        if (report.groundTruth() != null) {
            h.append("<p>Planted ground truth: <code>").append(esc(String.valueOf(report.groundTruth()))).append("</code></p>");
        }
        h.append("<h2>Feature sets (best layer, mean over subjects)</h2><table class=\"sortable\"><thead><tr>")
                .append("<th>feature set</th><th>best layer</th><th>mean r</th><th>left</th><th>right</th><th>L − R</th>")
                .append("</tr></thead><tbody>");
        for (SweepReport.FeatureSetSummary s : report.byFeatureSet()) {
            h.append("<tr").append(s.label().equals(report.best()) ? " class=\"best\"" : "").append("><td>")
                    .append(esc(s.label())).append("</td><td>").append(esc(s.bestLayer())).append("</td><td>")
                    .append(num(s.meanR())).append("</td><td>").append(num(s.left())).append("</td><td>")
                    .append(num(s.right())).append("</td><td>").append(num(s.leftMinusRight())).append("</td></tr>");
        }
        h.append("</tbody></table><h2>Every fit</h2><table class=\"sortable\"><thead><tr><th>feature set</th><th>layer</th>")
                .append("<th>subject</th><th>voxels</th><th>mean r</th><th>left</th><th>right</th><th>L − R</th></tr></thead><tbody>");
        for (ScoreRow r : rows) {
            h.append("<tr><td>").append(esc(r.label())).append("</td><td>").append(esc(r.layer())).append("</td><td>")
                    .append(esc(r.subject())).append("</td><td>").append(r.nVoxels()).append("</td><td>").append(num(r.meanR()))
                    .append("</td><td>").append(num(r.left())).append("</td><td>").append(num(r.right())).append("</td><td>")
                    .append(num(r.leftMinusRight())).append("</td></tr>");
        }
        h.append("</tbody></table><script>")
                .append("document.querySelectorAll('table.sortable th').forEach((th,i)=>th.addEventListener('click',()=>{")
                .append("const tb=th.closest('table').tBodies[0];const rows=[...tb.rows];const asc=th.dataset.asc!=='1';")
                .append("th.dataset.asc=asc?'1':'0';rows.sort((a,b)=>{const x=a.cells[i].textContent,y=b.cells[i].textContent;")
                .append("const nx=parseFloat(x),ny=parseFloat(y);const c=isNaN(nx)||isNaN(ny)?x.localeCompare(y):nx-ny;")
                .append("return asc?c:-c;});rows.forEach(r=>tb.appendChild(r));}));</script></body></html>");
        return h.toString().getBytes(StandardCharsets.UTF_8);
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

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.5f", v);
    }
}
