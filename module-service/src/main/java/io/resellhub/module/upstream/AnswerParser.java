package io.resellhub.module.upstream;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;

/**
 * Reads a BILLmanager answer from a stream, whatever format it is in: it looks at the first bytes and
 * parses json and sjson (one JSON reader: {@code $} keys are text and attributes, plain strings are
 * text) or xml (StAX), and recognises HTML pages. The {@code doc.elem} list is streamed to the
 * {@link AnswerHandler} element by element; {@code doc.error} wins over everything else.
 */
final class AnswerParser {

    private static final int SNIFF_BYTES = 512;
    /** Leaves the stream open: the transport drains what follows the document, so the connection can be reused. */
    /** Deeper nesting than any BILLmanager answer has: refused as malformed instead of recursing on. */
    static final int MAX_DEPTH = 64;

    private static final JsonFactory JSON = JsonFactory.builder().disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build();
    private static final XMLInputFactory XML = xmlFactory();

    private AnswerParser() {
    }

    /** What kind of body this is, judged from its first bytes. */
    enum Shape {
        JSON, XML, HTML, EMPTY, OTHER
    }

    /** The answer is not a BILLmanager document (or was cut off). */
    static final class MalformedAnswer extends Exception {

        enum Reason {
            HTML, EMPTY, NOT_JSON_OR_XML, INVALID_JSON, INVALID_XML, NO_DOC, TRUNCATED
        }

        private final Reason reason;

        MalformedAnswer(Reason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }

        Reason reason() {
            return reason;
        }
    }

    /** The answer is the BILLmanager error envelope. */
    static final class ErrorAnswer extends Exception {

        private final String type;
        private final String object;
        private final String upstreamMessage;

        ErrorAnswer(String type, String object, String upstreamMessage) {
            super(type, null, false, false);
            this.type = type;
            this.object = object;
            this.upstreamMessage = upstreamMessage;
        }

        String type() {
            return type;
        }

        String object() {
            return object;
        }

        String upstreamMessage() {
            return upstreamMessage;
        }
    }

    /**
     * Parses one answer.
     *
     * @throws MalformedAnswer when the body is not a BILLmanager document
     * @throws ErrorAnswer     when the body is the error envelope
     * @throws IOException     when reading the stream fails (connection lost)
     */
    static <T> T parse(InputStream body, AnswerHandler<T> handler) throws MalformedAnswer, ErrorAnswer, IOException {
        BufferedInputStream buffered = new BufferedInputStream(body, 16 * 1024);
        Shape shape = sniff(buffered);
        EofTracking in = new EofTracking(buffered);
        switch (shape) {
            case JSON:
                return parseJson(in, handler);
            case XML:
                return parseXml(in, handler);
            case HTML:
                throw new MalformedAnswer(MalformedAnswer.Reason.HTML, "an HTML page");
            case EMPTY:
                throw new MalformedAnswer(MalformedAnswer.Reason.EMPTY, "an empty body");
            default:
                throw new MalformedAnswer(MalformedAnswer.Reason.NOT_JSON_OR_XML, "a body that is neither JSON nor XML");
        }
    }

