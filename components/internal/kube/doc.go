// Package kube holds the small pieces every mlkube component shares: the
// label set, object metadata, the Pod Security "restricted" security
// contexts, container resources with GPUs, tolerations and argument
// validation. It imports only the Pulumi and pulumi-kubernetes SDKs and
// k8s.io/apimachinery (for quantity parsing), so the components stay
// reusable by any Pulumi Go program.
package kube
