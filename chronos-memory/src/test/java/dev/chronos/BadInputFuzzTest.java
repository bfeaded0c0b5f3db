package dev.chronos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chronos.internal.ChronosEngine;
import dev.chronos.memory.InMemoryJobStore;
import dev.chronos.testing.MutableClock;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Thousands of mutated request bodies and builder inputs, from a fixed seed: each one is either
 * accepted or refused with a {@link ChronosException} carrying a code (a validation error naming at
 * least one field); nothing else escapes, and a refused input stores nothing.
 *
 * <p>Bodies are mutated as text (characters deleted, inserted, duplicated; NUL, lone surrogates and
 * JSON punctuation among the inserts) and as trees (a random node replaced by a random value: wrong
 * types, huge numbers, NUL, blank and long strings, trees nested a few thousand levels, fields
 * removed or added). Every refused input is checked against the store's counts of jobs and
 * schedules for every account the input could name.
 *
 * <p>8,800 inputs take about 8 s of CPU on a 2-core machine (most of it the JIT warming up); no
 * time limit is asserted, since a loaded machine stretches the wall time.
 */
class BadInputFuzzTest {
  private static final long SEED = 20261201L;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final MutableClock clock = MutableClock.fixed(); // 2026-01-15T09:00:00Z
  private InMemoryJobStore store = new InMemoryJobStore();
  private ChronosEngine chronos = TestNodes.inline(TestNodes.builder(store, clock));
  private final Random random = new Random(SEED);

  /** Every account an input named, so that the counts cover wherever something could be stored. */
  private final Set<String> accounts = new LinkedHashSet<>(List.of(JobRequest.DEFAULT_ACCOUNT));

  /** The accounts the current input could have stored something under; the default always. */
  private final Set<String> touched = new LinkedHashSet<>();

  private final Map<String, Long> expectedJobs = new HashMap<>();
  private final Map<String, Long> expectedSchedules = new HashMap<>();

  private int accepted;
  private int refused;

  @AfterEach
  void close() {
    chronos.close();
  }

  // ---- seeds
  // --------------------------------------------------------------------------------------

  private static final List<String> JOB_SEEDS =
      List.of(
          "{\"name\": \"Send follow-up\", \"handler\": \"send-email\","
              + " \"delay\": {\"value\": 2, \"unit\": \"hour\"},"
              + " \"payload\": {\"userId\": \"usr_123\", \"tags\": [\"a\", \"b\"], \"n\": 1}}",
          "{\"name\": \"Expire trial\", \"handler\": \"expire-trial\","
              + " \"scheduled_for\": \"2027-02-15T00:00:00Z\", \"idempotency_key\": \"trial-1\","
              + " \"account\": \"acme\", \"timeout\": 60, \"max_retries\": 5}",
          "{\"name\": \"Notify\", \"delivery\": {\"type\": \"push\", \"http\": {\"url\":"
              + " \"https://example.com/hooks?token=abc\", \"method\": \"POST\", \"headers\":"
              + " {\"Authorization\": \"Bearer sk_live_1\"}}}, \"payload\": {\"order\": {\"id\": 7}}}");

  private static final List<String> SCHEDULE_SEEDS =
      List.of(
          "{\"name\": \"Digest\", \"handler\": \"send-digest\", \"cron\": \"0 9 * * MON-FRI\","
              + " \"timezone\": \"Europe/London\", \"payload\": {\"list\": \"weekly\"},"
              + " \"misfire_policy\": \"skip\", \"overlap_policy\": \"skip\"}",
          "{\"name\": \"Poll\", \"handler\": \"poll\", \"interval\": {\"value\": 15, \"unit\":"
              + " \"minute\"}, \"runs\": 3, \"stop_at\": \"2027-01-01T00:00:00Z\", \"account\":"
              + " \"acme\", \"description\": \"every quarter hour\"}",
          "{\"name\": \"Ping\", \"cron\": \"*/5 * * * *\", \"delivery\": {\"type\": \"push\","
              + " \"http\": {\"url\": \"https://example.com/ping\", \"method\": \"GET\"}},"
              + " \"timeout\": 10, \"max_retries\": 0}");

  private static final List<String> UPDATE_SEEDS =
      List.of(
          "{\"cron\": \"0 8 * * *\", \"timezone\": \"America/New_York\"}",
          "{\"interval\": {\"value\": 2, \"unit\": \"hour\"}, \"runs\": null, \"payload\":"
              + " {\"k\": [1, 2, {\"x\": null}]}}",
          "{\"name\": \"Renamed\", \"description\": null, \"timeout\": 45, \"max_retries\": 2,"
              + " \"delivery\": {\"type\": \"pull\"}, \"handler\": \"other\"}");

