package team

import (
	"errors"
	"strings"
	"testing"

	"github.com/mlkube/mlkube/internal/mocktest"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	rbacv1 "k8s.io/api/rbac/v1"
)

const (
	tNamespace   = "kubernetes:core/v1:Namespace"
	tQuota       = "kubernetes:core/v1:ResourceQuota"
	tLimitRange  = "kubernetes:core/v1:LimitRange"
	tRole        = "kubernetes:rbac.authorization.k8s.io/v1:Role"
	tRoleBinding = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"
	tNetPol      = "kubernetes:networking.k8s.io/v1:NetworkPolicy"
)

func teamArgs() *Args {
	return &Args{
		Name:        "vision",
		Groups:      []string{"vision-engineers", "acme:ml-leads"},
		Quota:       Quota{GPUs: 8, CPU: "64", Memory: "256Gi", Storage: "2Ti"},
		EgressCIDRs: []string{"0.0.0.0/0"},
	}
}

func run(t *testing.T, args *Args) *mocktest.Recorder {
	t.Helper()
	rec, err := mocktest.Run(func(ctx *pulumi.Context, p pulumi.ProviderResource) error {
		_, err := NewTeam(ctx, "team-vision", args, pulumi.Provider(p))
		return err
	})
	require.NoError(t, err)
	mocktest.CheckAll(t, rec, TypeToken, "team-vision")
	return rec
}

