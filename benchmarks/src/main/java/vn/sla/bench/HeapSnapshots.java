package vn.sla.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * V8 heap snapshots of a page in Chromium, and what grew between two of them.
 *
 * <p>Selenium's {@code executeCdpCommand} returns only a command's result, but a heap snapshot
 * arrives as a stream of {@code HeapProfiler.addHeapSnapshotChunk} events, so this talks to the
 * page's DevTools websocket directly (Chromium accepts several DevTools clients at once). The
 * summary groups the snapshot's nodes by type and constructor name, as the "Summary" view of
 * DevTools does, by count and by shallow size; comparing two shows which kind of object piles up.
 */
final class HeapSnapshots {
  private HeapSnapshots() {}

  /** Writes a heap snapshot of the driver's current page to {@code file} (garbage is collected first). */
  static void take(ChromeDriver driver, Path file) throws Exception {
    @SuppressWarnings("unchecked")
    Map<String, Object> chrome = (Map<String, Object>) driver.getCapabilities().getCapability("goog:chromeOptions");
    String address = String.valueOf(chrome.get("debuggerAddress"));
    HttpClient http = HttpClient.newHttpClient();
    JsonArray targets = new JsonArray(http.send(HttpRequest.newBuilder(URI.create("http://" + address + "/json")).build(),
        HttpResponse.BodyHandlers.ofString()).body());
    String url = null;
    for (Object o : targets) {
      JsonObject t = (JsonObject) o;
      if ("page".equals(t.getString("type"))) {
        url = t.getString("webSocketDebuggerUrl");
        break;
      }
    }
    if (url == null) throw new IllegalStateException("no page target at " + address + ": " + targets.encode());
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      StringBuilder message = new StringBuilder();
      WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(url), new WebSocket.Listener() {
        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
          message.append(data);
          if (last) {
            JsonObject m = new JsonObject(message.toString());
            message.setLength(0);
            try {
              if ("HeapProfiler.addHeapSnapshotChunk".equals(m.getString("method"))) out.write(m.getJsonObject("params").getString("chunk"));
              else if (Integer.valueOf(3).equals(m.getInteger("id"))) done.complete(null);
              else if (m.containsKey("error")) done.completeExceptionally(new IllegalStateException(m.encode()));
            } catch (IOException e) {
              done.completeExceptionally(e);
            }
          }
          socket.request(1);
          return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
          done.completeExceptionally(error);
        }
      }).get(10, TimeUnit.SECONDS);
      ws.sendText("{\"id\":1,\"method\":\"HeapProfiler.enable\"}", true).get();
      ws.sendText("{\"id\":2,\"method\":\"HeapProfiler.collectGarbage\"}", true).get();
      ws.sendText("{\"id\":3,\"method\":\"HeapProfiler.takeHeapSnapshot\",\"params\":{\"reportProgress\":false}}", true).get();
      done.get(5, TimeUnit.MINUTES);
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
    }
  }

  /** Count and shallow bytes per "type name" (e.g. "object Array", "closure render", "string"). */
  static Map<String, long[]> summary(Path file) throws IOException {
    List<String> nodeFields = new ArrayList<>();
    List<String> nodeTypes = new ArrayList<>();
    int[] nodes = null;
    List<String> strings = new ArrayList<>();
    JsonObject meta = null;
    try (InputStream in = Files.newInputStream(file); JsonParser p = new JsonFactory().createParser(in)) {
      p.nextToken(); // {
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        switch (name) {
          case "snapshot" -> {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String field = p.currentName();
              p.nextToken();
              if (field.equals("meta")) meta = new JsonObject(rawObject(p));
              else p.skipChildren();
            }
          }
          case "nodes" -> nodes = ints(p);
          case "strings" -> {
            while (p.nextToken() != JsonToken.END_ARRAY) strings.add(p.getText());
          }
          default -> p.skipChildren();
        }
      }
    }
    if (meta == null) throw new IOException("no snapshot.meta in " + file);
    for (Object f : meta.getJsonArray("node_fields")) nodeFields.add((String) f);
    for (Object t : meta.getJsonArray("node_types").getJsonArray(0)) nodeTypes.add((String) t);
    int width = nodeFields.size();
    int typeAt = nodeFields.indexOf("type");
    int nameAt = nodeFields.indexOf("name");
    int sizeAt = nodeFields.indexOf("self_size");
    Map<String, long[]> out = new HashMap<>();
    for (int i = 0; nodes != null && i + width <= nodes.length; i += width) {
      String type = nodeTypes.get(nodes[i + typeAt]);
      String name = type.equals("string") || type.equals("concatenated string") || type.equals("sliced string") || type.equals("number")
          ? "" : strings.get(nodes[i + nameAt]);
      name = name.replaceAll(" @[0-9]+$", ""); // scopes are named by object id, which differs between snapshots
      if (name.length() > 60) name = name.substring(0, 60) + "…";
      long[] v = out.computeIfAbsent(type + " " + name, k -> new long[2]);
      v[0]++;
      v[1] += nodes[i + sizeAt];
    }
    return out;
  }

  /** The (small) value the parser is at, as a Vert.x object. */
  private static String rawObject(JsonParser p) throws IOException {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
      g.copyCurrentStructure(p);
    }
    return w.toString();
  }

  private static int[] ints(JsonParser p) throws IOException {
    int[] a = new int[1 << 16];
    int n = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (n == a.length) a = java.util.Arrays.copyOf(a, a.length * 2);
      a[n++] = p.getIntValue();
    }
    return java.util.Arrays.copyOf(a, n);
  }

  /** The {@code top} kinds of object whose shallow size grew most from {@code before} to {@code after}. */
  static String diff(Map<String, long[]> before, Map<String, long[]> after, int top) {
    Map<String, long[]> delta = new HashMap<>();
    for (var e : after.entrySet()) {
      long[] b = before.getOrDefault(e.getKey(), new long[2]);
      delta.put(e.getKey(), new long[] {e.getValue()[0] - b[0], e.getValue()[1] - b[1]});
    }
    for (var e : before.entrySet()) delta.putIfAbsent(e.getKey(), new long[] {-e.getValue()[0], -e.getValue()[1]});
    long totalBefore = before.values().stream().mapToLong(v -> v[1]).sum();
    long totalAfter = after.values().stream().mapToLong(v -> v[1]).sum();
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "heap snapshots: %,d -> %,d bytes (%+,d)%n", totalBefore, totalAfter,
        totalAfter - totalBefore));
    delta.entrySet().stream()
        .sorted((x, y) -> Long.compare(Math.abs(y.getValue()[1]), Math.abs(x.getValue()[1])))
        .limit(top)
        .forEach(e -> b.append(String.format(Locale.ROOT, "  %+,10d bytes %+,8d objects  %s%n", e.getValue()[1], e.getValue()[0], e.getKey())));
    return b.toString();
  }

  /** {@code HeapSnapshots before.heapsnapshot after.heapsnapshot}: prints what grew. */
  public static void main(String[] args) throws IOException {
    Map<String, long[]> before = summary(Path.of(args[0]));
    Map<String, long[]> after = summary(Path.of(args[1]));
    if (args.length > 3) { // only the kinds whose name contains this
      before.keySet().removeIf(k -> !k.contains(args[3]));
      after.keySet().removeIf(k -> !k.contains(args[3]));
    }
    System.out.print(diff(before, after, args.length > 2 ? Integer.parseInt(args[2]) : 30));
  }
}