    /** Looks at the first bytes (after a BOM and white space) without consuming them. */
    static Shape sniff(BufferedInputStream in) throws IOException {
        in.mark(SNIFF_BYTES);
        byte[] head = in.readNBytes(SNIFF_BYTES);
        in.reset();
        int i = 0;
        if (head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            i = 3;
        }
        while (i < head.length && Character.isWhitespace(head[i])) {
            i++;
        }
        if (i >= head.length) {
            return Shape.EMPTY;
        }
        char first = (char) head[i];
        if (first == '{' || first == '[') {
            return Shape.JSON;
        }
        if (first != '<') {
            return Shape.OTHER;
        }
        String start = new String(head, i, head.length - i, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        if (start.startsWith("<!doctype html") || start.startsWith("<html")
                || (start.startsWith("<?xml") && (start.contains("<!doctype html") || start.contains("<html")))) {
            return Shape.HTML;
        }
        return Shape.XML;
    }

    // ---- json / sjson -------------------------------------------------------------------------------

    private static <T> T parseJson(EofTracking in, AnswerHandler<T> handler) throws MalformedAnswer, ErrorAnswer, IOException {
        Node doc = null;
        Node error = null;
        try (JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedAnswer(MalformedAnswer.Reason.NO_DOC, "JSON that is not an object with a \"doc\" key");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken value = p.nextToken();
                if ("doc".equals(key) && doc == null) {
                    doc = new Node("doc");
                    if (value == JsonToken.START_OBJECT) {
                        error = readJsonDoc(p, doc, handler);
                    } else {
                        p.skipChildren();
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (JsonEOFException e) {
            throw new MalformedAnswer(MalformedAnswer.Reason.TRUNCATED, "JSON that ends in the middle");
        } catch (JsonProcessingException e) {
            if (in.reachedEof() && isEndOfInput(e)) {
                throw new MalformedAnswer(MalformedAnswer.Reason.TRUNCATED, "JSON that ends in the middle");
            }
            throw new MalformedAnswer(MalformedAnswer.Reason.INVALID_JSON, "a body that is not valid JSON");
        }
        return finish(doc, error, handler);
    }

    private static boolean isEndOfInput(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        return message != null && message.toLowerCase(Locale.ROOT).contains("end-of-input");
    }

    /** Reads the fields of {@code doc}; {@code elem} goes to the handler, {@code error} is returned. */
    private static Node readJsonDoc(JsonParser p, Node doc, AnswerHandler<?> handler) throws IOException {
        Node error = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken token = p.nextToken();
            if ("elem".equals(key)) {
                if (token == JsonToken.START_ARRAY) {
                    while (nextInArray(p)) {
                        Node elem = readJsonValue(p, "elem");
                        if (elem != null) {
                            handler.element(elem);
                        }
                    }
                } else {
                    Node elem = readJsonValue(p, "elem");
                    if (elem != null) {
                        handler.element(elem);
                    }
                }
            } else if ("error".equals(key)) {
                error = readJsonValue(p, "error");
                if (error == null) {
                    error = new Node("error");
                }
            } else {
                readJsonField(p, doc, key, token);
            }
        }
        return error;
    }

    /** One field of an object: {@code $} is text, {@code $name} an attribute, anything else a child (or children). */
    private static void readJsonField(JsonParser p, Node parent, String key, JsonToken token) throws IOException {
        if ("$".equals(key)) {
            if (token.isScalarValue()) {
                parent.setText(scalar(p, token));
            } else {
                p.skipChildren();
            }
        } else if (key.startsWith("$")) {
            if (token.isScalarValue()) {
                parent.setAttribute(key.substring(1), scalar(p, token));
            } else {
                p.skipChildren();
            }
        } else if (token == JsonToken.START_ARRAY) {
            while (nextInArray(p)) {
                Node child = readJsonValue(p, key);
                if (child != null) {
                    parent.addChild(child);
                }
            }
        } else {
            Node child = readJsonValue(p, key);
            if (child != null) {
                parent.addChild(child);
            }
        }
    }

    /** The value at the current token as a node named {@code name}; null for JSON null. */
    private static Node readJsonValue(JsonParser p, String name) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        Node node = new Node(name);
        if (token == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken value = p.nextToken();
                readJsonField(p, node, key, value);
            }
        } else if (token == JsonToken.START_ARRAY) {
            p.skipChildren();
        } else {
            node.setText(scalar(p, token));
        }
        return node;
    }

    /** Advances inside an array: false at its end; a cut-off array is an end-of-input failure, never a loop. */
    private static boolean nextInArray(JsonParser p) throws IOException {
        JsonToken token = p.nextToken();
        if (token == null) {
            throw new JsonEOFException(p, null, "end-of-input inside an array");
        }
        return token != JsonToken.END_ARRAY;
    }

    private static String scalar(JsonParser p, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDecimalValue().toPlainString();
        }
        return p.getText();
    }

    // ---- xml ----------------------------------------------------------------------------------------

