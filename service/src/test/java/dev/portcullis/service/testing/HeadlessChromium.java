package dev.portcullis.service.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The machine's own headless Chromium, driven through its own chromedriver by Selenium: nothing is downloaded at run
 * time (the driver and the browser are named explicitly, so Selenium Manager never runs, and it is told to stay
 * offline should anything ask it), and the browser resolves no host but 127.0.0.1. Each instance has a fresh profile,
 * deleted on close.
 * <p>
 * Debian's {@code chromium} and {@code chromium-driver} packages by default; {@code -Dportcullis.chromium=} and
 * {@code -Dportcullis.chromedriver=} name others. Where either is missing the calling test is skipped, with a message
 * naming what is missing; with {@code -Dportcullis.browser.required=true} (as {@code .ci/run} sets) it fails instead.
 */
public final class HeadlessChromium implements AutoCloseable {

    /** The browser binary. */
    public static final Path BINARY = Path.of(System.getProperty("portcullis.chromium", "/usr/bin/chromium"));
    /** The driver binary. */
    public static final Path DRIVER = Path.of(System.getProperty("portcullis.chromedriver", "/usr/bin/chromedriver"));
    /** Where screenshots go: {@code target/screenshots} of the module under test. */
    public static final Path SCREENSHOTS = Path.of(System.getProperty("basedir", "."), "target", "screenshots");

    /** A page load, a redirect chain or an element to appear: generous, only a guard against hanging forever. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /**
     * A desktop-sized browser window (1280 x 900).
     *
     * @return the running browser
     */
    public static HeadlessChromium desktop() {
        return start(options -> options.addArguments("--window-size=1280,900"));
    }

    /**
     * A phone: Chromium's mobile emulation at 390 x 844 CSS pixels, so the page's viewport meta and media queries
     * apply as on a phone.
     *
     * @return the running browser
     */
    public static HeadlessChromium phone() {
        return start(options -> options.setExperimentalOption("mobileEmulation", Map.of(
                "deviceMetrics", Map.of("width", 390, "height", 844, "pixelRatio", 2.0, "mobile", true, "touch", true),
                "userAgent", "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                        + "Chrome/126.0 Mobile Safari/537.36")));
    }

    private static HeadlessChromium start(java.util.function.Consumer<ChromeOptions> shape) {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(BINARY)) {
            missing.add("the browser " + BINARY + " (Debian package chromium, or -Dportcullis.chromium=)");
        }
        if (!Files.isExecutable(DRIVER)) {
            missing.add("the driver " + DRIVER + " (Debian package chromium-driver, or -Dportcullis.chromedriver=)");
        }
        String why = "missing " + String.join(" and ", missing) + "; install with: apt-get install chromium chromium-driver";
        if (!missing.isEmpty() && Boolean.getBoolean("portcullis.browser.required")) {
            throw new IllegalStateException("-Dportcullis.browser.required=true, but " + why);
        }
        Assumptions.assumeTrue(missing.isEmpty(), () -> "browser test skipped: " + why);
        // read by Selenium Manager, were it ever started: no network, whatever happens
        System.setProperty("SE_OFFLINE", "true");
        try {
            Path profile = Files.createTempDirectory("portcullis-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(BINARY.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + profile,
                    // the machines have no internet: a page that asks for another host (the mock's login page links a
                    // web font) fails at once instead of waiting for DNS
                    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1");
            options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
            shape.accept(options);
            Files.createDirectories(SCREENSHOTS.getParent());
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(DRIVER.toFile())
                    .usingAnyFreePort()
                    .withLogFile(SCREENSHOTS.resolveSibling("chromedriver.log").toFile())
                    .withAppendLog(true)
                    .build();
            return new HeadlessChromium(new ChromeDriver(service, options), profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the driver */
    public ChromeDriver driver() {
        return driver;
    }

    /** @return a wait for conditions on this browser */
    public WebDriverWait waiting() {
        return new WebDriverWait(driver, WAIT);
    }

    /**
     * Waits for an element to be on the page, as after a click that navigates (through redirects, perhaps). When it
     * never comes, the failure says where the browser is and what it shows.
     *
     * @param locator the element
     * @return the element
     */
    public WebElement await(By locator) {
        try {
            return waiting().until(browser -> {
                try {
                    return browser.findElement(locator);
                } catch (NoSuchElementException | StaleElementReferenceException e) {
                    return null;
                } catch (WebDriverException e) {
                    // a look-up made while the page is being replaced (a form post answered by a redirect) can meet
                    // the old document's nodes: ask again; any other failure is the test's
                    if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                        return null;
                    }
                    throw e;
                }
            });
        } catch (TimeoutException e) {
            String text = driver.findElements(By.tagName("body")).stream().findFirst().map(WebElement::getText).orElse("");
            throw new AssertionError("no " + locator + " at " + driver.getCurrentUrl() + " (\"" + driver.getTitle() + "\"): "
                    + text.substring(0, Math.min(text.length(), 600)), e);
        }
    }

    /**
     * Saves a PNG of what the browser window shows, as {@code target/screenshots/<name>.png}.
     *
     * @param name the file name, without {@code .png}
     * @return the file
     */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What the pages logged to the browser console since the last call: Content-Security-Policy violations show
     * up here.
     *
     * @return the messages
     */
    public List<String> consoleMessages() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList();
    }

    /** Quits the browser and deletes its profile. */
    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // a temporary directory left behind is no reason to fail a test
            }
        }
    }
}
