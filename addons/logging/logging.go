// Package logging installs EFK: the ECK operator with an Elasticsearch
// cluster and Kibana as its custom resources, Fluent Bit on every node
// shipping container logs with Kubernetes metadata, and index retention
// through an ILM policy.
//
// Retention: Fluent Bit writes daily indices (mlkube-logs-YYYY.MM.DD,
// mlkube-node-YYYY.MM.DD). A Job (image: the pinned Elasticsearch image,
// for its curl) puts the ILM policy "mlkube-logs" that deletes an index
// retentionDays after its creation, and an index template that attaches
// it to those indices. ECK has no ILM field in the Elasticsearch resource
// (its StackConfigPolicy needs an Enterprise license), and Fluent Bit has
// no retention setting. A change of retentionDays replaces the Job, which
// puts the new policy; existing indices follow it.
package logging

import (
	"errors"
	"github.com/mlkube/mlkube/internal/helmrelease"

	"github.com/mlkube/mlkube/addons/internal/kit"
	"github.com/mlkube/mlkube/addons/versions"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	batchv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/batch/v1"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	helmv3 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v3"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TypeToken is the component's Pulumi type.
const TypeToken = "mlkube:addons:Logging"

// Namespace of the logging stack.
const Namespace = "logging"

// NamespaceSpec is privileged for Fluent Bit.
var NamespaceSpec = kit.Namespace{
	Name:   Namespace,
	Addon:  "logging",
	Level:  kit.Privileged,
	Reason: "Fluent Bit reads container logs from hostPath /var/log on every node",
}

// Release timeouts.
const (
	ECKTimeoutSeconds       = 600
	FluentBitTimeoutSeconds = 600
)

// RetentionJob puts the ILM policy.
const RetentionJob = "logs-retention"

// Args configure logging.
type Args struct {
	// Cluster is the cluster (required).
	Cluster *cluster.Cluster
	// Config is addons.logging.
	Config config.Logging
	// StorageClass of Elasticsearch's volumes; "" uses the cluster default.
	StorageClass string
	// StorageReady are the StorageClass resources the volumes need; the
	// Elasticsearch resource waits for them.
	StorageReady []pulumi.Resource
}

// Logging is the installed stack.
type Logging struct {
	pulumi.ResourceState

	Namespace *corev1.Namespace
	// Operator installs the Elasticsearch and Kibana CRDs.
	Operator      *helmv3.Release
	Elasticsearch *apiextensions.CustomResource
	Kibana        *apiextensions.CustomResource
	Retention     *batchv1.Job
	// FluentBit is nil when addons.logging.fluentBit.enabled is false.
	FluentBit *helmv3.Release
}

// New installs the logging stack. Order: the operator release, then
// Elasticsearch and Kibana (their CRDs come with it); Fluent Bit and the
// retention Job after Elasticsearch, whose secrets (elastic password, CA)
// they mount.
func New(ctx *pulumi.Context, name string, args *Args, opts ...pulumi.ResourceOption) (*Logging, error) {
	if args == nil || args.Cluster == nil {
		return nil, errors.New(TypeToken + ": args.Cluster is required")
	}
	cl := args.Cluster
	c := &Logging{}
	child, namespace, err := kit.Begin(ctx, TypeToken, name, c, cl.Provider, NamespaceSpec, opts...)
	if err != nil {
		return nil, err
	}
	c.Namespace = namespace
	ns := c.Namespace.Metadata.Name()
	labels := pulumi.StringMap{kit.AddonLabel: pulumi.String("logging")}

	c.Operator, err = kit.NewRelease(ctx, kit.Release{
		Chart:          versions.ECKOperator.With(args.Config.Version),
		Namespace:      c.Namespace,
		Values:         kit.Merge(ECKOperatorValues(), args.Config.Values),
		TimeoutSeconds: ECKTimeoutSeconds,
		DependsOn:      cl.NodesReady,
	}, child...)
	if err != nil {
		return nil, err
	}
	afterOperator := append(append([]pulumi.ResourceOption{}, child...), pulumi.DependsOn([]pulumi.Resource{c.Operator}))

	c.Elasticsearch, err = apiextensions.NewCustomResource(ctx, ClusterName, &apiextensions.CustomResourceArgs{
		ApiVersion:  pulumi.String("elasticsearch.k8s.elastic.co/v1"),
		Kind:        pulumi.String("Elasticsearch"),
		Metadata:    &metav1.ObjectMetaArgs{Name: pulumi.String(ClusterName), Namespace: ns, Labels: labels},
		OtherFields: kubernetes.UntypedArgs{"spec": ElasticsearchSpec(args.Config, args.StorageClass)},
	}, append(append([]pulumi.ResourceOption{}, child...), pulumi.DependsOn(append([]pulumi.Resource{c.Operator}, args.StorageReady...)))...)
	if err != nil {
		return nil, err
	}
	c.Kibana, err = apiextensions.NewCustomResource(ctx, ClusterName+"-kibana", &apiextensions.CustomResourceArgs{
		ApiVersion:  pulumi.String("kibana.k8s.elastic.co/v1"),
		Kind:        pulumi.String("Kibana"),
		Metadata:    &metav1.ObjectMetaArgs{Name: pulumi.String(ClusterName), Namespace: ns, Labels: labels},
		OtherFields: kubernetes.UntypedArgs{"spec": KibanaSpec()},
	}, afterOperator...)
	if err != nil {
		return nil, err
	}
	afterES := append(append([]pulumi.ResourceOption{}, child...), pulumi.DependsOn([]pulumi.Resource{c.Elasticsearch}))

	c.Retention, err = newRetentionJob(ctx, ns, labels, args.Config, append(afterES,
		pulumi.DeleteBeforeReplace(true),
		pulumi.Timeouts(&pulumi.CustomTimeouts{Create: "30m", Update: "30m"}))...)
	if err != nil {
		return nil, err
	}

	outputs := pulumi.Map{
		"namespace":        ns,
		"operator":         c.Operator.Name,
		"elasticsearchUrl": pulumi.String(ESURL),
	}
	if fb := args.Config.FluentBit; fb.On() {
		c.FluentBit, err = kit.NewRelease(ctx, kit.Release{
			Chart:          versions.FluentBit.With(fb.Version),
			Namespace:      c.Namespace,
			Values:         kit.Merge(FluentBitValues(), fb.Values),
			TimeoutSeconds: FluentBitTimeoutSeconds,
			DependsOn:      append([]pulumi.Resource{c.Elasticsearch}, cl.NodesReady...),
		}, child...)
		if err != nil {
			return nil, err
		}
		outputs["fluentBit"] = c.FluentBit.Name
	}
	if err := ctx.RegisterResourceOutputs(c, outputs); err != nil {
		return nil, err
	}
	return c, nil
}

func newRetentionJob(ctx *pulumi.Context, ns pulumi.StringPtrInput, labels pulumi.StringMap, cfg config.Logging, opts ...pulumi.ResourceOption) (*batchv1.Job, error) {
	return batchv1.NewJob(ctx, RetentionJob, &batchv1.JobArgs{
		Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(RetentionJob), Namespace: ns, Labels: labels},
		Spec: &batchv1.JobSpecArgs{
			BackoffLimit:          pulumi.Int(10),
			ActiveDeadlineSeconds: pulumi.Int(1800),
			Template: &corev1.PodTemplateSpecArgs{
				Metadata: &metav1.ObjectMetaArgs{Labels: labels},
				Spec: &corev1.PodSpecArgs{
					RestartPolicy: pulumi.String("OnFailure"),
					SecurityContext: &corev1.PodSecurityContextArgs{
						RunAsNonRoot:   pulumi.Bool(true),
						RunAsUser:      pulumi.Int(1000),
						SeccompProfile: &corev1.SeccompProfileArgs{Type: pulumi.String("RuntimeDefault")},
					},
					Containers: corev1.ContainerArray{&corev1.ContainerArgs{
						Name:    pulumi.String("ilm"),
						Image:   pulumi.String(helmrelease.Image(ctx, versions.ElasticsearchImage)),
						Command: pulumi.ToStringArray([]string{"/bin/bash", "-c", RetentionScript(cfg)}),
						Env: corev1.EnvVarArray{
							&corev1.EnvVarArgs{Name: pulumi.String("ES_URL"), Value: pulumi.String(ESURL)},
							&corev1.EnvVarArgs{Name: pulumi.String("ELASTIC_PASSWORD"), ValueFrom: &corev1.EnvVarSourceArgs{
								SecretKeyRef: &corev1.SecretKeySelectorArgs{Name: pulumi.String(ElasticUserSecret), Key: pulumi.String(ElasticUserKey)},
							}},
						},
						VolumeMounts: corev1.VolumeMountArray{&corev1.VolumeMountArgs{
							Name: pulumi.String("es-ca"), MountPath: pulumi.String("/es-ca"), ReadOnly: pulumi.Bool(true),
						}},
						Resources: &corev1.ResourceRequirementsArgs{
							Requests: pulumi.StringMap{"cpu": pulumi.String("50m"), "memory": pulumi.String("64Mi")},
							Limits:   pulumi.StringMap{"memory": pulumi.String("128Mi")},
						},
						SecurityContext: &corev1.SecurityContextArgs{
							AllowPrivilegeEscalation: pulumi.Bool(false),
							ReadOnlyRootFilesystem:   pulumi.Bool(true),
							Capabilities:             &corev1.CapabilitiesArgs{Drop: pulumi.ToStringArray([]string{"ALL"})},
						},
					}},
					Volumes: corev1.VolumeArray{&corev1.VolumeArgs{
						Name:   pulumi.String("es-ca"),
						Secret: &corev1.SecretVolumeSourceArgs{SecretName: pulumi.String(HTTPCASecret)},
					}},
				},
			},
		},
	}, opts...)
}
