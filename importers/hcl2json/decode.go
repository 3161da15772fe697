// Decoding a jobspec body into API JSON, driven by apiSchema (the api package's hcl tags).
//
// A body's schema is built from what the body holds in the source (its attributes, its
// blocks, and for each `dynamic "X"` block the type X), restricted to the fields of its API
// struct, so that HCL reports an argument or block Nomad does not know as an error at its
// position ("Unsupported argument"), as Nomad's strict decoding does. The body itself is read through dynblock, so dynamic blocks
// expand with the EvalContext of the variables and locals.
package main

import (
	"fmt"
	"math/big"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

type fieldKind int

const (
	kValue     fieldKind = iota // an argument: string, number, bool, list or map
	kDuration                   // an argument: a Go duration string or nanoseconds
	kLabel                      // the block's label
	kBlock                      // one nested block
	kBlockList                  // repeated nested blocks
	kBlockMap                   // nested blocks keyed by their label (group `volume`)
	kStringMap                  // a block (or an argument) of arbitrary string keys: env, meta
	kFreeForm                   // a block of arbitrary content: a driver's config
)

type apiField struct {
	hcl  string
	json string
	kind fieldKind
	elem string // the nested struct for blocks
	typ  string // number, string, bool, list, map, object, any
}

// extraFields are blocks jobspec2 decodes outside the api structs' tags (types.config.go
// decodeTopLevelExtras, hcl_conversions.go decodeTaskGroup): job- and group-level vault and
// secret blocks, which it copies into every task, and job-level tasks, each a group of its own.
var extraFields = map[string][]apiField{
	"Job": {
		{hcl: "vault", json: "Vault", kind: kBlock, elem: "Vault"},
		{hcl: "secret", json: "Secrets", kind: kBlockList, elem: "Secret"},
		{hcl: "task", json: "Tasks", kind: kBlockList, elem: "Task"},
	},
	"TaskGroup": {
		{hcl: "vault", json: "Vault", kind: kBlock, elem: "Vault"},
		{hcl: "secret", json: "Secrets", kind: kBlockList, elem: "Secret"},
	},
	// The shorthand operators of constraint and affinity (hcl_conversions.go constraintSpec,
	// affinitySpec), folded into Operand and RTarget by shorthand().
	"Constraint": {
		{hcl: "distinct_hosts", kind: kValue, typ: "bool"},
		{hcl: "distinct_property", kind: kValue, typ: "string"},
		{hcl: "regexp", kind: kValue, typ: "string"},
		{hcl: "version", kind: kValue, typ: "string"},
		{hcl: "semver", kind: kValue, typ: "string"},
		{hcl: "set_contains", kind: kValue, typ: "string"},
		{hcl: "set_contains_all", kind: kValue, typ: "string"},
		{hcl: "set_contains_any", kind: kValue, typ: "string"},
		{hcl: "is_set", kind: kValue, typ: "string"},
		{hcl: "is_not_set", kind: kValue, typ: "string"},
	},
	"Affinity": {
		{hcl: "regexp", kind: kValue, typ: "string"},
		{hcl: "version", kind: kValue, typ: "string"},
		{hcl: "semver", kind: kValue, typ: "string"},
		{hcl: "set_contains", kind: kValue, typ: "string"},
		{hcl: "set_contains_all", kind: kValue, typ: "string"},
		{hcl: "set_contains_any", kind: kValue, typ: "string"},
	},
}

func fieldsOf(structName string) map[string]apiField {
	fields := map[string]apiField{}
	for _, f := range apiSchema[structName] {
		if f.kind != kLabel {
			fields[f.hcl] = f
		}
	}
	for _, f := range extraFields[structName] {
		fields[f.hcl] = f
	}
	return fields
}

func labelField(structName string) (apiField, bool) {
	for _, f := range apiSchema[structName] {
		if f.kind == kLabel {
			return f, true
		}
	}
	return apiField{}, false
}

// decoder holds the source of the jobspec, for the syntax behind each (expanded) body and the
// text of runtime references.
type decoder struct {
	src    []byte
	bodies map[int]*hclsyntax.Body // block DefRange start byte -> the body written there
	// Where each API field was written: "TaskGroups.0.Tasks.1.Vault" -> "FILE:LINE:COLUMN".
	positions map[string]string
}

func (d *decoder) note(path string, r hcl.Range) {
	d.positions[path] = fmt.Sprintf("%s:%d:%d", r.Filename, r.Start.Line, r.Start.Column)
}

func newDecoder(src []byte, root *hclsyntax.Body) *decoder {
	d := &decoder{src: src, bodies: map[int]*hclsyntax.Body{}, positions: map[string]string{}}
	var walk func(b *hclsyntax.Body)
	walk = func(b *hclsyntax.Body) {
		for _, blk := range b.Blocks {
			body := blk.Body
			if blk.Type == "dynamic" {
				// An expanded block keeps the dynamic block's DefRange; its body is `content`.
				for _, inner := range blk.Body.Blocks {
					if inner.Type == "content" {
						body = inner.Body
					}
				}
			}
			d.bodies[blk.DefRange().Start.Byte] = body
			walk(blk.Body)
		}
	}
	walk(root)
	return d
}

// schemaFor lists what `syntax` holds that the struct knows; the rest is reported.
func (d *decoder) schemaFor(structName string, syntax *hclsyntax.Body) (*hcl.BodySchema,
	hcl.Diagnostics) {
	fields := fieldsOf(structName)
	schema := &hcl.BodySchema{}
	var diags hcl.Diagnostics
	for name := range syntax.Attributes {
		if _, ok := fields[name]; ok {
			schema.Attributes = append(schema.Attributes, hcl.AttributeSchema{Name: name})
		}
	}
	seen := map[string]bool{}
	for _, blk := range syntax.Blocks {
		typ := blk.Type
		if typ == "dynamic" {
			if len(blk.Labels) != 1 {
				continue // dynblock reports it
			}
			typ = blk.Labels[0]
		}
		f, ok := fields[typ]
		if !ok || f.kind == kValue || f.kind == kDuration {
			if blk.Type != "dynamic" {
				continue // Content() reports it, with a suggestion
			}
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError,
				Summary: "Unsupported block type",
				Detail:  fmt.Sprintf("Blocks of type %q are not expected here.", typ),
				Subject: blk.TypeRange.Ptr()})
			continue
		}
		if seen[typ] {
			continue
		}
		seen[typ] = true
		hs := hcl.BlockHeaderSchema{Type: typ}
		if _, labelled := labelField(f.elem); labelled || f.kind == kBlockMap {
			hs.LabelNames = []string{"name"}
		}
		schema.Blocks = append(schema.Blocks, hs)
	}
	return schema, diags
}

