package ingress_test

import (
	"testing"

	"github.com/mlkube/mlkube/addons/ingress"
	"github.com/mlkube/mlkube/addons/internal/addontest"
	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/internal/config"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
)

// TestIngressDecision: the cloud's controller when the Cluster names one,
// else ingress-nginx, on node ports where LoadBalancer Services get no
// address; only ingress-nginx splits traffic for canaries.
func TestIngressDecision(t *testing.T) {
	cloud := &cluster.IngressController{Chart: "aws-load-balancer-controller", Class: "alb", Namespace: "kube-system"}
	for _, tc := range []struct {
		name       string
		cl         cluster.Cluster
		controller string
		want       ingress.Controller
	}{
		{"cloud controller", cluster.Cluster{Shape: cluster.Shape{IngressController: cloud, Capabilities: cluster.Capabilities{LoadBalancers: true}}}, "",
			ingress.Controller{Cloud: cloud, Class: "alb", Namespace: "kube-system"}},
		{"nginx asked for", cluster.Cluster{Shape: cluster.Shape{IngressController: cloud, Capabilities: cluster.Capabilities{LoadBalancers: true}}}, config.IngressNginx,
			ingress.Controller{Nginx: true, Class: "nginx", Namespace: ingress.Namespace, Canary: true}},
		{"no cloud controller", cluster.Cluster{Shape: cluster.Shape{Capabilities: cluster.Capabilities{LoadBalancers: true}}}, "",
			ingress.Controller{Nginx: true, Class: "nginx", Namespace: ingress.Namespace, Canary: true}},
		{"no load balancers", cluster.Cluster{}, config.IngressCloud,
			ingress.Controller{Nginx: true, Class: "nginx", Namespace: ingress.Namespace, NodePort: true, Canary: true}},
	} {
		assert.Equal(t, tc.want, ingress.Decide(&tc.cl, config.Ingress{Controller: tc.controller}), tc.name)
	}
	lb := ingress.NginxValues(ingress.Controller{Nginx: true}, true)
	assert.Equal(t, "LoadBalancer", addontest.Get(lb, "controller", "service", "type"))
	assert.Equal(t, true, addontest.Get(lb, "controller", "metrics", "enabled"))
	np := ingress.NginxValues(ingress.Controller{Nginx: true, NodePort: true}, false)
	assert.Equal(t, "NodePort", addontest.Get(np, "controller", "service", "type"))
	notes := ingress.Notes(&cluster.Cluster{Shape: cluster.Shape{Kind: "kubeadm"}}, config.Ingress{Controller: config.IngressCloud})
	assert.Len(t, notes, 2, "no cloud controller, and node ports")
}

// TestHouse runs the house checks on the ingress controller alone,
// monitored, on every cloud (ingress-nginx: the fixtures name no cloud
// controller).
func TestHouse(t *testing.T) {
	addontest.House(t, addontest.Addon{Type: ingress.TypeToken, Name: "ingress", Kinds: addontest.Clouds}, func(ctx *pulumi.Context, cl *cluster.Cluster) error {
		crds, err := addontest.StandIn(ctx, "test:addon:CRDOwner", "kube-prometheus-stack")
		if err != nil {
			return err
		}
		_, err = ingress.New(ctx, "ingress", &ingress.Args{Cluster: cl, Monitoring: true, MonitorAfter: []pulumi.Resource{crds}})
		return err
	})
}
