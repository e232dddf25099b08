package dev.engram.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocomoDataTest {

    private static List<LocomoConversation> tiny() throws URISyntaxException {
        return LocomoData.read(Path.of(LocomoDataTest.class.getResource("tiny-locomo.json").toURI()));
    }

    @Test
    void read_malformedEvidence_keepsOnlyRealDiaIds() throws Exception {
        List<LocomoConversation.Question> qs = tiny().get(0).questions();
        assertThat(qs.get(2).evidence()).containsExactly("D1:3", "D2:2");
        assertThat(qs.get(3).evidence()).isEmpty();
    }

    @Test
    void read_sessionDates_becomeUtcInstants() throws Exception {
        LocomoConversation c = tiny().get(0);
        assertThat(c.sessions()).hasSize(3);
        assertThat(c.sessions().get(0).start()).isEqualTo(Instant.parse("2023-05-08T13:56:00Z"));
        assertThat(c.sessions().get(2).start()).isEqualTo(Instant.parse("2023-08-01T21:00:00Z"));
    }

    @Test
    void read_observations_collectCitedTurnsFromStringsAndLists() throws Exception {
        assertThat(tiny().get(0).observedTurns()).containsExactlyInAnyOrder("D1:1", "D1:3", "D2:1", "D2:2", "D3:1");
    }

    @Test
    void memoryText_includesSpeakerAndPhotoCaption() throws Exception {
        LocomoConversation.Turn t = tiny().get(0).sessions().get(1).turns().get(1);
        assertThat(t.memoryText()).isEqualTo("Ann: That is lovely. Biscuit keeps chewing my shoes. [photo: a small dog chewing a shoe]");
    }
}
