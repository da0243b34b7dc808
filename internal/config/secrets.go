package config

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Credentials are marked on their fields with the tag `secret:"true"`: that
// tag is the one list of what must never sit in a stack file in plain text.

// Credential is one credential-bearing key the stack sets.
type Credential struct {
	Path  string
	Value string
}

// Credentials lists the credential-bearing keys c sets, in key-path order.
func Credentials(c *Config) []Credential {
	var out []Credential
	walkCredentials("", reflect.ValueOf(c).Elem(), &out)
	sort.SliceStable(out, func(i, j int) bool { return naturalLess(out[i].Path, out[j].Path) })
	return out
}

func walkCredentials(path string, v reflect.Value, out *[]Credential) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkCredentials(path, v.Elem(), out)
		}
	case reflect.Struct:
		for name, f := range structFields(v.Type()) {
			fv := v.FieldByIndex(f.Index)
			if f.Tag.Get("secret") == "true" {
				if fv.Kind() != reflect.String {
					panic(fmt.Sprintf("config: secret field %s is not a string", key(path, name)))
				}
				if fv.String() != "" {
					*out = append(*out, Credential{Path: key(path, name), Value: fv.String()})
				}
				continue
			}
			walkCredentials(key(path, name), fv, out)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			walkCredentials(index(path, i), v.Index(i), out)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			if k.Kind() == reflect.String {
				walkCredentials(key(path, k.String()), v.MapIndex(k), out)
			}
		}
	}
}

// RequireEncrypted refuses every credential that is set in plain text.
// encrypted says whether the credential at a key path came from a
// `secure:` value; stack names the stack in the command that fixes it.
func RequireEncrypted(stack string, encrypted func(Credential) bool) func(*Config) error {
	return func(c *Config) error {
		e := &errs{}
		for _, cr := range Credentials(c) {
			if !encrypted(cr) {
				e.add(cr.Path, "is a credential in plain text in the stack file, which goes into git; "+
					"encrypt it with `%s` (it asks for the value), and rotate it: git history keeps the plain one", FixCommand(stack, cr.Path))
			}
		}
		return e.err()
	}
}

// FixCommand is the Pulumi CLI command that stores the key path as an
// encrypted value, in place of a plain one.
func FixCommand(stack, path string) string {
	return fmt.Sprintf("pulumi config set --stack %s --secret --path '%s:%s'", stack, Namespace, path)
}

// EncryptedInFile is the rule for a stack file read without its secrets
// provider (ReadStack): every `secure:` value, at any depth, became the
// placeholder, so any other value was written in plain text.
func EncryptedInFile(cr Credential) bool { return cr.Value == SecretPlaceholder }

// encryptedInContext is the rule inside the running program: the engine
// decrypts values and says only which top-level keys hold a secret, so a
// credential under a top-level key without any secret is surely plain.
// A plain one beside a secure one in the same top-level key is caught
// offline by `mlkube validate`, which reads the file itself.
func encryptedInContext(ctx *pulumi.Context) func(Credential) bool {
	return func(cr Credential) bool {
		top := cr.Path
		if i := strings.IndexAny(top, ".["); i >= 0 {
			top = top[:i]
		}
		return ctx.IsConfigSecret(Namespace + ":" + top)
	}
}

// Parse reads and validates the stack file's values, refusing credentials
// that are stored in plain text.
func (sf *StackFile) Parse(checks ...func(*Config) error) (*Config, error) {
	return Parse(sf.Project, sf.Stack, sf.Values, append([]func(*Config) error{RequireEncrypted(sf.Stack, EncryptedInFile)}, checks...)...)
}
