package io.modeldeploy.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.modeldeploy.api.Autoscaling;
import io.modeldeploy.api.ScalingBehavior;
import io.modeldeploy.api.ScalingMetric;
import io.modeldeploy.api.ScalingMetricType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The decision, by tables and by simulated series (one sample every 15 s, replicas following each decision). */
class AutoscalerTest {

  static final Instant T0 = Instant.parse("2026-11-30T02:00:00Z");
  static final Duration INTERVAL = Duration.ofSeconds(15);
  /** qwen3-8b MU5 x 1, the example. */
  static final BigDecimal MU5 = new BigDecimal("21");

  static Autoscaling policy(int min, int max, String ceiling, ScalingMetric... metrics) {
    Autoscaling p = new Autoscaling();
    p.setMinReplicas(min);
    p.setMaxReplicas(max);
    p.setMaxCostPerHour(ceiling);
    p.setMetrics(List.of(metrics));
    ScalingBehavior b = new ScalingBehavior();
    b.setScaleUpStabilizationSeconds(30);
    b.setScaleDownStabilizationSeconds(120);
    b.setScaleDownDelaySeconds(180);
    b.setMaxStep(2);
    p.setBehavior(b);
    return p;
  }

  static MetricSample queue(Instant at, int replicas, double waiting) {
    return new MetricSample(at, replicas, Map.of(ScalingMetricType.QueueLength, waiting));
  }

  static Autoscaler.Decision decide(Autoscaling policy, List<MetricSample> samples, int replicas, Optional<Instant> lastUp, Instant now) {
    return Autoscaler.decide(new Autoscaler.Input(policy, Bounds.of(policy, Optional.empty(), MU5), samples, replicas, lastUp, now,
        INTERVAL.multipliedBy(3)));
  }

  @ParameterizedTest(name = "{0}={1} target {2} at {3} replicas -> {4}")
  @CsvSource({
      // metric, observed, target, replicas, recommended
      "QueueLength,     12, 5,  1, 3",
      "QueueLength,     10, 5,  1, 2",
      "QueueLength,      0, 5,  3, 0",
      "InFlight,        33, 8,  2, 5",
      "KVCacheUsage,    90, 60, 2, 3",
      "KVCacheUsage,    30, 60, 4, 2",
      "TokensPerMinute, 120, 80, 2, 3",
      "TokensPerMinute, 5,  80, 0, 1",
  })
  void oneSampleRecommends(ScalingMetricType type, double observed, int target, int replicas, int expected) {
    assertThat(Autoscaler.recommend(new ScalingMetric(type, target), new MetricSample(T0, replicas, Map.of(type, observed))))
        .isEqualTo(expected);
  }

  @Test
  void theHighestMetricWins() {
    MetricSample s = new MetricSample(T0, 2, Map.of(ScalingMetricType.QueueLength, 2.0, ScalingMetricType.InFlight, 40.0));
    assertThat(Autoscaler.recommend(List.of(new ScalingMetric(ScalingMetricType.QueueLength, 5),
        new ScalingMetric(ScalingMetricType.InFlight, 10)), s)).isEqualTo(4);
  }

  /** Runs the autoscaler over a series of queue lengths, one every 15 s, replicas following each decision. */
  static List<Integer> simulate(Autoscaling policy, double[] queue, int start) {
    List<MetricSample> samples = new ArrayList<>();
    List<Integer> replicas = new ArrayList<>();
    int current = start;
    Optional<Instant> lastUp = Optional.empty();
    for (int i = 0; i < queue.length; i++) {
      Instant now = T0.plus(INTERVAL.multipliedBy(i));
      samples.add(queue(now, current, queue[i]));
      Autoscaler.Decision d = decide(policy, samples, current, lastUp, now);
      if (d.replicas() > current) lastUp = Optional.of(now);
      current = d.replicas();
      replicas.add(current);
    }
    return replicas;
  }

