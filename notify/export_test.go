package notify

// InterpretedFilter compiles a filter that always runs in the CEL interpreter, for tests that
// check the translation against it.
func InterpretedFilter(expr string) (*Filter, error) { return interpretedFilter(expr) }
