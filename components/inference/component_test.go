package inference

import (
	"strings"
	"testing"

	"github.com/mlkube/mlkube/internal/labels"
	"github.com/mlkube/mlkube/internal/mocktest"
	corev1pulumi "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
)

const (
	tDeployment = "kubernetes:apps/v1:Deployment"
	tHPA        = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler"
	tPDB        = "kubernetes:policy/v1:PodDisruptionBudget"
	tNetPol     = "kubernetes:networking.k8s.io/v1:NetworkPolicy"
	tService    = "kubernetes:core/v1:Service"
	tSA         = "kubernetes:core/v1:ServiceAccount"
	tIngress    = "kubernetes:networking.k8s.io/v1:Ingress"
	tConfigMap  = "kubernetes:core/v1:ConfigMap"
)

// gpuArgs is a GPU service with everything turned on.
func gpuArgs() *Args {
	a := validArgs()
	a.Name = "llama"
	a.GPUs = 2
	a.NodeSelector = map[string]string{"mlkube.io/pool": "gpu-a100"}
	a.Tolerations = []Toleration{{Key: "nvidia.com/gpu", Value: "present", Effect: "NoSchedule"}}
	a.Config = map[string]string{"MAX_BATCH": "16"}
	a.Env = map[string]string{"LOG_LEVEL": "info"}
	a.Model.Version = "v3"
	a.Probes = Probes{ReadinessPath: "/v2/health/ready", LivenessPath: "/v2/health/live", StartupSeconds: 1200}
	a.Autoscaling = &Autoscaling{
		Min: 3, Max: 10, CPUPercent: 60, MemoryPercent: 80,
		Metrics: []Metric{
			{Type: MetricPods, Name: "inference_queue_length", Target: "10"},
			{Type: MetricExternal, Name: "sqs_messages", Target: "30", Selector: map[string]string{"queue": "llama"}},
		},
	}
	a.Expose = Expose{Type: ExposeIngress, Host: "llama.internal.example.com", IngressClass: "nginx"}
	return &a
}

func run(t *testing.T, name string, args *Args) *mocktest.Recorder {
	t.Helper()
	rec, err := mocktest.Run(func(ctx *pulumi.Context, p pulumi.ProviderResource) error {
		_, err := NewInferenceService(ctx, name, args, pulumi.Provider(p))
		return err
	})
	require.NoError(t, err)
	mocktest.CheckAll(t, rec, TypeToken, name)
	return rec
}

