package oolong.campaign.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** JUnit XML (the format every CI system reads): one test suite of test cases, each passed or failed. */
final class JUnitXml {
    record Case(String name, double seconds, String failureMessage, String failureText) {
        boolean failed() {
            return failureMessage != null;
        }
    }

    private JUnitXml() {
    }

    static void write(Path file, String suite, List<Case> cases) throws IOException {
        long failures = cases.stream().filter(Case::failed).count();
        double time = cases.stream().mapToDouble(Case::seconds).sum();
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append(String.format("<testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"0\" time=\"%.3f\">%n",
                escape(suite), cases.size(), failures, time));
        for (Case c : cases) {
            sb.append(String.format("  <testcase classname=\"%s\" name=\"%s\" time=\"%.3f\"", escape(suite), escape(c.name()),
                    c.seconds()));
            if (!c.failed()) {
                sb.append("/>\n");
            } else {
                sb.append(">\n    <failure message=\"").append(escape(c.failureMessage())).append("\">")
                        .append(escape(c.failureText())).append("</failure>\n  </testcase>\n");
            }
        }
        sb.append("</testsuite>\n");
        Files.createDirectories(file.getParent());
        Files.writeString(file, sb.toString());
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        sb.append(' ');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
