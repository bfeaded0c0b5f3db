package dev.chronos.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The configuration metadata IDEs read (generated from {@link ChronosProperties}) names every
 * property with its default, and the README's properties table lists exactly those properties.
 */
class ConfigurationMetadataTest {
  private static JsonNode metadata() throws Exception {
    try (InputStream in =
        ConfigurationMetadataTest.class.getResourceAsStream(
            "/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("generated metadata").isNotNull();
      return new ObjectMapper().readTree(in);
    }
  }

  private static Set<String> metadataNames() throws Exception {
    Set<String> names = new TreeSet<>();
    for (JsonNode p : metadata().path("properties")) {
      names.add(p.path("name").asText());
    }
    return names;
  }

  private static JsonNode property(String name) throws Exception {
    for (JsonNode p : metadata().path("properties")) {
      if (p.path("name").asText().equals(name)) {
        return p;
      }
    }
    throw new AssertionError("no metadata for " + name);
  }

  @Test
  void every_property_has_a_description_and_the_defaults_ides_show_are_the_real_ones()
      throws Exception {
    for (JsonNode p : metadata().path("properties")) {
      assertThat(p.path("description").asText()).as(p.path("name").asText()).isNotBlank();
    }
    assertThat(property("chronos.worker-threads").path("defaultValue").asInt()).isEqualTo(16);
    assertThat(property("chronos.poll-interval").path("defaultValue").asText()).isEqualTo("1s");
    assertThat(property("chronos.store.type").path("defaultValue").asText())
        .isEqualTo("datasource");
    assertThat(property("chronos.metrics.accounts").path("defaultValue").get(0).asText())
        .isEqualTo("default");
  }

  @Test
  void the_readme_table_lists_exactly_the_properties_of_the_code() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    String section = readme.substring(readme.indexOf("## Spring Boot"));
    section = section.substring(0, section.indexOf("\n## ", 1));
    Set<String> documented = new TreeSet<>();
    Matcher row = Pattern.compile("(?m)^\\| `(chronos\\.[a-z.-]+)`([^|]*)\\|").matcher(section);
    while (row.find()) {
      documented.add(row.group(1));
      // A row may name siblings: `chronos.store.url`, `.username`, `.password`.
      Matcher sibling = Pattern.compile("`\\.([a-z-]+)`").matcher(row.group(2));
      String parent = row.group(1).substring(0, row.group(1).lastIndexOf('.') + 1);
      while (sibling.find()) {
        documented.add(parent + sibling.group(1));
      }
    }
    assertThat(documented).isEqualTo(metadataNames());
  }
}
