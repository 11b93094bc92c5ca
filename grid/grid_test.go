package grid

import (
	"errors"
	"math"
	"testing"
	"time"
)

func TestNormalizePhone(t *testing.T) {
	tests := []struct {
		in, want string
		err      error
	}{
		{"13800001111", "13800001111", nil},
		{"138 0000 1111", "13800001111", nil},
		{"138-0000-1111", "13800001111", nil},
		{"+8613800001111", "13800001111", nil},
		{"8613800001111", "13800001111", nil},
		{"19912345678", "19912345678", nil},
		{"12800001111", "", ErrBadPhone}, // no 12x mobile prefix
		{"1380000111", "", ErrBadPhone},  // ten digits
		{"138000011112", "", ErrBadPhone},
		{"021-12345678", "", ErrBadPhone}, // landline
		{"", "", ErrBadPhone},
		{"１３８００００１１１１", "", ErrBadPhone}, // full-width digits are not normalised here
	}
	for _, tt := range tests {
		got, err := NormalizePhone(tt.in)
		if got != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestMasking(t *testing.T) {
	if got := MaskPhone("13800001111"); got != "138****1111" {
		t.Errorf("MaskPhone: got %q, want 138****1111", got)
	}
	if got := MaskPhone("123"); got != "***" {
		t.Errorf("MaskPhone of a short value: got %q, want ***", got)
	}
	for in, want := range map[string]string{"张三": "张*", "欧阳娜娜": "欧***", "李": "李*", "": "*"} {
		if got := MaskName(in); got != want {
			t.Errorf("MaskName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestValidName(t *testing.T) {
	for name, ok := range map[string]bool{"张三": true, " ": false, "": false, "一二三四五六七八九十一二三四五六七八九十": true, "一二三四五六七八九十一二三四五六七八九十一": false} {
		if err := ValidName(name); (err == nil) != ok {
			t.Errorf("ValidName(%q) = %v, want ok=%v", name, err, ok)
		}
	}
}

func TestRiderDecide(t *testing.T) {
	at := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	r := Rider{OpenID: "o", Status: RiderPending}
	got, err := r.Decide(true, "王", "", at)
	if err != nil || got.Status != RiderActive || got.DecidedBy != "王" || !got.DecidedAt.Equal(at) {
		t.Fatalf("approve: got %+v, %v", got, err)
	}
	if _, err := got.Decide(false, "王", "again", at); !errors.Is(err, ErrNotPending) {
		t.Errorf("deciding twice: got %v, want ErrNotPending", err)
	}
	rej, _ := r.Decide(false, "王", "号码不符", at)
	if rej.Status != RiderRejected || rej.Reason != "号码不符" {
		t.Errorf("reject: got %+v", rej)
	}
}

func TestReportLifecycle(t *testing.T) {
	at := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		path []ReportStatus
		ok   bool
	}{
		{"auto valid then dispatched and resolved", []ReportStatus{ReportValid, ReportDispatched, ReportResolved}, true},
		{"review then valid", []ReportStatus{ReportPendingReview, ReportValid}, true},
		{"review then invalid", []ReportStatus{ReportPendingReview, ReportInvalid}, true},
		{"valid resolved directly", []ReportStatus{ReportValid, ReportResolved}, true},
		{"revoked after valid", []ReportStatus{ReportValid, ReportInvalid}, true},
		{"resolved cannot reopen", []ReportStatus{ReportValid, ReportResolved, ReportValid}, false},
		{"invalid is final", []ReportStatus{ReportInvalid, ReportValid}, false},
		{"duplicate is final", []ReportStatus{ReportDuplicate, ReportDispatched}, false},
		{"dispatch needs valid", []ReportStatus{ReportPendingReview, ReportDispatched}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Report{ID: 7, Status: ReportReceived}
			var err error
			for _, to := range tt.path {
				if err = r.Move(to, "staff", "note", at); err != nil {
					break
				}
			}
			if (err == nil) != tt.ok {
				t.Fatalf("got %v, want ok=%v", err, tt.ok)
			}
			if err != nil && !errors.Is(err, ErrBadTransition) {
				t.Errorf("got %v, want ErrBadTransition", err)
			}
			if tt.ok && len(r.Steps) != len(tt.path) {
				t.Errorf("got %d steps, want %d (one per move)", len(r.Steps), len(tt.path))
			}
		})
	}
}

func TestReportLabelAndKey(t *testing.T) {
	r := Report{ID: 12}
	if r.Label() != "P12" || AwardKeyFor(12) != "report:12" {
		t.Errorf("got %q %q", r.Label(), AwardKeyFor(12))
	}
}

func TestDistanceMeters(t *testing.T) {
	// Two points 0.0005° of latitude apart are about 55.6 m apart.
	d := DistanceMeters(31.2304, 121.4737, 31.2309, 121.4737)
	if math.Abs(d-55.6) > 0.5 {
		t.Errorf("got %.1f m, want about 55.6 m", d)
	}
	if d := DistanceMeters(31.23, 121.47, 31.23, 121.47); d != 0 {
		t.Errorf("same point: got %f, want 0", d)
	}
}
