package kubeadm

import (
	"slices"
	"strconv"
	"strings"
)

// patchVersions pin the Kubernetes patch release per minor: the version
// kubeadm's ClusterConfiguration names and the packages from pkgs.k8s.io
// that are installed and held. A pinned patch makes a re-run of the same
// stack install exactly what the first run did; moving it is an upgrade
// (kubeadm upgrade), which this provider does not run.
var patchVersions = map[string]string{
	"1.30": "1.30.14",
	"1.31": "1.31.12",
	"1.32": "1.32.8",
	"1.33": "1.33.4",
	"1.34": "1.34.0",
	// Newest patches on kubernetes.io/releases (stored copies of the
	// release pages, read 2026-12-04): 1.35.9 of 2026-09-15, 1.36.4 of
	// 2026-08-11, 1.37.1 of 2026-09-15.
	"1.35": "1.35.9",
	"1.36": "1.36.4",
	"1.37": "1.37.1",
}

// patchVersion is the pinned patch release of a minor ("1.36" -> "1.36.4").
func patchVersion(minor string) string { return patchVersions[minor] }

func pinnedMinors() []string {
	out := make([]string, 0, len(patchVersions))
	for m := range patchVersions {
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b string) int { return minorOf(a) - minorOf(b) })
	return out
}

func minorOf(v string) int {
	_, m, _ := strings.Cut(v, ".")
	n, _ := strconv.Atoi(m)
	return n
}
