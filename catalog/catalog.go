package catalog

import (
	"fmt"
	"sort"
	"strings"
	"text/template"
)

// ID names a catalog entry.
type ID string

// Args are the named values an entry uses, as {{.Name}}.
type Args map[string]any

var parsed = func() map[ID]*template.Template {
	for id, text := range dashboard { // the Dashboard group (dashboard.go)
		if _, dup := messages[id]; dup {
			panic(fmt.Sprintf("catalog: entry %s is defined twice", id))
		}
		messages[id] = text
	}
	out := make(map[ID]*template.Template, len(messages))
	for id, text := range messages {
		t, err := template.New(string(id)).Option("missingkey=zero").Parse(text)
		if err != nil {
			panic(fmt.Sprintf("catalog: entry %s does not parse: %v", id, err))
		}
		out[id] = t
	}
	return out
}()

// Render returns entry id filled with args. An unknown id renders the
// generic fallback so that a rider never sees an error.
func Render(id ID, args Args) string {
	t, ok := parsed[id]
	if !ok {
		t = parsed[Fallback]
	}
	var b strings.Builder
	if err := t.Execute(&b, map[string]any(args)); err != nil {
		return messages[Fallback]
	}
	return strings.ReplaceAll(b.String(), "<no value>", "")
}

// Text renders an entry that takes no arguments.
func Text(id ID) string { return Render(id, nil) }

// Has reports whether id is in the catalog.
func Has(id ID) bool { _, ok := messages[id]; return ok }

// IDs returns every entry id, sorted.
func IDs() []ID {
	out := make([]ID, 0, len(messages))
	for id := range messages {
		out = append(out, id)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
