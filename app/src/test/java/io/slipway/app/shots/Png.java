package io.slipway.app.shots;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/** Writes a node's snapshot as a PNG, without javafx-swing. Call on the FX thread. */
public final class Png {
  private Png() {}

  public static void write(Node node, Path file) throws IOException {
    WritableImage image = node.snapshot(null, null);
    int w = (int) image.getWidth();
    int h = (int) image.getHeight();
    PixelReader reader = image.getPixelReader();
    int[] argb = new int[w * h];
    reader.getPixels(0, 0, w, h, javafx.scene.image.PixelFormat.getIntArgbInstance(), argb, 0, w);
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, w, h, argb, 0, w);
    Files.createDirectories(file.toAbsolutePath().getParent());
    ImageIO.write(out, "png", file.toFile());
  }
}
