package notify

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
	"cel.dev/cel-go/interpreter"
)

// MaxFilterLen is the longest filter expression accepted, in bytes.
const MaxFilterLen = 4096

// maxFilterCost bounds the estimated worst-case cost of a filter, in CEL's cost units (about
// one per operation), with every string, map and list at the largest an event allows. It
// keeps one subscriber from making the dispatcher spend milliseconds per event: a filter like
// event.related_ids.all(a, event.related_ids.all(b, ...)) is refused at compile time.
const maxFilterCost = 200_000

// celTypeName is the CEL type of the `event` variable.
const celTypeName = "warden.Event"

// A Filter is a compiled CEL expression of type bool over the variable `event` (see the
// package documentation for its fields). It is immutable and safe for concurrent use.
//
// Compilation happens once, in CompileFilter. Evaluation takes one of two routes with the same
// result: most filters people write (comparisons of event fields with constants, `in` lists,
// evidence look-ups, startsWith/endsWith/contains, joined by &&, || and !) are translated into
// plain Go closures at compile time; anything else runs in the CEL interpreter. The
// translation keeps CEL's semantics exactly, errors included (a missing evidence key is an
// error, and `false && error` is false): the tests check it against the interpreter on
// generated expressions.
//
// A filter whose top level is a conjunction with a term event.F == "v" or event.F in ["v",
// ...] on a string field (kind, location, object_group_id, member, ...) is also indexed: the
// notifier evaluates it only on events whose F is one of the values, since on any other
// event that term is false and so is the filter. A hundred subscriptions to a hundred
// locations then cost a map look-up per event, not a hundred evaluations.
type Filter struct {
	expr string
	// fast is the translated filter, nil when the expression needs the interpreter.
	fast func(*Event) tri
	prg  cel.Program
	// index, when set, is a conjunct that the event must satisfy to match.
	index *filterIndex
}

// tri is a CEL boolean result: true, false, or an error (which makes a filter not match).
type tri int8

const (
	triFalse tri = iota
	triTrue
	triErr
)

// ErrFilterEval is returned by Filter.Match when evaluation failed (a missing evidence key, a
// bad regular expression in matches(), ...): the event does not match.
var ErrFilterEval = errors.New("filter evaluation failed")

// CompileFilter compiles expr. An empty (or all-space) expression matches every event. A bad
// expression yields a *FieldError for field "filter" (errors.Is(err, ErrInvalid)) whose
// Reason is the CEL compiler's message.
func CompileFilter(expr string) (*Filter, error) { return compileFilter(expr, true) }

// CompileFilterInterpreted is CompileFilter without the translation into Go: the filter
// always runs in the CEL interpreter. The results are the same, only slower; it exists to
// measure the difference and to rule the translation out when debugging a filter.
func CompileFilterInterpreted(expr string) (*Filter, error) { return compileFilter(expr, false) }

func compileFilter(expr string, translated bool) (*Filter, error) {
	f := &Filter{expr: expr}
	if strings.TrimSpace(expr) == "" {
		f.fast = func(*Event) tri { return triTrue }
		return f, nil
	}
	if len(expr) > MaxFilterLen {
		return nil, fieldErr("filter", "%d bytes, at most %d", len(expr), MaxFilterLen)
	}
	env, err := celEnv()
	if err != nil {
		return nil, err
	}
	ast, iss := env.Compile(expr)
	if iss.Err() != nil {
		return nil, &FieldError{Field: "filter", Reason: iss.Err().Error()}
	}
	if t := ast.OutputType(); !t.IsExactType(types.BoolType) && !t.IsExactType(types.DynType) {
		return nil, fieldErr("filter", "the expression is of type %s, a filter must be a bool", t)
	}
	est, err := env.EstimateCost(ast, sizeEstimator{})
	if err != nil {
		return nil, fieldErr("filter", "estimating its cost: %v", err)
	}
	if est.Max > maxFilterCost {
		return nil, fieldErr("filter", "too costly: worst case %d operations on one event, at most %d", est.Max, maxFilterCost)
	}
	f.index = indexOf(ast.NativeRep().Expr())
	if translated {
		f.fast = translate(ast.NativeRep().Expr())
	}
	if f.fast == nil {
		f.prg, err = env.Program(ast, cel.EvalOptions(cel.OptOptimize))
		if err != nil {
			return nil, fieldErr("filter", "%v", err)
		}
	}
	return f, nil
}

// MustCompileFilter is CompileFilter for expressions known to be good; it panics otherwise.
func MustCompileFilter(expr string) *Filter {
	f, err := CompileFilter(expr)
	if err != nil {
		panic(err)
	}
	return f
}

// Expression returns the source text.
func (f *Filter) Expression() string { return f.expr }

