package logging

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/mlkube/mlkube/addons/internal/kit"
	"github.com/mlkube/mlkube/addons/versions"
	"github.com/mlkube/mlkube/components/storage"
	"github.com/mlkube/mlkube/internal/config"
)

// Names of the Elastic objects and of what ECK derives from them.
const (
	// ClusterName names the Elasticsearch and Kibana resources.
	ClusterName = "logs"
	// ESService is the HTTPS service ECK creates for Elasticsearch.
	ESService = ClusterName + "-es-http"
	// ESURL is Elasticsearch inside the cluster.
	ESURL = "https://" + ESService + "." + Namespace + ".svc:9200"
	// ElasticUserSecret holds the password of the elastic user (key "elastic").
	ElasticUserSecret = ClusterName + "-es-elastic-user"
	ElasticUserKey    = "elastic"
	// HTTPCASecret holds the CA of Elasticsearch's self-signed HTTP
	// certificate (key "ca.crt"); clients verify TLS with it.
	HTTPCASecret = ClusterName + "-es-http-certs-public"
	HTTPCAKey    = "ca.crt"
)

// Indices: Fluent Bit writes one index per day (Logstash format) with
// these prefixes; the ILM policy deletes each index RetentionDays after it
// was created. The prefixes stay clear of Elasticsearch's built-in
// logs-*-* data stream template.
const (
	ContainerIndexPrefix = "mlkube-logs"
	NodeIndexPrefix      = "mlkube-node"
	// LifecyclePolicy is the ILM policy and index template name.
	LifecyclePolicy = "mlkube-logs"
)

// DefaultStorageClass of Elasticsearch's data volumes when the cluster
// has a block provisioner (mlkube-standard).
var DefaultStorageClass = storage.ClassName(config.ClassStandard)

// DefaultNodes is the Elasticsearch node count when the config leaves it at 0.
const DefaultNodes = 1

func nodes(cfg config.Logging) int {
	if cfg.Nodes > 0 {
		return cfg.Nodes
	}
	return DefaultNodes
}

// Replicas is the number of replicas per index: one when there is a
// second node to hold it, else none (a single node would stay yellow).
func Replicas(cfg config.Logging) int {
	return min(1, nodes(cfg)-1)
}

// ElasticsearchSpec is the spec of the Elasticsearch resource: one node
// set of nodes with a data volume of StorageGB each (class storageClass,
// "" for the cluster default). mmap is off so the nodes need no
// privileged sysctl init container.
func ElasticsearchSpec(cfg config.Logging, storageClass string) map[string]any {
	pvc := map[string]any{
		"accessModes": []any{"ReadWriteOnce"},
		"resources":   map[string]any{"requests": map[string]any{"storage": fmt.Sprintf("%dGi", cfg.StorageGB)}},
	}
	if storageClass != "" {
		pvc["storageClassName"] = storageClass
	}
	return map[string]any{
		"version": versions.ElasticStack,
		"nodeSets": []any{map[string]any{
			"name":   "default",
			"count":  nodes(cfg),
			"config": map[string]any{"node.store.allow_mmap": false},
			"podTemplate": map[string]any{"spec": map[string]any{
				"containers": []any{map[string]any{
					"name": "elasticsearch",
					"resources": map[string]any{
						"requests": map[string]any{"cpu": "1", "memory": "4Gi"},
						"limits":   map[string]any{"memory": "4Gi"},
					},
				}},
			}},
			"volumeClaimTemplates": []any{map[string]any{
				"metadata": map[string]any{"name": "elasticsearch-data"},
				"spec":     pvc,
			}},
		}},
	}
}

// KibanaSpec is the spec of the Kibana resource, connected to Elasticsearch.
func KibanaSpec() map[string]any {
	return map[string]any{
		"version":          versions.ElasticStack,
		"count":            1,
		"elasticsearchRef": map[string]any{"name": ClusterName},
	}
}

// LifecyclePolicyBody is the ILM policy: delete an index RetentionDays
// after creation (daily indices, no rollover).
func LifecyclePolicyBody(cfg config.Logging) string {
	return mustJSON(map[string]any{"policy": map[string]any{"phases": map[string]any{
		"hot":    map[string]any{"actions": map[string]any{}},
		"delete": map[string]any{"min_age": fmt.Sprintf("%dd", cfg.RetentionDays), "actions": map[string]any{"delete": map[string]any{}}},
	}}})
}

