package catalog

import (
	"regexp"
	"strings"
	"testing"
)

// TestNoEnglishProse renders every entry with Chinese arguments and checks
// that no English word (three or more Latin letters) appears, apart from
// file-format names.
func TestNoEnglishProse(t *testing.T) {
	english := regexp.MustCompile(`[A-Za-z]{3,}`)
	allowed := map[string]bool{"JPG": true, "PNG": true, "GIF": true}
	for _, id := range IDs() {
		got := Render(id, Args{"Label": "编号", "Name": "张三", "Text": "内容", "Time": "今天"})
		for _, w := range english.FindAllString(got, -1) {
			if !allowed[w] {
				t.Errorf("entry %s renders English %q in %q", id, w, got)
			}
		}
		if strings.Contains(got, "<no value>") {
			t.Errorf("entry %s renders a missing-value marker: %q", id, got)
		}
	}
}

func TestRender(t *testing.T) {
	got := Render(OutcomeValid, Args{"Label": "P7", "Balance": 12, "Today": 3, "Cap": 20})
	want := "✅ P7 有效，+1 分！当前积分 12，今日已得 3/20 分。"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestUnknownIDFallsBack(t *testing.T) {
	if got, want := Render("no.such.entry", nil), messages[Fallback]; got != want {
		t.Errorf("got %q, want the fallback %q", got, want)
	}
}
