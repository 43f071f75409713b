package io.modeldeploy.provider.modelstudio;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.modeldeploy.api.ModelDeployment;
import io.modeldeploy.provider.DesiredDeployment;
import io.modeldeploy.provider.modelstudio.RemoteDeployment.PtuCapacity;
import io.modeldeploy.testing.Specs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What is asked of the vendor for a spec, and when nothing is: pure, from the API pages' shapes. */
class RemoteRequestsTest {

  static ModelDeployment md(String spec, long generation) {
    ModelDeployment md = new ModelDeployment();
    md.setMetadata(new ObjectMetaBuilder().withName("chat").withNamespace("team").withUid("6f1c0b8e-uid")
        .withGeneration(generation).build());
    md.setSpec(Specs.spec(spec));
    return md;
  }

  static final String PTU = "{model: deepseek-v3.2, provider: ModelStudio, billing: {method: ProvisionedThroughput%s},"
      + " provisionedThroughput: {inputTPM: 100000, outputTPM: 10000}}";

  @Test
  void payAsYouGoThroughputIsCreatedPostPaidInKtpm() {
    ModelDeployment md = md(PTU.formatted(""), 1);
    CreateRequest create = RemoteRequests.create(md, "prod", DesiredDeployment.of(md), RemoteRequests.suffix(md, RemoteRequests.Creation.FIRST));
    assertThat(create.plan()).isEqualTo("ptu");
    assertThat(create.chargeType()).isEqualTo("post_paid");
    assertThat(create.prePaidInfo()).isNull();
    assertThat(create.ptuCapacity()).isEqualTo(new PtuCapacity(100L, 10L, null));
    assertThat(create.capacity()).isNull();
  }

  @Test
  void aThroughputSubscriptionIsBoughtThroughTheApi() {
    ModelDeployment md = md(PTU.formatted(", plan: Subscription, subscription: {periods: 30, autoRenew: true}"), 1);
    CreateRequest create = RemoteRequests.create(md, "prod", DesiredDeployment.of(md), RemoteRequests.suffix(md, RemoteRequests.Creation.FIRST));
    assertThat(create.chargeType()).isEqualTo("pre_paid");
    assertThat(create.prePaidInfo()).isEqualTo(new RemoteDeployment.PrePaidInfo(30, true, 30));
  }

  @Test
  void pdSeparatedTemplatesTakePrefillAndDecodeCapacities() {
    ModelDeployment md = md("{model: glm-5, provider: ModelStudio, billing: {method: ModelUnit},"
        + " modelUnit: {type: MU3, count: 16, mode: PDSeparated}, replicas: 2}", 1);
    DesiredDeployment desired = DesiredDeployment.of(md);
    CreateRequest create = RemoteRequests.create(md, "prod", desired, RemoteRequests.suffix(md, RemoteRequests.Creation.FIRST));
    assertThat(create.deploySpec()).isEqualTo("MU3-PD");
    assertThat(create.capacity()).isNull();
    assertThat(create.prefillCapacity()).isEqualTo(16);
    assertThat(create.decodeCapacity()).isEqualTo(16);

    RemoteDeployment runningOne = remote("RUNNING", null, 8, 8, null);
    assertThat(RemoteRequests.scale(md, desired, runningOne)).isEqualTo(Map.of("prefill_capacity", 16, "decode_capacity", 16));
    assertThat(RemoteRequests.scale(md, desired, remote("RUNNING", null, 16, 16, null))).isNull();
  }

  /** Both documented units and shapes of a PTU answer read as the spec: nothing is sent again. */
  @ParameterizedTest(name = "{0}/{1}/{2}")
  @CsvSource(textBlock = """
      100,    10,    true
      100000, 10000, true
      100,    ,      false
      200,    20,    false
      100000, 1000,  false
      """)
  void aThroughputAnswerInEitherUnitIsNotADifference(Long input, Long output, boolean matches) {
    ModelDeployment md = md(PTU.formatted(""), 1);
    RemoteDeployment remote = remote("RUNNING", null, null, null, new PtuCapacity(input, output, null));
    assertThat(RemoteRequests.ptuMatches(md.getSpec().getProvisionedThroughput(), remote.ptuCapacity())).isEqualTo(matches);
    Map<String, Object> scale = RemoteRequests.scale(md, DesiredDeployment.of(md), remote);
    if (matches) assertThat(scale).isNull();
    else assertThat(scale).containsEntry("ptu_capacity", new PtuCapacity(100L, 10L, null));
  }

