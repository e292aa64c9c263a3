package io.resellhub.module.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The format-neutral parser: three formats, three list shapes, the error envelope, bodies that are not BILLmanager's. */
class AnswerParserTest {

    /** Collects the streamed elements and keeps the rest of the document. */
    private static final class Collected {
        final List<Node> elems = new ArrayList<>();
        Node doc;
    }

    private static Collected parse(String body) throws Exception {
        Collected collected = new Collected();
        AnswerParser.parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), new AnswerHandler<Void>() {
            @Override
            public void element(Node elem) {
                collected.elems.add(elem);
            }

            @Override
            public Void finish(Node doc) {
                collected.doc = doc;
                return null;
            }
        });
        return collected;
    }

    private static AnswerParser.MalformedAnswer.Reason malformed(String body) {
        return assertThrows(AnswerParser.MalformedAnswer.class, () -> parse(body)).reason();
    }

    @Test
    void deeplyNestedAnswersAreMalformedNotARecursionWithoutEnd() {
        int levels = 100_000;
        String xml = "<doc><elem>" + "<a>".repeat(levels) + "x" + "</a>".repeat(levels) + "</elem></doc>";
        assertEquals(AnswerParser.MalformedAnswer.Reason.INVALID_XML, malformed(xml));
        String json = "{\"doc\":{\"elem\":" + "{\"a\":".repeat(levels) + "1" + "}".repeat(levels) + "}}";
        assertEquals(AnswerParser.MalformedAnswer.Reason.INVALID_JSON, malformed(json));
    }

    @Test
    void jsonDollarConventionWithArrayOfElements() throws Exception {
        Collected c = parse("{\"doc\":{\"$lang\":\"en\",\"$func\":\"certificate\",\"elem\":["
                + "{\"id\":{\"$\":\"5012\"},\"name\":{\"$\":\"example.com\"},\"status\":{\"$\":\"2\"}},"
                + "{\"id\":{\"$\":\"5013\"},\"name\":{\"$\":\"пример.рф\"},\"unknown\":{\"deep\":[1,2,{\"x\":null}]}}]}}");

        assertEquals(2, c.elems.size());
        assertEquals("5012", c.elems.get(0).value("id"));
        assertEquals("2", c.elems.get(0).value("status"));
        assertEquals("пример.рф", c.elems.get(1).value("name"));
        assertNull(c.elems.get(1).value("status"));
        assertEquals("en", c.doc.attribute("lang"));
        assertTrue(c.doc.children("elem").isEmpty(), "elements are streamed, not kept in the document");
    }

    @Test
    void singleElementAsObjectAndAbsentList() throws Exception {
        Collected single = parse("{\"doc\":{\"elem\":{\"id\":{\"$\":\"7\"},\"price\":{\"$period\":\"12\",\"$cost\":\"10.00\"}}}}");
        assertEquals(1, single.elems.size());
        assertEquals(1, single.elems.get(0).children("price").size());
        assertEquals("12", single.elems.get(0).children("price").get(0).value("period"));

        Collected none = parse("{\"doc\":{\"$func\":\"soft\"}}");
        assertTrue(none.elems.isEmpty());
        assertTrue(none.doc.children("price").isEmpty(), "an absent list reads as empty");
    }

    @Test
    void sjsonPlainStringsAndAttributesAsKeys() throws Exception {
        Collected c = parse("{\"doc\":{\"lang\":\"en\",\"user\":{\"level\":\"16\",\"$\":\"demo\"},\"elem\":["
                + "{\"id\":\"1\",\"price\":[{\"period\":\"1\",\"cost\":\"1.5\"},{\"period\":\"12\",\"cost\":\"15.0000\"}]}]}}");

        assertEquals("demo", c.doc.child("user").text());
        assertEquals("16", c.doc.child("user").value("level"));
        assertEquals("en", c.doc.value("lang"));
        assertEquals("15.0000", c.elems.get(0).children("price").get(1).value("cost"));
    }

    @Test
    void xmlWithAttributesRepeatedElementsAndCyrillic() throws Exception {
        Collected c = parse("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<doc lang=\"en\" func=\"pricelist.export\">"
                + "<elem><id>1</id><name>Лицензия</name><price period=\"1\" cost=\"5.00\"/><price period=\"12\" cost=\"50.00\"/></elem>"
                + "<elem><id>2</id><price period=\"0\" cost=\"99\"/><addon><id>9</id></addon></elem></doc>");

        assertEquals(2, c.elems.size());
        assertEquals("Лицензия", c.elems.get(0).value("name"));
        assertEquals(2, c.elems.get(0).children("price").size());
        assertEquals("99", c.elems.get(1).children("price").get(0).value("cost"));
        assertEquals("pricelist.export", c.doc.value("func"));
    }

    @Test
    void okAnswersInAllFormats() throws Exception {
        assertTrue(parse("{\"doc\":{\"ok\":{\"$\":\"ok\"}}}").doc.hasChild("ok"));
        assertTrue(parse("{\"doc\":{\"ok\":\"ok\"}}").doc.hasChild("ok"));
        assertTrue(parse("<doc><ok/></doc>").doc.hasChild("ok"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"doc\":{\"error\":{\"$type\":\"value\",\"$object\":\"domain\",\"$lang\":\"en\",\"msg\":{\"$\":\"Bad domain\"}}}}",
            "{\"doc\":{\"error\":{\"type\":\"value\",\"object\":\"domain\",\"msg\":\"Bad domain\"}}}",
            "<doc><error type=\"value\" object=\"domain\" lang=\"en\"><msg>Bad domain</msg></error></doc>",
            // the envelope wins even after elements were streamed
            "{\"doc\":{\"elem\":[{\"id\":\"1\"}],\"error\":{\"type\":\"value\",\"object\":\"domain\",\"msg\":\"Bad domain\"}}}"
    })
    void errorEnvelopeInEveryFormat(String body) {
        AnswerParser.ErrorAnswer error = assertThrows(AnswerParser.ErrorAnswer.class, () -> parse(body));
        assertEquals("value", error.type());
        assertEquals("domain", error.object());
        assertEquals("Bad domain", error.upstreamMessage());
    }

    @Test
    void bodiesThatAreNotBillmanagerDocuments() {
        assertEquals(AnswerParser.MalformedAnswer.Reason.HTML, malformed("<!DOCTYPE html><html><body>Login</body></html>"));
        assertEquals(AnswerParser.MalformedAnswer.Reason.HTML, malformed("\n  <html><head></head></html>"));
        assertEquals(AnswerParser.MalformedAnswer.Reason.HTML,
                malformed("<?xml version=\"1.0\"?><!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" \"x\"><html/>"));
        assertEquals(AnswerParser.MalformedAnswer.Reason.EMPTY, malformed("   "));
        assertEquals(AnswerParser.MalformedAnswer.Reason.NOT_JSON_OR_XML, malformed("Bad Gateway"));
        assertEquals(AnswerParser.MalformedAnswer.Reason.NO_DOC, malformed("{\"result\":\"ok\"}"));
        assertEquals(AnswerParser.MalformedAnswer.Reason.NO_DOC, malformed("<result>ok</result>"));
        assertEquals(AnswerParser.MalformedAnswer.Reason.INVALID_JSON, malformed("{\"doc\":{\"elem\":[{\"id\" \"1\"}]}}"));
        assertEquals(AnswerParser.MalformedAnswer.Reason.TRUNCATED, malformed("{\"doc\":{\"elem\":[{\"id\":{\"$\":\"1\"}},{\"id\""));
        assertEquals(AnswerParser.MalformedAnswer.Reason.TRUNCATED, malformed("<doc><elem><id>1</id></elem><elem><id>2"));
    }

    @Test
    void byteOrderMarkAndNumbersThatAreNotStrings() throws Exception {
        Collected c = parse("\uFEFF{\"doc\":{\"elem\":{\"id\":5012,\"cost\":10.50,\"flag\":true}}}");
        assertEquals("5012", c.elems.get(0).value("id"));
        assertEquals("10.50", c.elems.get(0).value("cost"));
        assertEquals("true", c.elems.get(0).value("flag"));
    }

    @Test
    void xmlExternalEntitiesAreNotResolved() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE doc [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><doc><user>&x;</user></doc>";
        Exception e = assertThrows(Exception.class, () -> {
            Collected c = parse(xxe);
            // if a parser accepted it, the entity must at least not have been expanded
            if (c.doc.value("user") == null || !c.doc.value("user").contains("root:")) {
                throw new AnswerParser.MalformedAnswer(AnswerParser.MalformedAnswer.Reason.INVALID_XML, "not expanded");
            }
        });
        assertTrue(e instanceof AnswerParser.MalformedAnswer);
    }
}