  // ---- the test
  // -----------------------------------------------------------------------------------

  @Test
  void every_mutated_input_is_accepted_or_refused_with_a_code_and_a_refusal_stores_nothing() {
    for (int i = 0; i < 2000; i++) {
      String body = mutateText(pick(JOB_SEEDS));
      attemptJob(body, () -> chronos.submit(JobRequest.fromJson(body)));
    }
    for (int i = 0; i < 1500; i++) {
      JsonNode tree = mutateTree(pick(JOB_SEEDS));
      attemptJob(tree, () -> chronos.submit(JobRequest.fromJson(tree)));
    }
    for (int i = 0; i < 1000; i++) {
      String body = mutateText(pick(SCHEDULE_SEEDS));
      attemptSchedule(body, () -> chronos.schedules().create(ScheduleRequest.fromJson(body)));
    }
    for (int i = 0; i < 1000; i++) {
      JsonNode tree = mutateTree(pick(SCHEDULE_SEEDS));
      attemptSchedule(tree, () -> chronos.schedules().create(ScheduleRequest.fromJson(tree)));
    }
    for (int i = 0; i < 1000; i++) {
      boolean asText = random.nextBoolean();
      String text = asText ? mutateText(pick(UPDATE_SEEDS)) : null;
      JsonNode tree = asText ? null : mutateTree(pick(UPDATE_SEEDS));
      attemptUpdate(
          asText ? text : tree,
          () -> asText ? ScheduleUpdate.fromJson(text) : ScheduleUpdate.fromJson(tree));
    }
    for (int i = 0; i < 1500; i++) {
      attemptJob("builder input #" + i, this::submitFromRandomBuilder);
    }
    for (int i = 0; i < 800; i++) {
      attemptSchedule("builder input #" + i, this::createFromRandomBuilder);
    }
    checkBatch();

    assertThat(accepted).as("some inputs are still valid after mutation").isGreaterThan(500);
    assertThat(refused).as("most mutations break something").isGreaterThan(4000);
  }

  // ---- one node per batch ---------------------------------------------------------------------

  /**
   * Every {@value #BATCH} inputs the counts are checked over every account named so far and a new
   * node on a new store takes over, so that counting stays cheap (the memory store's query sorts
   * what it lists) and every check stays exact.
   */
  private static final int BATCH = 250;

  private int inBatch;
  private Schedule target;

  private void nextInput() {
    if (++inBatch > BATCH) {
      checkBatch();
      chronos.close();
      store = new InMemoryJobStore();
      chronos = TestNodes.inline(TestNodes.builder(store, clock));
      accounts.clear();
      accounts.add(JobRequest.DEFAULT_ACCOUNT);
      expectedJobs.clear();
      expectedSchedules.clear();
      target = null;
      inBatch = 1;
    }
  }

  /** Everything stored on this node was accepted, in every account any input named. */
  private void checkBatch() {
    for (String account : accounts) {
      assertThat(jobCount(account))
          .as("jobs stored in %s", account)
          .isEqualTo(expectedJobs.getOrDefault(account, 0L));
      assertThat(scheduleCount(account))
          .as("schedules stored in %s", account)
          .isEqualTo(expectedSchedules.getOrDefault(account, 0L));
    }
  }

  private void attemptJob(Object input, Supplier<Job> submit) {
    nextInput();
    touched.clear();
    touched.add(JobRequest.DEFAULT_ACCOUNT);
    noteAccount(input);
    Object outcome = attempt(input, submit);
    if (outcome instanceof Job job) {
      note(job.account());
      expectedJobs.merge(job.account(), 1L, Long::sum);
    }
    for (String account : touched) {
      assertThat(jobCount(account))
          .as(
              () ->
                  (outcome instanceof Job ? "one job" : "nothing")
                      + " stored for "
                      + describe(input))
          .isEqualTo(expectedJobs.getOrDefault(account, 0L));
    }
  }

  private void attemptSchedule(Object input, Supplier<Schedule> create) {
    nextInput();
    touched.clear();
    touched.add(JobRequest.DEFAULT_ACCOUNT);
    noteAccount(input);
    Object outcome = attempt(input, create);
    if (outcome instanceof Schedule schedule) {
      note(schedule.account());
      expectedSchedules.merge(schedule.account(), 1L, Long::sum);
    }
    for (String account : touched) {
      assertThat(scheduleCount(account))
          .as(() -> "schedules stored after " + describe(input))
          .isEqualTo(expectedSchedules.getOrDefault(account, 0L));
      assertThat(jobCount(account)).isEqualTo(expectedJobs.getOrDefault(account, 0L));
    }
  }

