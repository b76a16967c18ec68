package io.slipway.core.context;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Downloads a remote build context ({@code docker build https://host/ctx.tar.gz}) into a file,
 * reporting bytes as they arrive. A {@code user:password@} in the URL is sent as basic auth, as the
 * docker CLI's HTTP client does, and never appears in a message.
 */
public final class RemoteDownload {

  /** Told how many bytes arrived; {@code total} is -1 when the server did not say. */
  @FunctionalInterface
  public interface Progress {
    void received(long bytes, long total);
  }

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
  private static final int BUFFER = 64 * 1024;

  private final String url;
  private final AtomicReference<InputStream> body = new AtomicReference<>();
  private volatile boolean cancelled;

  public RemoteDownload(String url) {
    this.url = url;
  }

  /**
   * Downloads into {@code target}, replacing it; returns the number of bytes.
   *
   * @throws ContextException when the server refuses or the URL is bad, with the fix
   * @throws IOException when the download was cancelled or the connection broke
   */
  public long to(Path target, Progress progress) throws IOException {
    String shown = GitUrls.redactUserInfo(url);
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new ContextException(
          "The context URL " + shown + " is not a valid URL. Check it and build again.");
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(withoutUserInfo(uri)).GET();
    if (uri.getRawUserInfo() != null) {
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(decode(uri.getRawUserInfo()).getBytes(StandardCharsets.UTF_8)));
    }
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new ContextException(
          "Downloading the context from " + shown + " timed out. Check the URL and your network.");
    } catch (java.net.ConnectException e) {
      throw new ContextException(
          "Cannot download the context from " + shown + ": the server refused the connection.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("cancelled", e);
    } catch (IOException e) {
      if (cancelled) {
        throw new IOException("cancelled", e);
      }
      throw new ContextException(
          "Cannot download the context from " + shown + ": " + LocalContext.reason(e) + ".", e);
    }
    try (InputStream in = response.body()) {
      body.set(in);
      int status = response.statusCode();
      if (status != 200) {
        throw new ContextException(
            "Downloading the context from "
                + shown
                + " failed: the server answered HTTP "
                + status
                + (status == 401 || status == 403
                    ? ". Put the user name and password in the URL (https://user:password@host/…)."
                    : ". Check the URL."));
      }
      if (cancelled) {
        throw new IOException("cancelled");
      }
      long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      long received = 0;
      byte[] buffer = new byte[BUFFER];
      try (OutputStream out = Files.newOutputStream(target)) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          received += n;
          progress.received(received, total);
        }
      } catch (IOException e) {
        if (cancelled) {
          throw new IOException("cancelled", e);
        }
        throw new ContextException(
            "The download of the context from "
                + shown
                + " broke off after "
                + io.slipway.core.HumanUnits.bytes(received)
                + ": "
                + LocalContext.reason(e)
                + ". Build again.",
            e);
      }
      if (cancelled) {
        throw new IOException("cancelled");
      }
      if (total >= 0 && received != total) {
        throw new ContextException(
            "The download of the context from "
                + shown
                + " ended early ("
                + received
                + " of "
                + total
                + " bytes). Build again.");
      }
      return received;
    }
  }

  /** Stops a download in progress; {@link #to} then throws. Callable from any thread. */
  public void cancel() {
    cancelled = true;
    InputStream in = body.get();
    if (in != null) {
      try {
        in.close();
      } catch (IOException ignored) {
        // closing is all we can do
      }
    }
  }

  private static URI withoutUserInfo(URI uri) {
    if (uri.getRawUserInfo() == null) {
      return uri;
    }
    String s = uri.toString();
    return URI.create(s.replaceFirst("://[^/@]*@", "://"));
  }

  private static String decode(String userInfo) {
    return java.net.URLDecoder.decode(userInfo.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
