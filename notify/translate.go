package notify

import (
	"slices"
	"strings"

	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/cost"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/overloads"
	"cel.dev/cel-go/common/types"
)

// This file translates the common shapes of filters into Go closures, so that a hundred
// subscriptions cost a hundred function calls per event rather than a hundred interpreter
// runs. The translation works on the checked AST and gives up (returns nil) on anything it
// does not know, leaving the filter to the interpreter. What it knows:
//
//	bool:   true, false, !b, b && b, b || b, s == s, s != s, s < s (and <=, >, >=), the same
//	        for ints, s in [string literals], i in [int literals], s in event.evidence,
//	        has(event.evidence.k), s.startsWith(s), s.endsWith(s), s.contains(s)
//	string: a string literal, event.<string field>, event.evidence[s], event.evidence.k
//	int:    an int literal, event.seq, event.severity_level
//
// Every value may be an error (a missing evidence key): comparisons, `in` and `!` of an
// error are an error; `&&` is false if any side is false, else an error if any side is one;
// `||` the same with true. That is CEL's commutative treatment of errors.

type (
	strGet func(*Event) (string, bool) // false: an error
	intGet func(*Event) (int64, bool)
	pred   func(*Event) tri
)

// translate returns e as a closure, or nil when it has a part the translation does not know.
func translate(e ast.Expr) pred { return boolExpr(e) }

func boolExpr(e ast.Expr) pred {
	switch e.Kind() {
	case ast.LiteralKind:
		if b, ok := e.AsLiteral().(types.Bool); ok {
			r := triFalse
			if b {
				r = triTrue
			}
			return func(*Event) tri { return r }
		}
	case ast.SelectKind:
		s := e.AsSelect()
		if s.IsTestOnly() && isEvidence(s.Operand()) { // has(event.evidence.k)
			key := s.FieldName()
			return func(ev *Event) tri { return triOf(hasKey(ev.Evidence, key)) }
		}
	case ast.CallKind:
		return callExpr(e.AsCall())
	}
	return nil
}

func callExpr(c ast.CallExpr) pred {
	args := c.Args()
	switch fn := c.FunctionName(); fn {
	case operators.LogicalAnd, operators.LogicalOr:
		// CEL's && and || are commutative, errors included, so a chain of them may run its
		// operands in any order: the cheapest first, so that a failed field comparison saves
		// the evidence look-ups after it.
		operands := flatten(fn, c)
		slices.SortStableFunc(operands, func(a, b ast.Expr) int { return exprCost(a) - exprCost(b) })
		ps := make([]pred, len(operands))
		for i, a := range operands {
			if ps[i] = boolExpr(a); ps[i] == nil {
				return nil
			}
		}
		stop, goOn := triFalse, triTrue // &&: false decides
		if fn == operators.LogicalOr {
			stop, goOn = triTrue, triFalse
		}
		if len(ps) == 2 {
			l, r := ps[0], ps[1]
			return func(ev *Event) tri {
				a := l(ev)
				if a == stop {
					return stop
				}
				b := r(ev)
				if b == stop {
					return stop
				}
				if a == triErr || b == triErr {
					return triErr
				}
				return goOn
			}
		}
		return func(ev *Event) tri {
			res := goOn
			for _, p := range ps {
				switch p(ev) {
				case stop:
					return stop
				case triErr:
					res = triErr
				}
			}
			return res
		}
	case operators.LogicalNot:
		if len(args) != 1 {
			return nil
		}
		p := boolExpr(args[0])
		if p == nil {
			return nil
		}
		return func(ev *Event) tri {
			switch p(ev) {
			case triTrue:
				return triFalse
			case triFalse:
				return triTrue
			}
			return triErr
		}
	case operators.Equals, operators.NotEquals, operators.Less, operators.LessEquals,
		operators.Greater, operators.GreaterEquals:
		if len(args) != 2 {
			return nil
		}
		if l, r := strExpr(args[0]), strExpr(args[1]); l != nil && r != nil {
			if want, ok := strLiteral(args[1]); ok && fn == operators.Equals {
				// The commonest filter: a field == "literal".
				return func(ev *Event) tri {
					a, ok := l(ev)
					if !ok {
						return triErr
					}
					return triOf(a == want)
				}
			}
			return compareStr(fn, l, r)
		}
		if l, r := intExpr(args[0]), intExpr(args[1]); l != nil && r != nil {
			return compareInt(fn, l, r)
		}
	case operators.In:
		if len(args) != 2 {
			return nil
		}
		return inExpr(args[0], args[1])
	case overloads.StartsWith, overloads.EndsWith, overloads.Contains:
		if !c.IsMemberFunction() || len(args) != 1 {
			return nil
		}
		t, a := strExpr(c.Target()), strExpr(args[0])
		if t == nil || a == nil {
			return nil
		}
		op := map[string]func(string, string) bool{
			overloads.StartsWith: strings.HasPrefix,
			overloads.EndsWith:   strings.HasSuffix,
			overloads.Contains:   strings.Contains,
		}[fn]
		return func(ev *Event) tri {
			s, ok1 := t(ev)
			x, ok2 := a(ev)
			if !ok1 || !ok2 {
				return triErr
			}
			return triOf(op(s, x))
		}
	}
	return nil
}