// Interpreted reports whether the filter runs in the CEL interpreter rather than as
// translated Go code; the result is the same either way, only speed differs.
func (f *Filter) Interpreted() bool { return f.fast == nil }

// Match reports whether e matches. An evaluation error (wrapping ErrFilterEval) means no
// match. A nil Filter matches everything.
func (f *Filter) Match(e *Event) (bool, error) {
	if f == nil {
		return true, nil
	}
	return f.match(newCELEvent(e))
}

// match evaluates against a prepared activation, so that one event's CEL view is built once
// for every filter it meets.
func (f *Filter) match(ce *celEvent) (bool, error) {
	if f.fast != nil {
		switch f.fast(ce.e) {
		case triTrue:
			return true, nil
		case triFalse:
			return false, nil
		}
		return false, fmt.Errorf("%w: %s", ErrFilterEval, f.fallbackErr(ce))
	}
	return f.evalCEL(ce)
}

func (f *Filter) evalCEL(ce *celEvent) (bool, error) {
	out, _, err := f.prg.Eval(ce)
	if err != nil {
		return false, fmt.Errorf("%w: %v", ErrFilterEval, err)
	}
	b, ok := out.(types.Bool)
	if !ok {
		return false, fmt.Errorf("%w: result is %s, not bool", ErrFilterEval, out.Type().TypeName())
	}
	return bool(b), nil
}

// fallbackErr explains an error of a translated filter by running the interpreter, which
// knows the message. Errors are rare (a filter that names a missing evidence key), so the
// cost of compiling a program here is paid only then.
func (f *Filter) fallbackErr(ce *celEvent) string {
	env, err := celEnv()
	if err != nil {
		return err.Error()
	}
	ast, iss := env.Compile(f.expr)
	if iss.Err() != nil {
		return iss.Err().Error()
	}
	prg, err := env.Program(ast)
	if err != nil {
		return err.Error()
	}
	if _, _, err := prg.Eval(ce); err != nil {
		return err.Error()
	}
	return "error" // the interpreter disagrees: the translation tests would have caught it
}

// The CEL environment is built once: it is immutable and safe for concurrent use.
var (
	envOnce sync.Once
	envVal  *cel.Env
	envErr  error
)

func celEnv() (*cel.Env, error) {
	envOnce.Do(func() {
		reg, err := types.NewRegistry()
		if err != nil {
			envErr = err
			return
		}
		envVal, envErr = cel.NewEnv(
			cel.CustomTypeProvider(&eventProvider{Registry: reg}),
			cel.Variable("event", eventType),
			cel.ParserExpressionSizeLimit(MaxFilterLen),
		)
	})
	return envVal, envErr
}

var eventType = types.NewObjectType(celTypeName)

// celField is one field of `event` as CEL sees it.
type celField struct {
	name string
	typ  *types.Type
	get  func(e *Event) ref.Val
	doc  string
}

// celFields is the `event` variable's fields, in the order the package doc lists them.
var celFields = []celField{
	{"id", types.StringType, func(e *Event) ref.Val { return types.String(e.ID) }, "unique event id"},
	{"seq", types.IntType, func(e *Event) ref.Val { return types.Int(int64(e.Seq)) }, "position in the history (commit order)"},
	{"kind", types.StringType, func(e *Event) ref.Val { return types.String(e.Kind) }, `e.g. "ObjectCrashFault"`},
	{"time", types.TimestampType, func(e *Event) ref.Val { return types.Timestamp{Time: e.Time} }, "when the fault was observed"},
	{"domain", types.StringType, func(e *Event) ref.Val { return types.String(e.Domain) }, "FT domain id"},
	{"location", types.StringType, func(e *Event) ref.Val { return types.String(e.Location) }, "host/agent"},
	{"type_id", types.StringType, func(e *Event) ref.Val { return types.String(e.TypeID) }, "type of the failed objects"},
	{"object_group_id", types.StringType, func(e *Event) ref.Val { return types.String(e.GroupID) }, "object group of the failed member"},
	{"member", types.StringType, func(e *Event) ref.Val { return types.String(e.Member) }, "the failed member"},
	{"detector", types.StringType, func(e *Event) ref.Val { return types.String(e.Detector) }, "who reported it"},
	{"severity", types.StringType, func(e *Event) ref.Val { return types.String(e.Severity.String()) }, `"info", "warning", "error", "critical" or ""`},
	{"severity_level", types.IntType, func(e *Event) ref.Val { return types.Int(e.Severity) }, "0 (unspecified) to 4 (critical)"},
	{"scope", types.StringType, func(e *Event) ref.Val { return types.String(e.Scope()) }, `"member", "type", "location" or "domain"`},
	{"evidence", types.NewMapType(types.StringType, types.StringType), func(e *Event) ref.Val {
		return types.NewStringStringMap(types.DefaultTypeAdapter, e.Evidence)
	}, "map(string, string)"},
	{"related_ids", types.NewListType(types.StringType), func(e *Event) ref.Val {
		return types.NewStringList(types.DefaultTypeAdapter, e.RelatedIDs)
	}, "list(string)"},
}

