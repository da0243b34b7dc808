package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/mlkube/mlkube/addons/versions"
	"github.com/mlkube/mlkube/internal/charts"
)

const chartsUsage = `Usage:
  mlkube charts list [--cache DIR]   the pinned charts and whether each is cached
  mlkube charts pull [--cache DIR]   download the pinned charts into the cache (needs network)

The cache is $MLKUBE_CHART_CACHE, else $XDG_CACHE_HOME/mlkube/charts, else
~/.cache/mlkube/charts. With a chart cached, plans render its manifests.
`

// cmdCharts lists or pulls the charts pinned in addons/versions.
func cmdCharts(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "list" && args[0] != "pull") {
		fmt.Fprint(stderr, chartsUsage)
		return exitUsage
	}
	fs := flag.NewFlagSet("mlkube charts "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("cache", charts.CacheDir(), "chart cache folder")
	if err := fs.Parse(args[1:]); err != nil || fs.NArg() > 0 {
		fmt.Fprint(stderr, chartsUsage)
		return exitUsage
	}
	if args[0] == "list" {
		for _, c := range versions.Charts() {
			state := "missing"
			if charts.Find(*dir, c.Name, c.Version) != "" {
				state = "cached"
			}
			fmt.Fprintf(stdout, "%-24s %-10s %-8s %s\n", c.Name, c.Version, state, c.Repo)
		}
		return exitOK
	}
	client := &http.Client{Timeout: 5 * time.Minute}
	code := exitOK
	for _, c := range versions.Charts() {
		path, err := charts.Pull(context.Background(), client, c.Repo, c.Name, c.Version, *dir)
		if err != nil {
			fmt.Fprintf(stderr, "mlkube charts pull: %s: %v\n", c, err)
			code = exitProblems
			continue
		}
		fmt.Fprintf(stdout, "%s %s\n", c, path)
	}
	return code
}
