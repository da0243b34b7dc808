package kubeadm

import (
	"github.com/mlkube/mlkube/internal/pricing"
	"strings"

	"github.com/mlkube/mlkube/internal/cluster"
	"github.com/mlkube/mlkube/providers/kubeadm/kubeadmtest"
)

// Kind is the cluster.provider value of kubeadm on own servers.
const Kind = "kubeadm"

// Provider is the kubeadm cluster source (providers.All lists it). Its
// pools are fixed hosts: it honours none of the optional pool keys.
var Provider = cluster.Source{Kind: Kind, Validate: Validate, Support: Support, Describe: Describe, New: newCluster, Offline: offline}

// offline tells the offline engine about the kubeadm provider's resources.
//
// Every host script is one command:remote:Command, so one duration serves
// them all: the typical time of the slowest kind of step. Host preparation
// takes about 3 minutes in all (most of it the package downloads of the
// containerd and kubeadm steps), kubeadm init about 2 minutes (image pulls
// and the control plane's static pods becoming healthy; kubeadm's own
// default wait is 4 minutes), a join about 1 minute, and Calico about 1
// minute until the nodes turn Ready (kubeadm documentation, "Creating a
// cluster with kubeadm"; Calico quickstart). stepSeconds splits them per
// script.
func offline() cluster.Offline {
	return cluster.Offline{
		Outputs: kubeadmtest.Outputs,
		Seconds: map[string]int{
			CommandType:                               30,
			"tls:index/privateKey:PrivateKey":         1,
			"tls:index/selfSignedCert:SelfSignedCert": 1,
			"random:index/randomString:RandomString":  0,
		},
		SecondsOf: commandSeconds,
		Prices: map[string]*pricing.Catalog{Kind: {
			OwnHardware: "the team's own servers: paid for outside this stack (set mlkube:prices to price their machine types)",
		}},
		// A pool here is its hosts' join commands.
		NodePoolTypes: []string{CommandType},
		ReplaceOn: map[string][]string{
			"tls:index/privateKey:PrivateKey":               {"algorithm", "rsaBits", "ecdsaCurve"},
			"tls:index/selfSignedCert:SelfSignedCert":       {"privateKeyPem", "subject", "isCaCertificate", "validityPeriodHours", "allowedUses"},
			"tls:index/locallySignedCert:LocallySignedCert": {"certRequestPem", "caCertPem", "caPrivateKeyPem", "validityPeriodHours", "allowedUses"},
			"random:index/randomString:RandomString":        {"length", "lower", "upper", "numeric", "special"},
			// A command runs its create script again when its inputs
			// change; a changed connection is another host.
			CommandType: {"connection"},
		},
		// The CA key and certificate: replacing them replaces the cluster.
		Stateful: []string{"tls:index/privateKey:PrivateKey", "tls:index/selfSignedCert:SelfSignedCert"},
		// Fixed pools: nothing scales from zero.
		NodeTemplates: nil,
	}
}

// stepSeconds are the typical durations of the host scripts, by the suffix
// of the command's name (<host>-<step>). Preparation adds up to ~3 min.
var stepSeconds = map[string]int{
	"swap":       5,
	"kernel":     10,
	"containerd": 60,
	"packages":   90,
	"firewall":   15,
	"pki":        5,
	"init":       120,
	"join":       60,
	"node":       10,
}

func commandSeconds(r cluster.PlannedResource) (int, bool) {
	if r.Type != CommandType {
		return 0, false
	}
	i := strings.LastIndex(r.Name, "-")
	s, ok := stepSeconds[r.Name[i+1:]]
	return s, ok
}
