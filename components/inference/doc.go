// Package inference is the InferenceService component
// (mlkube:workloads:InferenceService): a long-running model server on
// Kubernetes, built from plain objects so that any cluster runs it.
//
// For a service named N in namespace NS it registers, as children of the
// component (logical names "N-<kind>"):
//
//   - ServiceAccount N, automountServiceAccountToken false (cloud identities
//     such as IRSA or Workload Identity still work through annotations);
//   - ConfigMap N-config, loaded into the server with envFrom; a hash of its
//     data is a pod annotation so a config change rolls the pods;
//   - Deployment N: RollingUpdate with maxSurge 1 / maxUnavailable 0, the
//     model either downloaded by an init container into an emptyDir or
//     mounted read-only from a model PVC, readiness/liveness/startup probes,
//     a preStop drain, requests and limits with GPUs equal in both, the
//     pool's nodeSelector and tolerations, spread across zones and nodes,
//     and the Pod Security Standard "restricted" on every container;
//   - Service N (ClusterIP, or an internal LoadBalancer) and, when asked,
//     Ingress N;
//   - HorizontalPodAutoscaler N (autoscaling/v2) when Autoscaling is set;
//   - PodDisruptionBudget N with maxUnavailable 1, so a drain proceeds one
//     pod at a time and never stalls, even with one replica;
//   - NetworkPolicy N.
//
// # Replicas and the autoscaler
//
// With Autoscaling set the Deployment leaves spec.replicas unset, as the
// Kubernetes documentation recommends: otherwise every `pulumi up` would
// reset the replica count that the HPA chose.
//
// # Network policy
//
// The policy selects the service's pods and allows ingress only to the
// serving port (and the probe port, if different), from pods of the same
// namespace, from the monitoring namespace (Prometheus scraping), from the
// ingress controller namespaces when exposed through an Ingress, and from
// SourceCIDRs (default anywhere) when exposed through an internal load
// balancer, whose traffic arrives from node or VPC addresses. Namespaces are
// matched by the kubernetes.io/metadata.name label, which the API server sets
// on every namespace and nobody can change, so no label convention has to be
// agreed with the addons that own those namespaces. Egress is not
// restricted here; a team namespace's default-deny policy does that.
//
// # Rollout time
//
// A rollout may wait for a GPU node to be added and for a large model to
// load. progressDeadlineSeconds and the Pulumi create/update timeouts are
// derived from Probes.StartupSeconds plus RolloutAllowanceSeconds, so that
// `pulumi up` neither gives up early nor waits for ever.
package inference
