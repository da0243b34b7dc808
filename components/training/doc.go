// Package training is the TrainingJob component (mlkube:workloads:TrainingJob):
// batch training and batch inference without an operator, from plain
// Kubernetes Jobs.
//
// For a job named N in namespace NS it registers, as children of the
// component (logical names "<component>-<kind>"):
//
//   - ServiceAccount N, automountServiceAccountToken false;
//   - Job N, or CronJob N when Schedule is set (concurrencyPolicy Forbid by
//     default);
//   - for Distributed jobs, a headless Service N (publishNotReadyAddresses,
//     so peers resolve before they are ready).
//
// # Shapes
//
//   - Single: one pod (completions 1).
//   - Parallel batch: Completions/Parallelism make an Indexed Job; each pod
//     reads its shard from JOB_COMPLETION_INDEX. Retries are counted per
//     index (backoffLimitPerIndex), so one bad shard does not use up the
//     budget of the others.
//   - Distributed (PyTorch DDP / torchrun): an Indexed Job with completions
//     = parallelism = Nodes plus the headless Service. The pod of index i has
//     hostname N-i and subdomain N, hence the DNS name N-i.N.NS.svc. Each pod
//     gets RANK and NODE_RANK (its index, from the
//     batch.kubernetes.io/job-completion-index annotation through the
//     downward API), WORLD_SIZE and NNODES (Nodes), NPROC_PER_NODE (GPUs, at
//     least 1), MASTER_ADDR (N-0.N.NS.svc) and MASTER_PORT. Pass them to
//     torchrun: --nnodes=$NNODES --node_rank=$NODE_RANK
//     --nproc_per_node=$NPROC_PER_NODE --master_addr=$MASTER_ADDR
//     --master_port=$MASTER_PORT. For a scheduled distributed job the Job
//     name is generated, so MASTER_ADDR is built from the pod's
//     batch.kubernetes.io/job-name label instead.
//
// # Failures and evictions
//
// With restartPolicy Never the Job has a podFailurePolicy: pods that fail
// because they were disrupted (preemption, node drain, spot reclaim) are
// ignored rather than counted against backoffLimit, and NonRetriableExitCodes
// fail the Job (or, for parallel batch, the index) at once. Pod annotations
// tell the cluster autoscaler (safe-to-evict: "false") and Karpenter
// (do-not-disrupt: "true") not to remove a node under a running job.
//
// # Pulumi behaviour
//
// The Job carries pulumi.com/skipAwait so `pulumi up` does not wait hours for
// training to finish, and is replaced delete-before-replace (its name is
// fixed and its pod template immutable). A finished one-shot Job is kept,
// with no ttlSecondsAfterFinished: were Kubernetes to delete it, `pulumi
// refresh` (or `pulumi up --refresh`) would forget it and the next `pulumi
// up` would create it and run the training again. Delete it by removing it
// from the program. A CronJob's Jobs are not Pulumi's: its history limits
// (3 successful, 3 failed) clean them up, and TTLSecondsAfterFinished may
// shorten that.
//
// # Security
//
// Every container (the data-staging init container too) runs with the Pod
// Security Standard "restricted": non-root, no privilege escalation, all
// capabilities dropped, read-only root filesystem with an emptyDir at /tmp,
// RuntimeDefault seccomp. Secrets reach the environment only through
// secretKeyRef (SecretEnv); Env is for plain values. A memory-backed
// /dev/shm is mounted for data loaders and NCCL.
package training
