package web

import (
	"io/fs"
	"regexp"
	"testing"

	"gridbot/catalog"
	"gridbot/points"
	"gridbot/staff"
)

// TestTemplateTextIsInTheCatalog checks that every catalog id a template
// names exists, so no page shows the fallback text.
func TestTemplateTextIsInTheCatalog(t *testing.T) {
	ids := regexp.MustCompile(`\{\{t "([^"]+)"`)
	files, _ := fs.Glob(templateFS, "templates/*.html")
	for _, f := range files {
		b, _ := fs.ReadFile(templateFS, f)
		for _, m := range ids.FindAllStringSubmatch(string(b), -1) {
			if !catalog.Has(catalog.ID(m[1])) {
				t.Errorf("%s names %q, which the catalog lacks", f, m[1])
			}
		}
	}
	for _, k := range []points.Kind{points.KindAward, points.KindHold, points.KindPost, points.KindVoid, points.KindExpire, points.KindReversal, points.KindAdjustment} {
		if !catalog.Has(catalog.ID("dash.kind." + string(k))) {
			t.Errorf("no label for entry kind %s", k)
		}
	}
	for _, tb := range exportTables {
		if !catalog.Has(catalog.ID("dash.table." + string(tb))) {
			t.Errorf("no label for export table %s", tb)
		}
	}
	_ = staff.TableAll
}
