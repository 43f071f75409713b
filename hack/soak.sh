#!/usr/bin/env bash
# Runs the tests that wait on time or on other processes SOAK_N times (default 20): the operator tests
# named in SOAK_TESTS, the end-to-end suite on the real control plane (SOAK_E2E) and the image's smoke
# test (SOAK_IMAGE=yes, the default; each run builds the image twice), and prints
#   soak: runs=<n> failures=<n>
# followed by the failing tests of each failed run. A test that fails one run in ten is a broken test.
set -uo pipefail
cd "$(dirname "$0")/.."
N=${SOAK_N:-20}
TESTS=${SOAK_TESTS-FaultInjectionTest,OperatorRestartTest,HighAvailabilityTest,BudgetTest,PrepaidTermTest,VendorPrepaidTermTest,ModelDeploymentReconcilerTest,ModelStudioProviderTest,CapacityPacksTest,InvalidCorpusOperatorTest,GatewayTest,SharedLimitsTest,ModelStudioSimulatorTest}
# The end-to-end suite on the real control plane (failsafe); SOAK_E2E= skips it.
E2E=${SOAK_E2E-*E2EIT}
IMAGE=${SOAK_IMAGE-yes}
MVN=${MVN:-mvn -B -ntp}
OUT=target/soak
rm -rf "$OUT" && mkdir -p "$OUT"
# Packaged once: the end-to-end suite runs the packaged operator.
$MVN -q package -DskipTests >"$OUT/compile.log" 2>&1 || { cat "$OUT/compile.log"; exit 1; }
[ -z "$E2E" ] || make -s tools >>"$OUT/compile.log" 2>&1
if [ "$IMAGE" = yes ]; then make -s tools image-tools >>"$OUT/compile.log" 2>&1 || { tail -20 "$OUT/compile.log"; exit 1; }; fi
failures=0
failed_tests=()
for i in $(seq 1 "$N"); do
  reports="$OUT/run-$i"
  if { [ -z "$TESTS" ] || $MVN -o surefire:test -Dtest="$TESTS" -Dsurefire.reportsDirectory="$PWD/$reports" >"$reports.log" 2>&1; } &&
     { [ -z "$E2E" ] || $MVN -o failsafe:integration-test failsafe:verify -Dit.test="$E2E" \
         -Dfailsafe.reportsDirectory="$PWD/$reports" >>"$reports.log" 2>&1; } &&
     { [ "$IMAGE" != yes ] || hack/image-smoke.sh >>"$reports.log" 2>&1; }; then
    echo "soak: run $i passed"
  else
    failures=$((failures + 1))
    names=$(grep -l -E "<(failure|error)" "$reports"/TEST-*.xml 2>/dev/null | xargs -r grep -h -B1 -E "<(failure|error)" \
      | sed -n 's/.*<testcase name="\([^"]*\)" classname="\([^"]*\)".*/\2.\1/p' | sort -u | tr '\n' ' ')
    failed_tests+=("run $i: ${names:-see $reports.log}")
    echo "soak: run $i FAILED: ${names:-see $reports.log}"
  fi
done
echo "soak: runs=$N failures=$failures"
for f in "${failed_tests[@]}"; do echo "  $f"; done
[ "$failures" -eq 0 ]
