// Command stages prints kwok's default node and pod stages (the ones kwokctl installs), so that the
// kwok binary can run on its own with --config: nodes become Ready, scheduled pods Running and Ready,
// deleted pods go away.
package main

import (
	"fmt"

	nodefast "sigs.k8s.io/kwok/kustomize/stage/node/fast"
	nodeheartbeat "sigs.k8s.io/kwok/kustomize/stage/node/heartbeat"
	podfast "sigs.k8s.io/kwok/kustomize/stage/pod/fast"
)

func main() {
	for _, stage := range []string{nodefast.DefaultNodeInit, nodeheartbeat.DefaultNodeHeartbeat,
		podfast.DefaultPodReady, podfast.DefaultPodComplete, podfast.DefaultPodDelete} {
		fmt.Println("---")
		fmt.Println(stage)
	}
}
