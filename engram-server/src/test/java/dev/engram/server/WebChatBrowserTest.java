package dev.engram.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.llm.fake.FakeReply;
import dev.engram.memory.MemoryFile;
import dev.engram.memory.MemoryFilePath;
import dev.engram.memory.UserId;
import dev.engram.tenant.ApiKeys;
import dev.engram.tenant.Tenant;
import dev.engram.testing.Chromium;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The web chat in a real browser (Debian's headless Chromium) against the real server, store,
 * memory pipeline and SDK talking to the fake model, with the chat's real retrieval. Each step
 * is checked in the page and against the database. Screenshots go to {@code target/screenshots}.
 */
@Timeout(180)
class WebChatBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    ServerHarness h;
    String key;
    Chromium browser;
    ChromeDriver page;

    @BeforeEach
    void start() {
        h = ServerHarness.sqliteWithRetrieval(dir);
        key = h.key("acme");
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        h.close();
    }

    @Test
    void signIn_chatTwice_factAppears_edit_forget_endSession_incognito_export_erase_eachCheckedInTheStore() throws Exception {
        open(1280, 900);
        browser.screenshot("01-sign-in");
        signIn("alice");
        assertThat(text("status")).contains("Engram knows nothing about you yet");

        String first = chat("remember: Works night shifts as a nurse in Leeds.");
        assertThat(first).isEqualTo("Noted: remember: Works night shifts as a nurse in Leeds.");
        assertThat(h.column("SELECT text FROM turns ORDER BY id")).containsExactly(
                "remember: Works night shifts as a nurse in Leeds.", "Noted: remember: Works night shifts as a nurse in Leeds.");
        WebElement fact = browser.await("the extracted fact in the memory panel",
                d -> findItem("facts", "Works night shifts as a nurse in Leeds."));
        String factId = only(h.column("SELECT id FROM facts WHERE statement = 'Works night shifts as a nurse in Leeds.'"));
        assertThat(fact.getAttribute("data-ref")).isEqualTo("#" + factId);

        chat("Any tips for night shifts as a nurse in Leeds?");
        List<String> why = page.findElements(By.cssSelector("#why-list li")).stream().map(e -> e.getAttribute("data-ref")).toList();
        // Turns of this session are history in the prompt, not memory: only the fact is named.
        assertThat(why).containsExactly("#" + factId);
        assertThat(h.fake.chatRequests().get(1).body().path("system").toString()).contains("Works night shifts as a nurse in Leeds.");
        browser.await("the fact marked as used", d -> findItem("facts", "Works night shifts").getText().contains("in the last reply"));
        browser.screenshot("02-chat-memory-and-why");

        editFact(factId, "Works night shifts as a midwife in Leeds.");
        assertThat(h.column("SELECT statement FROM facts WHERE id = ?", Long.parseLong(factId)))
                .containsExactly("Works night shifts as a midwife in Leeds.");
        assertThat(h.column("SELECT kind FROM fact_history WHERE fact_id = ? ORDER BY id", Long.parseLong(factId))).contains("EDITED");
        showHistory(factId);
        browser.screenshot("03-edited-with-history");

        click(item("#" + factId).findElement(By.xpath(".//button[text()='Forget']")));
        browser.await("the forgotten fact gone from the panel", d -> findItem("facts", "midwife") == null);
        assertThat(h.column("SELECT COUNT(*) FROM facts WHERE id = ?", Long.parseLong(factId))).containsExactly("0");
        assertThat(text("status")).contains("Forgot fact #" + factId).contains("it came from");
        assertThat(h.column("SELECT COUNT(*) FROM turns WHERE text = 'remember: Works night shifts as a nurse in Leeds.'"))
                .as("the message the fact came from").containsExactly("0");

        endSessionAndSeeSummary();
        incognitoTurnStoresNothing();
        exportDownloadsTheUsersJson();
        eraseEverything();
        assertOnlyThisServerWasContacted();
    }

    @Test
    void memoryToolFiles_areListedInThePanel_andTheWhyViewNamesOneThePromptCarried() {
        Tenant acme = h.tenants.tenantByKeyHash(ApiKeys.hash(key)).orElseThrow();
        UserId alice = h.tenants.resolveUser(acme, UserId.of("alice"), Instant.now());
        MemoryFile file = h.store.files().create(alice, MemoryFilePath.parse("/memories/drinks.md"),
                "Prefers jasmine tea, never coffee.", null).orElseThrow();
        open(1280, 900);
        signIn("alice");

        WebElement listed = browser.await("the memory file in the panel", d -> findItem("files", "/memories/drinks.md"));
        assertThat(listed.getAttribute("data-ref")).isEqualTo("f" + file.id());
        assertThat(listed.getText()).contains("Prefers jasmine tea, never coffee.");

        chat("Which tea should I order?");
        List<String> why = page.findElements(By.cssSelector("#why-list li")).stream().map(e -> e.getAttribute("data-ref")).toList();
        assertThat(why).contains("f" + file.id());
        assertThat(h.fake.chatRequests().get(0).body().path("system").toString())
                .contains("/memories/drinks.md: Prefers jasmine tea, never coffee.");
        browser.await("the file marked as used", d -> findItem("files", "/memories/drinks.md").getText().contains("in the last reply"));
        browser.screenshot("10-memory-files");
    }

    @Test
    void keyboardOnly_signIn_send_shiftEnterNewLine_tabOrder_andEscapeCancelsAnEdit() {
        open(1280, 900);
        assertThat(focused()).isEqualTo("tenant-key");
        page.switchTo().activeElement().sendKeys(key, Keys.TAB);
        assertThat(focused()).isEqualTo("user-id");
        page.switchTo().activeElement().sendKeys("bob", Keys.TAB);
        assertThat(focused()).isEqualTo("sign-in-button");
        page.switchTo().activeElement().sendKeys(Keys.ENTER);
        browser.await("the chat after signing in", d -> d.findElement(By.id("app")).isDisplayed());
        assertThat(focused()).isEqualTo("message");

        WebElement message = page.switchTo().activeElement();
        message.sendKeys("remember: Plays the cello.", Keys.chord(Keys.SHIFT, Keys.ENTER), "second line");
        assertThat(message.getAttribute("value")).isEqualTo("remember: Plays the cello.\nsecond line");
        assertThat(page.findElements(By.cssSelector("#transcript .turn"))).isEmpty();
        message.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        String reply = chat("remember: Plays the cello.");
        assertThat(reply).isEqualTo("Noted: remember: Plays the cello.");
        WebElement fact = browser.await("the fact in the panel", d -> findItem("facts", "Plays the cello."));
        String ref = fact.getAttribute("data-ref");

        page.executeScript("document.getElementById('sign-out').focus()");
        assertThat(tabOrder(11)).containsExactly("incognito", "new-session", "end-session", "message", "send", "refresh",
                "export", "erase", "Edit fact " + ref, "History of fact " + ref, "Forget fact " + ref);

        page.switchTo().activeElement().sendKeys(Keys.chord(Keys.SHIFT, Keys.TAB), Keys.chord(Keys.SHIFT, Keys.TAB), Keys.ENTER);
        WebElement input = page.switchTo().activeElement();
        assertThat(input.getAttribute("aria-label")).isEqualTo("New text for fact " + ref);
        input.sendKeys(" Badly.", Keys.ESCAPE);
        assertThat(focused()).isEqualTo("Edit fact " + ref);
        assertThat(findItem("facts", "Plays the cello.").getText()).doesNotContain("Badly");
        assertThat(h.column("SELECT statement FROM facts")).containsExactly("Plays the cello.");
    }

    @Test
    void phoneWidth_390px_stacksChatAboveMemory_withNothingWiderThanTheScreen() {
        open(390, 844);
        page.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                java.util.Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
        page.navigate().refresh();
        browser.await("the page's script to start", d -> d.findElement(By.id("sign-in-button")).isEnabled());
        browser.screenshot("07-phone-sign-in");
        assertThat(number("window.innerWidth")).isEqualTo(390);
        signIn("carol");
        chat("remember: Grows tomatoes on a balcony in Bristol.");
        browser.await("the fact in the panel", d -> findItem("facts", "Grows tomatoes"));
        chat("What should I plant next to the tomatoes?");

        assertThat(number("document.documentElement.scrollWidth")).as("no sideways scrolling").isLessThanOrEqualTo(390);
        assertThat(number("Math.max(...[...document.querySelectorAll('body *')].filter(e => e.getClientRects().length)"
                + ".map(e => e.getBoundingClientRect().right))")).as("the rightmost edge of anything").isLessThanOrEqualTo(390);
        WebElement chat = page.findElement(By.cssSelector("section.chat"));
        WebElement memory = page.findElement(By.cssSelector("aside.memory"));
        assertThat(memory.getRect().getY()).as("memory below the chat")
                .isGreaterThanOrEqualTo(chat.getRect().getY() + chat.getRect().getHeight());
        assertThat(number("parseFloat(getComputedStyle(document.querySelector('.turn .text')).fontSize)"))
                .isGreaterThanOrEqualTo(16);
        WebElement send = page.findElement(By.id("send"));
        assertThat(send.getRect().getX() + send.getRect().getWidth()).isLessThanOrEqualTo(390);
        browser.screenshot("08-phone-chat");
        page.executeScript("document.querySelector('aside.memory').scrollIntoView()");
        browser.screenshot("09-phone-memory");
    }

    @Test
    void errors_areALineInThePage_401AtSignIn_503FromTheModel_aMissingScript_andANetworkFailure() {
        open(1280, 900);
        page.findElement(By.id("tenant-key")).sendKeys("egk_not-a-real-key");
        page.findElement(By.id("user-id")).sendKeys("dave", Keys.ENTER);
        String refused = browser.await("the 401 line", d -> visibleError());
        assertThat(refused).contains("This tenant key was not accepted (401)");
        assertThat(page.findElement(By.id("app")).isDisplayed()).isFalse();
        assertThat(page.findElement(By.id("sign-in")).isDisplayed()).isTrue();
        assertThat(page.executeScript("return sessionStorage.length")).isEqualTo(0L);
        browser.screenshot("10-error-401");

        page.findElement(By.id("tenant-key")).clear();
        page.findElement(By.id("user-id")).clear();
        signIn("dave");
        assertThat(page.findElement(By.id("error")).isDisplayed()).as("a good sign-in clears the error").isFalse();
        h.fake.onChat(FakeReply.overloaded(), FakeReply.overloaded(), FakeReply.overloaded());
        page.findElement(By.id("message")).sendKeys("are you there?", Keys.ENTER);
        String unavailable = browser.await("the 503 line", d -> visibleError());
        assertThat(unavailable).contains("503").contains("your message is saved");
        assertThat(page.findElement(By.cssSelector("#transcript .turn.assistant.failed")).getText()).contains("No reply.");
        assertThat(h.column("SELECT text FROM turns WHERE role = 'USER'")).containsExactly("are you there?");
        browser.screenshot("11-error-503");
        // The failed first message opened a session; the page stays in it, so a retry continues it.
        String failedSession = only(h.column("SELECT DISTINCT session_id FROM turns"));
        assertThat(text("session-line")).contains(failedSession);
        h.fake.onChat(FakeReply.text("Yes, I am here."));
        assertThat(chat("hello again")).isEqualTo("Yes, I am here.");
        assertThat(h.column("SELECT DISTINCT session_id FROM turns")).containsExactly(failedSession);
        assertThat(h.fake.chatRequests().get(h.fake.chatRequests().size() - 1).body().toString()).contains("are you there?");

        page.executeScript("const s = document.createElement('script'); s.src = 'js/missing.js'; document.head.append(s);");
        String missing = browser.await("the missing-script line", d -> errorContaining("could not load"));
        assertThat(missing).contains("The page could not load js/missing.js");

        h.server.close();
        page.findElement(By.id("message")).sendKeys("hello?", Keys.ENTER);
        String offline = browser.await("the network line", d -> errorContaining("Cannot reach"));
        assertThat(offline).contains("Cannot reach the Engram server");
        assertThat(page.findElement(By.tagName("body")).getText()).contains("Chat", "What I know about you");
        browser.screenshot("12-error-network");
    }

    private void editFact(String factId, String newText) {
        click(item("#" + factId).findElement(By.xpath(".//button[text()='Edit']")));
        WebElement input = browser.await("the edit field", d -> d.switchTo().activeElement());
        assertThat(input.getAttribute("aria-label")).isEqualTo("New text for fact #" + factId);
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), newText, Keys.ENTER);
        browser.await("the edited fact in the panel", d -> findItem("facts", newText));
        assertThat(text("status")).contains("Saved fact #" + factId);
    }

    private void showHistory(String factId) {
        click(item("#" + factId).findElement(By.xpath(".//button[text()='History']")));
        WebElement history = browser.await("the fact's history", d -> item("#" + factId).findElements(By.cssSelector(".history li"))
                .size() >= 2 ? item("#" + factId).findElement(By.cssSelector(".history")) : null);
        List<WebElement> changes = history.findElements(By.tagName("li"));
        assertThat(changes.get(0).getText()).contains("added").contains("Works night shifts as a nurse in Leeds.");
        WebElement edit = changes.get(changes.size() - 1);
        assertThat(edit.getText()).contains("edited");
        assertThat(edit.findElement(By.tagName("del")).getText()).isEqualTo("Works night shifts as a nurse in Leeds.");
        assertThat(edit.findElement(By.tagName("ins")).getText()).isEqualTo("Works night shifts as a midwife in Leeds.");
    }

    private void endSessionAndSeeSummary() {
        String session = only(h.column("SELECT DISTINCT session_id FROM turns"));
        assertThat(text("session-line")).contains(session);
        click(page.findElement(By.id("end-session")));
        browser.await("the session's summary in the panel", d -> findItem("summaries", "The user talked about their facts."));
        String summaryId = only(h.column("SELECT id FROM summaries WHERE session_id = ?", session));
        String summaryRef = browser.await("the summary's ref", d -> findItem("summaries", "The user talked about their facts.")
                .getAttribute("data-ref"));
        assertThat(summaryRef).isEqualTo("s" + summaryId);
        assertThat(page.findElements(By.cssSelector("#transcript .divider"))).hasSize(1);

        // The next message opens a new session, whose prompt carries the summary of the one that ended.
        chat("What did we talk about before?");
        List<String> why = page.findElements(By.cssSelector("#why-list li")).stream().map(e -> e.getAttribute("data-ref")).toList();
        assertThat(why).contains("s" + summaryId);
        for (String ref : why) {
            String table = switch (ref.charAt(0)) {
                case '#' -> "facts";
                case 's' -> "summaries";
                case 'e' -> "entities";
                case 't' -> "turns";
                default -> throw new AssertionError("unknown ref " + ref);
            };
            assertThat(h.column("SELECT COUNT(*) FROM " + table + " WHERE id = ?", Long.parseLong(ref.substring(1))))
                    .as("%s is stored", ref).containsExactly("1");
        }
        browser.await("the summary marked as used", d -> findItem("summaries", "The user talked about their facts.").getText()
                .contains("in the last reply"));
        assertThat(only(h.column("SELECT COUNT(DISTINCT session_id) FROM turns"))).isEqualTo("2");
    }

    private void incognitoTurnStoresNothing() {
        long turnsBefore = Long.parseLong(only(h.column("SELECT COUNT(*) FROM turns")));
        WebElement incognito = page.findElement(By.id("incognito"));
        incognito.sendKeys(Keys.SPACE);
        assertThat(incognito.isSelected()).isTrue();
        assertThat(page.findElement(By.id("incognito-hint")).isDisplayed()).isTrue();
        chat("remember: Is planning a surprise party.");
        List<WebElement> tags = page.findElements(By.cssSelector("#transcript .turn.incognito .tag"));
        assertThat(tags).hasSize(2).allSatisfy(t -> assertThat(t.getText()).isEqualTo("not remembered"));
        assertThat(text("why-summary")).contains("incognito");
        h.drain();
        assertThat(h.column("SELECT COUNT(*) FROM turns")).containsExactly(String.valueOf(turnsBefore));
        assertThat(h.column("SELECT COUNT(*) FROM facts WHERE statement LIKE '%surprise%'")).containsExactly("0");
        browser.screenshot("04-incognito");

        // A reload keeps the tab signed in, in the same session, and still incognito.
        String session = text("session-line");
        page.navigate().refresh();
        browser.await("the chat after the reload", d -> d.findElement(By.id("app")).isDisplayed());
        incognito = page.findElement(By.id("incognito"));
        assertThat(incognito.isSelected()).isTrue();
        assertThat(text("session-line")).startsWith("Continuing session").contains(session.replace("Session ", ""));
        incognito.sendKeys(Keys.SPACE);
        assertThat(incognito.isSelected()).isFalse();
    }

    private void exportDownloadsTheUsersJson() throws IOException {
        h.post(key, "/v1/users/alice/memories", "{\"text\":\"Has a cat called Tom.\"}");
        click(page.findElement(By.id("refresh")));
        browser.await("the added fact in the panel", d -> findItem("facts", "Has a cat called Tom."));
        click(page.findElement(By.id("export")));
        Path file = browser.await("the export in the download folder", d -> downloaded());
        JsonNode export = JSON.readTree(Files.readString(file));
        assertThat(export.path("userId").asText()).isEqualTo("alice");
        assertThat(export.toString()).contains("Has a cat called Tom.").contains("The user talked about their facts.")
                .doesNotContain("surprise party");
        assertThat(file.getFileName().toString()).startsWith("engram-alice-").endsWith(".json");
    }

    private void eraseEverything() {
        String internal = only(h.column("SELECT user_id FROM tenant_users WHERE external_id = 'alice'"));
        click(page.findElement(By.id("erase")));
        WebElement dialog = page.findElement(By.id("erase-dialog"));
        assertThat(dialog.isDisplayed()).isTrue();
        assertThat(dialog.getText()).contains("alice").contains("cannot be undone");
        browser.screenshot("05-erase-confirmation");
        // The first answer is Cancel: nothing is erased.
        click(dialog.findElement(By.xpath(".//button[text()='Cancel']")));
        assertThat(h.column("SELECT COUNT(*) FROM facts WHERE user_id = ?", internal)).containsExactly("1");
        click(page.findElement(By.id("erase")));
        click(page.findElement(By.id("erase-confirm")));
        browser.await("the erase to be reported", d -> text("status").contains("Erased everything Engram knew about alice"));
        for (String table : List.of("turns", "facts", "fact_history", "summaries", "entities", "jobs", "users")) {
            assertThat(h.column("SELECT COUNT(*) FROM " + table + " WHERE user_id = ?", internal)).as(table).containsExactly("0");
        }
        assertThat(h.column("SELECT COUNT(*) FROM tenant_users WHERE external_id = 'alice'")).containsExactly("0");
        assertThat(page.findElements(By.cssSelector("#facts li.item"))).isEmpty();
        assertThat(page.findElements(By.cssSelector("#transcript li"))).isEmpty();
        browser.screenshot("06-erased");
    }

    private void assertOnlyThisServerWasContacted() {
        String origin = "http://127.0.0.1:" + h.server.port() + "/";
        @SuppressWarnings("unchecked")
        List<String> loaded = (List<String>) page.executeScript(
                "return performance.getEntriesByType('resource').map(e => e.name).concat([location.href]);");
        assertThat(loaded).isNotEmpty().allSatisfy(url -> assertThat(url).startsWith(origin));
        List<String> console = page.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList();
        assertThat(console).noneMatch(m -> m.contains("Content Security Policy") || m.contains("Refused to"));
    }

    // --- helpers ---

    private void open(int width, int height) {
        browser = Chromium.start(dir, width, height);
        page = browser.driver();
        page.get("http://127.0.0.1:" + h.server.port() + "/");
        browser.await("the page's script to start", d -> d.findElement(By.id("sign-in-button")).isEnabled());
    }

    private void signIn(String user) {
        page.findElement(By.id("tenant-key")).sendKeys(key);
        page.findElement(By.id("user-id")).sendKeys(user, Keys.ENTER);
        browser.await("the chat after signing in", d -> d.findElement(By.id("app")).isDisplayed());
        assertThat(page.switchTo().activeElement().getAttribute("id")).isEqualTo("message");
    }

    /** Types a message, sends it with Enter, and returns the reply once it is complete. */
    private String chat(String message) {
        int before = page.findElements(By.cssSelector("#transcript .turn.assistant")).size();
        page.findElement(By.id("message")).sendKeys(message, Keys.ENTER);
        return browser.await("the reply to '" + message + "'", d -> {
            List<WebElement> replies = d.findElements(By.cssSelector("#transcript .turn.assistant"));
            if (replies.size() <= before || replies.get(before).getAttribute("aria-busy") != null) {
                return null;
            }
            return replies.get(before).findElement(By.className("text")).getText();
        });
    }

    private WebElement findItem(String list, String containing) {
        return page.findElements(By.cssSelector("#" + list + " li.item")).stream()
                .filter(e -> e.getText().contains(containing)).findFirst().orElse(null);
    }

    private WebElement item(String ref) {
        return page.findElement(By.cssSelector("li.item[data-ref='" + ref + "']"));
    }

    private String visibleError() {
        WebElement line = page.findElement(By.id("error"));
        return line.isDisplayed() && !line.getText().isBlank() ? line.getText() : null;
    }

    /** The error line once it says {@code words}: an earlier error may still be showing. */
    private String errorContaining(String words) {
        String line = visibleError();
        return line != null && line.contains(words) ? line : null;
    }

    /** The id, or else the aria-label, of the focused element. */
    private String focused() {
        WebElement active = page.switchTo().activeElement();
        String id = active.getAttribute("id");
        return id == null || id.isEmpty() ? active.getAttribute("aria-label") : id;
    }

    /** Presses Tab {@code n} times and names each element that got the focus. */
    private List<String> tabOrder(int n) {
        List<String> order = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            page.switchTo().activeElement().sendKeys(Keys.TAB);
            order.add(focused());
        }
        return order;
    }

    private long number(String expression) {
        return ((Number) page.executeScript("return " + expression)).longValue();
    }

    private String text(String id) {
        return page.findElement(By.id(id)).getText();
    }

    private void click(WebElement element) {
        element.click();
    }

    private Path downloaded() {
        try (Stream<Path> files = Files.list(browser.downloads())) {
            return files.filter(p -> p.toString().endsWith(".json")).findFirst().orElse(null);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String only(List<String> values) {
        assertThat(values).hasSize(1);
        return values.get(0);
    }
}
