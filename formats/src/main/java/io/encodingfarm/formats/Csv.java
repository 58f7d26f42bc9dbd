package io.encodingfarm.formats;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/** Minimal RFC 4180 CSV: comma separated, double-quoted fields with doubled inner quotes, a header row. */
final class Csv {
    private Csv() {
    }

    record Table(String source, List<String> header, List<List<String>> rows) {
        int column(String name) throws IOException {
            int index = header.indexOf(name);
            if (index < 0) {
                throw new IOException(source + ": CSV header " + header + " has no column '" + name + "'");
            }
            return index;
        }

        /** Index of an optional column, or -1. */
        int optionalColumn(String name) {
            return header.indexOf(name);
        }

        double number(int row, int column) throws IOException {
            String text = rows.get(row).get(column).strip();
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new IOException(source + ": data row " + (row + 1) + ", column '" + header.get(column)
                        + "': '" + text + "' is not a number");
            }
        }
    }

    static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0
                && (field.isEmpty() || !Character.isWhitespace(field.charAt(0)) && !Character.isWhitespace(field.charAt(field.length() - 1)))) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    static Table read(Reader reader, String source) throws IOException {
        BufferedReader in = WordTable.buffered(reader);
        List<List<String>> records = new ArrayList<>();
        List<String> record;
        int line = 1;
        while ((record = nextRecord(in, source, line)) != null) {
            line++;
            if (record.size() == 1 && record.get(0).isBlank()) continue;
            records.add(record);
        }
        if (records.isEmpty()) throw new IOException(source + ": empty CSV (no header row)");
        List<String> header = records.get(0).stream().map(h -> h.strip().replace("\uFEFF", "")).toList();
        List<List<String>> rows = records.subList(1, records.size());
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).size() != header.size()) {
                throw new IOException(source + ": data row " + (i + 1) + " has " + rows.get(i).size()
                        + " fields, the header has " + header.size());
            }
        }
        return new Table(source, header, List.copyOf(rows));
    }

    private static List<String> nextRecord(BufferedReader in, String source, int line) throws IOException {
        int c = in.read();
        if (c < 0) return null;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        while (true) {
            if (c < 0) {
                if (quoted) throw new IOException(source + ": unterminated quoted field starting on record " + line);
                fields.add(field.toString());
                return fields;
            }
            char ch = (char) c;
            if (quoted) {
                if (ch == '"') {
                    in.mark(1);
                    int next = in.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (next >= 0) in.reset();
                    }
                } else {
                    field.append(ch);
                }
            } else if (ch == '"' && field.isEmpty() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (ch == ',') {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r') {
                    in.mark(1);
                    if (in.read() != '\n') in.reset();
                }
                fields.add(field.toString());
                return fields;
            } else {
                field.append(ch);
            }
            c = in.read();
        }
    }
}