  @Test
  void missingFieldsAreNotADifference() {
    ModelDeployment ptu = md(PTU.formatted(""), 1);
    assertThat(RemoteRequests.scale(ptu, DesiredDeployment.of(ptu), remote("RUNNING", null, null, null, null))).isNull();
    ModelDeployment mu = md("{model: qwen3-8b, provider: ModelStudio, billing: {method: ModelUnit}, modelUnit: {type: MU1, count: 2}}", 1);
    assertThat(RemoteRequests.scale(mu, DesiredDeployment.of(mu), remote("RUNNING", null, null, null, null))).isNull();
    assertThat(RemoteRequests.throttling(ptu, DesiredDeployment.of(ptu), remote("RUNNING", null, null, null, null))).isNull();
  }

  @Test
  void throughputThatIsNotWholeKtpmIsRefusedWithTheNearestSteps() {
    ModelDeployment md = md("{model: deepseek-v3.2, provider: ModelStudio, billing: {method: ProvisionedThroughput},"
        + " provisionedThroughput: {inputTPM: 12500, outputTPM: 500}}", 1);
    assertThat(RemoteRequests.kTpmErrors(md.getSpec().getProvisionedThroughput())).satisfiesExactly(
        e -> {
          assertThat(e.field()).isEqualTo("spec.provisionedThroughput.inputTPM");
          assertThat(e.reason()).isEqualTo("NotWholeKTPM");
          assertThat(e.message()).contains("12500 is not a whole number of kTPM; use 12000 or 13000");
        },
        e -> assertThat(e.message()).contains("500 is not a whole number of kTPM; use 1000"));
  }

  @Test
  void aDeploymentOf1000UnitsOrMoreIsRefusedWithTheMostReplicasThatFit() {
    ModelDeployment fits = md("{model: qwen3-8b, provider: ModelStudio, billing: {method: ModelUnit}, modelUnit: {type: MU1, count: 2}, replicas: 499}", 1);
    assertThat(RemoteRequests.capacityErrors(DesiredDeployment.of(fits))).isEmpty();
    ModelDeployment tooMany = md("{model: qwen3-8b, provider: ModelStudio, billing: {method: ModelUnit}, modelUnit: {type: MU1, count: 2}, replicas: 500}", 1);
    assertThat(RemoteRequests.capacityErrors(DesiredDeployment.of(tooMany))).singleElement().satisfies(e -> {
      assertThat(e.field()).isEqualTo("spec.replicas");
      assertThat(e.reason()).isEqualTo("CapacityOutOfRange");
      assertThat(e.message()).contains("500 replicas x 2 units = 1000; at most 499 replicas of MU1 x 2");
    });
  }

  @Test
  void raisingPeriodsRenewsByTheDaysAdded() {
    ModelDeployment md = md(PTU.formatted(", plan: Subscription, subscription: {periods: 5}"), 2);
    assertThat(RemoteRequests.renewal(md.getSpec(), 3)).isEqualTo(Map.of("pre_paid_info", new RemoteDeployment.PrePaidInfo(2, false, null)));
    assertThat(RemoteRequests.renewal(md.getSpec(), 5)).isNull();
    assertThat(RemoteRequests.renewal(md.getSpec(), 7)).as("lowering refunds nothing and buys nothing").isNull();
    assertThat(RemoteRequests.renewal(md.getSpec(), null)).as("nothing ordered yet").isNull();
  }

  @Test
  void aRetryCarriesTheSameRequestIdAndAnotherWriteAnother() {
    ModelDeployment md = md(PTU.formatted(""), 3);
    Map<String, Object> body = Map.of("ptu_capacity", new PtuCapacity(100L, 10L, null));
    String id = RemoteRequests.requestId(md, "scale", body);
    assertThat(RemoteRequests.requestId(md(PTU.formatted(""), 3), "scale", Map.of("ptu_capacity", new PtuCapacity(100L, 10L, null))))
        .isEqualTo(id);
    assertThat(RemoteRequests.requestId(md, "scale", Map.of("ptu_capacity", new PtuCapacity(200L, 10L, null)))).isNotEqualTo(id);
    assertThat(RemoteRequests.requestId(md(PTU.formatted(""), 4), "scale", body)).as("another generation").isNotEqualTo(id);
    assertThat(RemoteRequests.requestId(md, "renew", body)).isNotEqualTo(id);
  }

