package main

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/plan"
	"github.com/mlkube/mlkube/internal/policy"
)

// planAll prints the text plan of every stack, then one line per stack:
// resources, findings by severity, time to ready and the monthly cost.
// It fails when any stack does not plan or has error findings.
func planAll(sf stackFlags, stdout, stderr io.Writer) int {
	dir, err := sf.projectDir()
	if err != nil {
		fmt.Fprintln(stderr, "mlkube:", err)
		return exitUsage
	}
	code := exitOK
	var lines []string
	for _, name := range config.ListStacks(dir) {
		one := stackFlags{stack: name, dir: dir}
		file, cfg, c := one.load(stderr)
		if c != exitOK {
			lines = append(lines, fmt.Sprintf("%s\tdoes not load (see above)", name))
			code = max(code, c)
			continue
		}
		p, err := plan.BuildConfig(file, cfg)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", name, err)
			lines = append(lines, fmt.Sprintf("%s\tdoes not plan: %v", name, err))
			code = exitProblems
			continue
		}
		p.WriteText(stdout)
		fmt.Fprintln(stdout)
		if p.ErrorFindings() > 0 {
			code = exitProblems
		}
		lines = append(lines, summary(p))
	}
	fmt.Fprintln(stdout, "Summary")
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	for _, l := range lines {
		fmt.Fprintln(tw, "  "+l)
	}
	tw.Flush()
	return code
}

func summary(p *plan.Plan) string {
	errs, warns := 0, 0
	for _, f := range p.Findings {
		if f.Severity == policy.SeverityError {
			errs++
		} else {
			warns++
		}
	}
	return fmt.Sprintf("%s\t%d resources\t%d error(s), %d warning(s)\tready in %s\t%s",
		p.Stack, len(p.Resources), errs, warns, time.Duration(p.Estimate.CriticalPathSeconds)*time.Second, p.Cost.Summary())
}
