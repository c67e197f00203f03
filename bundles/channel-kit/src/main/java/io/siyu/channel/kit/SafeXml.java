package io.siyu.channel.kit;

import io.siyu.api.channel.CallbackRejected;
import io.siyu.api.channel.CallbackRejected.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads and writes the small {@code <xml>} documents of WeChat and WeCom callbacks.
 *
 * <p>Reading refuses any DTD: callback bodies come from the internet, and a DOCTYPE is how XXE
 * (file disclosure, SSRF) and entity-expansion attacks start. WeChat never sends one.
 */
public final class SafeXml {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    private SafeXml() {
    }

    /**
     * The root's descendants as an ordered map of element path to text. Children of the root are
     * keyed by their name ({@code MsgType}); deeper elements by their path from the root
     * ({@code CopyrightCheckResult/ResultList/item/ArticleIdx}). The n-th (n ≥ 2) sibling of the
     * same name is keyed like an XPath position, {@code item[2]}; the first is plain {@code item}.
     * Only leaves carry text (CDATA or not, as sent); attributes are ignored.
     *
     * @throws CallbackRejected {@code MALFORMED} for XML that does not parse or has a DOCTYPE
     */
    public static Map<String, String> parse(byte[] xml) {
        return parse(new InputSource(new ByteArrayInputStream(xml)));
    }

    /** Like {@link #parse(byte[])}, for XML that is already text (a decrypted message). */
    public static Map<String, String> parse(String xml) {
        return parse(new InputSource(new StringReader(xml)));
    }

    private static Map<String, String> parse(InputSource source) {
        Document document;
        try {
            document = newBuilder().parse(source);
        } catch (SAXException | IOException e) {
            // the parser's message may quote the document; say where, never what
            String where = e instanceof SAXParseException p && p.getLineNumber() > 0
                    ? " at line " + p.getLineNumber() + ", column " + p.getColumnNumber()
                    : "";
            throw new CallbackRejected(Reason.MALFORMED, "XML does not parse or has a DTD" + where);
        }
        Map<String, String> out = new LinkedHashMap<>();
        flatten(document.getDocumentElement(), "", out);
        return Collections.unmodifiableMap(out);
    }

    private static void flatten(Element parent, String prefix, Map<String, String> out) {
        Map<String, Integer> seen = new HashMap<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                String name = child.getTagName();
                int position = seen.merge(name, 1, Integer::sum);
                String path = prefix + (position == 1 ? name : name + "[" + position + "]");
                if (hasElementChild(child)) {
                    flatten(child, path + "/", out);
                } else {
                    out.put(path, child.getTextContent());
                }
            }
        }
    }

    private static boolean hasElementChild(Element e) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element) {
                return true;
            }
        }
        return false;
    }

    private static DocumentBuilder newBuilder() {
        // newDefaultInstance: the JDK's own parser, whatever else a Karaf bundle offers, so the
        // features below are known to be honoured.
        DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
        try {
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            f.setValidating(false);
            f.setCoalescing(true); // CDATA sections become plain text
            DocumentBuilder builder = f.newDocumentBuilder();
            builder.setErrorHandler(SILENT); // the default handler prints the document's errors to stderr
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are refused");
            });
            return builder;
        } catch (ParserConfigurationException | IllegalArgumentException e) {
            throw new IllegalStateException("the JDK XML parser lacks a security feature", e);
        }
    }

    private static final ErrorHandler SILENT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXParseException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXParseException {
            throw e;
        }
    };

    /**
     * Writes a reply: {@code <xml>} with one element per entry, in map order. Text goes into CDATA
     * (with {@code ]]>} split across two sections), {@link Number}s stay bare as in WeChat's samples
     * ({@code <CreateTime>1348831860</CreateTime>}), a nested map becomes nested elements and an
     * {@link Iterable} repeats its element ({@code <Articles><item>…</item><item>…</item></Articles>}
     * from {@code "Articles" → Map.of("item", List.of(a, b))}). Null values are left out.
     *
     * @throws IllegalArgumentException for an element name that is not a plain XML name
     */
    public static String write(Map<String, ?> fields) {
        StringBuilder out = new StringBuilder("<xml>");
        writeFields(fields, out);
        return out.append("</xml>").toString();
    }

    private static void writeFields(Map<String, ?> fields, StringBuilder out) {
        fields.forEach((name, value) -> writeElement(name, value, out));
    }

    private static void writeElement(String name, Object value, StringBuilder out) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not an XML element name: " + name);
        }
        if (value == null) {
            return;
        }
        if (value instanceof Iterable<?> items) {
            for (Object item : items) {
                writeElement(name, item, out);
            }
            return;
        }
        out.append('<').append(name).append('>');
        if (value instanceof Map<?, ?> nested) {
            nested.forEach((k, v) -> writeElement(String.valueOf(k), v, out));
        } else if (value instanceof Number) {
            out.append(value);
        } else {
            out.append(cdata(value.toString()));
        }
        out.append("</").append(name).append('>');
    }

    /**
     * Wraps text in CDATA. {@code ]]>} would end the section early, so it is split across two
     * sections; characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates) are dropped.
     */
    public static String cdata(String text) {
        StringBuilder clean = new StringBuilder(text.length() + 12);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                clean.append(c).append(text.charAt(++i));
            } else if (c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xFFFD && !Character.isSurrogate(c)) {
                clean.append(c);
            }
        }
        return "<![CDATA[" + clean.toString().replace("]]>", "]]]]><![CDATA[>") + "]]>";
    }
}
