package org.scenariomigration.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's {@code chromium}, headless, driven by Debian's {@code chromedriver} through Selenium, for the browser suite
 * (classes named {@code *Browser*}). The binaries are {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}, or
 * the system properties {@code chromium.binary} and {@code chromedriver.binary}. When either is missing,
 * {@link #assumeInstalled()} skips each test with a message saying how to install them.
 */
final class HeadlessChromium implements AutoCloseable {
  static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  final ChromeDriver driver;
  private final Path profile;

  private HeadlessChromium(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Why the browser suite is skipped here and how to enable it; {@code null} when both binaries are installed. */
  static String missing() {
    if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
      return null;
    }
    return "browser suite skipped: it needs Chromium and ChromeDriver (" + CHROMIUM + ", " + CHROMEDRIVER + "),"
        + " not installed here; enable it with: apt-get update && apt-get install -y chromium chromium-driver";
  }

  /** Skips the calling test unless both binaries are installed, with {@link #missing()} as the reason. */
  static void assumeInstalled() {
    String missing = missing();
    Assumptions.assumeTrue(missing == null, missing);
  }

  /** Starts a headless Chromium with a fresh profile and no background network traffic. */
  static HeadlessChromium start(int width, int height) {
    Path profile;
    try {
      profile = Files.createTempDirectory("console-browser-profile");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "--lang=en-US");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    // the driver named by this property is used as is: Selenium Manager downloads nothing (this class names no
    // ChromeDriverService, whose @AutoService annotation the compiler would warn about)
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    return new HeadlessChromium(new ChromeDriver(options), profile);
  }

  /** The browser console's messages since the last call, each as {@code LEVEL message}. */
  List<String> consoleMessages() {
    List<String> out = new ArrayList<>();
    for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
      out.add(e.getLevel() + " " + e.getMessage());
    }
    return out;
  }

  /** Saves what the window shows as {@code target/screenshots/<name>.png}. */
  static Path screenshot(WebDriver driver, String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), file,
          StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a profile left in the temp folder is harmless
    }
  }
}
