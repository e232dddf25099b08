package dev.engram.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.engram.server.web.WebChat;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web chat's files as the server sends them: from the jar's {@code /web} folder, with the
 * Content-Security-Policy and the other headers, every file a page names present, nothing outside
 * the folder reachable, and no address of another host in any of them.
 */
@Timeout(60)
class WebChatFilesTest {
    // src="...", href="...", import ... from '...', and url(...) in CSS: every place a file can name another.
    private static final Pattern REFERENCE = Pattern.compile(
            "(?:src|href)=\"([^\"]+)\"|from '([^']+)'|import '([^']+)'|url\\(([^)]+)\\)");
    private static final Pattern ADDRESS = Pattern.compile("(?i)(?:https?:)?//[a-z0-9.-]+");
    private static final String SVG_NAMESPACE = "http://www.w3.org/2000/svg";

    @TempDir
    Path dir;
    ServerHarness h;

    @BeforeEach
    void start() {
        h = ServerHarness.sqlite(dir);
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    @Test
    void root_isTheChatPage_withAStrictContentSecurityPolicy_andNeedsNoKey() {
        ServerHarness.Response page = h.get(null, "/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(header(page, "content-type")).startsWith("text/html");
        assertThat(header(page, "content-security-policy")).isEqualTo(WebChat.CONTENT_SECURITY_POLICY)
                .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(header(page, "x-content-type-options")).isEqualTo("nosniff");
        assertThat(header(page, "referrer-policy")).isEqualTo("no-referrer");
        assertThat(page.body()).contains("<script type=\"module\" src=\"js/main.js\"></script>")
                .contains("What I know about you");
        assertThat(h.get(null, "/index.html").body()).isEqualTo(page.body());
    }

    @Test
    void everyFileAPageNames_isServed_withItsType_andTheSameHeaders() throws Exception {
        List<String> names = new ArrayList<>();
        for (Path file : webFiles()) {
            Matcher m = REFERENCE.matcher(Files.readString(file));
            while (m.find()) {
                String target = firstGroup(m);
                Path base = webRoot().relativize(file.getParent());
                names.add(base.resolve(target).normalize().toString().replace('\\', '/'));
            }
        }
        assertThat(names).contains("js/main.js", "js/boot.js", "app.css", "favicon.svg", "js/api.js", "js/sse.js");
        for (String name : names) {
            ServerHarness.Response r = h.get(null, "/" + name);
            assertThat(r.status()).as(name).isEqualTo(200);
            assertThat(header(r, "content-security-policy")).as(name).isEqualTo(WebChat.CONTENT_SECURITY_POLICY);
            String type = header(r, "content-type");
            if (name.endsWith(".js")) {
                assertThat(type).as(name).contains("javascript");
            } else if (name.endsWith(".css")) {
                assertThat(type).as(name).startsWith("text/css");
            } else if (name.endsWith(".svg")) {
                assertThat(type).as(name).startsWith("image/svg+xml");
            }
        }
    }

    @Test
    void noFile_namesAnotherHost() throws Exception {
        for (Path file : webFiles()) {
            Matcher address = ADDRESS.matcher(Files.readString(file).replace(SVG_NAMESPACE, ""));
            assertThat(address.find() ? address.group() : null).as("an address in %s", file.getFileName()).isNull();
        }
    }

    @Test
    void filesOutsideTheWebFolder_stayOutOfReach_andUnknownPathsAreJson404s() {
        for (String path : List.of("/../simplelogger.properties", "/..%2fsimplelogger.properties", "/%2e%2e/simplelogger.properties",
                "/js/..%2f..%2fsimplelogger.properties", "/%2e%2e%2fprompts%2fchat-system.txt", "/prompts/chat-system.txt",
                "/web/index.html", "/simplelogger.properties")) {
            ServerHarness.Response r = h.get(null, path);
            assertThat(r.status()).as(path).isBetween(400, 404);
            assertThat(r.body()).as(path).doesNotContain("simpleLogger").doesNotContain("You are");
        }
        ServerHarness.Response missing = h.get(null, "/js/nothing-here.js");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo("not_found");
        // The API keeps its own answers: no page where JSON is expected.
        ServerHarness.Response api = h.get(null, "/v1/users/alice/memory");
        assertThat(api.status()).isEqualTo(401);
        assertThat(header(api, "content-type")).startsWith("application/json");
    }

    private static String firstGroup(Matcher m) {
        for (int g = 1; g <= m.groupCount(); g++) {
            if (m.group(g) != null) {
                return m.group(g).replaceAll("^['\"]|['\"]$", "");
            }
        }
        throw new IllegalStateException("no group matched");
    }

    private static String header(ServerHarness.Response r, String name) {
        List<String> values = r.headers().get(name);
        assertThat(values).as("header %s", name).isNotNull().hasSize(1);
        return values.get(0);
    }

    private static Path webRoot() throws URISyntaxException {
        return Path.of(WebChat.class.getResource(WebChat.RESOURCES).toURI());
    }

    private static List<Path> webFiles() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.walk(webRoot())) {
            List<Path> found = files.filter(Files::isRegularFile).toList();
            assertThat(found).extracting(p -> p.getFileName().toString()).contains("index.html", "main.js", "app.css");
            return found;
        }
    }
}
