package loadtest

import (
	"regexp"
	"strings"

	"gridbot/catalog"
)

// pattern turns catalog entry id into a regexp matching a text that
// starts with it (the conversation may append a hint): each named argument
// matches lazily, Label captures a report label (P12).
func pattern(id catalog.ID, args ...string) *regexp.Regexp {
	a := catalog.Args{}
	for i, name := range args {
		a[name] = "\x00" + string(rune('A'+i)) + "\x00"
	}
	re := regexp.QuoteMeta(catalog.Render(id, a))
	for i, name := range args {
		sub := `(?s:.*?)`
		if name == "Label" {
			sub = `(P\d+)`
		}
		re = strings.Replace(re, "\x00"+string(rune('A'+i))+"\x00", sub, 1)
	}
	return regexp.MustCompile("^" + re)
}

// Passive replies to a photo that name its report.
var photoReplies = []*regexp.Regexp{
	pattern(catalog.PhotoReceived, "Label", "Category"),
	pattern(catalog.PhotoAskCategory, "Label", "Choices"),
	pattern(catalog.PhotoKeptPending, "Label"),
}

// Registration answers that let a rider send photos.
var registered = []*regexp.Regexp{
	pattern(catalog.RegisterActive, "Name", "Phone", "Seq"),
	pattern(catalog.RegisterAlready, "Name", "Phone"),
}

// outcome kinds, as reported.
const (
	outValid     = "valid"
	outDuplicate = "duplicate"
	outBurst     = "burst"
)

// outcomeTexts are the outcome messages a photo gets, by kind. Each names
// the report with Label, except duplicate.
var outcomeTexts = []struct {
	kind string
	re   *regexp.Regexp
}{
	{outValid, pattern(catalog.OutcomeValid, "Label", "Balance", "Today", "Cap")},
	{outDuplicate, pattern(catalog.OutcomeDuplicate, "When", "Original")},
	{outBurst, pattern(catalog.OutcomeBurst, "Label", "Original")},
	{"unusable", pattern(catalog.OutcomeUnusable, "Label", "Reason", "Tip")},
	{"retake", pattern(catalog.OutcomeRetake, "Label")},
	{"over_cap", pattern(catalog.OutcomeOverCap, "Label", "Cap")},
	{"under_review", pattern(catalog.OutcomeUnderReview, "Label")},
	{"needs_location", pattern(catalog.OutcomeNeedsLocation, "Label")},
	{"download_failed", pattern(catalog.OutcomeDownloadFail, "Label")},
}

// matchOutcome returns the kind of outcome text t is and its label ("" for
// duplicate), or ok false when t is no outcome.
func matchOutcome(t string) (kind, label string, ok bool) {
	for _, o := range outcomeTexts {
		if m := o.re.FindStringSubmatch(t); m != nil {
			if len(m) > 1 && o.kind != outDuplicate {
				label = m[1]
			}
			return o.kind, label, true
		}
	}
	return "", "", false
}

// replyLabel returns the report label a passive reply to a photo names.
func replyLabel(t string) string {
	for _, re := range photoReplies {
		if m := re.FindStringSubmatch(t); m != nil {
			return m[1]
		}
	}
	return ""
}

func matchesAny(res []*regexp.Regexp, t string) bool {
	for _, re := range res {
		if re.MatchString(t) {
			return true
		}
	}
	return false
}