func inExpr(elem, coll ast.Expr) pred {
	if isEvidence(coll) { // "k" in event.evidence
		k := strExpr(elem)
		if k == nil {
			return nil
		}
		return func(ev *Event) tri {
			key, ok := k(ev)
			if !ok {
				return triErr
			}
			return triOf(hasKey(ev.Evidence, key))
		}
	}
	if coll.Kind() != ast.ListKind {
		return nil
	}
	list := coll.AsList()
	if len(list.OptionalIndices()) > 0 || list.Size() == 0 {
		return nil // the interpreter folds `x in []` to false even when x is an error
	}
	var strs []string
	var ints []int64
	for _, el := range list.Elements() {
		if el.Kind() != ast.LiteralKind {
			return nil
		}
		switch v := el.AsLiteral().(type) {
		case types.String:
			strs = append(strs, string(v))
		case types.Int:
			ints = append(ints, int64(v))
		default:
			return nil
		}
	}
	if len(strs) > 0 && len(ints) > 0 {
		return nil
	}
	if s := strExpr(elem); s != nil && len(ints) == 0 {
		if len(strs) > 8 {
			set := make(map[string]struct{}, len(strs))
			for _, x := range strs {
				set[x] = struct{}{}
			}
			return func(ev *Event) tri {
				v, ok := s(ev)
				if !ok {
					return triErr
				}
				_, in := set[v]
				return triOf(in)
			}
		}
		return func(ev *Event) tri {
			v, ok := s(ev)
			if !ok {
				return triErr
			}
			for _, x := range strs {
				if x == v {
					return triTrue
				}
			}
			return triFalse
		}
	}
	if i := intExpr(elem); i != nil && len(strs) == 0 {
		return func(ev *Event) tri {
			v, ok := i(ev)
			if !ok {
				return triErr
			}
			for _, x := range ints {
				if x == v {
					return triTrue
				}
			}
			return triFalse
		}
	}
	return nil
}

func compareStr(fn string, l, r strGet) pred {
	var cmp func(a, b string) bool
	switch fn {
	case operators.Equals:
		cmp = func(a, b string) bool { return a == b }
	case operators.NotEquals:
		cmp = func(a, b string) bool { return a != b }
	case operators.Less:
		cmp = func(a, b string) bool { return a < b }
	case operators.LessEquals:
		cmp = func(a, b string) bool { return a <= b }
	case operators.Greater:
		cmp = func(a, b string) bool { return a > b }
	case operators.GreaterEquals:
		cmp = func(a, b string) bool { return a >= b }
	}
	return func(ev *Event) tri {
		a, ok1 := l(ev)
		b, ok2 := r(ev)
		if !ok1 || !ok2 {
			return triErr
		}
		return triOf(cmp(a, b))
	}
}

func compareInt(fn string, l, r intGet) pred {
	var cmp func(a, b int64) bool
	switch fn {
	case operators.Equals:
		cmp = func(a, b int64) bool { return a == b }
	case operators.NotEquals:
		cmp = func(a, b int64) bool { return a != b }
	case operators.Less:
		cmp = func(a, b int64) bool { return a < b }
	case operators.LessEquals:
		cmp = func(a, b int64) bool { return a <= b }
	case operators.Greater:
		cmp = func(a, b int64) bool { return a > b }
	case operators.GreaterEquals:
		cmp = func(a, b int64) bool { return a >= b }
	}
	return func(ev *Event) tri {
		a, ok1 := l(ev)
		b, ok2 := r(ev)
		if !ok1 || !ok2 {
			return triErr
		}
		return triOf(cmp(a, b))
	}
}

