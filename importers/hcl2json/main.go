// hcl2json converts a Nomad HCL2 jobspec into the JSON of Nomad's API job (the shape of
// `nomad job run -output`: {"Job": {...}}), with HashiCorp's own HCL library.
//
// Usage: hcl2json [-positions] [-var NAME=VALUE ...] [-var-file FILE ...] JOBFILE
//
// -positions adds "Positions": {"TaskGroups.0.Tasks.1.Vault": "FILE:LINE:COLUMN", ...}, where
// each field was written, for the importer's warnings.
//
// What it evaluates is what Nomad's jobspec2 parser evaluates (hashicorp/nomad jobspec2/):
// `variable` and `variables` blocks with defaults, -var, -var-file and NOMAD_VAR_<name>
// overrides, `locals`, `dynamic` blocks (hcl/v2/ext/dynblock), heredocs and the functions of
// cty's stdlib and ext/tryfunc. References the client resolves at run time (${NOMAD_PORT_x},
// ${attr.*}, ${node.*}, ${meta.*}, ${env["X"]}...) stay literal strings, as jobspec2's
// EvalContext.UndefinedVariable keeps them. Errors go to stderr as FILE:LINE:COLUMN: text,
// exit status 1; a usage error exits 2.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
)

func main() {
	var vars, varFiles []string
	var files []string
	positions := false
	args := os.Args[1:]
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-var" || a == "--var" || a == "-var-file" || a == "--var-file":
			if i+1 >= len(args) {
				usage(a + " needs a value")
			}
			if strings.HasSuffix(a, "-file") {
				varFiles = append(varFiles, args[i+1])
			} else {
				vars = append(vars, args[i+1])
			}
			i++
		case strings.HasPrefix(a, "-var="), strings.HasPrefix(a, "--var="):
			vars = append(vars, a[strings.Index(a, "=")+1:])
		case strings.HasPrefix(a, "-var-file="), strings.HasPrefix(a, "--var-file="):
			varFiles = append(varFiles, a[strings.Index(a, "=")+1:])
		case a == "-positions" || a == "--positions":
			positions = true
		case a == "-h" || a == "--help":
			usage("")
		case strings.HasPrefix(a, "-") && a != "-":
			usage("unknown flag " + a)
		default:
			files = append(files, a)
		}
	}
	if len(files) != 1 {
		usage("exactly one JOBFILE")
	}
	job, where, diags := convertFile(files[0], vars, varFiles, os.Environ())
	if diags.HasErrors() {
		printDiags(diags)
		os.Exit(1)
	}
	doc := map[string]interface{}{"Job": job}
	if positions {
		doc["Positions"] = where
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		fmt.Fprintln(os.Stderr, "error: "+err.Error())
		os.Exit(1)
	}
	os.Stdout.Write(append(out, '\n'))
}

func usage(problem string) {
	if problem != "" {
		fmt.Fprintln(os.Stderr, "hcl2json: "+problem)
	}
	fmt.Fprintln(os.Stderr, "usage: hcl2json [-positions] [-var NAME=VALUE ...] [-var-file FILE ...] JOBFILE")
	os.Exit(2)
}

// printDiags writes each error as FILE:LINE:COLUMN: summary: detail.
func printDiags(diags hcl.Diagnostics) {
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		where := ""
		if d.Subject != nil {
			where = fmt.Sprintf("%s:%d:%d: ", d.Subject.Filename, d.Subject.Start.Line,
				d.Subject.Start.Column)
		}
		text := d.Summary
		if d.Detail != "" {
			text += ": " + d.Detail
		}
		fmt.Fprintln(os.Stderr, where+text)
	}
}

// parseSource parses HCL native syntax, or HCL's JSON syntax when the text starts with '{'
// (jobspec2 parseHCLOrJSON).
func parseSource(src []byte, filename string) (*hcl.File, hcl.Diagnostics) {
	for _, c := range src {
		if c == ' ' || c == '\n' || c == '\t' || c == '\r' {
			continue
		}
		if c == '{' {
			return hcljson.Parse(src, filename)
		}
		break
	}
	return hclsyntax.ParseConfig(src, filename, hcl.Pos{Line: 1, Column: 1})
}

func sortedKeys(m map[string]interface{}) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
