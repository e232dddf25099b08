package dev.engram.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Debian's chromedriver, for the web chat's browser tests.
 * Both binaries are named by path, so Selenium Manager never runs and nothing is downloaded; the
 * browser gets a fresh profile, no background networking, no component updates and no sync.
 * Without the binaries the test is skipped with the install command, except on CI
 * ({@code CI=true}), where it fails. Not thread safe; close it after the test.
 */
public final class Chromium implements AutoCloseable {
    public static final Path BROWSER = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    /** Where screenshots go, so that a person can look at them after the run. */
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** The longest any wait for the page lasts before the test fails. */
    public static final Duration WAIT = Duration.ofSeconds(25);

    private final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path downloads;

    private Chromium(ChromeDriver driver, ChromeDriverService service, Path downloads) {
        this.driver = driver;
        this.service = service;
        this.downloads = downloads;
    }

    /**
     * Starts a browser whose window (and so viewport, headless) is {@code width} by {@code height}
     * CSS pixels; its profile and downloads live under {@code dir}.
     */
    public static Chromium start(Path dir, int width, int height) {
        requireInstalled();
        try {
            Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
            Path downloads = Files.createDirectories(dir.resolve("downloads"));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(DRIVER.toFile())
                    .usingAnyFreePort()
                    .withLogOutput(System.err)
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options(profile, downloads, width, height));
            driver.manage().timeouts().scriptTimeout(WAIT);
            return new Chromium(driver, service, downloads);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ChromeOptions options(Path profile, Path downloads, int width, int height) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-background-networking", "--disable-gpu",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
                "--disable-default-apps", "--disable-extensions", "--disable-dev-shm-usage", "--disable-domain-reliability",
                "--disable-features=Translate,OptimizationHints,MediaRouter", "--metrics-recording-only",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=" + width + "," + height,
                "--force-device-scale-factor=1", "--lang=en-GB");
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download.default_directory", downloads.toAbsolutePath().toString());
        prefs.put("download.prompt_for_download", false);
        options.setExperimentalOption("prefs", prefs);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        return options;
    }

    private static void requireInstalled() {
        if (Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER)) {
            return;
        }
        String why = "the browser tests need " + BROWSER + " and " + DRIVER
                + " (apt-get install -y chromium chromium-driver; .ci/run installs them)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(why + ": on CI (CI=true) they must run");
        }
        Assumptions.abort(why);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** The folder the browser saves downloads in. */
    public Path downloads() {
        return downloads;
    }

    /** Waits until {@code condition} gives a non-null, non-false value, at most {@link #WAIT}; returns it. */
    public <T> T await(String what, Function<WebDriver, T> condition) {
        // The page may redraw a list while a condition reads it: a stale element is read again on the next try.
        return new WebDriverWait(driver, WAIT).withMessage(what).ignoring(StaleElementReferenceException.class).until(condition);
    }

    /** Saves what the viewport shows as {@code target/screenshots/NAME.png}; returns the path. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(name + ".png");
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
