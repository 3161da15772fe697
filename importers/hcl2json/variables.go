// Input variables, locals, functions and runtime references, as jobspec2 evaluates them
// (types.variables.go, types.config.go, functions.go).
//
// Values, last wins: a variable's default, NOMAD_VAR_<name> in the environment, each
// -var-file in order, each -var in order. A -var or environment value of a variable typed
// string, number or without a type is a string literal, else an HCL expression
// (expressionFromVariableDefinition). Setting an undeclared variable is an error, as in
// Nomad's strict parsing; a variable with no value is "Unset variable" at its declaration.
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

type variable struct {
	name  string
	typ   cty.Type // cty.NilType when the block gives none
	decl  hcl.Range
	value cty.Value
	set   bool
}

// functions are jobspec2's Functions() less those from go-cty-funcs (cidr*, crypto, base64,
// url, uuid) and go-cty-yaml, which Debian does not package, and the filesystem functions,
// which jobspec2 disables by default.
func functions() map[string]function.Function {
	return map[string]function.Function{
		"abs": stdlib.AbsoluteFunc, "can": tryfunc.CanFunc, "ceil": stdlib.CeilFunc,
		"chomp": stdlib.ChompFunc, "chunklist": stdlib.ChunklistFunc,
		"coalesce": stdlib.CoalesceFunc, "coalescelist": stdlib.CoalesceListFunc,
		"compact": stdlib.CompactFunc, "concat": stdlib.ConcatFunc,
		"contains": stdlib.ContainsFunc, "csvdecode": stdlib.CSVDecodeFunc,
		"distinct": stdlib.DistinctFunc, "element": stdlib.ElementFunc,
		"flatten": stdlib.FlattenFunc, "floor": stdlib.FloorFunc, "format": stdlib.FormatFunc,
		"formatdate": stdlib.FormatDateFunc, "formatlist": stdlib.FormatListFunc,
		"indent": stdlib.IndentFunc, "index": stdlib.IndexFunc, "join": stdlib.JoinFunc,
		"jsondecode": stdlib.JSONDecodeFunc, "jsonencode": stdlib.JSONEncodeFunc,
		"keys": stdlib.KeysFunc, "length": stdlib.LengthFunc, "log": stdlib.LogFunc,
		"lookup": stdlib.LookupFunc, "lower": stdlib.LowerFunc, "max": stdlib.MaxFunc,
		"merge": stdlib.MergeFunc, "min": stdlib.MinFunc, "parseint": stdlib.ParseIntFunc,
		"pow": stdlib.PowFunc, "range": stdlib.RangeFunc, "reverse": stdlib.ReverseFunc,
		"replace": stdlib.ReplaceFunc, "regex_replace": stdlib.RegexReplaceFunc,
		"setintersection": stdlib.SetIntersectionFunc, "setproduct": stdlib.SetProductFunc,
		"setunion": stdlib.SetUnionFunc, "signum": stdlib.SignumFunc,
		"slice": stdlib.SliceFunc, "sort": stdlib.SortFunc, "split": stdlib.SplitFunc,
		"strlen": stdlib.StrlenFunc, "strrev": stdlib.ReverseFunc, "substr": stdlib.SubstrFunc,
		"timeadd": stdlib.TimeAddFunc, "title": stdlib.TitleFunc, "trim": stdlib.TrimFunc,
		"trimprefix": stdlib.TrimPrefixFunc, "trimspace": stdlib.TrimSpaceFunc,
		"trimsuffix": stdlib.TrimSuffixFunc, "try": tryfunc.TryFunc, "upper": stdlib.UpperFunc,
		"values": stdlib.ValuesFunc, "zipmap": stdlib.ZipmapFunc,
	}
}

func rangeOf(filename string) *hcl.Range {
	return &hcl.Range{Filename: filename, Start: hcl.Pos{Line: 1, Column: 1},
		End: hcl.Pos{Line: 1, Column: 1}}
}

