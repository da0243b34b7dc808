package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/mlkube/mlkube/internal/config"
	"github.com/mlkube/mlkube/internal/plan"
	"github.com/mlkube/mlkube/internal/platform"
)

type stackFlags struct {
	stack string
	dir   string
}

func newFlags(name string, stderr io.Writer, sf *stackFlags) *flag.FlagSet {
	fs := flag.NewFlagSet("mlkube "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&sf.stack, "stack", "local", "stack name (stacks/Pulumi.NAME.yaml)")
	fs.StringVar(&sf.dir, "dir", "", "project directory (default: nearest parent with Pulumi.yaml)")
	return fs
}

func (sf *stackFlags) projectDir() (string, error) {
	if sf.dir != "" {
		return sf.dir, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "Pulumi.yaml")); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no Pulumi.yaml in %s or its parents: run mlkube inside the project or pass --dir", wd)
		}
	}
}

// load reads, validates and checks a stack; on failure it prints every
// problem and returns the exit code.
func (sf *stackFlags) load(stderr io.Writer) (*config.StackFile, *config.Config, int) {
	dir, err := sf.projectDir()
	if err != nil {
		fmt.Fprintln(stderr, "mlkube:", err)
		return nil, nil, exitUsage
	}
	file, err := config.ReadStack(dir, sf.stack)
	if err != nil {
		fmt.Fprintln(stderr, "mlkube:", err)
		return nil, nil, exitUsage
	}
	// What the Pulumi CLI refuses before it runs the program comes first:
	// the stack against Pulumi.yaml's config schema.
	schema, err := config.ReadProjectSchema(dir)
	if err == nil {
		err = config.CheckProjectSchema(schema, file)
	}
	var cfg *config.Config
	if err == nil {
		cfg, err = file.Parse(platform.Check)
	}
	if err != nil {
		printProblems(stderr, relPath(dir, file.Path), err)
		return nil, nil, exitProblems
	}
	return file, cfg, exitOK
}

// build loads a stack and runs it under the offline engine: the preamble
// of every command that reads one plan. On failure it prints every problem
// and returns the exit code.
func (sf *stackFlags) build(stderr io.Writer) (*plan.Plan, int) {
	file, cfg, code := sf.load(stderr)
	if code != exitOK {
		return nil, code
	}
	p, err := plan.BuildConfig(file, cfg)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", file.Stack, err)
		return nil, exitProblems
	}
	return p, exitOK
}

func printProblems(w io.Writer, where string, err error) {
	var list config.Errors
	if errors.As(err, &list) {
		fmt.Fprintf(w, "%s: %d problem(s):\n", where, len(list))
		for _, e := range list {
			fmt.Fprintf(w, "  %s\n", e.Error())
		}
		return
	}
	fmt.Fprintf(w, "%s: %v\n", where, err)
}

func relPath(dir, path string) string {
	if r, err := filepath.Rel(dir, path); err == nil {
		return r
	}
	return path
}

func cmdValidate(args []string, stdout, stderr io.Writer) int {
	var sf stackFlags
	if err := newFlags("validate", stderr, &sf).Parse(args); err != nil {
		return exitUsage
	}
	p, code := sf.build(stderr)
	if code != exitOK {
		return code
	}
	for _, f := range p.Findings {
		fmt.Fprintf(stdout, "%s [%s] %s\n", f.Severity, f.Policy, f.Message)
	}
	if n := p.ErrorFindings(); n > 0 {
		fmt.Fprintf(stderr, "stack %s: %d error finding(s)\n", p.Stack, n)
		return exitProblems
	}
	fmt.Fprintf(stdout, "stack %s is valid: %d resources, %d warning(s)\n", p.Stack, len(p.Resources), len(p.Findings))
	return exitOK
}

func cmdPlan(args []string, stdout, stderr io.Writer) int {
	var sf stackFlags
	fs := newFlags("plan", stderr, &sf)
	format := fs.String("format", "text", "text or json")
	out := fs.String("out", "", "write to FILE instead of standard output")
	all := fs.Bool("all", false, "plan every stack and end with one summary line per stack")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if *all {
		return planAll(sf, stdout, stderr)
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "mlkube plan: --format must be text or json, got %q\n", *format)
		return exitUsage
	}
	p, code := sf.build(stderr)
	if code != exitOK {
		return code
	}
	w := stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(stderr, "mlkube plan:", err)
			return exitUsage
		}
		defer f.Close()
		w = f
	}
	if *format == "json" {
		b, err := p.JSON()
		if err != nil {
			fmt.Fprintln(stderr, "mlkube plan:", err)
			return exitProblems
		}
		w.Write(b)
	} else {
		p.WriteText(w)
	}
	if p.ErrorFindings() > 0 {
		return exitProblems
	}
	return exitOK
}

func cmdDiff(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mlkube diff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	failOn := fs.String("fail-on", "", "exit 1 when the diff has changes of this kind: destructive")
	limit := fs.Int("limit", plan.CommentLimit, "most characters of the comment; the detail is cut to fit, never the summary")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() == 0 || fs.NArg()%2 != 0 {
		fmt.Fprintln(stderr, "usage: mlkube diff [--fail-on destructive] BASE.json HEAD.json [BASE.json HEAD.json ...]")
		return exitUsage
	}
	if *failOn != "" && *failOn != "destructive" {
		fmt.Fprintf(stderr, "mlkube diff: --fail-on must be destructive, got %q\n", *failOn)
		return exitUsage
	}
	var diffs []plan.StackDiff
	destructive := 0
	for i := 0; i < fs.NArg(); i += 2 {
		var plans [2]*plan.Plan
		for k, path := range fs.Args()[i : i+2] {
			data, err := os.ReadFile(path)
			if err == nil {
				plans[k], err = plan.Parse(data)
			}
			if err != nil {
				fmt.Fprintf(stderr, "mlkube diff: %s: %v\n", path, err)
				return exitUsage
			}
		}
		stack := plans[1].Stack
		if plans[0].Stack != "" && plans[0].Stack != stack {
			stack = plans[0].Stack + " → " + stack
		}
		d := plan.Diff(plans[0], plans[1])
		destructive += d.Destructive()
		diffs = append(diffs, plan.StackDiff{Stack: stack, Diff: d})
	}
	plan.WriteComment(stdout, diffs, *limit)
	if *failOn == "destructive" && destructive > 0 {
		fmt.Fprintf(stderr, "mlkube diff: %d destructive change(s)\n", destructive)
		return exitProblems
	}
	return exitOK
}

func cmdRender(args []string, stdout, stderr io.Writer) int {
	var sf stackFlags
	if err := newFlags("render", stderr, &sf).Parse(args); err != nil {
		return exitUsage
	}
	p, code := sf.build(stderr)
	if code != exitOK {
		return code
	}
	b, err := p.RenderYAML()
	if err == nil {
		_, err = stdout.Write(b)
	}
	if err != nil {
		fmt.Fprintf(stderr, "mlkube render: %v\n", err)
		return exitProblems
	}
	return exitOK
}

func cmdStacks(args []string, stdout, stderr io.Writer) int {
	var sf stackFlags
	if err := newFlags("stacks", stderr, &sf).Parse(args); err != nil {
		return exitUsage
	}
	dir, err := sf.projectDir()
	if err != nil {
		fmt.Fprintln(stderr, "mlkube:", err)
		return exitUsage
	}
	fmt.Fprintln(stdout, strings.Join(config.ListStacks(dir), "\n"))
	return exitOK
}
