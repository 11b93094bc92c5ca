package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// ErrInvalid is wrapped by every error Load returns for a config file that
// was read but cannot be used (syntax, unknown key, wrong type, or a value
// that fails Validate). The CLI maps it to exit code 2.
var ErrInvalid = errors.New("invalid configuration")

// Load reads the YAML file at path over Default(), applies environment
// overrides, and validates the result. Errors name the file and line.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w: config file %s not found (pass -config FILE or set %s): %w", ErrInvalid, path, EnvConfig, err)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: read config file %s: %w", ErrInvalid, path, err)
	}
	cfg, err := Parse(path, data)
	if err != nil {
		return nil, err
	}
	ApplyEnv(cfg, os.LookupEnv)
	if problems := cfg.problems(); len(problems) > 0 {
		for i, p := range problems {
			problems[i] = cfg.locate(path, p)
		}
		return nil, fmt.Errorf("%w:\n  %s", ErrInvalid, strings.Join(problems, "\n  "))
	}
	return cfg, nil
}

// locate prefixes a validation problem with the file and, when the key it
// is about appears in the file, the key's line.
func (c *Config) locate(file, problem string) string {
	key, _, _ := strings.Cut(problem, " ")
	key = strings.TrimRight(key, ",")
	if line, ok := c.lines[key]; ok {
		return fmt.Sprintf("%s:%d: %s", file, line, problem)
	}
	return fmt.Sprintf("%s: %s", file, problem)
}

// Parse decodes data strictly over Default(). name is used in messages only.
// It does not apply the environment or validate.
func Parse(name string, data []byte) (*Config, error) {
	cfg := Default()
	if len(bytes.TrimSpace(data)) == 0 {
		return cfg, nil
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%s: %w: %s", name, ErrInvalid, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(root.Content) == 0 {
		return cfg, nil
	}
	doc := root.Content[0]
	var problems []string
	checkNode(doc, reflect.TypeOf(*cfg), "", func(line int, format string, args ...any) {
		problems = append(problems, fmt.Sprintf("%s:%d: %s", name, line, fmt.Sprintf(format, args...)))
	})
	cfg.lines = map[string]int{}
	recordLines(doc, "", cfg.lines)
	if len(problems) > 0 {
		return nil, fmt.Errorf("%w:\n  %s", ErrInvalid, strings.Join(problems, "\n  "))
	}
	if err := doc.Decode(cfg); err != nil {
		return nil, fmt.Errorf("%s: %w: %s", name, ErrInvalid, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	return cfg, nil
}

var durationType = reflect.TypeOf(time.Duration(0))

// recordLines maps every key path in n ("points.daily_cap",
// "rewards[1].cost") to the line of its value.
func recordLines(n *yaml.Node, path string, lines map[string]int) {
	if n.Kind == yaml.AliasNode {
		return
	}
	if path != "" {
		lines[path] = n.Line
	}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			child := n.Content[i].Value
			if path != "" {
				child = path + "." + child
			}
			recordLines(n.Content[i+1], child, lines)
		}
	case yaml.SequenceNode:
		for i, item := range n.Content {
			recordLines(item, fmt.Sprintf("%s[%d]", path, i), lines)
		}
	}
}

// checkNode walks n alongside the Go type t and reports unknown keys and
// values of the wrong kind, with the dotted key path and the line.
func checkNode(n *yaml.Node, t reflect.Type, path string, report func(line int, format string, args ...any)) {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	key := path
	if key == "" {
		key = "(top level)"
	}
	switch {
	case t == durationType:
		if n.Kind != yaml.ScalarNode {
			report(n.Line, "%s must be a duration such as 30s, 10m or 72h", key)
			return
		}
		if _, err := time.ParseDuration(n.Value); err != nil && n.Value != "0" {
			report(n.Line, "%s must be a duration such as 30s, 10m or 72h, got %q", key, n.Value)
		}
	case t.Kind() == reflect.Struct:
		if n.Kind != yaml.MappingNode {
			report(n.Line, "%s must be a mapping of keys", key)
			return
		}
		fields := yamlFields(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			child := k.Value
			if path != "" {
				child = path + "." + k.Value
			}
			f, ok := fields[k.Value]
			if !ok {
				report(k.Line, "unknown key %q%s", child, suggest(k.Value, fields))
				continue
			}
			checkNode(v, f.Type, child, report)
		}
	case t.Kind() == reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			report(n.Line, "%s must be a list", key)
			return
		}
		for i, item := range n.Content {
			checkNode(item, t.Elem(), fmt.Sprintf("%s[%d]", path, i), report)
		}
	default:
		if n.Kind != yaml.ScalarNode {
			report(n.Line, "%s must be a single value, not a list or mapping", key)
			return
		}
		checkScalar(n, t, key, report)
	}
}

func checkScalar(n *yaml.Node, t reflect.Type, key string, report func(line int, format string, args ...any)) {
	switch t.Kind() {
	case reflect.Bool:
		if _, err := strconv.ParseBool(n.Value); err != nil || n.Tag != "!!bool" {
			report(n.Line, "%s must be true or false, got %q", key, n.Value)
		}
	case reflect.Int, reflect.Int64, reflect.Int32:
		if n.Tag != "!!int" {
			report(n.Line, "%s must be a whole number, got %q", key, n.Value)
		}
	case reflect.Float64, reflect.Float32:
		if n.Tag != "!!int" && n.Tag != "!!float" {
			report(n.Line, "%s must be a number, got %q", key, n.Value)
		}
	case reflect.String:
		if n.Tag != "!!str" && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) == 0 {
			// Unquoted numbers and booleans become strings silently in many
			// decoders; we accept them, as YAML users expect, except booleans,
			// which are almost always a mistake (e.g. an unquoted "no").
			if n.Tag == "!!bool" {
				report(n.Line, "%s must be text; quote %q if you mean the word", key, n.Value)
			}
		}
	}
}

// yamlFields maps yaml key names to struct fields.
func yamlFields(t reflect.Type) map[string]reflect.StructField {
	out := make(map[string]reflect.StructField, t.NumField())
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "" || name == "-" {
			continue
		}
		out[name] = f
	}
	return out
}

// suggest returns a "did you mean" hint for a misspelt key.
func suggest(key string, fields map[string]reflect.StructField) string {
	limit := max(1, len(key)/3)
	best, bestDist := "", limit+1
	for name := range fields {
		if d := editDistance(key, name); d < bestDist || (d == bestDist && name < best) {
			best, bestDist = name, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
