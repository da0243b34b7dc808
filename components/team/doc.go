// Package team is the Team component (mlkube:workloads:Team): a namespace
// that an ML team owns, with guard rails.
//
// It registers, as children of the component:
//
//   - Namespace, labelled for Pod Security admission (enforce, audit and
//     warn at "restricted" by default, or "baseline") and as an mlkube team
//     namespace (mlkube.io/team-namespace: "true", mlkube.io/team: <name>);
//   - ResourceQuota mlkube-quota: requests.nvidia.com/gpu (always set; 0
//     forbids GPUs), requests/limits for cpu and memory, requests.storage
//     and pods. GPUs are quota'd by request only: Kubernetes accepts only
//     the requests. prefix for extended resources, since they cannot be
//     overcommitted (requests always equal limits);
//   - LimitRange mlkube-limits: default requests and limits for containers
//     that set none, so quota'd namespaces accept them;
//   - Role ml-engineer and one RoleBinding per group (see below);
//   - NetworkPolicies (see below).
//
// Every namespaced child takes the namespace from the Namespace's output, so
// it is created after it. Deleting the Namespace deletes everything in it,
// claims included; model and checkpoint disks survive through their classes'
// Retain reclaim policy, and Production protects the Namespace itself.
//
// # Role
//
// ml-engineer may run and operate workloads: create, change and delete
// Deployments, Jobs, CronJobs, HPAs, Services, Ingresses, ConfigMaps and
// PersistentVolumeClaims; read pods, their logs and events, exec into and
// port-forward to pods and delete them (to restart); read ReplicaSets,
// ServiceAccounts, PodDisruptionBudgets, NetworkPolicies, quotas and limit
// ranges. It grants nothing on Secrets (they are provisioned by the
// platform; listing them would reveal every credential in the namespace) and
// nothing in rbac.authorization.k8s.io, so no one can widen their own rights,
// nor write NetworkPolicies, so no one can open the namespace.
//
// # Network policy
//
// mlkube-default-deny selects every pod and denies all ingress and egress.
// Then:
//   - mlkube-allow-dns: egress to port 53 (UDP and TCP) in kube-system;
//   - mlkube-allow-same-namespace: ingress from and egress to pods of this
//     namespace (services calling each other, DDP ranks talking);
//   - mlkube-allow-monitoring: ingress from the monitoring namespace
//     (Prometheus scraping any port);
//   - mlkube-allow-egress: egress on TCP 443 to EgressCIDRs, when given
//     (object storage, model hubs, cloud APIs; "0.0.0.0/0" for anywhere).
//
// Namespaces are matched by kubernetes.io/metadata.name, which the API
// server sets and nobody can change. Workload components add their own
// ingress rules (policies are additive), e.g. from the ingress controller.
package team