func TestGPUServiceDeployment(t *testing.T) {
	rec := run(t, "team-a-llama", gpuArgs())
	d := mocktest.Decode[appsv1.Deployment](t, rec.One(t, tDeployment))

	assert.Equal(t, "llama", d.Name)
	assert.Equal(t, "team-a", d.Namespace)
	assert.Nil(t, d.Spec.Replicas, "the HPA owns replicas")
	assert.Equal(t, appsv1.RollingUpdateDeploymentStrategyType, d.Spec.Strategy.Type)
	assert.Equal(t, 1, d.Spec.Strategy.RollingUpdate.MaxSurge.IntValue())
	assert.Equal(t, 0, d.Spec.Strategy.RollingUpdate.MaxUnavailable.IntValue())
	assert.Equal(t, int32(1200+900), *d.Spec.ProgressDeadlineSeconds)
	assert.Equal(t, map[string]string{"app.kubernetes.io/name": "llama", "app.kubernetes.io/component": "inference"}, d.Spec.Selector.MatchLabels)

	pod := d.Spec.Template.Spec
	assert.Equal(t, "llama", pod.ServiceAccountName)
	assert.False(t, *pod.AutomountServiceAccountToken)
	assert.Equal(t, int64(60), *pod.TerminationGracePeriodSeconds)
	assert.Equal(t, map[string]string{"mlkube.io/pool": "gpu-a100"}, pod.NodeSelector)
	require.Len(t, pod.Tolerations, 1)
	assert.Equal(t, corev1.Toleration{Key: "nvidia.com/gpu", Operator: "Equal", Value: "present", Effect: "NoSchedule"}, pod.Tolerations[0])
	require.Len(t, pod.TopologySpreadConstraints, 2)
	assert.Equal(t, "topology.kubernetes.io/zone", pod.TopologySpreadConstraints[0].TopologyKey)
	assert.Equal(t, corev1.ScheduleAnyway, pod.TopologySpreadConstraints[0].WhenUnsatisfiable)
	assert.Equal(t, "kubernetes.io/hostname", pod.TopologySpreadConstraints[1].TopologyKey)
	assert.Equal(t, d.Spec.Selector.MatchLabels, pod.TopologySpreadConstraints[0].LabelSelector.MatchLabels)

	// Pod Security "restricted".
	psc := pod.SecurityContext
	assert.True(t, *psc.RunAsNonRoot)
	assert.Equal(t, int64(1000), *psc.RunAsUser)
	assert.Equal(t, int64(1000), *psc.FSGroup)
	assert.Equal(t, corev1.SeccompProfileTypeRuntimeDefault, psc.SeccompProfile.Type)
	require.Len(t, pod.InitContainers, 1)
	require.Len(t, pod.Containers, 1)
	for _, c := range append(pod.InitContainers, pod.Containers...) {
		sc := c.SecurityContext
		require.NotNil(t, sc, c.Name)
		assert.False(t, *sc.AllowPrivilegeEscalation, c.Name)
		assert.Equal(t, []corev1.Capability{"ALL"}, sc.Capabilities.Drop, c.Name)
		assert.True(t, *sc.ReadOnlyRootFilesystem, c.Name)
		assert.True(t, *sc.RunAsNonRoot, c.Name)
		assert.Equal(t, corev1.SeccompProfileTypeRuntimeDefault, sc.SeccompProfile.Type, c.Name)
		assert.Contains(t, mountPaths(c), "/tmp", c.Name)
	}

	srv := pod.Containers[0]
	gpu := corev1.ResourceName("nvidia.com/gpu")
	gpuReq, gpuLim := srv.Resources.Requests[gpu], srv.Resources.Limits[gpu]
	assert.Equal(t, "2", gpuReq.String())
	assert.Equal(t, "2", gpuLim.String())
	assert.True(t, srv.Resources.Requests[gpu].Equal(srv.Resources.Limits[gpu]), "GPU requests == limits")
	assert.Equal(t, "2", srv.Resources.Requests.Cpu().String())
	assert.Equal(t, "4", srv.Resources.Limits.Cpu().String())
	assert.Equal(t, "/v2/health/ready", srv.ReadinessProbe.HTTPGet.Path)
	assert.Equal(t, 8080, srv.ReadinessProbe.HTTPGet.Port.IntValue())
	assert.Equal(t, "/v2/health/live", srv.LivenessProbe.HTTPGet.Path)
	assert.Equal(t, "/v2/health/ready", srv.StartupProbe.HTTPGet.Path)
	assert.Equal(t, int32(120), srv.StartupProbe.FailureThreshold, "1200 s at 10 s per probe")
	assert.Equal(t, int64(10), srv.Lifecycle.PreStop.Sleep.Seconds)
	assert.Equal(t, []corev1.EnvVar{{Name: "MODEL_PATH", Value: "/models"}, {Name: "MODEL_VERSION", Value: "v3"}, {Name: "LOG_LEVEL", Value: "info"}}, srv.Env)
	require.Len(t, srv.EnvFrom, 1)
	assert.Equal(t, "llama-config", srv.EnvFrom[0].ConfigMapRef.Name)
	assert.Contains(t, mountPaths(srv), "/dev/shm")
	for _, m := range srv.VolumeMounts {
		if m.MountPath == "/models" {
			assert.True(t, m.ReadOnly, "model mounted read-only in the server")
		}
	}
	assert.Equal(t, configHash(map[string]string{"MAX_BATCH": "16"}), d.Spec.Template.Annotations[labels.ConfigHash])

	dl := pod.InitContainers[0]
	assert.Equal(t, []string{"rclone", "copy", "--fast-list", ":s3,provider=AWS,env_auth=true:models/llama", "/models"}, dl.Command)
	assert.Contains(t, mountPaths(dl), "/models")
	assert.Equal(t, DefaultDownloaderImage, dl.Image)
	var modelVol *corev1.Volume
	for i := range pod.Volumes {
		if pod.Volumes[i].Name == modelVolume {
			modelVol = &pod.Volumes[i]
		}
	}
	require.NotNil(t, modelVol)
	assert.NotNil(t, modelVol.EmptyDir, "downloaded model lives in an emptyDir")

	// The Deployment waits for the ServiceAccount and ConfigMap it names,
	// and its Pulumi timeouts cover the rollout deadline.
	reg := rec.One(t, tDeployment).RegisterRPC
	assert.True(t, hasDep(reg.GetDependencies(), "team-a-llama-serviceaccount"))
	assert.True(t, hasDep(reg.GetDependencies(), "team-a-llama-configmap"))
	assert.Equal(t, "2160s", reg.GetCustomTimeouts().GetCreate())
}

