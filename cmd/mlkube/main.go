// Command mlkube is the offline companion of the platform program: it
// validates stack files, prints the plan of a stack, diffs two plans for a
// pull request and renders a stack's Kubernetes objects. It needs no cloud
// account, no credentials and no Pulumi CLI.
package main

import (
	"fmt"
	"io"
	"os"
)

const usage = `mlkube — offline plans for mlkube stacks

Usage:
  mlkube validate --stack NAME            check a stack file; every mistake with its key path
  mlkube plan     --stack NAME [--format text|json] [--out FILE]
  mlkube plan     --all                   every stack, then one summary line per stack
  mlkube diff     [--fail-on destructive] BASE.json HEAD.json [BASE.json HEAD.json ...]
                                          markdown for one pull-request comment
  mlkube render   --stack NAME            Kubernetes objects as multi-document YAML
  mlkube stacks                           list the stacks
  mlkube charts   list|pull [--cache DIR] the pinned Helm charts; pull fills the local chart cache (online)

Common flags:
  --dir DIR   the project directory (default: the nearest parent with Pulumi.yaml)

Exit status: 0 ok, 1 the stack has errors (or error findings, or a
destructive change with --fail-on destructive), 2 bad usage.
`

// exit codes
const (
	exitOK       = 0
	exitProblems = 1
	exitUsage    = 2
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	cmds := map[string]func([]string, io.Writer, io.Writer) int{
		"validate": cmdValidate,
		"plan":     cmdPlan,
		"diff":     cmdDiff,
		"render":   cmdRender,
		"stacks":   cmdStacks,
		"charts":   cmdCharts,
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
			fmt.Fprint(stdout, usage)
			return exitOK
		}
		fmt.Fprintf(stderr, "mlkube: unknown command %q\n\n%s", args[0], usage)
		return exitUsage
	}
	return cmd(args[1:], stdout, stderr)
}
