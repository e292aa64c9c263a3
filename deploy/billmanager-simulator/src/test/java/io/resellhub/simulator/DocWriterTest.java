package io.resellhub.simulator;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One document model, three renderings: checked against the examples of billmanager-api.md, byte for byte. */
class DocWriterTest {

    private record Cert(String id, String name, String status) {
    }

    private static final List<Cert> ONE_CERT = List.of(new Cert("5012", "example.com", "2"));

    private static DocNode certificateList(List<Cert> certs) {
        return DocNode.doc("en", "certificate").list("elem", certs, (cert, elem) -> elem
                .field("id", cert.id()).field("name", cert.name()).field("status", cert.status()));
    }

    private static String render(DocFormat format, boolean singleAsObject, DocNode doc) throws IOException {
        StringWriter out = new StringWriter();
        DocWriter.of(format, singleAsObject).write(doc, out);
        return out.toString();
    }

    @Test
    void listMatchesTheDocumentedExamplesInAllThreeFormats() throws IOException {
        DocNode doc = certificateList(ONE_CERT);
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<doc lang=\"en\" func=\"certificate\"><elem><id>5012</id>"
                + "<name>example.com</name><status>2</status></elem></doc>\n", render(DocFormat.XML, false, doc));
        assertEquals("{\"doc\":{\"$lang\":\"en\",\"$func\":\"certificate\",\"elem\":[{\"id\":{\"$\":\"5012\"},"
                + "\"name\":{\"$\":\"example.com\"},\"status\":{\"$\":\"2\"}}]}}\n", render(DocFormat.JSON, false, doc));
        assertEquals("{\"doc\":{\"lang\":\"en\",\"func\":\"certificate\",\"elem\":[{\"id\":\"5012\",\"name\":\"example.com\","
                + "\"status\":\"2\"}]}}\n", render(DocFormat.SJSON, false, doc));
    }

    @Test
    void singleElementListBecomesAnObjectOnlyInThatMode() throws IOException {
        DocNode doc = certificateList(ONE_CERT);
        assertEquals("{\"doc\":{\"$lang\":\"en\",\"$func\":\"certificate\",\"elem\":{\"id\":{\"$\":\"5012\"},"
                + "\"name\":{\"$\":\"example.com\"},\"status\":{\"$\":\"2\"}}}}\n", render(DocFormat.JSON, true, doc));
        assertEquals("{\"doc\":{\"lang\":\"en\",\"func\":\"certificate\",\"elem\":{\"id\":\"5012\",\"name\":\"example.com\","
                + "\"status\":\"2\"}}}\n", render(DocFormat.SJSON, true, doc));
        // Two elements stay an array even in that mode.
        DocNode two = certificateList(List.of(ONE_CERT.get(0), new Cert("5013", "example.org", "5")));
        assertEquals("{\"doc\":{\"lang\":\"en\",\"func\":\"certificate\",\"elem\":[{\"id\":\"5012\",\"name\":\"example.com\","
                + "\"status\":\"2\"},{\"id\":\"5013\",\"name\":\"example.org\",\"status\":\"5\"}]}}\n", render(DocFormat.SJSON, true, two));
    }

    @Test
    void emptyListHasNoKeyAtAll() throws IOException {
        DocNode doc = certificateList(List.of());
        assertEquals("{\"doc\":{\"$lang\":\"en\",\"$func\":\"certificate\"}}\n", render(DocFormat.JSON, false, doc));
        assertEquals("{\"doc\":{\"lang\":\"en\",\"func\":\"certificate\"}}\n", render(DocFormat.SJSON, true, doc));
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<doc lang=\"en\" func=\"certificate\"/>\n",
                render(DocFormat.XML, false, doc));
    }

    @Test
    void priceListWithOnePeriodIsAnObjectEvenWithListsAsArrays() throws IOException {
        DocNode doc = DocNode.doc("en", "pricelist.export").list("elem", List.of("1"), (id, elem) -> elem
                .field("id", id)
                .listSingleAsObject("price", List.of("12"), (period, price) -> price.attr("period", period).attr("cost", "10.00")));
        assertEquals("{\"doc\":{\"$lang\":\"en\",\"$func\":\"pricelist.export\",\"elem\":[{\"id\":{\"$\":\"1\"},"
                + "\"price\":{\"$period\":\"12\",\"$cost\":\"10.00\"}}]}}\n", render(DocFormat.JSON, false, doc));
        assertEquals("{\"doc\":{\"lang\":\"en\",\"func\":\"pricelist.export\",\"elem\":[{\"id\":\"1\","
                + "\"price\":{\"period\":\"12\",\"cost\":\"10.00\"}}]}}\n", render(DocFormat.SJSON, false, doc));
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<doc lang=\"en\" func=\"pricelist.export\"><elem><id>1</id>"
                + "<price period=\"12\" cost=\"10.00\"/></elem></doc>\n", render(DocFormat.XML, false, doc));
    }

    @Test
    void errorEnvelopeMatchesTheDocumentedExample() throws IOException {
        DocNode error = new ApiError("auth", "badpassword", Messages.Key.BAD_PASSWORD).toDoc("en");
        assertEquals("{\"doc\":{\"error\":{\"$type\":\"auth\",\"$object\":\"badpassword\",\"$lang\":\"en\","
                + "\"msg\":{\"$\":\"Invalid username or password\"}}}}\n", render(DocFormat.JSON, false, error));
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<doc><error type=\"auth\" object=\"badpassword\" lang=\"en\">"
                + "<msg>Invalid username or password</msg></error></doc>\n", render(DocFormat.XML, false, error));
        assertEquals("{\"doc\":{\"error\":{\"type\":\"auth\",\"object\":\"badpassword\",\"lang\":\"en\","
                + "\"msg\":\"Invalid username or password\"}}}\n", render(DocFormat.SJSON, false, error));
    }

    @Test
    void okAndAuthAnswersMatchTheDocumentedQuirks() throws IOException {
        DocNode ok = BillmanagerApi.ok();
        assertEquals("{\"doc\":{\"ok\":{\"$\":\"ok\"}}}\n", render(DocFormat.JSON, false, ok));
        assertEquals("{\"doc\":{\"ok\":\"ok\"}}\n", render(DocFormat.SJSON, false, ok));
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<doc><ok/></doc>\n", render(DocFormat.XML, false, ok));

        DocNode auth = DocNode.bareDoc().child(DocNode.element("auth").attr("id", "s1d").text("s1d"));
        assertEquals("{\"doc\":{\"auth\":{\"$id\":\"s1d\",\"$\":\"s1d\"}}}\n", render(DocFormat.JSON, false, auth));
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<doc><auth id=\"s1d\">s1d</auth></doc>\n",
                render(DocFormat.XML, false, auth));
    }

    @Test
    void escapesMarkupAndControlsButKeepsCyrillic() throws IOException {
        DocNode doc = DocNode.bareDoc().field("name", "Сертификат \"A&B\" <x>\\ \n\u0001");
        assertEquals("{\"doc\":{\"name\":{\"$\":\"Сертификат \\\"A&B\\\" <x>\\\\ \\n\\u0001\"}}}\n",
                render(DocFormat.JSON, false, doc));
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<doc><name>Сертификат &quot;A&amp;B&quot; &lt;x&gt;\\ \n</name></doc>\n",
                render(DocFormat.XML, false, doc));
    }

    @Test
    void optionalFieldsWithoutValueAreLeftOut() throws IOException {
        DocNode doc = DocNode.bareDoc().field("note", null).field("id", "1").attr("missing", null);
        assertEquals("{\"doc\":{\"id\":\"1\"}}\n", render(DocFormat.SJSON, false, doc));
    }
}