// declareVariable reads one `variable "name" { type default description validation }`.
func declareVariable(block *hcl.Block, vars map[string]*variable) hcl.Diagnostics {
	content, diags := block.Body.Content(&hcl.BodySchema{
		Attributes: []hcl.AttributeSchema{{Name: "type"}, {Name: "default"},
			{Name: "description"}, {Name: "sensitive"}},
		Blocks: []hcl.BlockHeaderSchema{{Type: "validation"}},
	})
	name := block.Labels[0]
	if _, dup := vars[name]; dup {
		return append(diags, &hcl.Diagnostic{Severity: hcl.DiagError,
			Summary: "Duplicate variable", Detail: "Duplicate " + name + " variable definition found.",
			Subject: block.DefRange.Ptr()})
	}
	v := &variable{name: name, typ: cty.NilType, decl: block.DefRange}
	if attr, ok := content.Attributes["type"]; ok {
		t, more := typeexpr.TypeConstraint(attr.Expr)
		diags = append(diags, more...)
		v.typ = t
	}
	if attr, ok := content.Attributes["default"]; ok {
		val, more := attr.Expr.Value(nil)
		diags = append(diags, more...)
		if !more.HasErrors() {
			val, more = convertTo(v, val, attr.Expr.Range())
			diags = append(diags, more...)
			v.value, v.set = val, true
		}
	}
	vars[name] = v
	return diags
}

func convertTo(v *variable, val cty.Value, r hcl.Range) (cty.Value, hcl.Diagnostics) {
	if v.typ == cty.NilType || v.typ == cty.DynamicPseudoType {
		return val, nil
	}
	c, err := convert.Convert(val, v.typ)
	if err != nil {
		return cty.DynamicVal, hcl.Diagnostics{&hcl.Diagnostic{Severity: hcl.DiagError,
			Summary: "Invalid value for variable",
			Detail: fmt.Sprintf("The value for %s is not compatible with the variable's type "+
				"constraint: %s.", v.name, err),
			Subject: r.Ptr()}}
	}
	return c, nil
}

// fromString is a -var or NOMAD_VAR_ value (expressionFromVariableDefinition).
func fromString(v *variable, text, source string) (cty.Value, hcl.Diagnostics) {
	if v.typ == cty.NilType || v.typ == cty.String || v.typ == cty.Number ||
		v.typ == cty.DynamicPseudoType {
		return convertTo(v, cty.StringVal(text), *rangeOf(source))
	}
	expr, diags := hclsyntax.ParseExpression([]byte(text), source, hcl.Pos{Line: 1, Column: 1})
	if diags.HasErrors() {
		return cty.DynamicVal, diags
	}
	val, diags := expr.Value(nil)
	if diags.HasErrors() {
		return cty.DynamicVal, diags
	}
	return convertTo(v, val, expr.Range())
}

