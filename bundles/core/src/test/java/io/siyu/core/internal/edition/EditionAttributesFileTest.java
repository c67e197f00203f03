package io.siyu.core.internal.edition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.siyu.api.customer.AttributeDefinition;
import io.siyu.api.customer.AttributeOrigin;
import io.siyu.api.customer.AttributeType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

public class EditionAttributesFileTest {
    private static List<AttributeDefinition> read(String json, List<String> problems) throws IOException {
        return EditionAttributesFile.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "bank", problems::add);
    }

    @Test
    void definitionsAreReadWithTheEditionAsTheirOrigin() throws IOException {
        List<String> problems = new ArrayList<>();
        List<AttributeDefinition> defs = read("[{\"name\":\"assetTier\",\"label\":\"资产层级\",\"type\":\"enum\","
                + "\"allowedValues\":[\"private\",\"wealth\"]},{\"name\":\"branch\",\"type\":\"TEXT\"}]", problems);
        assertEquals(List.of(
                new AttributeDefinition("assetTier", "资产层级", AttributeType.ENUM, List.of("private", "wealth"), "",
                        AttributeOrigin.edition("bank")),
                new AttributeDefinition("branch", "branch", AttributeType.TEXT, List.of(), "", AttributeOrigin.edition("bank"))),
                defs);
        assertEquals(List.of(), problems);
    }

    @Test
    void badEntriesAreReportedAndSkippedWhileTheOthersCount() throws IOException {
        List<String> problems = new ArrayList<>();
        List<AttributeDefinition> defs = read("[{\"name\":\"a\",\"type\":\"colour\"},{\"name\":\"b\",\"type\":\"enum\"},"
                + "{\"name\":\"c\",\"type\":\"date\"}]", problems);
        assertEquals(List.of("c"), defs.stream().map(AttributeDefinition::name).toList());
        assertEquals(2, problems.size());
        assertTrue(problems.get(0).contains("colour"), problems.get(0));
        assertTrue(problems.get(1).contains("allowedValues"), problems.get(1));
    }

    @Test
    void aFileThatIsNotAnArrayOfDefinitionsIsAnError() {
        assertThrows(IOException.class, () -> read("{\"name\":\"a\"}", new ArrayList<>()));
        assertThrows(IOException.class, () -> read("[{\"name\":\"a\",\"type\":\"text\",\"colour\":1}]", new ArrayList<>()));
    }

    @Test
    void theShippedEditionsDeclareOnlyValidAttributes() throws IOException {
        for (String edition : List.of("retail", "bank", "education")) {
            List<String> problems = new ArrayList<>();
            try (InputStream in = Files.newInputStream(editionFile(edition, EditionAttributesFile.RESOURCE))) {
                assertTrue(!EditionAttributesFile.read(in, edition, problems::add).isEmpty(), edition);
            }
            assertEquals(List.of(), problems, edition);
        }
    }

    public static Path editionFile(String edition, String resource) {
        return Path.of("..", "..", "editions", edition, "src", "main", "resources").resolve(resource);
    }
}
