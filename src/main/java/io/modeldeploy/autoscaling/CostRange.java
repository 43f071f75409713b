package io.modeldeploy.autoscaling;

import io.modeldeploy.api.Autoscaling;
import io.modeldeploy.api.ScalingSchedule;
import io.modeldeploy.catalog.Offer;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What an autoscaling policy can cost per hour at any time: the lowest and highest replica counts it
 * allows, schedules included, the highest capped by maxCostPerHour. For a pull request that raises
 * maxReplicas, the worst hour.
 */
public record CostRange(int minReplicas, int maxReplicas, BigDecimal hourlyMin, BigDecimal hourlyMax) {

  public static Optional<CostRange> of(Autoscaling policy, Offer offer) {
    if (policy == null || !(offer instanceof Offer.ModelUnitOffer units) || units.spec().hourly() == null) return Optional.empty();
    BigDecimal perReplica = units.spec().hourly();
    List<Bounds> all = Stream.concat(Stream.of(Optional.<ScalingSchedule>empty()), policy.scheduleList().stream().map(Optional::of))
        .map(schedule -> Bounds.of(policy, schedule, perReplica)).toList();
    int min = all.stream().mapToInt(Bounds::min).min().orElseThrow();
    int max = all.stream().mapToInt(Bounds::max).max().orElseThrow();
    return Optional.of(new CostRange(min, max, perReplica.multiply(BigDecimal.valueOf(min)), perReplica.multiply(BigDecimal.valueOf(max))));
  }
}
