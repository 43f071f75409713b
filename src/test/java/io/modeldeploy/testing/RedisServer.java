package io.modeldeploy.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real Redis (Debian's redis-server, installed by `make tools`) on a free loopback port, without
 * persistence, for the tests that share counters through it; stopped and started again on demand
 * to show what the gateway does while it is away.
 */
public final class RedisServer implements AutoCloseable {

  private final int port;
  private final Path dir;
  private Process process;

  public RedisServer() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    dir = Files.createTempDirectory("redis");
    start();
  }

  public String url() { return "redis://127.0.0.1:" + port; }

  public int port() { return port; }

  public void start() throws IOException {
    process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
        "--appendonly", "no", "--dir", dir.toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis.log").toFile()).start();
    await().atMost(Duration.ofSeconds(10)).until(() -> "+PONG".equals(command("PING")));
  }

  /** Gone, counters and all (no persistence): as a Redis restarted without its data. */
  public void stop() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }

  /** An integer kept as a string (GET), 0 when the key does not exist. */
  public long getLong(String key) {
    String answer = command("GET " + key, 2);
    return answer == null || answer.startsWith("$-1") ? 0 : Long.parseLong(answer.substring(answer.indexOf('\n') + 1).trim());
  }

  /** One inline command, its first answer line; null when Redis does not answer. */
  public String command(String inline) { return command(inline, 1); }

  /** One inline command and the first lines of its answer, joined by \n; null when Redis does not answer. */
  private String command(String inline, int lines) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(2000);
      OutputStream out = socket.getOutputStream();
      out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder answer = new StringBuilder();
      int c;
      for (int line = 0; line < lines; line++) {
        if (line > 0) answer.append('\n');
        while ((c = in.read()) != -1 && c != '\r') answer.append((char) c);
        if (c == -1 || in.read() == -1 || answer.toString().startsWith("$-1")) break;
      }
      return answer.toString();
    } catch (IOException notUp) {
      return null;
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
