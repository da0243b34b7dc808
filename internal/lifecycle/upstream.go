package lifecycle

import _ "embed"

//go:embed upstream.csv
var upstreamCSV []byte

// Upstream is the Kubernetes project's own calendar: each minor's release
// and end of life (kubernetes.io/releases). Clusters that no cloud
// supports, kubeadm on own servers and adopted clusters, follow it.
var Upstream = MustParse("internal/lifecycle/upstream.csv", upstreamCSV)

// Default is the minor a stack gets when it names none: the newest minor
// that every cluster source generally offered on the date the calendars
// were checked (TestDefaultIsNewestEverywhere in providers holds it to
// that). Moving it moves every stack that does not pin a version, one
// minor at a time.
const Default = "1.36"