// decodeStruct decodes `body` (whose source is `syntax`) as the API struct `structName`.
// `path` is the struct's JSON path ("TaskGroups.0."), for positions.
func (d *decoder) decodeStruct(structName string, body hcl.Body, syntax *hclsyntax.Body,
	ctx *hcl.EvalContext, path string) (map[string]interface{}, hcl.Diagnostics) {
	schema, diags := d.schemaFor(structName, syntax)
	content, more := body.Content(schema)
	diags = append(diags, more...)
	if content == nil {
		return nil, diags
	}
	out := map[string]interface{}{}
	fields := fieldsOf(structName)
	extras := map[string]cty.Value{}
	for name, attr := range content.Attributes {
		f := fields[name]
		v, more := d.eval(attr.Expr, ctx)
		diags = append(diags, more...)
		if more.HasErrors() || v.IsNull() {
			continue
		}
		if f.json == "" { // a shorthand operator
			extras[name] = v
			continue
		}
		d.note(path+f.json, attr.NameRange)
		j, more := toJSONField(f, v, attr.Expr.Range())
		diags = append(diags, more...)
		if j != nil {
			out[f.json] = j
		}
	}
	for _, blk := range content.Blocks {
		f := fields[blk.Type]
		inner := d.bodies[blk.DefRange.Start.Byte]
		if inner == nil {
			inner = &hclsyntax.Body{}
		}
		switch f.kind {
		case kStringMap:
			d.note(path+f.json, blk.DefRange)
			m, more := d.decodeStringMap(blk.Body, ctx)
			diags = append(diags, more...)
			out[f.json] = m
		case kFreeForm:
			d.note(path+f.json, blk.DefRange)
			out[f.json] = d.decodeFreeForm(blk.Body, inner, ctx, &diags)
		default:
			at := path + f.json
			switch f.kind {
			case kBlockList:
				list, _ := out[f.json].([]interface{})
				at = fmt.Sprintf("%s.%d", at, len(list))
			case kBlockMap:
				if len(blk.Labels) > 0 {
					at += "." + blk.Labels[0]
				}
			}
			d.note(at, blk.DefRange)
			obj, more := d.decodeStruct(f.elem, blk.Body, inner, ctx, at+".")
			diags = append(diags, more...)
			if obj == nil {
				continue
			}
			if lf, ok := labelField(f.elem); ok && len(blk.Labels) > 0 {
				obj[lf.json] = blk.Labels[0]
			}
			switch f.kind {
			case kBlock:
				out[f.json] = obj
			case kBlockList:
				list, _ := out[f.json].([]interface{})
				out[f.json] = append(list, obj)
			case kBlockMap:
				m, _ := out[f.json].(map[string]interface{})
				if m == nil {
					m = map[string]interface{}{}
				}
				if len(blk.Labels) > 0 {
					m[blk.Labels[0]] = obj
				}
				out[f.json] = m
			}
		}
	}
	if structName == "Constraint" || structName == "Affinity" {
		shorthand(structName, out, extras)
	}
	return out, diags
}

