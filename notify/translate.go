package notify

import (
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
		ps := make([]pred, len(args))
		for i, a := range args {
			if ps[i] = boolExpr(a); ps[i] == nil {
				return nil
			}
		}
		if len(ps) != 2 {
			return nil
		}
		l, r := ps[0], ps[1]
		if fn == operators.LogicalAnd {
			return func(ev *Event) tri {
				a := l(ev)
				if a == triFalse {
					return triFalse
				}
				b := r(ev)
				if b == triFalse {
					return triFalse
				}
				if a == triErr || b == triErr {
					return triErr
				}
				return triTrue
			}
		}
		return func(ev *Event) tri {
			a := l(ev)
			if a == triTrue {
				return triTrue
			}
			b := r(ev)
			if b == triTrue {
				return triTrue
			}
			if a == triErr || b == triErr {
				return triErr
			}
			return triFalse
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
		switch s.FieldName() {
		case "id":
			return func(ev *Event) (string, bool) { return ev.ID, true }
		case "kind":
			return func(ev *Event) (string, bool) { return string(ev.Kind), true }
		case "domain":
			return func(ev *Event) (string, bool) { return ev.Domain, true }
		case "location":
			return func(ev *Event) (string, bool) { return ev.Location, true }
		case "type_id":
			return func(ev *Event) (string, bool) { return ev.TypeID, true }
		case "object_group_id":
			return func(ev *Event) (string, bool) { return ev.GroupID, true }
		case "member":
			return func(ev *Event) (string, bool) { return ev.Member, true }
		case "detector":
			return func(ev *Event) (string, bool) { return ev.Detector, true }
		case "severity":
			return func(ev *Event) (string, bool) { return ev.Severity.String(), true }
		case "scope":
			return func(ev *Event) (string, bool) { return string(ev.Scope()), true }
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