func strExpr(e ast.Expr) strGet {
	switch e.Kind() {
	case ast.LiteralKind:
		if s, ok := e.AsLiteral().(types.String); ok {
			return constString(string(s))
		}
	case ast.SelectKind:
		s := e.AsSelect()
		if s.IsTestOnly() {
			return nil
		}
		if isEvidence(s.Operand()) { // event.evidence.k
			return evidenceGet(constString(s.FieldName()))
		}
		if !isEventVar(s.Operand()) {
			return nil
		}
		if get, ok := stringFields[s.FieldName()]; ok {
			return func(ev *Event) (string, bool) { return get(ev), true }
		}
	case ast.CallKind:
		c := e.AsCall()
		if c.FunctionName() == operators.Index && len(c.Args()) == 2 && isEvidence(c.Args()[0]) {
			if k := strExpr(c.Args()[1]); k != nil {
				return evidenceGet(k)
			}
		}
	}
	return nil
}

// stringFields are the string fields of `event`, read straight from the Event.
var stringFields = map[string]func(*Event) string{
	"id":              func(ev *Event) string { return ev.ID },
	"kind":            func(ev *Event) string { return string(ev.Kind) },
	"domain":          func(ev *Event) string { return ev.Domain },
	"location":        func(ev *Event) string { return ev.Location },
	"type_id":         func(ev *Event) string { return ev.TypeID },
	"object_group_id": func(ev *Event) string { return ev.GroupID },
	"member":          func(ev *Event) string { return ev.Member },
	"detector":        func(ev *Event) string { return ev.Detector },
	"severity":        func(ev *Event) string { return ev.Severity.String() },
	"scope":           func(ev *Event) string { return string(ev.Scope()) },
}

// A filterIndex is a conjunct of a filter of the form event.F == "v" or event.F in ["v", ...]
// on a string field F: an event whose F is none of the values cannot match (false && x is
// false in CEL, whatever x is), so the dispatcher looks filters up by the event's F instead
// of evaluating them all.
type filterIndex struct {
	field  string
	get    func(*Event) string
	values []string
}

// indexRank prefers the fields that single out the fewest events.
var indexRank = map[string]int{"id": 0, "member": 1, "object_group_id": 2, "location": 3, "type_id": 4,
	"detector": 5, "kind": 6, "domain": 7, "severity": 8, "scope": 9}

// indexOf finds the best filterIndex among the top-level conjuncts of e, or nil.
func indexOf(e ast.Expr) *filterIndex {
	conj := []ast.Expr{e}
	if e.Kind() == ast.CallKind && e.AsCall().FunctionName() == operators.LogicalAnd {
		conj = flatten(operators.LogicalAnd, e.AsCall())
	}
	var best *filterIndex
	for _, c := range conj {
		if c.Kind() != ast.CallKind {
			continue
		}
		call := c.AsCall()
		args := call.Args()
		if len(args) != 2 {
			continue
		}
		var field string
		var values []string
		switch call.FunctionName() {
		case operators.Equals:
			l, r := args[0], args[1]
			if _, ok := strLiteral(l); ok {
				l, r = r, l
			}
			v, ok := strLiteral(r)
			if !ok {
				continue
			}
			field, values = eventField(l), []string{v}
		case operators.In:
			if args[1].Kind() != ast.ListKind || len(args[1].AsList().OptionalIndices()) > 0 {
				continue
			}
			for _, el := range args[1].AsList().Elements() {
				v, ok := strLiteral(el)
				if !ok {
					values = nil
					break
				}
				values = append(values, v)
			}
			if len(values) == 0 {
				continue
			}
			field = eventField(args[0])
		}
		if get, ok := stringFields[field]; ok && (best == nil || indexRank[field] < indexRank[best.field]) {
			best = &filterIndex{field: field, get: get, values: slices.Compact(slices.Sorted(slices.Values(values)))}
		}
	}
	return best
}

// eventField returns F for the expression event.F, else "".
func eventField(e ast.Expr) string {
	if e.Kind() != ast.SelectKind {
		return ""
	}
	s := e.AsSelect()
	if s.IsTestOnly() || !isEventVar(s.Operand()) {
		return ""
	}
	return s.FieldName()
}