  private void attemptUpdate(Object input, Supplier<ScheduleUpdate> parse) {
    nextInput();
    if (target == null) {
      target = chronos.schedules().create(ScheduleRequest.fromJson(SCHEDULE_SEEDS.get(0)));
      expectedSchedules.merge(target.account(), 1L, Long::sum);
    }
    UUID id = target.id();
    Schedule before = chronos.schedules().get(id).orElseThrow();
    Object outcome = attempt(input, () -> chronos.schedules().update(id, parse.get()));
    Schedule after = chronos.schedules().get(id).orElseThrow();
    if (outcome instanceof Schedule) {
      assertThat(after.version()).isGreaterThan(before.version());
    } else {
      assertThat(after).as(() -> "schedule unchanged by " + describe(input)).isEqualTo(before);
    }
    assertThat(jobCount(after.account())).isEqualTo(expectedJobs.getOrDefault(after.account(), 0L));
  }

  /** Runs one input: its result, or the ChronosException it was refused with. */
  private Object attempt(Object input, Supplier<?> action) {
    try {
      Object result = action.get();
      accepted++;
      return result;
    } catch (ChronosException e) {
      refused++;
      assertThat(e.code()).as(() -> "code of " + e).isNotNull().isNotBlank();
      if (e instanceof ValidationException v) {
        assertThat(v.errors()).isNotEmpty();
        assertThat(v.code()).isEqualTo("validation_error");
      }
      return e;
    } catch (Throwable t) {
      return fail("%s escaped for input %s", t, describe(input), t);
    }
  }

  // ---- counting
  // -----------------------------------------------------------------------------------

  private void noteAccount(Object input) {
    JsonNode tree = input instanceof JsonNode node ? node : parseOrNull(input);
    if (tree != null && tree.path("account").isTextual()) {
      note(tree.path("account").textValue());
    }
  }

  /** An account this input could have stored something under. */
  private void note(String account) {
    if (account != null && !account.isBlank()) {
      accounts.add(account);
      touched.add(account);
    }
  }

  private static JsonNode parseOrNull(Object input) {
    if (!(input instanceof String text)) {
      return null;
    }
    try {
      return MAPPER.readTree(text);
    } catch (Exception e) {
      return null;
    }
  }

  private long jobCount(String account) {
    return store.query(JobQuery.builder().account(account).size(1).build()).total();
  }

  private long scheduleCount(String account) {
    return store.querySchedules(ScheduleQuery.builder().account(account).size(1).build()).total();
  }

  private static String describe(Object input) {
    if (input instanceof JsonNode node) {
      try {
        return node.toString();
      } catch (RuntimeException e) {
        // Jackson refuses to print a tree over 1,000 levels deep; say what it is instead.
        return "a tree nested over 1,000 levels deep";
      }
    }
    String text = String.valueOf(input);
    return text.length() > 500 ? text.substring(0, 500) + "..." : text;
  }

  // ---- text mutations
  // -----------------------------------------------------------------------------

  private static final String INSERTS = "{}[]\":,\\ 0-9eE.+-ntfu\u0000\ud800\udc00\n\té€𝄞";

