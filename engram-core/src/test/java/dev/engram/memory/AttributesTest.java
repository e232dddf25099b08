package dev.engram.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class AttributesTest {
    @Test
    void anythingButOneStorableJsonObject_isRefusedNamingTheProblem() {
        assertThatThrownBy(() -> new Attributes("[1]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("attributes must be a JSON object, not array");
        assertThatThrownBy(() -> new Attributes("{\"a\":1}{}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one JSON object");
        assertThatThrownBy(() -> new Attributes("{\"a\":1,\"a\":2}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Duplicate field 'a'");
        assertThatThrownBy(() -> new Attributes("{\"a\\u0000b\":1}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'metadata.a\uFFFDb' (a key) contains a NUL character");
        assertThatThrownBy(() -> new Attributes("{\"a\":{\"b\":\"\\ud800\"}}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'metadata.a.b' contains an unpaired surrogate");
        assertThatThrownBy(() -> Attributes.of(new ObjectMapper().createArrayNode())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void equalObjects_areEqualWhateverTheirKeyOrderOrSpacing() {
        Attributes a = new Attributes("{ \"x\": 1, \"y\": {\"z\": [true, null]} }");
        Attributes b = new Attributes("{\"y\":{\"z\":[true,null]},\"x\":1}");

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.json()).isEqualTo("{\"x\":1,\"y\":{\"z\":[true,null]}}");
        assertThat(Attributes.of(null)).isEqualTo(Attributes.NONE);
        assertThat(Attributes.NONE.isEmpty()).isTrue();
        assertThat(a.isEmpty()).isFalse();
    }

    @Test
    void containsAll_needsEveryWantedKeyWithAnEqualValue_numbersByValue() {
        Attributes stored = new Attributes("{\"source\":\"test\",\"n\":1.0,\"tags\":[\"a\"]}");

        assertThat(stored.containsAll(new Attributes("{\"source\":\"test\"}"))).isTrue();
        assertThat(stored.containsAll(new Attributes("{\"n\":1}"))).isTrue();
        assertThat(stored.containsAll(new Attributes("{\"tags\":[\"a\"],\"n\":1.00}"))).isTrue();
        assertThat(stored.containsAll(Attributes.NONE)).isTrue();
        assertThat(stored.containsAll(new Attributes("{\"source\":\"other\"}"))).isFalse();
        assertThat(stored.containsAll(new Attributes("{\"missing\":null}"))).isFalse();
        assertThat(stored.containsAll(new Attributes("{\"n\":\"1\"}"))).isFalse();
    }
}
