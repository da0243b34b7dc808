package inference

import (
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Probe timings. The startup probe runs every startupPeriod seconds until
// the model is loaded; liveness and readiness only start after it passed.
const (
	startupPeriod   = 10
	readinessPeriod = 5
	livenessPeriod  = 10
)

// startupFailureThreshold is how many startup probes may fail before the
// container is restarted: enough to cover a budget of seconds.
func startupFailureThreshold(seconds, period int) int {
	if period <= 0 {
		period = 1
	}
	n := (seconds + period - 1) / period
	if n < 1 {
		n = 1
	}
	return n
}

// rolloutSeconds bounds a rollout: the model load budget plus the
// allowance for node scale-up, image pull and download.
func rolloutSeconds(a Args) int {
	return a.Probes.StartupSeconds + a.RolloutAllowanceSeconds
}

func httpProbe(path string, port, period, failures, timeout int) *corev1.ProbeArgs {
	return &corev1.ProbeArgs{
		HttpGet:          &corev1.HTTPGetActionArgs{Path: pulumi.String(path), Port: pulumi.Int(port)},
		PeriodSeconds:    pulumi.Int(period),
		FailureThreshold: pulumi.Int(failures),
		TimeoutSeconds:   pulumi.Int(timeout),
	}
}

// probes returns the readiness, liveness and startup probes. The startup
// probe asks the readiness path, so liveness checks begin only once the
// model is loaded, however long that takes within StartupSeconds.
func probes(a Args) (readiness, liveness, startup *corev1.ProbeArgs) {
	p := a.Probes
	readiness = httpProbe(p.ReadinessPath, p.Port, readinessPeriod, 3, 2)
	liveness = httpProbe(p.LivenessPath, p.Port, livenessPeriod, 3, 5)
	startup = httpProbe(p.ReadinessPath, p.Port, startupPeriod, startupFailureThreshold(p.StartupSeconds, startupPeriod), 5)
	return readiness, liveness, startup
}
