package kubeadm

import (
	"strings"

	"github.com/mlkube/mlkube/addons/versions"
)

// LocalPathProvisioner names the local-path provisioner (ReadWriteOnce
// volumes as directories on the node's disk).
const (
	LocalPathProvisioner = "rancher.io/local-path"
	localPathNamespace   = "local-path-storage"
	localPathDir         = "/opt/local-path-provisioner"
)

// localPathManifest deploys the local-path provisioner with a default
// StorageClass of its own (local-path, WaitForFirstConsumer: a volume lives
// on the node its first pod runs on). The namespace is privileged: the
// helper pods that create and remove volume directories mount the host
// path. Its images come from the stack's image mirror, if any.
func localPathManifest(imageRegistry string) string {
	r := strings.NewReplacer(
		"@NAMESPACE@", localPathNamespace,
		"@IMAGE@", versions.MirrorImage(versions.LocalPathProvisionerImage, imageRegistry),
		"@HELPER@", versions.MirrorImage(versions.LocalPathHelperImage, imageRegistry),
		"@DIR@", localPathDir,
		"@PROVISIONER@", LocalPathProvisioner,
	)
	return r.Replace(localPathTemplate)
}

const localPathTemplate = `apiVersion: v1
kind: Namespace
metadata:
  name: @NAMESPACE@
  labels:
    pod-security.kubernetes.io/enforce: privileged
  annotations:
    mlkube.io/privileged-reason: the provisioner's helper pods create volume directories under @DIR@ on the host
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: local-path-provisioner
  namespace: @NAMESPACE@
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: local-path-provisioner
  namespace: @NAMESPACE@
rules:
  - apiGroups: [""]
    resources: [pods]
    verbs: [get, list, watch, create, patch, update, delete]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: local-path-provisioner
  namespace: @NAMESPACE@
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: local-path-provisioner
subjects:
  - kind: ServiceAccount
    name: local-path-provisioner
    namespace: @NAMESPACE@
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: mlkube:local-path-provisioner
rules:
  - apiGroups: [""]
    resources: [nodes, persistentvolumeclaims, configmaps, pods, pods/log]
    verbs: [get, list, watch]
  - apiGroups: [""]
    resources: [persistentvolumes]
    verbs: [get, list, watch, create, patch, update, delete]
  - apiGroups: [""]
    resources: [events]
    verbs: [create, patch]
  - apiGroups: [storage.k8s.io]
    resources: [storageclasses]
    verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: mlkube:local-path-provisioner
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: mlkube:local-path-provisioner
subjects:
  - kind: ServiceAccount
    name: local-path-provisioner
    namespace: @NAMESPACE@
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: local-path-config
  namespace: @NAMESPACE@
data:
  config.json: |-
    {"nodePathMap": [{"node": "DEFAULT_PATH_FOR_NON_LISTED_NODES", "paths": ["@DIR@"]}]}
  setup: |-
    #!/bin/sh
    set -eu
    mkdir -m 0777 -p "$VOL_DIR"
  teardown: |-
    #!/bin/sh
    set -eu
    rm -rf "$VOL_DIR"
  helperPod.yaml: |-
    apiVersion: v1
    kind: Pod
    metadata:
      name: helper-pod
    spec:
      priorityClassName: system-node-critical
      tolerations:
        - key: node.kubernetes.io/disk-pressure
          operator: Exists
          effect: NoSchedule
      containers:
        - name: helper-pod
          image: @HELPER@
          imagePullPolicy: IfNotPresent
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: local-path-provisioner
  namespace: @NAMESPACE@
spec:
  replicas: 1
  selector:
    matchLabels:
      app: local-path-provisioner
  template:
    metadata:
      labels:
        app: local-path-provisioner
    spec:
      serviceAccountName: local-path-provisioner
      containers:
        - name: local-path-provisioner
          image: @IMAGE@
          command: [local-path-provisioner, start, --config, /etc/config/config.json]
          env:
            - name: POD_NAMESPACE
              valueFrom:
                fieldRef:
                  fieldPath: metadata.namespace
            - name: CONFIG_MOUNT_PATH
              value: /etc/config/
          resources:
            requests: {cpu: 10m, memory: 32Mi}
            limits: {memory: 128Mi}
          volumeMounts:
            - name: config
              mountPath: /etc/config/
      volumes:
        - name: config
          configMap:
            name: local-path-config
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: local-path
  annotations:
    storageclass.kubernetes.io/is-default-class: "true"
provisioner: @PROVISIONER@
volumeBindingMode: WaitForFirstConsumer
reclaimPolicy: Delete
`