// shorthand folds `version = ">= 1.2"`, `distinct_hosts = true`, ... into Operand and
// RTarget, in jobspec2's order (hcl_conversions.go decodeConstraint, decodeAffinity), and
// defaults Operand to "=".
func shorthand(structName string, out map[string]interface{}, extras map[string]cty.Value) {
	str := func(name string) string {
		v, ok := extras[name]
		if !ok || v.IsNull() || v.Type() != cty.String {
			return ""
		}
		return v.AsString()
	}
	ops := []string{"version", "semver", "regexp", "set_contains"}
	if structName == "Affinity" {
		ops = []string{"version", "semver", "regexp", "set_contains_any", "set_contains_all",
			"set_contains"}
	} else {
		ops = append(ops, "set_contains_all", "set_contains_any")
	}
	for _, op := range ops {
		if s := str(op); s != "" {
			out["Operand"] = op
			out["RTarget"] = s
		}
	}
	if structName == "Constraint" {
		if v, ok := extras["distinct_hosts"]; ok && v.Type() == cty.Bool {
			out["Operand"] = "distinct_hosts"
			out["RTarget"] = fmt.Sprint(v.True())
		}
		if s := str("distinct_property"); s != "" {
			out["Operand"] = "distinct_property"
			out["LTarget"] = s
		}
		for _, op := range []string{"is_set", "is_not_set"} {
			if s := str(op); s != "" {
				out["Operand"] = op
				out["LTarget"] = s
			}
		}
	}
	if op, _ := out["Operand"].(string); op == "" {
		out["Operand"] = "="
	}
}

// decodeStringMap reads env/meta-style blocks: every argument a string.
func (d *decoder) decodeStringMap(body hcl.Body, ctx *hcl.EvalContext) (map[string]interface{},
	hcl.Diagnostics) {
	attrs, diags := body.JustAttributes()
	out := map[string]interface{}{}
	for name, attr := range attrs {
		v, more := d.eval(attr.Expr, ctx)
		diags = append(diags, more...)
		if more.HasErrors() || v.IsNull() {
			continue
		}
		s, err := convert.Convert(v, cty.String)
		if err != nil {
			diags = append(diags, unsuitable(attr.Expr.Range(), err.Error()))
			continue
		}
		out[name] = s.AsString()
	}
	return out, diags
}