var (
	celFieldTypes = map[string]*types.FieldType{}
	celFieldNames []string
)

func init() {
	for _, f := range celFields {
		get := f.get
		celFieldNames = append(celFieldNames, f.name)
		celFieldTypes[f.name] = &types.FieldType{
			Type:  f.typ,
			IsSet: func(any) bool { return true },
			GetFrom: func(target any) (any, error) {
				ce, ok := target.(*celEvent)
				if !ok {
					return nil, fmt.Errorf("%s: not a %s: %T", celTypeName, celTypeName, target)
				}
				return get(ce.e), nil
			},
		}
	}
}

// eventProvider adds the `event` type to CEL's standard type registry.
type eventProvider struct {
	*types.Registry
}

func (p *eventProvider) FindStructType(name string) (*types.Type, bool) {
	if name == celTypeName {
		return types.NewTypeTypeWithParam(eventType), true
	}
	return p.Registry.FindStructType(name)
}

func (p *eventProvider) FindStructFieldNames(name string) ([]string, bool) {
	if name == celTypeName {
		return celFieldNames, true
	}
	return p.Registry.FindStructFieldNames(name)
}

func (p *eventProvider) FindStructFieldType(name, field string) (*types.FieldType, bool) {
	if name == celTypeName {
		ft, ok := celFieldTypes[field]
		return ft, ok
	}
	return p.Registry.FindStructFieldType(name, field)
}

func (p *eventProvider) NewValue(name string, fields map[string]ref.Val) ref.Val {
	if name == celTypeName {
		return types.NewErr("%s values cannot be constructed in a filter", celTypeName)
	}
	return p.Registry.NewValue(name, fields)
}

// celEvent is an event as a CEL value, and the activation that binds it to `event`. Filters
// read the event's fields through it without copying the event.
type celEvent struct {
	e *Event
}

func newCELEvent(e *Event) *celEvent { return &celEvent{e: e} }

// ResolveName implements interpreter.Activation.
func (ce *celEvent) ResolveName(name string) (any, bool) {
	if name == "event" {
		return ce, true
	}
	return nil, false
}

// Parent implements interpreter.Activation.
func (ce *celEvent) Parent() interpreter.Activation { return nil }

// ConvertToNative implements ref.Val.
func (ce *celEvent) ConvertToNative(t reflect.Type) (any, error) {
	if t == reflect.TypeFor[*Event]() {
		return ce.e, nil
	}
	return nil, fmt.Errorf("%s cannot be converted to %v", celTypeName, t)
}

// ConvertToType implements ref.Val.
func (ce *celEvent) ConvertToType(t ref.Type) ref.Val {
	if t.TypeName() == celTypeName {
		return ce
	}
	if t == types.TypeType {
		return eventType
	}
	return types.NewErr("type conversion error from %s to %s", celTypeName, t.TypeName())
}

// Equal implements ref.Val: two events are equal when they are the same event.
func (ce *celEvent) Equal(other ref.Val) ref.Val {
	o, ok := other.(*celEvent)
	return types.Bool(ok && o.e == ce.e)
}

// Type implements ref.Val.
func (ce *celEvent) Type() ref.Type { return eventType }

// Value implements ref.Val; field access (GetFrom) receives it.
func (ce *celEvent) Value() any { return ce }

// Get implements traits.Indexer for dynamic field access.
func (ce *celEvent) Get(index ref.Val) ref.Val {
	name, ok := index.(types.String)
	if !ok {
		return types.NewErr("no such field: %v", index)
	}
	for _, f := range celFields {
		if f.name == string(name) {
			return f.get(ce.e)
		}
	}
	return types.NewErr("no such field: %s", name)
}

// IsSet implements traits.FieldTester: every field of an event is set (an empty string is
// the absent value, as in proto3).
func (ce *celEvent) IsSet(field ref.Val) ref.Val {
	name, ok := field.(types.String)
	if !ok {
		return types.NewErr("no such field: %v", field)
	}
	if _, ok := celFieldTypes[string(name)]; ok {
		return types.True
	}
	return types.NewErr("no such field: %s", name)
}

var (
	_ ref.Val                = (*celEvent)(nil)
	_ traits.Indexer         = (*celEvent)(nil)
	_ traits.FieldTester     = (*celEvent)(nil)
	_ interpreter.Activation = (*celEvent)(nil)
	_ types.Provider         = (*eventProvider)(nil)
)