  private String mutateText(String seed) {
    StringBuilder text = new StringBuilder(seed);
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits && text.length() > 0; e++) {
      int at = random.nextInt(text.length());
      switch (random.nextInt(5)) {
        case 0 -> text.deleteCharAt(at);
        case 1 -> text.insert(at, INSERTS.charAt(random.nextInt(INSERTS.length())));
        case 2 -> {
          int end = Math.min(text.length(), at + 1 + random.nextInt(12));
          text.insert(at, text.substring(at, end));
        }
        case 3 -> text.setCharAt(at, INSERTS.charAt(random.nextInt(INSERTS.length())));
        default -> {
          int end = Math.min(text.length(), at + 1 + random.nextInt(20));
          text.delete(at, end);
        }
      }
    }
    return text.toString();
  }

  // ---- tree mutations
  // -----------------------------------------------------------------------------

  private JsonNode mutateTree(String seed) {
    JsonNode root;
    try {
      root = MAPPER.readTree(seed);
    } catch (Exception e) {
      throw new IllegalStateException("a seed must parse", e);
    }
    int edits = 1 + random.nextInt(2);
    for (int e = 0; e < edits; e++) {
      List<JsonNode> containers = new ArrayList<>();
      collectContainers(root, containers);
      JsonNode parent = containers.get(random.nextInt(containers.size()));
      if (parent instanceof ObjectNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        int choice = random.nextInt(10);
        if (choice == 0 || names.isEmpty()) {
          object.set(randomKey(), randomValue());
        } else if (choice == 1) {
          object.remove(names.get(random.nextInt(names.size())));
        } else {
          object.set(names.get(random.nextInt(names.size())), randomValue());
        }
      } else if (parent instanceof ArrayNode array) {
        if (array.isEmpty() || random.nextBoolean()) {
          array.add(randomValue());
        } else {
          array.set(random.nextInt(array.size()), randomValue());
        }
      }
    }
    return root;
  }

  /** The containers of the tree's first few levels (a mutation may have added a deep one). */
  private static void collectContainers(JsonNode root, List<JsonNode> into) {
    List<JsonNode> level = List.of(root);
    for (int depth = 0; depth < 6 && !level.isEmpty(); depth++) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode node : level) {
        if (node.isContainerNode()) {
          into.add(node);
          node.elements().forEachRemaining(next::add);
        }
      }
      level = next;
    }
  }

  private String randomKey() {
    return switch (random.nextInt(7)) {
      case 5 -> "handler";
      case 0 -> "schedule_for";
      case 1 -> "";
      case 2 -> "k\u0000";
      case 3 -> "x".repeat(300);
      case 4 -> "account";
      default -> "name";
    };
  }

  private JsonNode randomValue() {
    return switch (random.nextInt(24)) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(random.nextBoolean());
      case 2 -> NODES.numberNode(random.nextInt(2001) - 1000);
      case 3 -> NODES.numberNode(Long.MAX_VALUE);
      case 4 -> NODES.numberNode(new BigInteger("123456789012345678901234567890"));
      case 5 -> NODES.numberNode(1.5);
      case 6 -> NODES.numberNode(Double.NaN);
      case 7 -> NODES.textNode("");
      case 8 -> NODES.textNode("   ");
      case 9 -> NODES.textNode("x".repeat(300));
      case 10 -> NODES.textNode("nul\u0000inside");
      case 11 -> NODES.textNode("\ud800");
      case 12 -> NODES.textNode("line\nbreak");
      case 13 -> NODES.textNode("2027-02-15T00:00:00Z");
      case 14 -> NODES.textNode("+999999999-12-31T23:59:59Z");
      case 15 -> NODES.textNode("push");
      case 16 -> NODES.objectNode();
      case 17 -> NODES.arrayNode();
      case 18 -> NODES.objectNode().put("value", random.nextInt(10) - 2).put("unit", "hour");
      case 19 -> nestedObjects(PayloadDepths.pick(random));
      case 20 -> nestedArrays(PayloadDepths.pick(random));
      case 21 -> NODES.objectNode().put("type", "push").set("http", NODES.objectNode());
      case 22 -> NODES.objectNode().put("deep\u0000key", 1);
      default -> NODES.textNode("x".repeat(70_000));
    };
  }

  /** Depths around the limit and far past it. */
  private static final class PayloadDepths {
    static int pick(Random random) {
      int[] depths = {2, 63, 64, 65, 1000, 5000};
      return depths[random.nextInt(depths.length)];
    }
  }

  private static ObjectNode nestedObjects(int levels) {
    ObjectNode root = NODES.objectNode();
    ObjectNode current = root;
    for (int i = 1; i < levels; i++) {
      current = current.putObject("a");
    }
    current.put("leaf", "v");
    return root;
  }

  private static ArrayNode nestedArrays(int levels) {
    ArrayNode root = NODES.arrayNode();
    ArrayNode current = root;
    for (int i = 1; i < levels; i++) {
      current = current.addArray();
    }
    return root;
  }

  // ---- builder inputs
  // -----------------------------------------------------------------------------

  private static final String[] TEXTS = {
    null, "", "   ", "ok", "x".repeat(256), "a\u0000b", "\ud800", " padded ", "line\nbreak", "é"
  };

  private static final String[] URLS = {
    "https://example.com/hook?token=secret",
    "http://example.com/hook",
    "https://localhost/hook",
    "https://127.0.0.1/hook",
    "https://169.254.169.254/latest",
    "ftp://example.com/x",
    "not a url",
    "https://example.com/\u0000",
    "https://example.com/" + "p".repeat(3000),
    "https://user:pw@example.com/",
    "",
  };

  private static final String[] METHODS = {"POST", "get", "BREW", "", "DELETE"};

  /** A class Jackson finds no properties on. */
  static final class NoGetters {
    @SuppressWarnings("unused")
    private final int hidden = 1;
  }

  private String text() {
    return TEXTS[random.nextInt(TEXTS.length)];
  }

  private Object payload() {
    return switch (random.nextInt(12)) {
      case 0 -> null;
      case 1 -> Map.of("userId", "usr_1");
      case 2 -> Map.of();
      case 3 -> List.of(1, 2);
      case 4 -> "text";
      case 5 -> new NoGetters();
      case 6 -> {
        Map<String, Object> self = new HashMap<>();
        self.put("me", self);
        yield self;
      }
      case 7 -> {
        Map<String, Object> root = new HashMap<>();
        Map<String, Object> current = root;
        for (int i = 0; i < 3000; i++) {
          Map<String, Object> next = new HashMap<>();
          current.put("a", next);
          current = next;
        }
        yield root;
      }
      case 8 -> nestedObjects(PayloadDepths.pick(random));
      case 9 -> Map.of("k\u0000", "v");
      case 10 -> Map.of("big", "x".repeat(70_000));
      default -> Map.of("nested", Map.of("list", List.of("a", Map.of("b", "\u0000"))));
    };
  }

  private Delivery delivery() {
    if (random.nextInt(3) == 0) {
      return Delivery.pull();
    }
    Map<String, String> headers = new LinkedHashMap<>();
    switch (random.nextInt(6)) {
      case 0 -> headers.put("Authorization", "Bearer sk_live_1");
      case 1 -> headers.put("Host", "evil");
      case 2 -> headers.put("Bad Name", "v");
      case 3 -> headers.put("X-Value", "a\r\nInjected: 1");
      case 4 -> {
        for (int i = 0; i < 60; i++) {
          headers.put("X-" + i, "v");
        }
      }
      default -> headers.put("X-Nul", "\u0000");
    }
    return Delivery.push(
        URLS[random.nextInt(URLS.length)], METHODS[random.nextInt(METHODS.length)], headers);
  }

  private long anyLong() {
    long[] values = {-1, 0, 1, 30, 100, 101, 604_800, 604_801, Integer.MAX_VALUE, Long.MAX_VALUE};
    return values[random.nextInt(values.length)];
  }

  private Job submitFromRandomBuilder() {
    JobRequest.Builder b = JobRequest.builder().name(text()).handler(text());
    if (random.nextInt(3) == 0) {
      b.handler("h");
      b.name("n");
    }
    b.payload(payload());
    b.idempotencyKey(random.nextInt(4) == 0 ? text() : null);
    b.account(random.nextInt(4) == 0 ? text() : null);
    if (random.nextInt(3) == 0) {
      b.delivery(delivery());
    }
    if (random.nextBoolean()) {
      b.timeoutSeconds(anyLong());
    }
    if (random.nextBoolean()) {
      b.maxRetries((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, anyLong())));
    }
    switch (random.nextInt(5)) {
      case 0 -> b.delay(anyLong(), DelayUnit.values()[random.nextInt(DelayUnit.values().length)]);
      case 1 -> b.scheduledFor(clock.instant().minusSeconds(1));
      case 2 -> b.scheduledFor(Instant.MAX); // refused: more than 10 years ahead
      case 3 -> b.scheduledFor(clock.instant().plus(Duration.ofDays(1)));
      default -> {}
    }
    JobRequest request = b.build();
    note(request.account());
    return chronos.submit(request);
  }

  private Schedule createFromRandomBuilder() {
    ScheduleRequest.Builder b =
        ScheduleRequest.builder().name(text()).handler(text()).description(text());
    if (random.nextInt(3) == 0) {
      b.name("n").handler("h");
    }
    switch (random.nextInt(4)) {
      case 0 -> b.cron(text());
      case 1 -> b.cron("*/15 * * * *");
      case 2 ->
          b.interval(anyLong(), DelayUnit.values()[random.nextInt(DelayUnit.values().length)]);
      default -> {}
    }
    if (random.nextInt(4) == 0) {
      b.timezone(text());
    }
    b.payload(payload());
    if (random.nextInt(3) == 0) {
      b.delivery(delivery());
    }
    if (random.nextBoolean()) {
      b.timeoutSeconds(anyLong());
    }
    if (random.nextInt(4) == 0) {
      b.runs((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, anyLong())));
    }
    if (random.nextInt(4) == 0) {
      b.stopAt(random.nextBoolean() ? Instant.MAX : clock.instant().minusSeconds(5));
    }
    b.account(random.nextInt(4) == 0 ? text() : null);
    ScheduleRequest request = b.build();
    note(request.account());
    return chronos.schedules().create(request);
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }
}