  @Test
  void aDeploymentMadeAgainGetsAnotherSuffixAndEveryOneOfOursIsRecognised() throws Exception {
    ModelDeployment first = md(PTU.formatted(""), 1);
    ModelDeployment edited = md(PTU.formatted(""), 5);
    String original = RemoteRequests.suffix(first, RemoteRequests.Creation.FIRST);
    assertThat(original).matches("[a-z]{8}");
    // The first create's suffix is the UID's alone, as earlier versions made it: an edit while its
    // answer is outstanding does not give the retry another (which would make a second deployment).
    assertThat(original).isEqualTo(legacySuffix("6f1c0b8e-uid"));
    assertThat(RemoteRequests.suffix(edited, RemoteRequests.Creation.FIRST)).isEqualTo(original);
    String recreated = RemoteRequests.suffix(edited, RemoteRequests.Creation.RECREATED);
    String resumed = RemoteRequests.suffix(edited, RemoteRequests.Creation.AGAIN);
    assertThat(List.of(original, recreated, resumed)).doesNotHaveDuplicates();
    assertThat(RemoteRequests.suffix(md(PTU.formatted(""), 6), RemoteRequests.Creation.AGAIN)).isNotEqualTo(resumed);
    for (String ours : List.of(original, recreated, resumed, RemoteRequests.suffix(first, RemoteRequests.Creation.AGAIN)))
      assertThat(RemoteRequests.hasOurSuffix(edited, "deepseek-v3.2-" + ours)).as(ours).isTrue();
    assertThat(RemoteRequests.hasOurSuffix(first, "deepseek-v3.2-" + resumed)).as("a later generation's").isFalse();
    ModelDeployment another = md(PTU.formatted(""), 5);
    another.getMetadata().setUid("another-uid");
    assertThat(RemoteRequests.hasOurSuffix(another, "deepseek-v3.2-" + original)).isFalse();
  }

  /**
   * Two clusters sharing a workspace: a deployment is adopted only with this cluster's name, the
   * resource's namespace/name and one of its suffixes; the same resource name in another cluster
   * (whose UID, and so suffix, could even collide) is never taken over.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      # case                                  | name                  | suffix of       | ours
      this cluster, this resource            | team/chat@prod         | 6f1c0b8e-uid    | true
      another cluster, same name and suffix  | team/chat@staging      | 6f1c0b8e-uid    | false
      this cluster, another resource's suffix| team/chat@prod         | another-uid     | false
      no cluster in the name (someone else's)| team/chat             | 6f1c0b8e-uid    | false
      """)
  void onlyThisClustersDeploymentOfThisResourceIsOurs(String description, String name, String suffixOf, boolean ours) {
    ModelDeployment md = md(PTU.formatted(""), 1);
    ModelDeployment owner = md(PTU.formatted(""), 1);
    owner.getMetadata().setUid(suffixOf);
    String id = "deepseek-v3.2-" + RemoteRequests.suffix(owner, RemoteRequests.Creation.FIRST);
    RemoteDeployment remote = new RemoteDeployment(id, name, "deepseek-v3.2", "RUNNING", "ptu", null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    assertThat(RemoteRequests.displayName(md, "prod")).isEqualTo("team/chat@prod");
    assertThat(RemoteRequests.ours(md, "prod", remote)).as(description).isEqualTo(ours);
  }

  /** The overflow strategy is sent only when the vendor reports another one; lower case, as documented. */
  @ParameterizedTest(name = "{0} with the vendor at {1}")
  @CsvSource(nullValues = "none", textBlock = """
      PayAsYouGo, enable,  none
      PayAsYouGo, disable, enable
      Reject,     enable,  disable
      Reject,     DISABLE, none
      none,       disable, enable
      Reject,     none,    none
      """)
  void theOverflowStrategyFollowsTheSpec(String overflow, String vendor, String sent) {
    ModelDeployment md = md(PTU.formatted(""), 1);
    if (overflow != null) md.getSpec().getProvisionedThroughput().setOverflow(io.modeldeploy.api.Overflow.valueOf(overflow));
    RemoteDeployment remote = new RemoteDeployment("m-x", "team/chat", "m", "RUNNING", "ptu", null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, vendor, null, null, null, null);
    Map<String, Object> body = RemoteRequests.overflowStrategy(md, remote);
    if (sent == null) assertThat(body).isNull();
    else assertThat(body).containsExactly(Map.entry("overflow_strategy", sent));
  }

  /** The suffix as earlier versions wrote it, computed here independently of the code under test. */
  static String legacySuffix(String uid) throws Exception {
    byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(uid.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    StringBuilder letters = new StringBuilder();
    for (int i = 0; i < 8; i++) letters.append((char) ('a' + (hash[i] & 0xff) % 26));
    return letters.toString();
  }

  static RemoteDeployment remote(String status, Integer capacity, Integer prefill, Integer decode, PtuCapacity ptu) {
    return new RemoteDeployment("m-x", "team/chat", "m", status, null, prefill == null ? null : 16, capacity, null, prefill, decode,
        null, null, null, null, null, ptu, null, null, null, null, null, null, null, null);
  }
}