// IndexTemplateBody attaches the policy to Fluent Bit's indices.
func IndexTemplateBody(cfg config.Logging) string {
	return mustJSON(map[string]any{
		"index_patterns": []any{ContainerIndexPrefix + "-*", NodeIndexPrefix + "-*"},
		"priority":       200,
		"template": map[string]any{"settings": map[string]any{
			"index.lifecycle.name":     LifecyclePolicy,
			"index.number_of_replicas": Replicas(cfg),
		}},
	})
}

// RetentionScript is what the retention Job runs: wait for Elasticsearch,
// then put the ILM policy and the index template (both idempotent PUTs).
func RetentionScript(cfg config.Logging) string {
	return strings.Join([]string{
		"set -eu",
		`es() { curl -sS --fail --cacert /es-ca/` + HTTPCAKey + ` -u "elastic:${ELASTIC_PASSWORD}" -H 'Content-Type: application/json' "$@"; }`,
		`until es "${ES_URL}/_cluster/health?wait_for_status=yellow&timeout=60s" >/dev/null; do echo waiting for Elasticsearch; sleep 10; done`,
		`es -X PUT "${ES_URL}/_ilm/policy/` + LifecyclePolicy + `" -d '` + LifecyclePolicyBody(cfg) + `'`,
		`es -X PUT "${ES_URL}/_index_template/` + LifecyclePolicy + `" -d '` + IndexTemplateBody(cfg) + `'`,
		"",
	}, "\n")
}

// FluentBitValues are the fluent-bit chart values: a DaemonSet on every
// node whatever its taints (GPU nodes included), the kubernetes filter
// for pod metadata, and the es output to ECK's Elasticsearch over TLS
// verified with its CA, as the elastic user.
func FluentBitValues() map[string]any {
	output := func(match, prefix string) string {
		return strings.Join([]string{
			"[OUTPUT]",
			"    Name es",
			"    Match " + match,
			"    Host " + ESService + "." + Namespace + ".svc",
			"    Port 9200",
			"    HTTP_User elastic",
			"    HTTP_Passwd ${ELASTIC_PASSWORD}",
			"    tls On",
			"    tls.verify On",
			"    tls.ca_file /fluent-bit/es-ca/" + HTTPCAKey,
			"    Logstash_Format On",
			"    Logstash_Prefix " + prefix,
			"    Suppress_Type_Name On",
			"    Replace_Dots On",
			"    Trace_Error On",
			"    Retry_Limit False",
			"",
		}, "\n")
	}
	return map[string]any{
		"fullnameOverride":  "fluent-bit",
		"kind":              "DaemonSet",
		"tolerations":       kit.TolerateAll(),
		"priorityClassName": "system-node-critical",
		"testFramework":     map[string]any{"enabled": false},
		"env": []any{map[string]any{
			"name": "ELASTIC_PASSWORD",
			"valueFrom": map[string]any{"secretKeyRef": map[string]any{
				"name": ElasticUserSecret, "key": ElasticUserKey,
			}},
		}},
		"extraVolumes": []any{map[string]any{
			"name": "es-ca", "secret": map[string]any{"secretName": HTTPCASecret},
		}},
		"extraVolumeMounts": []any{map[string]any{
			"name": "es-ca", "mountPath": "/fluent-bit/es-ca", "readOnly": true,
		}},
		"config": map[string]any{
			"inputs": strings.Join([]string{
				"[INPUT]",
				"    Name tail",
				"    Path /var/log/containers/*.log",
				"    multiline.parser docker, cri",
				"    Tag kube.*",
				"    Mem_Buf_Limit 50MB",
				"    Skip_Long_Lines On",
				"",
				"[INPUT]",
				"    Name systemd",
				"    Tag host.*",
				"    Systemd_Filter _SYSTEMD_UNIT=kubelet.service",
				"    Read_From_Tail On",
				"",
			}, "\n"),
			"filters": strings.Join([]string{
				"[FILTER]",
				"    Name kubernetes",
				"    Match kube.*",
				"    Merge_Log On",
				"    Keep_Log Off",
				"    K8S-Logging.Parser On",
				"    K8S-Logging.Exclude On",
				"",
			}, "\n"),
			"outputs": output("kube.*", ContainerIndexPrefix) + "\n" + output("host.*", NodeIndexPrefix),
		},
	}
}

// ECKOperatorValues are the eck-operator chart values: CRDs installed
// with the operator (the Elasticsearch and Kibana resources wait for the
// release).
func ECKOperatorValues() map[string]any {
	return map[string]any{"installCRDs": true}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // plain maps always marshal
	}
	return string(b)
}