    private static <T> T parseXml(EofTracking in, AnswerHandler<T> handler) throws MalformedAnswer, ErrorAnswer, IOException {
        Node doc;
        Node error = null;
        XMLStreamReader r = null;
        try {
            r = XML.createXMLStreamReader(in);
            while (r.hasNext() && r.next() != XMLStreamConstants.START_ELEMENT) {
                // prolog: declaration, comments, processing instructions
            }
            if (!r.isStartElement()) {
                throw new MalformedAnswer(MalformedAnswer.Reason.NO_DOC, "XML without any element");
            }
            String root = r.getLocalName();
            if ("html".equalsIgnoreCase(root)) {
                throw new MalformedAnswer(MalformedAnswer.Reason.HTML, "an HTML page");
            }
            if (!"doc".equals(root)) {
                throw new MalformedAnswer(MalformedAnswer.Reason.NO_DOC, "XML whose root is not <doc>");
            }
            doc = new Node("doc");
            readXmlAttributes(r, doc);
            StringBuilder text = new StringBuilder();
            while (true) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String name = r.getLocalName();
                    Node child = readXmlElement(r, 2);
                    if ("elem".equals(name)) {
                        handler.element(child);
                    } else if ("error".equals(name)) {
                        error = child;
                    } else {
                        doc.addChild(child);
                    }
                } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                    text.append(r.getText());
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    break;
                }
            }
            setText(doc, text);
        } catch (XMLStreamException e) {
            IOException io = ioCause(e);
            if (io != null) {
                throw io;
            }
            if (in.reachedEof()) {
                throw new MalformedAnswer(MalformedAnswer.Reason.TRUNCATED, "XML that ends in the middle");
            }
            throw new MalformedAnswer(MalformedAnswer.Reason.INVALID_XML, "a body that is not well-formed XML");
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing to release beyond the stream, which the caller closes
                }
            }
        }
        return finish(doc, error, handler);
    }

    private static Node readXmlElement(XMLStreamReader r, int depth) throws XMLStreamException {
        if (depth > MAX_DEPTH) {
            throw new XMLStreamException("XML nested deeper than " + MAX_DEPTH + " levels");
        }
        Node node = new Node(r.getLocalName());
        readXmlAttributes(r, node);
        StringBuilder text = new StringBuilder();
        while (true) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                node.addChild(readXmlElement(r, depth + 1));
            } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                    || event == XMLStreamConstants.SPACE) {
                text.append(r.getText());
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                setText(node, text);
                return node;
            }
        }
    }

    private static void readXmlAttributes(XMLStreamReader r, Node node) {
        for (int i = 0; i < r.getAttributeCount(); i++) {
            node.setAttribute(r.getAttributeLocalName(i), r.getAttributeValue(i));
        }
    }

    private static void setText(Node node, StringBuilder text) {
        String value = text.toString().trim();
        if (!value.isEmpty()) {
            node.setText(value);
        }
    }

    private static IOException ioCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return (IOException) t;
            }
            if (t instanceof XMLStreamException && ((XMLStreamException) t).getNestedException() instanceof IOException) {
                return (IOException) ((XMLStreamException) t).getNestedException();
            }
        }
        return null;
    }

    private static XMLInputFactory xmlFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }

    // ---- common -------------------------------------------------------------------------------------

    private static <T> T finish(Node doc, Node error, AnswerHandler<T> handler) throws MalformedAnswer, ErrorAnswer {
        if (error != null) {
            String msg = error.value("msg");
            throw new ErrorAnswer(error.value("type"), error.value("object"), msg != null ? msg : error.text());
        }
        if (doc == null) {
            throw new MalformedAnswer(MalformedAnswer.Reason.NO_DOC, "JSON without a \"doc\" root");
        }
        return handler.finish(doc);
    }

    /** Remembers whether the underlying stream reached its end, to tell a cut-off answer from a broken one. */
    static final class EofTracking extends FilterInputStream {

        private boolean eof;

        EofTracking(InputStream in) {
            super(in);
        }

        boolean reachedEof() {
            return eof;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                eof = true;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n < 0) {
                eof = true;
            }
            return n;
        }
    }
}