// decodeFreeForm reads a driver's config: arguments as values, nested blocks as lists of
// objects (as jobspec2 decodes a map[string]any block).
func (d *decoder) decodeFreeForm(body hcl.Body, syntax *hclsyntax.Body, ctx *hcl.EvalContext,
	diags *hcl.Diagnostics) map[string]interface{} {
	schema := &hcl.BodySchema{}
	for name := range syntax.Attributes {
		schema.Attributes = append(schema.Attributes, hcl.AttributeSchema{Name: name})
	}
	seen := map[string]bool{}
	for _, blk := range syntax.Blocks {
		typ := blk.Type
		if typ == "dynamic" && len(blk.Labels) == 1 {
			typ = blk.Labels[0]
		}
		if !seen[typ] {
			seen[typ] = true
			schema.Blocks = append(schema.Blocks, hcl.BlockHeaderSchema{Type: typ})
		}
	}
	content, more := body.Content(schema)
	*diags = append(*diags, more...)
	out := map[string]interface{}{}
	if content == nil {
		return out
	}
	for name, attr := range content.Attributes {
		v, more := d.eval(attr.Expr, ctx)
		*diags = append(*diags, more...)
		if !more.HasErrors() {
			out[name] = ctyToJSON(v)
		}
	}
	for _, blk := range content.Blocks {
		inner := d.bodies[blk.DefRange.Start.Byte]
		if inner == nil {
			inner = &hclsyntax.Body{}
		}
		list, _ := out[blk.Type].([]interface{})
		out[blk.Type] = append(list, d.decodeFreeForm(blk.Body, inner, ctx, diags))
	}
	return out
}

func unsuitable(r hcl.Range, detail string) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unsuitable value type",
		Detail: detail, Subject: r.Ptr()}
}

// toJSONField converts an argument's value to the API field's type, with HCL's conversions.
func toJSONField(f apiField, v cty.Value, r hcl.Range) (interface{}, hcl.Diagnostics) {
	if f.kind == kDuration {
		if v.Type() == cty.String {
			dur, err := time.ParseDuration(v.AsString())
			if err != nil {
				return nil, hcl.Diagnostics{unsuitable(r, "Unsuitable duration value: "+err.Error())}
			}
			return int64(dur), nil
		}
		if v.Type() != cty.Number {
			return nil, hcl.Diagnostics{unsuitable(r,
				"Unsuitable value: expected a string but found "+v.Type().FriendlyName())}
		}
		n, _ := v.AsBigFloat().Int64()
		return n, nil
	}
	if f.kind == kStringMap {
		m := map[string]interface{}{}
		if !v.Type().IsObjectType() && !v.Type().IsMapType() {
			return nil, hcl.Diagnostics{unsuitable(r, "expected a map of strings")}
		}
		for k, e := range v.AsValueMap() {
			s, err := convert.Convert(e, cty.String)
			if err != nil {
				return nil, hcl.Diagnostics{unsuitable(r, err.Error())}
			}
			m[k] = s.AsString()
		}
		return m, nil
	}
	var want cty.Type
	switch f.typ {
	case "number":
		want = cty.Number
	case "string":
		want = cty.String
	case "bool":
		want = cty.Bool
	case "list":
		want = cty.List(cty.String)
	default:
		return ctyToJSON(v), nil
	}
	c, err := convert.Convert(v, want)
	if err != nil {
		return nil, hcl.Diagnostics{unsuitable(r, err.Error())}
	}
	return ctyToJSON(c), nil
}

func ctyToJSON(v cty.Value) interface{} {
	if v.IsNull() || !v.IsKnown() {
		return nil
	}
	t := v.Type()
	switch {
	case t == cty.String:
		return v.AsString()
	case t == cty.Bool:
		return v.True()
	case t == cty.Number:
		bf := v.AsBigFloat()
		if bf.IsInt() {
			i, acc := bf.Int64()
			if acc == big.Exact {
				return i
			}
		}
		f, _ := bf.Float64()
		return f
	case t.IsListType() || t.IsTupleType() || t.IsSetType():
		out := []interface{}{}
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			out = append(out, ctyToJSON(e))
		}
		return out
	case t.IsMapType() || t.IsObjectType():
		out := map[string]interface{}{}
		for k, e := range v.AsValueMap() {
			out[k] = ctyToJSON(e)
		}
		return out
	}
	return nil
}
