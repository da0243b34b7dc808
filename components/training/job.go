package training

import (
	batchv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/batch/v1"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Job shapes.
const (
	shapeSingle      = "single"
	shapeParallel    = "parallel"
	shapeDistributed = "distributed"
)

// shape says which kind of Job Args ask for.
func shape(a Args) string {
	switch {
	case a.Distributed != nil:
		return shapeDistributed
	case a.Completions > 1 || a.Parallelism > 1:
		return shapeParallel
	}
	return shapeSingle
}

// failureRule is one pod failure policy rule, kept plain for testing.
type failureRule struct {
	action    string // Ignore, FailJob, FailIndex
	exitCodes []int  // rule on the trainer's exit codes; nil: on disruption
}

// failureRules: disruptions (preemption, drain, spot reclaim) do not count
// as failures; NonRetriableExitCodes end the Job, or only the index for a
// parallel batch job. Pod failure policies need restartPolicy Never.
func failureRules(a Args) []failureRule {
	if a.RestartPolicy != RestartNever {
		return nil
	}
	rules := []failureRule{{action: "Ignore"}}
	if len(a.NonRetriableExitCodes) > 0 {
		action := "FailJob"
		if shape(a) == shapeParallel {
			action = "FailIndex"
		}
		rules = append(rules, failureRule{action: action, exitCodes: a.NonRetriableExitCodes})
	}
	return rules
}

func podFailurePolicy(rules []failureRule) *batchv1.PodFailurePolicyArgs {
	if len(rules) == 0 {
		return nil
	}
	var out batchv1.PodFailurePolicyRuleArray
	for _, r := range rules {
		rule := batchv1.PodFailurePolicyRuleArgs{Action: pulumi.String(r.action)}
		if r.exitCodes == nil {
			rule.OnPodConditions = batchv1.PodFailurePolicyOnPodConditionsPatternArray{
				batchv1.PodFailurePolicyOnPodConditionsPatternArgs{Type: pulumi.String("DisruptionTarget"), Status: pulumi.String("True")},
			}
		} else {
			rule.OnExitCodes = &batchv1.PodFailurePolicyOnExitCodesRequirementArgs{
				ContainerName: pulumi.String(trainerContainer),
				Operator:      pulumi.String("In"),
				Values:        pulumi.ToIntArray(r.exitCodes),
			}
		}
		out = append(out, rule)
	}
	return &batchv1.PodFailurePolicyArgs{Rules: out}
}

// jobSpec is the spec of the Job, or of each Job of the CronJob.
func jobSpec(a Args, template *corev1.PodTemplateSpecArgs) *batchv1.JobSpecArgs {
	spec := &batchv1.JobSpecArgs{
		ActiveDeadlineSeconds: pulumi.Int(a.ActiveDeadlineSeconds),
		BackoffLimit:          pulumi.Int(*a.BackoffLimit),
		PodFailurePolicy:      podFailurePolicy(failureRules(a)),
		Template:              template,
	}
	if a.TTLSecondsAfterFinished != nil {
		spec.TtlSecondsAfterFinished = pulumi.Int(*a.TTLSecondsAfterFinished)
	}
	switch shape(a) {
	case shapeDistributed:
		n := a.Distributed.Nodes
		spec.CompletionMode = pulumi.String("Indexed")
		spec.Completions = pulumi.Int(n)
		spec.Parallelism = pulumi.Int(n)
	case shapeParallel:
		spec.CompletionMode = pulumi.String("Indexed")
		spec.Completions = pulumi.Int(max(a.Completions, 1))
		if a.Parallelism > 0 {
			spec.Parallelism = pulumi.Int(a.Parallelism)
		}
		if a.RestartPolicy == RestartNever {
			// Retries are counted per index; the global limit is then
			// left to its default so one shard cannot fail them all.
			spec.BackoffLimitPerIndex = pulumi.Int(*a.BackoffLimit)
			spec.BackoffLimit = nil
		}
	}
	return spec
}
