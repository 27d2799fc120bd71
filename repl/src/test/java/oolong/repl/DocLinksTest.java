package oolong.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in README.md and docs/*.md resolves: the file exists, and a #fragment
 * names a heading of it, spelt as the repository's web view makes anchors (lower case,
 * punctuation dropped, spaces turned into hyphens).
 */
class DocLinksTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#+\\s+(.*)$");

    static String anchor(String heading) {
        return heading.strip().toLowerCase(java.util.Locale.ROOT).replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-');
    }

    static Set<String> anchors(Path file) throws IOException {
        Set<String> out = new HashSet<>();
        String text = Files.readString(file).replaceAll("(?ms)^```.*?^```", "");
        Matcher m = HEADING.matcher(text);
        while (m.find()) {
            out.add(anchor(m.group(1)));
        }
        return out;
    }

    @Test
    void anchorsAreSpeltAsTheWebViewSpellsThem() {
        assertEquals("the-edit-loop-the-build-server-and-scriptsoolong-build-images",
                anchor("The edit loop: the build server, and `scripts/oolong build-images`"));
    }

    @Test
    void everyRelativeLinkResolves() throws IOException {
        Path root = Path.of(System.getProperty("user.dir")).resolve("..").normalize();
        List<Path> files = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        List<String> broken = new ArrayList<>();
        for (Path f : files) {
            Matcher m = LINK.matcher(Files.readString(f));
            while (m.find()) {
                String link = m.group(1);
                if (link.matches("^[a-z]+:.*")) {
                    continue;           /* http:, https:, mailto: */
                }
                int hash = link.indexOf('#');
                String path = hash < 0 ? link : link.substring(0, hash);
                Path target = path.isEmpty() ? f : f.getParent().resolve(path).normalize();
                if (!Files.exists(target)) {
                    broken.add(root.relativize(f) + ": " + link + " (no such file)");
                } else if (hash >= 0 && target.toString().endsWith(".md")
                        && !anchors(target).contains(link.substring(hash + 1))) {
                    broken.add(root.relativize(f) + ": " + link + " (no such heading)");
                }
            }
        }
        assertEquals(List.of(), broken);
    }
}