func intExpr(e ast.Expr) intGet {
	switch e.Kind() {
	case ast.LiteralKind:
		if i, ok := e.AsLiteral().(types.Int); ok {
			v := int64(i)
			return func(*Event) (int64, bool) { return v, true }
		}
	case ast.SelectKind:
		s := e.AsSelect()
		if s.IsTestOnly() || !isEventVar(s.Operand()) {
			return nil
		}
		switch s.FieldName() {
		case "seq":
			return func(ev *Event) (int64, bool) { return int64(ev.Seq), true }
		case "severity_level":
			return func(ev *Event) (int64, bool) { return int64(ev.Severity), true }
		}
	}
	return nil
}

func constString(s string) strGet {
	return func(*Event) (string, bool) { return s, true }
}

// strLiteral returns e's value if it is a string literal.
func strLiteral(e ast.Expr) (string, bool) {
	if e.Kind() != ast.LiteralKind {
		return "", false
	}
	s, ok := e.AsLiteral().(types.String)
	return string(s), ok
}

func evidenceGet(key strGet) strGet {
	return func(ev *Event) (string, bool) {
		k, ok := key(ev)
		if !ok {
			return "", false
		}
		v, ok := ev.Evidence[k]
		return v, ok
	}
}

func isEventVar(e ast.Expr) bool { return e.Kind() == ast.IdentKind && e.AsIdent() == "event" }

func isEvidence(e ast.Expr) bool {
	if e.Kind() != ast.SelectKind {
		return false
	}
	s := e.AsSelect()
	return !s.IsTestOnly() && s.FieldName() == "evidence" && isEventVar(s.Operand())
}

func hasKey(m map[string]string, k string) bool {
	_, ok := m[k]
	return ok
}

func triOf(b bool) tri {
	if b {
		return triTrue
	}
	return triFalse
}

// flatten returns the operands of a chain of calls of fn (&& or ||), left to right.
func flatten(fn string, c ast.CallExpr) []ast.Expr {
	var out []ast.Expr
	for _, a := range c.Args() {
		if a.Kind() == ast.CallKind && a.AsCall().FunctionName() == fn {
			out = append(out, flatten(fn, a.AsCall())...)
			continue
		}
		out = append(out, a)
	}
	return out
}

// exprCost ranks expressions by what they cost to evaluate: a map look-up or a string search
// costs more than comparing a field with a constant.
func exprCost(e ast.Expr) int {
	switch e.Kind() {
	case ast.LiteralKind, ast.IdentKind:
		return 0
	case ast.SelectKind:
		s := e.AsSelect()
		c := 1 + exprCost(s.Operand())
		if isEvidence(s.Operand()) {
			c += 8
		}
		return c
	case ast.ListKind:
		c := 0
		for _, el := range e.AsList().Elements() {
			c += 1 + exprCost(el)
		}
		return c
	case ast.CallKind:
		call := e.AsCall()
		c := 1
		switch call.FunctionName() {
		case operators.Index, operators.In:
			c += 8
		case overloads.StartsWith, overloads.EndsWith, overloads.Contains:
			c += 2
		}
		if call.IsMemberFunction() {
			c += exprCost(call.Target())
		}
		for _, a := range call.Args() {
			c += exprCost(a)
		}
		return c
	}
	return 100
}

// sizeEstimator tells CEL's cost estimator the largest values an event can hold (see the
// limits in event.go), so that the estimate of a filter is a real bound.
type sizeEstimator struct{}

func (sizeEstimator) EstimateSize(n cost.AstNode) *cost.SizeEstimate {
	p := n.Path()
	if len(p) < 2 || p[0] != "event" {
		return nil
	}
	var max uint64
	switch strings.Join(p[1:], ".") {
	case "evidence":
		max = maxEvidence
	case "evidence.@keys":
		max = maxEvidenceKey
	case "evidence.@values":
		max = maxEvidenceValue
	case "related_ids":
		max = maxRelated
	case "related_ids.@items", "id":
		max = maxIDLen
	case "kind":
		max = maxKindLen
	default:
		max = maxFieldLen
	}
	return &cost.SizeEstimate{Min: 0, Max: max}
}

func (sizeEstimator) EstimateCallCost(function, overloadID string, target *cost.AstNode, args []cost.AstNode) *cost.CallEstimate {
	return nil
}