func TestTeam(t *testing.T) {
	rec := run(t, teamArgs())

	nsReg := rec.One(t, tNamespace)
	protect, _ := mocktest.Options(nsReg)
	assert.False(t, protect)
	ns := mocktest.Decode[corev1.Namespace](t, nsReg)
	assert.Equal(t, "vision", ns.Name)
	for _, mode := range []string{"enforce", "audit", "warn"} {
		assert.Equal(t, "restricted", ns.Labels["pod-security.kubernetes.io/"+mode], mode)
	}
	assert.Equal(t, "true", ns.Labels["mlkube.io/team-namespace"])
	assert.Equal(t, "vision", ns.Labels["mlkube.io/team"])

	// Every namespaced child waits for the Namespace.
	for _, a := range rec.Kubernetes() {
		if a.TypeToken != tNamespace {
			assert.True(t, hasDep(mocktest.DependsOn(a), "team-vision-namespace"), "%s depends on the namespace", a.Name)
		}
	}

	q := mocktest.Decode[corev1.ResourceQuota](t, rec.One(t, tQuota))
	assert.Equal(t, "vision", q.Namespace)
	gpus := q.Spec.Hard["requests.nvidia.com/gpu"]
	assert.Equal(t, "8", gpus.String())
	cpu, pods := q.Spec.Hard["requests.cpu"], q.Spec.Hard["pods"]
	assert.Equal(t, "64", cpu.String())
	assert.Equal(t, "200", pods.String())
	_, limitsGPU := q.Spec.Hard["limits.nvidia.com/gpu"]
	assert.False(t, limitsGPU)

	lr := mocktest.Decode[corev1.LimitRange](t, rec.One(t, tLimitRange))
	item := lr.Spec.Limits[0]
	assert.Equal(t, corev1.LimitTypeContainer, item.Type)
	assert.Equal(t, "250m", item.DefaultRequest.Cpu().String())
	assert.Equal(t, "2Gi", item.Default.Memory().String())

	role := mocktest.Decode[rbacv1.Role](t, rec.One(t, tRole))
	assert.Equal(t, "ml-engineer", role.Name)
	for _, r := range role.Rules {
		assert.NotContains(t, r.Resources, "secrets")
		assert.NotContains(t, r.APIGroups, "rbac.authorization.k8s.io")
	}
	bindings := rec.ByType(tRoleBinding)
	require.Len(t, bindings, 2, "one RoleBinding per group")
	groups := map[string]bool{}
	for _, reg := range bindings {
		assert.True(t, hasDep(mocktest.DependsOn(reg), "team-vision-role"))
		rb := mocktest.Decode[rbacv1.RoleBinding](t, reg)
		assert.Equal(t, rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "Role", Name: "ml-engineer"}, rb.RoleRef)
		require.Len(t, rb.Subjects, 1)
		assert.Equal(t, "Group", rb.Subjects[0].Kind)
		groups[rb.Subjects[0].Name] = true
		assert.True(t, strings.HasPrefix(rb.Name, "ml-engineer-"))
	}
	assert.Equal(t, map[string]bool{"vision-engineers": true, "acme:ml-leads": true}, groups)

	pols := map[string]*networkingv1.NetworkPolicy{}
	for _, reg := range rec.ByType(tNetPol) {
		p := mocktest.Decode[networkingv1.NetworkPolicy](t, reg)
		pols[p.Name] = p
	}
	require.Len(t, pols, 5)
	deny := pols["mlkube-default-deny"]
	assert.Empty(t, deny.Spec.PodSelector.MatchLabels, "selects every pod")
	assert.Equal(t, []networkingv1.PolicyType{"Ingress", "Egress"}, deny.Spec.PolicyTypes)
	assert.Empty(t, deny.Spec.Ingress)
	assert.Empty(t, deny.Spec.Egress)

	dns := pols["mlkube-allow-dns"].Spec.Egress[0]
	assert.Equal(t, "kube-system", dns.To[0].NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"])
	assert.Len(t, dns.Ports, 2)
	assert.Equal(t, corev1.ProtocolUDP, *dns.Ports[0].Protocol)
	assert.Equal(t, 53, dns.Ports[0].Port.IntValue())

	same := pols["mlkube-allow-same-namespace"].Spec
	assert.NotNil(t, same.Egress[0].To[0].PodSelector)
	assert.Nil(t, same.Egress[0].To[0].NamespaceSelector, "own namespace only")
	assert.NotNil(t, same.Ingress[0].From[0].PodSelector)

	mon := pols["mlkube-allow-monitoring"].Spec
	assert.Equal(t, []networkingv1.PolicyType{"Ingress"}, mon.PolicyTypes)
	assert.Equal(t, "monitoring", mon.Ingress[0].From[0].NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"])

	egress := pols["mlkube-allow-egress"].Spec.Egress[0]
	assert.Equal(t, "0.0.0.0/0", egress.To[0].IPBlock.CIDR)
	assert.Equal(t, 443, egress.Ports[0].Port.IntValue())
}

func TestProductionBaselineTeam(t *testing.T) {
	rec := run(t, &Args{Name: "research", Namespace: "ml-research", PodSecurity: Baseline, Production: true})
	reg := rec.One(t, tNamespace)
	protect, _ := mocktest.Options(reg)
	assert.True(t, protect, "production namespaces are protected")
	ns := mocktest.Decode[corev1.Namespace](t, reg)
	assert.Equal(t, "ml-research", ns.Name)
	assert.Equal(t, "baseline", ns.Labels["pod-security.kubernetes.io/enforce"])
	assert.Empty(t, rec.ByType(tRoleBinding))
	assert.Len(t, rec.ByType(tNetPol), 4, "no egress policy without CIDRs")
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(a *Args)
		field string
	}{
		{"privileged", func(a *Args) { a.PodSecurity = "privileged" }, "PodSecurity"},
		{"negative GPUs", func(a *Args) { a.Quota.GPUs = -1 }, "Quota.GPUs"},
		{"bad cpu", func(a *Args) { a.Quota.CPU = "lots" }, "Quota.CPU"},
		{"bad namespace", func(a *Args) { a.Namespace = "Vision_Team" }, "Namespace"},
		{"duplicate group", func(a *Args) { a.Groups = []string{"g", "g"} }, "Groups[1]"},
		{"empty group", func(a *Args) { a.Groups = []string{" "} }, "Groups[0]"},
		{"request above limit", func(a *Args) { a.Limits.DefaultRequestMemory = "4Gi" }, "Limits.DefaultRequestMemory"},
		{"bad cidr", func(a *Args) { a.EgressCIDRs = []string{"internet"} }, "EgressCIDRs[0]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := teamArgs()
			tc.edit(a)
			rec, err := mocktest.Run(func(ctx *pulumi.Context, p pulumi.ProviderResource) error {
				_, err := NewTeam(ctx, "team-vision", a, pulumi.Provider(p))
				return err
			})
			require.Error(t, err)
			var fe *FieldError
			assert.True(t, errors.As(err, &fe))
			assert.Contains(t, err.Error(), tc.field+": ")
			assert.Empty(t, rec.Kubernetes())
		})
	}
}

func hasDep(urns []string, name string) bool {
	for _, u := range urns {
		if strings.HasSuffix(u, "::"+name) {
			return true
		}
	}
	return false
}
