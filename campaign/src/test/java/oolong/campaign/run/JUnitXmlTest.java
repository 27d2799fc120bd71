package oolong.campaign.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class JUnitXmlTest {
    @Test
    void writesASuiteThatAnXmlParserReads(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("junit").resolve("job-0-0.xml");
        JUnitXml.write(f, "oolong.campaign.shard0.job0", List.of(
                new JUnitXml.Case("412 programs", 60.5, null, null),
                new JUnitXml.Case("check: pipe <write> end & \"leaked\"", 7.25, "check at step 3: ...", "line 1\nline\u0001 2")));
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(f.toFile());
        Element suite = d.getDocumentElement();
        assertEquals("testsuite", suite.getTagName());
        assertEquals("2", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        Element second = (Element) suite.getElementsByTagName("testcase").item(1);
        assertEquals("check: pipe <write> end & \"leaked\"", second.getAttribute("name"));
        assertEquals("line 1\nline  2", second.getElementsByTagName("failure").item(0).getTextContent());
    }
}
