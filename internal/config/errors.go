package config

import (
	"fmt"
	"strings"
)

// FieldError is one problem in a stack file, located by its key path
// (for example `nodePools[1].gpu.count`).
type FieldError struct {
	Path    string
	Message string
}

func (e FieldError) Error() string {
	if e.Path == "" {
		return e.Message
	}
	return e.Path + ": " + e.Message
}

// Errors is every problem found in a stack file. Loading never stops at the
// first mistake: a user fixing a stack wants the whole list in one run.
type Errors []FieldError

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return fmt.Sprintf("%d problem(s) in the stack configuration:\n  %s", len(es), strings.Join(lines, "\n  "))
}

// errs collects FieldErrors while walking a configuration.
type errs struct{ list Errors }

func (c *errs) add(path, format string, args ...any) {
	c.list = append(c.list, FieldError{Path: path, Message: fmt.Sprintf(format, args...)})
}

func (c *errs) err() error {
	if len(c.list) == 0 {
		return nil
	}
	return c.list
}

func key(parent, name string) string {
	if parent == "" {
		return name
	}
	return parent + "." + name
}

func index(parent string, i int) string { return fmt.Sprintf("%s[%d]", parent, i) }
