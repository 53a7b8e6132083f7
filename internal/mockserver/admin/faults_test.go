package admin

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/didiyun/terraform-provider-didiyun/internal/mockserver/openapi"
)

// TestEveryKindMakesAValidRule reads the FaultKind constants from the source,
// so a kind declared but left out of faultKinds (and so refused by the admin
// API and SetFaults) fails here.
func TestEveryKindMakesAValidRule(t *testing.T) {
	declared := declaredFaultKinds(t)
	if len(declared) == 0 {
		t.Fatal("found no FaultKind constants in the package's source")
	}
	for _, kind := range declared {
		if !kind.valid() {
			t.Errorf("%s is declared but not in faultKinds", kind)
		}
		if err := CheckRules([]FaultRule{{Kind: kind, Probability: 0.5, Endpoint: openapi.EndpointDeleteCIMG}}); err != nil {
			t.Errorf("a valid %s rule was refused: %v", kind, err)
		}
	}
	for _, kind := range faultKinds {
		if !slices.Contains(declared, kind) {
			t.Errorf("faultKinds holds %q, which no constant declares", kind)
		}
	}
	if len(faultKinds) != len(declared) {
		t.Errorf("faultKinds has %d entries for %d declared kinds: %v", len(faultKinds), len(declared), faultKinds)
	}
}

// declaredFaultKinds is the value of every `X FaultKind = "..."` constant in
// the package's non-test files.
func declaredFaultKinds(t *testing.T) []FaultKind {
	t.Helper()
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var kinds []FaultKind
	for _, entry := range entries {
		name := entry.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range file.Decls {
			gen, ok := decl.(*ast.GenDecl)
			if !ok || gen.Tok != token.CONST {
				continue
			}
			for _, spec := range gen.Specs {
				vs := spec.(*ast.ValueSpec)
				if typ, ok := vs.Type.(*ast.Ident); !ok || typ.Name != "FaultKind" {
					continue
				}
				for _, v := range vs.Values {
					lit, ok := v.(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						t.Fatalf("a FaultKind constant is not a string literal: %#v", v)
					}
					s, err := strconv.Unquote(lit.Value)
					if err != nil {
						t.Fatal(err)
					}
					kinds = append(kinds, FaultKind(s))
				}
			}
		}
	}
	return kinds
}
