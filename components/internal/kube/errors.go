package kube

import (
	"errors"
	"fmt"
	"regexp"
)

// FieldError is one invalid argument, named by its Go field path in the
// component's Args (e.g. `Resources.Limits["cpu"]`), so a caller can map it
// back to its own configuration key.
type FieldError struct {
	// Field is the path of the offending Args field.
	Field string
	// Message says what is wrong and, where possible, how to fix it.
	Message string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.ArgMessage() }

// ArgField is the Args field path. With ArgMessage it lets a program that
// builds Args from its own configuration report the problem under its own
// key (mlkube's platform maps `Image` to `workloads.inference[2].image`);
// the type itself is internal to the components.
func (e *FieldError) ArgField() string { return e.Field }

// ArgMessage is what is wrong with the field, naming the other fields it
// refers to (see Ref) by their Args field paths.
func (e *FieldError) ArgMessage() string { return e.ArgMessageWith(func(f string) string { return f }) }

// ArgMessageWith is ArgMessage with every field the message refers to
// named by name(field): mlkube's platform names them by their stack keys,
// so a message reads "needs expose.type ingress" next to a stack key path.
func (e *FieldError) ArgMessageWith(name func(field string) string) string {
	return refRE.ReplaceAllStringFunc(e.Message, func(m string) string { return name(m[1 : len(m)-1]) })
}

// refMark brackets a field reference inside a message; it never occurs in
// text a user writes (an ASCII unit separator).
const refMark = "\x1f"

var refRE = regexp.MustCompile(refMark + "[^" + refMark + "]*" + refMark)

// Ref names another field of the same Args inside a message (Ref("Expose.Type")),
// so each reader sees it in its own words: the Go field path, or the
// configuration key the caller built it from.
func Ref(field string) string { return refMark + field + refMark }

// Errors collects every FieldError of one validation pass, so the caller
// sees all problems at once.
type Errors struct{ list []error }

// Add records a problem with field.
func (e *Errors) Add(field, format string, args ...any) {
	e.list = append(e.list, &FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Append records errors that were produced elsewhere (nil entries are skipped).
func (e *Errors) Append(errs ...error) {
	for _, err := range errs {
		if err != nil {
			e.list = append(e.list, err)
		}
	}
}

// Err returns nil when nothing was recorded, otherwise one error prefixed
// with the component type and name that unwraps to every FieldError.
func (e *Errors) Err(typ, name string) error {
	if len(e.list) == 0 {
		return nil
	}
	return fmt.Errorf("%s %q: invalid arguments: %w", typ, name, errors.Join(e.list...))
}