  @Test
  void aNoisySeriesDoesNotFlap() {
    // Around 2 replicas' worth (target 5 per replica): single spikes to 3 replicas' worth and dips to 1.
    double[] noisy = new double[80];
    for (int i = 0; i < noisy.length; i++) noisy[i] = i % 4 == 1 ? 14 : i % 4 == 3 ? 4 : 9;
    List<Integer> replicas = simulate(policy(1, 6, null, new ScalingMetric(ScalingMetricType.QueueLength, 5)), noisy, 2);
    assertThat(replicas).as("stays at 2 replicas").containsOnly(2);
  }

  @Test
  void aStepInLoadIsFollowedWithinTheScaleUpWindowAndLeftAfterTheDelay() {
    double[] step = new double[60];
    for (int i = 0; i < step.length; i++) step[i] = i >= 4 && i < 20 ? 30 : 2;
    List<Integer> replicas = simulate(policy(1, 8, null, new ScalingMetric(ScalingMetricType.QueueLength, 5)), step, 1);
    // Load rises at sample 4; the 30 s window holds samples 4..6 by sample 6: 1 -> 3 -> 5 -> 6, two at a time.
    assertThat(replicas.subList(0, 6)).containsOnly(1);
    assertThat(replicas.get(6)).isEqualTo(3);
    assertThat(replicas.get(7)).isEqualTo(5);
    assertThat(replicas.get(8)).isEqualTo(6);
    // Load falls at sample 20; the last scale-up was at 8: the 180 s delay ends at 20, the 120 s window at 28.
    assertThat(replicas.subList(8, 28)).containsOnly(6);
    assertThat(replicas.get(28)).isEqualTo(4);
    assertThat(replicas.get(replicas.size() - 1)).isEqualTo(1);
  }

  @Test
  void missingMetricsHoldAndNeverScaleDown() {
    Autoscaling p = policy(1, 6, null, new ScalingMetric(ScalingMetricType.QueueLength, 5), new ScalingMetric(ScalingMetricType.InFlight, 10));
    List<MetricSample> samples = new ArrayList<>();
    for (int i = 0; i <= 20; i++) samples.add(queue(T0.plus(INTERVAL.multipliedBy(i)), 4, 0));
    Autoscaler.Decision d = decide(p, samples, 4, Optional.empty(), T0.plus(INTERVAL.multipliedBy(20)));
    assertThat(d.replicas()).isEqualTo(4);
    assertThat(d.missing()).containsExactly(ScalingMetricType.InFlight);
    assertThat(d.message()).contains("holding: no recent value of [InFlight]");
  }

  @Test
  void samplesThatStoppedComingCountAsMissing() {
    Autoscaling p = policy(1, 6, null, new ScalingMetric(ScalingMetricType.QueueLength, 5));
    List<MetricSample> old = List.of(queue(T0, 4, 0));
    Autoscaler.Decision d = decide(p, old, 4, Optional.empty(), T0.plus(Duration.ofMinutes(10)));
    assertThat(d.replicas()).isEqualTo(4);
    assertThat(d.missing()).containsExactly(ScalingMetricType.QueueLength);
  }

  @Test
  void theCostCeilingCapsAndSaysSo() {
    // The example: MU5 x 1 at 21.00/h, min 1, max 4, maxCostPerHour 60 -> at most 2 replicas.
    Autoscaling p = policy(1, 4, "60", new ScalingMetric(ScalingMetricType.QueueLength, 5));
    Autoscaler.Decision d = decide(p, List.of(queue(T0, 2, 20)), 2, Optional.empty(), T0);
    assertThat(d.replicas()).isEqualTo(2);
    assertThat(d.wanted()).isEqualTo(4);
    assertThat(d.limitedBy()).contains(Bounds.COST_CEILING);
    assertThat(d.limitMessage()).isEqualTo("the load asks for 4 replicas; the maximum in force is 2"
        + " (maxCostPerHour 60 pays for 2 replica(s) at 21.00/h each (42.00/h))");
  }

