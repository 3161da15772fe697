// One jobspec file to the API job: parse, variables and locals, the job block, and
// jobspec2's normalizeJob (parse_job.go).
package main

import (
	"os"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/dynblock"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

var topSchema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "variable", LabelNames: []string{"name"}},
		{Type: "variables"},
		{Type: "locals"},
		{Type: "job", LabelNames: []string{"name"}},
	},
}

// convertFile returns the job and where each of its fields was written.
func convertFile(path string, varFlags, varFiles, env []string) (map[string]interface{},
	map[string]string, hcl.Diagnostics) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, hcl.Diagnostics{&hcl.Diagnostic{Severity: hcl.DiagError,
			Summary: "Failed to read file", Detail: err.Error(), Subject: rangeOf(path)}}
	}
	file, diags := hclsyntax.ParseConfig(src, path, hcl.Pos{Line: 1, Column: 1})
	if diags.HasErrors() {
		return nil, nil, diags
	}
	root := file.Body.(*hclsyntax.Body)
	content, more := root.Content(topSchema)
	diags = append(diags, more...)
	if diags.HasErrors() {
		return nil, nil, diags
	}
	d := newDecoder(src, root)

	vars := map[string]*variable{}
	var locals []*hcl.Attribute
	var jobs []*hcl.Block
	for _, b := range content.Blocks {
		switch b.Type {
		case "variable":
			diags = append(diags, declareVariable(b, vars)...)
		case "variables":
			attrs, more := b.Body.JustAttributes()
			diags = append(diags, more...)
			for name, attr := range attrs {
				val, more := attr.Expr.Value(nil)
				diags = append(diags, more...)
				vars[name] = &variable{name: name, typ: cty.NilType, decl: attr.NameRange,
					value: val, set: !more.HasErrors()}
			}
		case "locals":
			attrs, more := b.Body.JustAttributes()
			diags = append(diags, more...)
			for _, name := range sortedAttrNames(attrs) {
				locals = append(locals, attrs[name])
			}
		case "job":
			jobs = append(jobs, b)
		}
	}
	diags = append(diags, assignVariables(vars, env, varFiles, varFlags)...)
	if diags.HasErrors() {
		return nil, nil, diags
	}
	values := map[string]cty.Value{}
	for name, v := range vars {
		values[name] = v.value
	}
	localValues := map[string]cty.Value{}
	ctx := func() *hcl.EvalContext {
		return &hcl.EvalContext{Functions: functions(), Variables: map[string]cty.Value{
			"var": cty.ObjectVal(values), "local": cty.ObjectVal(localValues)}}
	}
	// Locals in any order: evaluate what can be, until nothing more can (a cycle or an error).
	for len(locals) > 0 {
		var pending []*hcl.Attribute
		var last hcl.Diagnostics
		for _, attr := range locals {
			v, more := d.eval(attr.Expr, ctx())
			if more.HasErrors() {
				pending = append(pending, attr)
				last = append(last, more...)
				continue
			}
			localValues[attr.Name] = v
		}
		if len(pending) == len(locals) {
			return nil, nil, append(diags, last...)
		}
		locals = pending
	}

	if len(jobs) != 1 {
		subject := rangeOf(path)
		summary := "Missing job block"
		if len(jobs) > 1 {
			subject = jobs[1].DefRange.Ptr()
			summary = "Duplicate job block"
		}
		return nil, nil, append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary,
			Detail: "A jobspec has exactly one job block", Subject: subject})
	}
	jb := jobs[0]
	d.note("", jb.DefRange)
	job, more := d.decodeStruct("Job", dynblock.Expand(jb.Body, ctx()),
		jb.Body.(*hclsyntax.Body), ctx(), "")
	diags = append(diags, more...)
	if diags.HasErrors() {
		return nil, nil, diags
	}
	normalizeJob(job, jb.Labels[0])
	return job, d.positions, diags
}

func sortedAttrNames(attrs hcl.Attributes) []string {
	m := map[string]interface{}{}
	for k := range attrs {
		m[k] = nil
	}
	return sortedKeys(m)
}

type object = map[string]interface{}

func objects(v interface{}) []object {
	list, _ := v.([]interface{})
	out := make([]object, 0, len(list))
	for _, e := range list {
		if o, ok := e.(object); ok {
			out = append(out, o)
		}
	}
	return out
}

// normalizeJob is jobspec2's (parse_job.go): ID and Name from the label, job-level tasks as
// groups of their own, job- and group-level vault and secrets copied into the tasks, static
// ports moved from DynamicPorts to ReservedPorts, and the template defaults.
func normalizeJob(job object, label string) {
	if _, ok := job["ID"]; !ok {
		job["ID"] = label
	}
	if _, ok := job["Name"]; !ok {
		job["Name"] = label
	}
	var groups []interface{}
	for _, t := range objects(job["Tasks"]) {
		groups = append(groups, object{"Name": t["Name"], "Tasks": []interface{}{t}})
	}
	if list, ok := job["TaskGroups"].([]interface{}); ok {
		groups = append(groups, list...)
	}
	delete(job, "Tasks")
	if groups != nil {
		job["TaskGroups"] = groups
	}
	for _, g := range objects(job["TaskGroups"]) {
		normalizePorts(g["Networks"])
		for _, t := range objects(g["Tasks"]) {
			if r, ok := t["Resources"].(object); ok {
				normalizePorts(r["Networks"])
			}
			for _, tpl := range objects(t["Templates"]) {
				for k, v := range map[string]interface{}{"ChangeMode": "restart",
					"Perms": "0644", "Splay": int64(5e9), "ErrMissingKey": false} {
					if _, ok := tpl[k]; !ok {
						tpl[k] = v
					}
				}
			}
			for _, key := range []string{"Vault"} {
				if _, ok := t[key]; !ok {
					if v, ok := g[key]; ok {
						t[key] = v
					} else if v, ok := job[key]; ok {
						t[key] = v
					}
				}
			}
			secrets, _ := t["Secrets"].([]interface{})
			for _, from := range []object{g, job} {
				if more, ok := from["Secrets"].([]interface{}); ok {
					secrets = append(secrets, more...)
				}
			}
			if secrets != nil {
				t["Secrets"] = secrets
			}
		}
		delete(g, "Vault")
		delete(g, "Secrets")
	}
	delete(job, "Vault")
	delete(job, "Secrets")
}

func normalizePorts(networks interface{}) {
	for _, n := range objects(networks) {
		var dynamic, reserved []interface{}
		for _, p := range objects(n["DynamicPorts"]) {
			if v, ok := p["Value"].(int64); ok && v > 0 {
				reserved = append(reserved, p)
			} else {
				dynamic = append(dynamic, p)
			}
		}
		if existing, ok := n["ReservedPorts"].([]interface{}); ok {
			reserved = append(existing, reserved...)
		}
		delete(n, "DynamicPorts")
		delete(n, "ReservedPorts")
		if dynamic != nil {
			n["DynamicPorts"] = dynamic
		}
		if reserved != nil {
			n["ReservedPorts"] = reserved
		}
	}
}
