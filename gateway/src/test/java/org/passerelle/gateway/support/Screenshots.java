package org.passerelle.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The pictures in README.md and docs/: browser tests take them, so they show the pages as they are. They are written to
 * docs/images/ only when the build is run with {@code -Dscreenshots=true}; a normal run leaves the committed files
 * alone. The viewport is set exactly (Chrome DevTools' device metrics), so a picture is at most 1280×800.
 */
public final class Screenshots {

    private Screenshots() {
    }

    public static boolean enabled() {
        return Boolean.getBoolean("screenshots");
    }

    /** The page as a desktop browser of {@code width}×{@code height} CSS pixels shows it (device scale 1). */
    public static void desktop(ChromeDriver driver, int width, int height) {
        viewport(driver, width, height, false);
    }

    /** A phone's viewport: {@code width} CSS pixels wide, laid out as a mobile browser does. */
    public static void phone(ChromeDriver driver, int width, int height) {
        viewport(driver, width, height, true);
    }

    private static void viewport(ChromeDriver driver, int width, int height, boolean mobile) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    /** Saves what the browser shows as docs/images/{name}.png, when screenshots are asked for. */
    public static void take(ChromeDriver driver, String name) {
        if (!enabled()) {
            return;
        }
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        try {
            Path file = imagesDirectory().resolve(name + ".png");
            Files.write(file, png);
            System.out.println("Screenshot " + file + " (" + png.length / 1024 + " KiB)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** docs/images of the checkout, found from the module's directory (Maven runs tests in gateway/). */
    static Path imagesDirectory() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isDirectory(dir.resolve("docs")) && Files.isRegularFile(dir.resolve("README.md")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IOException("No docs/ above " + Path.of("").toAbsolutePath());
        }
        return Files.createDirectories(dir.resolve("docs/images"));
    }
}
