package mocktest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	storagev1 "k8s.io/api/storage/v1"
)

// kinds maps a pulumi-kubernetes type token to a new value of its
// k8s.io/api type and whether the object is namespaced.
var kinds = map[string]struct {
	newObj     func() any
	namespaced bool
}{
	"kubernetes:apps/v1:Deployment":                       {func() any { return &appsv1.Deployment{} }, true},
	"kubernetes:autoscaling/v2:HorizontalPodAutoscaler":   {func() any { return &autoscalingv2.HorizontalPodAutoscaler{} }, true},
	"kubernetes:batch/v1:Job":                             {func() any { return &batchv1.Job{} }, true},
	"kubernetes:batch/v1:CronJob":                         {func() any { return &batchv1.CronJob{} }, true},
	"kubernetes:core/v1:ConfigMap":                        {func() any { return &corev1.ConfigMap{} }, true},
	"kubernetes:core/v1:LimitRange":                       {func() any { return &corev1.LimitRange{} }, true},
	"kubernetes:core/v1:Namespace":                        {func() any { return &corev1.Namespace{} }, false},
	"kubernetes:core/v1:PersistentVolumeClaim":            {func() any { return &corev1.PersistentVolumeClaim{} }, true},
	"kubernetes:core/v1:ResourceQuota":                    {func() any { return &corev1.ResourceQuota{} }, true},
	"kubernetes:core/v1:Service":                          {func() any { return &corev1.Service{} }, true},
	"kubernetes:core/v1:ServiceAccount":                   {func() any { return &corev1.ServiceAccount{} }, true},
	"kubernetes:networking.k8s.io/v1:Ingress":             {func() any { return &networkingv1.Ingress{} }, true},
	"kubernetes:networking.k8s.io/v1:NetworkPolicy":       {func() any { return &networkingv1.NetworkPolicy{} }, true},
	"kubernetes:policy/v1:PodDisruptionBudget":            {func() any { return &policyv1.PodDisruptionBudget{} }, true},
	"kubernetes:rbac.authorization.k8s.io/v1:Role":        {func() any { return &rbacv1.Role{} }, true},
	"kubernetes:rbac.authorization.k8s.io/v1:RoleBinding": {func() any { return &rbacv1.RoleBinding{} }, true},
	"kubernetes:storage.k8s.io/v1:StorageClass":           {func() any { return &storagev1.StorageClass{} }, false},
	"kubernetes:scheduling.k8s.io/v1:PriorityClass":       {func() any { return &schedulingv1.PriorityClass{} }, false},
}

// DecodeStrict decodes a registration's inputs into into (a pointer to a
// k8s.io/api type), rejecting unknown fields: a misspelled field name or a
// value of the wrong type fails.
func DecodeStrict(a pulumi.MockResourceArgs, into any) error {
	raw, err := json.Marshal(a.Inputs.Mappable())
	if err != nil {
		return fmt.Errorf("%s %s: marshal: %w", a.TypeToken, a.Name, err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(into); err != nil {
		return fmt.Errorf("%s %s: %w\n%s", a.TypeToken, a.Name, err, raw)
	}
	return nil
}

// Decode is DecodeStrict into a new T, failing the test on error.
func Decode[T any](t *testing.T, a pulumi.MockResourceArgs) *T {
	t.Helper()
	v := new(T)
	require.NoError(t, DecodeStrict(a, v))
	return v
}
