package training

import (
	"errors"
	"fmt"

	"github.com/mlkube/mlkube/components/internal/kube"
	mlkubelabels "github.com/mlkube/mlkube/internal/labels"
	batchv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/batch/v1"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TypeToken is the component's Pulumi type.
const TypeToken = "mlkube:workloads:TrainingJob"

// component is the app.kubernetes.io/component label value.
const component = "training"

// SkipAwaitAnnotation tells pulumi-kubernetes not to wait for the Job to
// complete: training runs for hours, `pulumi up` should not.
const SkipAwaitAnnotation = "pulumi.com/skipAwait"

// TrainingJob is a Job or CronJob, with a headless Service for distributed runs.
type TrainingJob struct {
	pulumi.ResourceState

	// JobName is the name of the Job or CronJob.
	JobName pulumi.StringOutput `pulumi:"jobName"`

	// Exactly one of Job and CronJob is set; Service only for Distributed.
	ServiceAccount *corev1.ServiceAccount
	Job            *batchv1.Job
	CronJob        *batchv1.CronJob
	Service        *corev1.Service
}

// Validate reports every problem of args, with its defaults applied, as
// NewTrainingJob would, without registering anything: a caller can refuse
// bad input before it creates the first resource of a stack.
func Validate(name string, args Args) error {
	_, _, err := defaulted(name, args)
	return err
}

// defaulted applies the defaults and validates; obj is the name of the
// Kubernetes objects (Args.Name, else name).
func defaulted(name string, in Args) (a Args, obj string, err error) {
	a = withDefaults(in)
	obj = a.Name
	if obj == "" {
		obj = name
	}
	return a, obj, validate(obj, a)
}

// NewTrainingJob validates args and registers the job. name is the
// component's logical name (unique in the stack) and, unless Args.Name is
// set, the name of every Kubernetes object.
func NewTrainingJob(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*TrainingJob, error) {
	if args == nil {
		return nil, errors.New(TypeToken + ": args are required")
	}
	a, obj, err := defaulted(name, *args)
	if err != nil {
		return nil, err
	}
	j := &TrainingJob{}
	if err := ctx.RegisterComponentResource(TypeToken, name, j, opts...); err != nil {
		return nil, err
	}
	if err := build(ctx, j, name, obj, a, kube.ChildOf(j, a.After)); err != nil {
		return nil, fmt.Errorf("%s %q: %w", TypeToken, name, err)
	}
	if err := ctx.RegisterResourceOutputs(j, pulumi.Map{"jobName": j.JobName}); err != nil {
		return nil, err
	}
	return j, nil
}

func build(ctx *pulumi.Context, j *TrainingJob, name, obj string, a Args, parent pulumi.ResourceOption) error {
	labels := kube.Labels(obj, component, a.Labels)
	var err error
	j.ServiceAccount, err = kube.NewServiceAccount(ctx, name, obj, a.Pod, labels, parent)
	if err != nil {
		return err
	}
	if len(a.Egress) > 0 {
		// The job's own allowances (its data bucket), to its pods only.
		if _, err := kube.NewEgressPolicy(ctx, name, obj, a.Pod, labels, kube.Selector(obj, component), parent); err != nil {
			return err
		}
	}
	refs := podRefs{serviceAccount: j.ServiceAccount.Metadata.Name().Elem()}
	if a.Distributed != nil {
		if j.Service, err = headlessService(ctx, name, obj, a, labels, parent); err != nil {
			return err
		}
		refs.subdomain = j.Service.Metadata.Name().Elem()
	}
	spec := jobSpec(a, podTemplate(obj, a, refs))

	if a.Schedule == "" {
		jobOpts := []pulumi.ResourceOption{parent, pulumi.DeleteBeforeReplace(true)}
		if a.Queue != "" {
			// Created suspended; Kueue unsuspends it on admission and
			// suspends it again when it evicts it. The provider diffs the
			// new inputs against the last state it read: after a refresh
			// that state says suspend: false, and without this an update
			// would suspend a running job (or start a waiting one when
			// suspend left the inputs). Kueue alone owns the field.
			spec.Suspend = pulumi.Bool(true)
			jobOpts = append(jobOpts, pulumi.IgnoreChanges([]string{"spec.suspend"}))
		}
		j.Job, err = batchv1.NewJob(ctx, name+"-job", &batchv1.JobArgs{
			Metadata: kube.Meta(obj, a.Namespace, queued(labels, a.Queue), kube.Merge(map[string]string{SkipAwaitAnnotation: "true"}, kube.NeedsEgress(a.NeedsEgress))),
			Spec:     spec,
		}, jobOpts...)
		if err != nil {
			return err
		}
		j.JobName = j.Job.Metadata.Name().Elem()
		return nil
	}
	cron := &batchv1.CronJobSpecArgs{
		Schedule:          pulumi.String(a.Schedule),
		ConcurrencyPolicy: pulumi.String(a.ConcurrencyPolicy),
		// Runs missed by more than this (controller down) are skipped
		// rather than started late in a burst.
		StartingDeadlineSeconds:    pulumi.Int(600),
		SuccessfulJobsHistoryLimit: pulumi.Int(3),
		FailedJobsHistoryLimit:     pulumi.Int(3),
		JobTemplate: &batchv1.JobTemplateSpecArgs{
			Metadata: &metav1.ObjectMetaArgs{Labels: pulumi.ToStringMap(queued(labels, a.Queue))},
			Spec:     spec,
		},
	}
	if a.TimeZone != "" {
		cron.TimeZone = pulumi.String(a.TimeZone)
	}
	j.CronJob, err = batchv1.NewCronJob(ctx, name+"-cronjob", &batchv1.CronJobArgs{
		Metadata: kube.Meta(obj, a.Namespace, labels, kube.NeedsEgress(a.NeedsEgress)),
		Spec:     cron,
	}, parent)
	if err != nil {
		return err
	}
	j.JobName = j.CronJob.Metadata.Name().Elem()
	return nil
}

// queued adds the queue label of a queued job to its labels.
func queued(labels map[string]string, queue string) map[string]string {
	if queue == "" {
		return labels
	}
	return kube.Merge(labels, map[string]string{mlkubelabels.KueueQueue: queue})
}

// headlessService gives each pod of a distributed job a stable DNS name
// (<job>-<index>.<service>); publishNotReadyAddresses makes the names
// resolve before the pods are ready, which rendezvous needs.
func headlessService(ctx *pulumi.Context, name, obj string, a Args, labels map[string]string, parent pulumi.ResourceOption) (*corev1.Service, error) {
	return corev1.NewService(ctx, name+"-service", &corev1.ServiceArgs{
		Metadata: kube.Meta(obj, a.Namespace, labels, nil),
		Spec: &corev1.ServiceSpecArgs{
			ClusterIP:                pulumi.String("None"),
			PublishNotReadyAddresses: pulumi.Bool(true),
			Selector:                 pulumi.ToStringMap(kube.Selector(obj, component)),
			Ports: corev1.ServicePortArray{corev1.ServicePortArgs{
				Name:       pulumi.String(rendezvousPort),
				Port:       pulumi.Int(a.Distributed.Port),
				TargetPort: pulumi.Int(a.Distributed.Port),
				Protocol:   pulumi.String("TCP"),
			}},
		},
	}, parent)
}
