package plan

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"testing"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/kubernetes/scheme"
	"sigs.k8s.io/yaml"
)

// strictDecode decodes one rendered document into its real Kubernetes API
// type, rejecting unknown fields: a misspelled field fails here instead of
// being dropped silently by the API server.
func strictDecode(doc []byte) (kind string, err error) {
	js, err := yaml.YAMLToJSON(doc)
	if err != nil {
		return "", err
	}
	var meta struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
	}
	if err := json.Unmarshal(js, &meta); err != nil {
		return "", err
	}
	gv, err := schema.ParseGroupVersion(meta.APIVersion)
	if err != nil {
		return meta.Kind, err
	}
	obj, err := scheme.Scheme.New(gv.WithKind(meta.Kind))
	if err != nil {
		return meta.Kind, err // runtime.IsNotRegisteredError for custom resources
	}
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.DisallowUnknownFields()
	return meta.Kind, dec.Decode(obj)
}

func renderedDocs(t *testing.T, stack string) [][]byte {
	t.Helper()
	cfg, sf, err := config.Load("../..", stack)
	require.NoError(t, err)
	p, err := BuildConfig(sf, cfg)
	require.NoError(t, err)
	out, err := p.RenderYAML()
	require.NoError(t, err)
	r := utilyaml.NewYAMLReader(bufioReader(out))
	var docs [][]byte
	for {
		doc, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		if len(bytes.TrimSpace(doc)) > 0 && !bytes.Equal(bytes.TrimSpace(doc), []byte("---")) {
			docs = append(docs, doc)
		}
	}
	return docs
}

func TestRenderIsStrictlyValidKubernetes(t *testing.T) {
	for _, stack := range config.ListStacks("../..") {
		t.Run(stack, func(t *testing.T) {
			kinds := map[string]int{}
			for _, doc := range renderedDocs(t, stack) {
				kind, err := strictDecode(doc)
				if runtime.IsNotRegisteredError(err) {
					kinds["(custom) "+kind]++ // Elasticsearch, PrometheusRule: their CRDs come with the charts
					continue
				}
				require.NoError(t, err, "%s\n%s", kind, doc)
				kinds[kind]++
			}
			if stack == "local" {
				// The default stack exercises every workload component.
				for _, k := range []string{"Namespace", "ResourceQuota", "LimitRange", "Role", "RoleBinding", "NetworkPolicy",
					"StorageClass", "PersistentVolumeClaim", "Deployment", "Service", "HorizontalPodAutoscaler",
					"PodDisruptionBudget", "ServiceAccount", "ConfigMap", "Job", "CronJob"} {
					assert.Positive(t, kinds[k], "render has no %s", k)
				}
			}
		})
	}
}

func TestStrictDecodeRejectsUnknownFields(t *testing.T) {
	_, err := strictDecode([]byte("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec: {replicas: 1, replica: 2}\n"))
	assert.ErrorContains(t, err, `unknown field "replica"`)
	_, err = strictDecode([]byte("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {a: b}\n"))
	assert.NoError(t, err)
}

func TestRenderPutsNamespacesFirst(t *testing.T) {
	docs := renderedDocs(t, "local")
	require.NotEmpty(t, docs)
	kind, err := strictDecode(docs[0])
	require.NoError(t, err)
	assert.Equal(t, "Namespace", kind)
}

func bufioReader(b []byte) *bufio.Reader { return bufio.NewReader(bytes.NewReader(b)) }