func TestGPUServiceAutoscalingAndPolicies(t *testing.T) {
	rec := run(t, "team-a-llama", gpuArgs())

	hpaReg := rec.One(t, tHPA)
	assert.True(t, hasDep(hpaReg.RegisterRPC.GetDependencies(), "team-a-llama-deployment"), "HPA depends on the Deployment")
	h := mocktest.Decode[autoscalingv2.HorizontalPodAutoscaler](t, hpaReg)
	assert.Equal(t, "Deployment", h.Spec.ScaleTargetRef.Kind)
	assert.Equal(t, "llama", h.Spec.ScaleTargetRef.Name)
	assert.Equal(t, int32(3), *h.Spec.MinReplicas)
	assert.Equal(t, int32(10), h.Spec.MaxReplicas)
	require.Len(t, h.Spec.Metrics, 4)
	assert.Equal(t, corev1.ResourceCPU, h.Spec.Metrics[0].Resource.Name)
	assert.Equal(t, int32(60), *h.Spec.Metrics[0].Resource.Target.AverageUtilization)
	assert.Equal(t, corev1.ResourceMemory, h.Spec.Metrics[1].Resource.Name)
	assert.Equal(t, int32(80), *h.Spec.Metrics[1].Resource.Target.AverageUtilization)
	assert.Equal(t, autoscalingv2.PodsMetricSourceType, h.Spec.Metrics[2].Type)
	assert.Equal(t, "inference_queue_length", h.Spec.Metrics[2].Pods.Metric.Name)
	assert.Equal(t, "10", h.Spec.Metrics[2].Pods.Target.AverageValue.String())
	assert.Equal(t, autoscalingv2.ExternalMetricSourceType, h.Spec.Metrics[3].Type)
	assert.Equal(t, "llama", h.Spec.Metrics[3].External.Metric.Selector.MatchLabels["queue"])
	up, down := h.Spec.Behavior.ScaleUp, h.Spec.Behavior.ScaleDown
	assert.Equal(t, int32(0), *up.StabilizationWindowSeconds)
	assert.Equal(t, int32(300), *down.StabilizationWindowSeconds)
	assert.Equal(t, autoscalingv2.HPAScalingPolicy{Type: autoscalingv2.PodsScalingPolicy, Value: 4, PeriodSeconds: 60}, up.Policies[0])
	assert.Equal(t, autoscalingv2.HPAScalingPolicy{Type: autoscalingv2.PercentScalingPolicy, Value: 10, PeriodSeconds: 60}, down.Policies[0])

	p := mocktest.Decode[policyv1.PodDisruptionBudget](t, rec.One(t, tPDB))
	assert.Nil(t, p.Spec.MinAvailable)
	assert.Equal(t, 1, p.Spec.MaxUnavailable.IntValue())
	assert.Equal(t, "llama", p.Spec.Selector.MatchLabels["app.kubernetes.io/name"])

	sa := mocktest.Decode[corev1.ServiceAccount](t, rec.One(t, tSA))
	assert.False(t, *sa.AutomountServiceAccountToken)

	svc := mocktest.Decode[corev1.Service](t, rec.One(t, tService))
	assert.Equal(t, corev1.ServiceTypeClusterIP, svc.Spec.Type)
	assert.Equal(t, int32(80), svc.Spec.Ports[0].Port)
	assert.Equal(t, "http", svc.Spec.Ports[0].TargetPort.String())

	ing := mocktest.Decode[networkingv1.Ingress](t, rec.One(t, tIngress))
	assert.Equal(t, "nginx", *ing.Spec.IngressClassName)
	assert.Equal(t, "llama.internal.example.com", ing.Spec.Rules[0].Host)
	assert.Equal(t, "llama", ing.Spec.Rules[0].HTTP.Paths[0].Backend.Service.Name)

	np := mocktest.Decode[networkingv1.NetworkPolicy](t, rec.One(t, tNetPol))
	assert.Equal(t, []networkingv1.PolicyType{networkingv1.PolicyTypeIngress}, np.Spec.PolicyTypes)
	require.Len(t, np.Spec.Ingress, 1)
	assert.Equal(t, 8080, np.Spec.Ingress[0].Ports[0].Port.IntValue())
	var namespaces []string
	for _, peer := range np.Spec.Ingress[0].From {
		if peer.NamespaceSelector != nil {
			namespaces = append(namespaces, peer.NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"])
		}
	}
	assert.Equal(t, []string{"monitoring", "ingress-nginx"}, namespaces)
	assert.NotNil(t, np.Spec.Ingress[0].From[0].PodSelector, "same namespace")

	cm := mocktest.Decode[corev1.ConfigMap](t, rec.One(t, tConfigMap))
	assert.Equal(t, map[string]string{"MAX_BATCH": "16"}, cm.Data)
}

func TestCPUServiceFromVolumeBehindInternalLB(t *testing.T) {
	a := validArgs()
	a.Replicas = 3
	a.Model = Model{Volume: "llama-weights", Path: "/mnt/model"}
	a.Expose = Expose{Type: ExposeInternalLoadBalancer, Annotations: map[string]string{"service.beta.kubernetes.io/aws-load-balancer-internal": "true"}, SourceCIDRs: []string{"10.0.0.0/8"}}
	rec := run(t, "llama", &a)

	d := mocktest.Decode[appsv1.Deployment](t, rec.One(t, tDeployment))
	assert.Equal(t, int32(3), *d.Spec.Replicas)
	pod := d.Spec.Template.Spec
	assert.Empty(t, pod.InitContainers)
	assert.Empty(t, pod.NodeSelector)
	srv := pod.Containers[0]
	_, hasGPU := srv.Resources.Limits["nvidia.com/gpu"]
	assert.False(t, hasGPU)
	assert.NotContains(t, mountPaths(srv), "/dev/shm")
	assert.Equal(t, "/mnt/model", srv.Env[0].Value)
	for _, v := range pod.Volumes {
		if v.Name == modelVolume {
			require.NotNil(t, v.PersistentVolumeClaim)
			assert.Equal(t, "llama-weights", v.PersistentVolumeClaim.ClaimName)
			assert.True(t, v.PersistentVolumeClaim.ReadOnly)
		}
	}

	assert.Empty(t, rec.ByType(tHPA))
	assert.Empty(t, rec.ByType(tIngress))
	p := mocktest.Decode[policyv1.PodDisruptionBudget](t, rec.One(t, tPDB))
	assert.Equal(t, 1, p.Spec.MaxUnavailable.IntValue())

	svc := mocktest.Decode[corev1.Service](t, rec.One(t, tService))
	assert.Equal(t, corev1.ServiceTypeLoadBalancer, svc.Spec.Type)
	assert.Equal(t, "true", svc.Annotations["service.beta.kubernetes.io/aws-load-balancer-internal"])
	assert.Equal(t, []string{"10.0.0.0/8"}, svc.Spec.LoadBalancerSourceRanges)

	np := mocktest.Decode[networkingv1.NetworkPolicy](t, rec.One(t, tNetPol))
	require.Len(t, np.Spec.Ingress, 2)
	assert.Equal(t, "10.0.0.0/8", np.Spec.Ingress[1].From[0].IPBlock.CIDR)
}

func TestInvalidArgsRegisterNothing(t *testing.T) {
	a := validArgs()
	a.Image = "server:latest"
	rec, err := mocktest.Run(func(ctx *pulumi.Context, p pulumi.ProviderResource) error {
		_, err := NewInferenceService(ctx, "llama", &a, pulumi.Provider(p))
		return err
	})
	require.ErrorContains(t, err, "Image: ")
	assert.Empty(t, rec.ByType(TypeToken))
	assert.Empty(t, rec.Kubernetes())
}

func mountPaths(c corev1.Container) []string {
	var out []string
	for _, m := range c.VolumeMounts {
		out = append(out, m.MountPath)
	}
	return out
}

func hasDep(urns []string, name string) bool {
	for _, u := range urns {
		if strings.HasSuffix(u, "::"+name) {
			return true
		}
	}
	return false
}

func TestScrapeAddsAPodMonitorAfterItsCRDOwner(t *testing.T) {
	rec, err := mocktest.Run(func(ctx *pulumi.Context, p pulumi.ProviderResource) error {
		// Stands in for the monitoring release that installs the CRD.
		owner, err := corev1pulumi.NewConfigMap(ctx, "crd-owner", &corev1pulumi.ConfigMapArgs{}, pulumi.Provider(p))
		if err != nil {
			return err
		}
		a := gpuArgs()
		a.Scrape = &Scrape{After: []pulumi.Resource{owner}}
		_, err = NewInferenceService(ctx, "llama", a, pulumi.Provider(p))
		return err
	})
	require.NoError(t, err)
	pm := rec.One(t, "kubernetes:monitoring.coreos.com/v1:PodMonitor")
	in := mocktest.Plain(pm)
	assert.Equal(t, "llama", mocktest.Get(t, in, "metadata", "name"))
	assert.Equal(t, "team-a", mocktest.Get(t, in, "metadata", "namespace"))
	endpoint := mocktest.Get(t, in, "spec", "podMetricsEndpoints", 0)
	assert.Equal(t, map[string]any{
		"port": httpPortName, "path": "/metrics", "interval": "15s",
		// Every series gets the service label the alerts group by, from
		// the pods' name label (the service's name).
		"relabelings": []any{map[string]any{
			"action":       "replace",
			"sourceLabels": []any{"__meta_kubernetes_pod_label_app_kubernetes_io_name"},
			"targetLabel":  "service",
		}},
	}, endpoint)
	// The PodMonitor selects exactly the Deployment's pods.
	dep := mocktest.Decode[appsv1.Deployment](t, rec.One(t, tDeployment))
	assert.Equal(t, "llama", dep.Spec.Template.Labels["app.kubernetes.io/name"], "the service label's source")
	sel := mocktest.Get(t, in, "spec", "selector", "matchLabels").(map[string]any)
	for k, v := range sel {
		assert.Equal(t, v, dep.Spec.Template.Labels[k], k)
	}
	assert.True(t, hasDep(mocktest.DependsOn(pm), "crd-owner"), "the PodMonitor waits for the release that installs its CRD")

	rec2 := run(t, "llama", gpuArgs())
	assert.Empty(t, rec2.ByType("kubernetes:monitoring.coreos.com/v1:PodMonitor"), "no Scrape, no PodMonitor")
}

// disruptionsAllowed is what the disruption controller computes for a
// budget over a controller with the given desired and healthy pods
// (k8s.io/kubernetes pkg/controller/disruption).
func disruptionsAllowed(p policyv1.PodDisruptionBudgetSpec, desired, healthy int) int {
	var want int
	switch {
	case p.MaxUnavailable != nil:
		want = desired - p.MaxUnavailable.IntValue()
	case p.MinAvailable != nil:
		want = p.MinAvailable.IntValue()
	}
	return max(healthy-want, 0)
}

// A one-replica service must still let a node drain evict its pod: a budget
// that allows no disruption makes every node-group upgrade fail.
func TestOneReplicaBudgetAllowsADrain(t *testing.T) {
	for _, tc := range []struct {
		name    string
		args    func(a *Args)
		running int
	}{
		{"one replica", func(a *Args) { a.Replicas = 1 }, 1},
		{"autoscaled from one, at its minimum", func(a *Args) { a.Autoscaling = &Autoscaling{Min: 1, Max: 4} }, 1},
		{"autoscaled from one, scaled up", func(a *Args) { a.Autoscaling = &Autoscaling{Min: 1, Max: 4} }, 4},
		{"three replicas", func(a *Args) { a.Replicas = 3 }, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := validArgs()
			tc.args(&a)
			rec := run(t, "svc", &a)
			p := mocktest.Decode[policyv1.PodDisruptionBudget](t, rec.One(t, tPDB))
			assert.Equal(t, 1, disruptionsAllowed(p.Spec, tc.running, tc.running), "a drain evicts one pod at a time, never none")
			if tc.running > 1 {
				assert.Equal(t, 0, disruptionsAllowed(p.Spec, tc.running, tc.running-1), "and waits while one is already down")
			}
		})
	}
}

// A server that loads one file says so with MODEL_PATH; the component then
// passes that file instead of the model directory, once.
func TestModelPathToAFile(t *testing.T) {
	a := validArgs()
	a.Env = map[string]string{"MODEL_PATH": "/models/model.joblib", "WORKERS": "2"}
	d := mocktest.Decode[appsv1.Deployment](t, run(t, "sk", &a).One(t, tDeployment))
	srv := d.Spec.Template.Spec.Containers[0]
	assert.Equal(t, []corev1.EnvVar{{Name: "MODEL_PATH", Value: "/models/model.joblib"}, {Name: "MODEL_VERSION"}, {Name: "WORKERS", Value: "2"}}, srv.Env)
	assert.Contains(t, mountPaths(srv), "/models")
}
