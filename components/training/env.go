package training

import (
	"strconv"

	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Downward API paths of the Job controller's pod metadata.
const (
	completionIndexPath = "metadata.annotations['batch.kubernetes.io/job-completion-index']"
	jobNamePath         = "metadata.labels['batch.kubernetes.io/job-name']"
)

// masterAddr is the DNS name of the index-0 pod of an Indexed Job whose
// pods have subdomain svc: <job>-0.<svc>.<ns>.svc (resolved through the
// pod's search path, whatever the cluster domain).
func masterAddr(job, svc, namespace string) string {
	return job + "-0." + svc + "." + namespace + ".svc"
}

func field(name, path string) corev1.EnvVarArgs {
	return corev1.EnvVarArgs{Name: pulumi.String(name), ValueFrom: &corev1.EnvVarSourceArgs{
		FieldRef: &corev1.ObjectFieldSelectorArgs{FieldPath: pulumi.String(path)},
	}}
}

func plain(name, value string) corev1.EnvVarArgs {
	return corev1.EnvVarArgs{Name: pulumi.String(name), Value: pulumi.String(value)}
}

// ddpEnvVars are the torchrun / DDP rendezvous variables. A CronJob's Job
// names are generated, so there MASTER_ADDR expands $(JOB_NAME), which is
// listed first so that the expansion sees it.
func ddpEnvVars(name, namespace string, a Args) corev1.EnvVarArray {
	d := a.Distributed
	job := name
	var out corev1.EnvVarArray
	if a.Schedule != "" {
		out = append(out, field("JOB_NAME", jobNamePath))
		job = "$(JOB_NAME)"
	}
	nodes := strconv.Itoa(d.Nodes)
	nproc := a.GPUs
	if nproc < 1 {
		nproc = 1
	}
	return append(out,
		field("RANK", completionIndexPath),
		field("NODE_RANK", completionIndexPath),
		plain("WORLD_SIZE", nodes),
		plain("NNODES", nodes),
		plain("NPROC_PER_NODE", strconv.Itoa(nproc)),
		plain("MASTER_ADDR", masterAddr(job, name, namespace)),
		plain("MASTER_PORT", strconv.Itoa(d.Port)),
	)
}

// envVars are the trainer's own variables: rendezvous, data and
// checkpoint paths (kube.MainContainer adds Env and SecretEnv after them).
func envVars(name string, a Args) corev1.EnvVarArray {
	var out corev1.EnvVarArray
	if a.Distributed != nil {
		out = append(out, ddpEnvVars(name, a.Namespace, a)...)
	}
	if hasData(a) {
		out = append(out, plain("DATA_DIR", a.DataPath))
	}
	if a.CheckpointVolume != "" {
		out = append(out, plain("CHECKPOINT_DIR", a.CheckpointPath))
	}
	return out
}