  @Test
  void boundsApplyAtOnceWhateverTheStep() {
    Autoscaling p = policy(1, 8, null, new ScalingMetric(ScalingMetricType.QueueLength, 5));
    Bounds business = Bounds.of(p, Optional.of(SchedulesTest.window("business", null, null, "09:00", "18:00", 6, null)), MU5);
    Autoscaler.Decision up = Autoscaler.decide(new Autoscaler.Input(p, business, List.of(), 1, Optional.empty(), T0, INTERVAL));
    assertThat(up.replicas()).isEqualTo(6);
    assertThat(up.reason()).isEqualTo(Bounds.SCHEDULE);
    Bounds night = Bounds.of(p, Optional.of(SchedulesTest.window("night", null, null, "22:00", "06:00", null, 1)), MU5);
    Autoscaler.Decision down = Autoscaler.decide(new Autoscaler.Input(p, night, List.of(queue(T0, 6, 30)), 6, Optional.empty(), T0, INTERVAL));
    assertThat(down.replicas()).isEqualTo(1);
    assertThat(down.message()).contains("the maximum in force is 1 (schedule night)");
  }

  @Test
  void aBoundThatStopsTheLoadShortLeavesTheLoadAsTheReason() {
    Autoscaling p = policy(1, 4, "60", new ScalingMetric(ScalingMetricType.QueueLength, 5));
    Autoscaler.Decision up = decide(p, List.of(queue(T0, 1, 40)), 1, Optional.empty(), T0);
    assertThat(up.replicas()).isEqualTo(2);
    assertThat(up.reason()).isEqualTo(Autoscaler.METRIC_ABOVE_TARGET);
    assertThat(up.message()).isEqualTo("QueueLength 40 (target 5 per replica) asks for 8; the maximum in force is 2"
        + " (maxCostPerHour 60 pays for 2 replica(s) at 21.00/h each (42.00/h))");
  }

  @Test
  void withoutMetricsReplicasFollowTheMinimumInForce() {
    Autoscaling p = policy(1, 8, null);
    Bounds business = Bounds.of(p, Optional.of(SchedulesTest.window("business", null, null, "09:00", "18:00", 3, null)), MU5);
    assertThat(Autoscaler.decide(new Autoscaler.Input(p, business, List.of(), 1, Optional.empty(), T0, INTERVAL)).replicas()).isEqualTo(3);
    Autoscaler.Decision after = Autoscaler.decide(new Autoscaler.Input(p, Bounds.of(p, Optional.empty(), MU5), List.of(), 3,
        Optional.empty(), T0, INTERVAL));
    assertThat(after.replicas()).isEqualTo(1);
    assertThat(after.reason()).isEqualTo(Bounds.MIN_REPLICAS);
  }

  @Test
  void aCallHeldByTheGatewayWakesADeploymentAtZeroWhichStaysForTheDelay() {
    Autoscaling p = policy(0, 4, null);
    MetricSample held = new MetricSample(T0, 0, Map.of(), 1);
    Autoscaler.Decision wake = decide(p, List.of(held), 0, Optional.empty(), T0);
    assertThat(wake.replicas()).isEqualTo(1);
    assertThat(wake.reason()).isEqualTo(Autoscaler.SCALE_FROM_ZERO);
    assertThat(wake.message()).isEqualTo("1 call(s) held by the gateway for a replica");
    // Answered and idle again: kept for the scale-down delay (180 s here), then back to zero.
    MetricSample idle = new MetricSample(T0.plusSeconds(60), 1, Map.of());
    assertThat(decide(p, List.of(held, idle), 1, Optional.of(T0), T0.plusSeconds(60)).replicas()).isEqualTo(1);
    assertThat(decide(p, List.of(held, idle), 1, Optional.of(T0), T0.plusSeconds(181)).replicas()).isZero();
  }

