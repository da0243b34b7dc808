// Package internal_test holds the rule that keeps internal/ cloud-agnostic:
// what differs between clouds lives in providers/<kind>/ and reaches the
// rest only through the cluster.Cluster value and cluster.Offline.
package internal_test

import (
	"go/scanner"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// clouds are the words no identifier or string literal of internal/ may
// contain. Comments may: naming a cloud to explain a contract field by
// example decides nothing, while an identifier or a string is code that
// branches on, or spells, a cloud fact. Test files may too: they feed the
// shipped stacks (dev-eks) and provider kinds through the code as data.
var clouds = map[string]bool{"aws": true, "eks": true, "gcp": true, "gke": true, "azure": true, "aks": true}

func TestNoCloudNamedInInternal(t *testing.T) {
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, hit := range cloudWords(path, src) {
			t.Errorf("%s names a cloud in code: %s (cloud facts belong to providers/<kind>/)", hit.pos, hit.text)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestCloudWords shows what the rule catches and what it lets through.
func TestCloudWords(t *testing.T) {
	src := []byte(`package p
// On EKS the autoscaler reads an ASG tag.
const a = "ebs.csi.aws.com"
var EKSImage, gkeZone = 1, 2
func cloudOf() string { return "azure" }
var ok = "mlkube.io/pool" + "tasks" + "awsome" + "k8s.amazonaws.com"
`)
	var got []string
	for _, h := range cloudWords("p.go", src) {
		got = append(got, h.text)
	}
	want := []string{`"ebs.csi.aws.com"`, "EKSImage", "gkeZone", `"azure"`}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("got %q, want %q", got, want)
	}
}

type hit struct {
	pos  token.Position
	text string
}

// cloudWords lists the identifiers and literals of src that contain a cloud
// name as a word: EKSImage and "ebs.csi.aws.com" do, "tasks" does not.
func cloudWords(name string, src []byte) []hit {
	fset := token.NewFileSet()
	file := fset.AddFile(name, -1, len(src))
	var s scanner.Scanner
	s.Init(file, src, nil, 0) // comments are skipped
	var out []hit
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			return out
		}
		if tok != token.IDENT && tok != token.STRING && tok != token.CHAR {
			continue
		}
		for _, w := range words(lit) {
			if clouds[strings.ToLower(w)] {
				out = append(out, hit{fset.Position(pos), lit})
				break
			}
		}
	}
}

// words splits text at every non-letter and at camel-case boundaries:
// "EKSImage" is EKS, Image; "ebs.csi.aws.com" is ebs, csi, aws, com.
func words(text string) []string {
	var out []string
	rs := []rune(text)
	start := -1
	flush := func(end int) {
		if start >= 0 {
			out = append(out, string(rs[start:end]))
		}
		start = -1
	}
	for i, r := range rs {
		if !unicode.IsLetter(r) {
			flush(i)
			continue
		}
		if start >= 0 && unicode.IsUpper(r) {
			prevLower := unicode.IsLower(rs[i-1])
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1])
			if prevLower || nextLower {
				flush(i)
			}
		}
		if start < 0 {
			start = i
		}
	}
	flush(len(rs))
	return out
}