// assignVariables applies the environment, the var files and the -var flags in that order.
func assignVariables(vars map[string]*variable, env, varFiles, flags []string) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, raw := range env {
		if !strings.HasPrefix(raw, "NOMAD_VAR_") {
			continue
		}
		name, value, ok := strings.Cut(strings.TrimPrefix(raw, "NOMAD_VAR_"), "=")
		v := vars[name]
		if !ok || v == nil {
			continue // jobspec2 ignores environment values of undeclared variables
		}
		val, more := fromString(v, value, fmt.Sprintf("<value for var.%s from env>", name))
		diags = append(diags, more...)
		v.value, v.set = val, true
	}
	for _, path := range varFiles {
		src, err := os.ReadFile(path)
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError,
				Summary: "Failed to read var file", Detail: err.Error(), Subject: rangeOf(path)})
			continue
		}
		file, more := parseSource(src, path)
		diags = append(diags, more...)
		if more.HasErrors() {
			continue
		}
		attrs, more := file.Body.JustAttributes()
		diags = append(diags, more...)
		for name, attr := range attrs {
			v := vars[name]
			if v == nil {
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError,
					Summary: "Undefined variable",
					Detail: fmt.Sprintf("A %q variable was passed in but was not found in known "+
						"variables. To declare variable %q, place this block in your job "+
						"file: variable %q {}", name, name, name),
					Subject: attr.NameRange.Ptr()})
				continue
			}
			val, more := attr.Expr.Value(&hcl.EvalContext{Functions: functions()})
			diags = append(diags, more...)
			if more.HasErrors() {
				continue
			}
			val, more = convertTo(v, val, attr.Expr.Range())
			diags = append(diags, more...)
			v.value, v.set = val, true
		}
	}
	for _, flag := range flags {
		name, value, ok := strings.Cut(flag, "=")
		source := fmt.Sprintf("<value for var.%s from arguments>", name)
		if !ok {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError,
				Summary: "Invalid -var option",
				Detail: fmt.Sprintf("The given -var option %q is not correctly specified: "+
					"expected NAME=VALUE.", flag),
				Subject: rangeOf("<arguments>")})
			continue
		}
		v := vars[name]
		if v == nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError,
				Summary: "Undefined -var variable",
				Detail: fmt.Sprintf("A %q variable was passed in but was not found in known "+
					"variables. To declare variable %q, place this block in your job file: "+
					"variable %q {}", name, name, name),
				Subject: rangeOf(source)})
			continue
		}
		val, more := fromString(v, value, source)
		diags = append(diags, more...)
		v.value, v.set = val, true
	}
	for _, name := range sortedVarNames(vars) {
		v := vars[name]
		if !v.set {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError,
				Summary: fmt.Sprintf("Unset variable %q", name),
				Detail: "A used variable must be set or have a default value; set it with " +
					"-var " + name + "=VALUE or in a -var-file",
				Subject: v.decl.Ptr()})
		}
	}
	return diags
}

func sortedVarNames(vars map[string]*variable) []string {
	m := map[string]interface{}{}
	for k := range vars {
		m[k] = nil
	}
	return sortedKeys(m)
}

// eval evaluates expr; each reference whose root the context does not define (attr, node,
// meta, env, NOMAD_*, ...) evaluates to its own text in "${...}", as jobspec2's
// UndefinedVariable hook does, so the client resolves it at run time.
func (d *decoder) eval(expr hcl.Expression, ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	type node struct {
		leaf     string
		children map[string]*node
	}
	roots := map[string]*node{}
	for _, t := range expr.Variables() {
		root := t.RootName()
		if defined(ctx, root) {
			continue
		}
		r := t.SourceRange()
		text := root
		if r.End.Byte <= len(d.src) && r.Start.Byte < r.End.Byte {
			text = string(d.src[r.Start.Byte:r.End.Byte])
		}
		n := roots[root]
		if n == nil {
			n = &node{children: map[string]*node{}}
			roots[root] = n
		}
		for _, step := range t[1:] {
			key := ""
			switch s := step.(type) {
			case hcl.TraverseAttr:
				key = s.Name
			case hcl.TraverseIndex:
				if s.Key.Type() == cty.String {
					key = s.Key.AsString()
				} else if s.Key.Type() == cty.Number {
					key = s.Key.AsBigFloat().String()
				}
			}
			if key == "" {
				break
			}
			next := n.children[key]
			if next == nil {
				next = &node{children: map[string]*node{}}
				n.children[key] = next
			}
			n = next
		}
		n.leaf = "${" + text + "}"
	}
	if len(roots) == 0 {
		return expr.Value(ctx)
	}
	var build func(n *node) cty.Value
	build = func(n *node) cty.Value {
		if len(n.children) == 0 {
			return cty.StringVal(n.leaf)
		}
		m := map[string]cty.Value{}
		for k, c := range n.children {
			m[k] = build(c)
		}
		return cty.ObjectVal(m)
	}
	child := ctx.NewChild()
	child.Variables = map[string]cty.Value{}
	for name, n := range roots {
		child.Variables[name] = build(n)
	}
	return expr.Value(child)
}

func defined(ctx *hcl.EvalContext, name string) bool {
	for c := ctx; c != nil; c = c.Parent() {
		if _, ok := c.Variables[name]; ok {
			return true
		}
	}
	return false
}