  @Test
  void scaleFromZeroOnTheFirstWaitingRequest() {
    Autoscaling p = policy(0, 4, null, new ScalingMetric(ScalingMetricType.InFlight, 10));
    MetricSample waiting = new MetricSample(T0, 0, Map.of(ScalingMetricType.InFlight, 1.0));
    Autoscaler.Decision d = decide(p, List.of(waiting), 0, Optional.empty(), T0);
    assertThat(d.replicas()).isEqualTo(1);
    assertThat(d.reason()).isEqualTo(Autoscaler.SCALE_FROM_ZERO);
  }

  @Test
  void aStatusReadBeforeOurOwnLastDecisionCameBackIsKnownAsOlder() {
    io.modeldeploy.api.ScalingDecision older = new io.modeldeploy.api.ScalingDecision("2026-11-30T02:00:00Z", 1, 0, "MinReplicas", "m");
    io.modeldeploy.api.ScalingDecision own = new io.modeldeploy.api.ScalingDecision("2026-11-30T02:05:00Z", 0, 1, "ScaleFromZero", "w");
    io.modeldeploy.api.ScalingDecision another = new io.modeldeploy.api.ScalingDecision("2026-11-30T02:06:00Z", 1, 2, "MetricAboveTarget", "x");
    io.modeldeploy.api.AutoscalingStatus read = new io.modeldeploy.api.AutoscalingStatus();
    read.setDecisions(List.of(older));
    assertThat(ScalingStatus.shows(read, own)).as("read before our writes came back").isFalse();
    assertThat(ScalingStatus.shows(null, own)).isFalse();
    read.setDecisions(List.of(own, older));
    assertThat(ScalingStatus.shows(read, own)).isTrue();
    read.setDecisions(List.of(another, own));
    assertThat(ScalingStatus.shows(read, own)).as("a newer leader's decision").isTrue();
    assertThat(ScalingStatus.shows(read, null)).isTrue();
    assertThat(ScalingStatus.lastScaleUp(ScalingStatus.decisions(read))).contains(Instant.parse("2026-11-30T02:06:00Z"));
  }

  @ParameterizedTest(name = "min {0} max {1} ceiling {2}: {3}..{4} replicas, {5}..{6}/h")
  @CsvSource(nullValues = "-", value = {
      "1, 4, 60, 1, 2, 21, 42",   // the example
      "1, 4, -,  1, 4, 21, 84",
      "0, 3, 100, 0, 3, 0, 63",
  })
  void costRange(int min, int max, String ceiling, int lo, int hi, String hourlyMin, String hourlyMax) {
    CostRange r = CostRange.of(policy(min, max, ceiling), new io.modeldeploy.catalog.Offer.ModelUnitOffer(null,
        new io.modeldeploy.catalog.CatalogFile.ModelUnitSpec("MU5", 1, null, MU5, null))).orElseThrow();
    assertThat(r.minReplicas()).isEqualTo(lo);
    assertThat(r.maxReplicas()).isEqualTo(hi);
    assertThat(r.hourlyMin()).isEqualByComparingTo(hourlyMin);
    assertThat(r.hourlyMax()).isEqualByComparingTo(hourlyMax);
  }

  @Test
  void costRangeCountsEverySchedule() {
    Autoscaling p = policy(2, 4, null);
    p.setSchedules(List.of(SchedulesTest.window("peak", null, null, "09:00", "12:00", 6, 8),
        SchedulesTest.window("night", null, null, "00:00", "06:00", 0, 1)));
    CostRange r = CostRange.of(p, new io.modeldeploy.catalog.Offer.ModelUnitOffer(null,
        new io.modeldeploy.catalog.CatalogFile.ModelUnitSpec("MU5", 1, null, MU5, null))).orElseThrow();
    assertThat(r.minReplicas()).isZero();
    assertThat(r.maxReplicas()).isEqualTo(8);
    assertThat(r.hourlyMax()).isEqualByComparingTo("168");
  }
}
