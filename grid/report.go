package grid

import (
	"errors"
	"fmt"
	"time"
)

// ReportStatus is a report's place in its lifecycle (modelled on
// FixMyStreet's).
type ReportStatus string

// Report states.
const (
	// ReportReceived: the photo is accepted for vetting; nothing decided yet.
	ReportReceived ReportStatus = "received"
	// ReportPendingReview: vetted as usable; staff decide (points.review: staff).
	ReportPendingReview ReportStatus = "pending_review"
	ReportValid         ReportStatus = "valid"
	ReportInvalid       ReportStatus = "invalid"
	ReportDuplicate     ReportStatus = "duplicate"
	ReportDispatched    ReportStatus = "dispatched"
	ReportResolved      ReportStatus = "resolved"
)

// transitions lists every allowed move.
var transitions = map[ReportStatus][]ReportStatus{
	ReportReceived:      {ReportPendingReview, ReportValid, ReportInvalid, ReportDuplicate},
	ReportPendingReview: {ReportValid, ReportInvalid, ReportDuplicate},
	ReportValid:         {ReportDispatched, ReportResolved, ReportInvalid, ReportDuplicate},
	ReportDispatched:    {ReportResolved},
}

// ErrBadTransition is returned for a move the lifecycle does not allow.
var ErrBadTransition = errors.New("report cannot move to that status")

// Step records one move of a report: who, when, why.
type Step struct {
	At    time.Time    `json:"at"`
	Actor string       `json:"actor"`
	From  ReportStatus `json:"from"`
	To    ReportStatus `json:"to"`
	Note  string       `json:"note,omitempty"`
}

// Location is where a report was made.
type Location struct {
	Lat   float64   `json:"lat"`
	Lng   float64   `json:"lng"`
	Label string    `json:"label,omitempty"`
	At    time.Time `json:"at"`
}

// Report is one photo a rider sent.
type Report struct {
	ID       uint64       `json:"id"` // shown as P<id>
	Rider    string       `json:"rider"`
	MsgKey   string       `json:"msg_key"` // deduplication key of the WeChat message
	Category string       `json:"category,omitempty"`
	At       time.Time    `json:"at"`
	MediaID  string       `json:"media_id,omitempty"`
	PicURL   string       `json:"pic_url,omitempty"`
	Status   ReportStatus `json:"status"`
	Steps    []Step       `json:"steps,omitempty"`
	Location *Location    `json:"location,omitempty"`

	// Vetting results.
	SHA256      string   `json:"sha256,omitempty"`
	PHash       string   `json:"phash,omitempty"`
	HashAlgo    string   `json:"hash_algo,omitempty"`
	Width       int      `json:"width,omitempty"`
	Height      int      `json:"height,omitempty"`
	Blur        float64  `json:"blur,omitempty"`
	Brightness  float64  `json:"brightness,omitempty"`
	Reasons     []string `json:"reasons,omitempty"`
	DuplicateOf uint64   `json:"duplicate_of,omitempty"`
	// NearbyOf flags a possible duplicate: a report of the same category
	// within 50 m in the last 24 h, for staff to decide.
	NearbyOf []uint64 `json:"nearby_of,omitempty"`

	// Points awarded (0 or 1) and the award's idempotency key.
	Points   int64  `json:"points"`
	AwardKey string `json:"award_key,omitempty"`
	// OverCap marks a valid report that earned nothing because of the daily cap.
	OverCap bool `json:"over_cap,omitempty"`

	MergedInto   uint64 `json:"merged_into,omitempty"`
	DispatchedTo string `json:"dispatched_to,omitempty"`
}

// Label returns the id as people see it: P12.
func (r Report) Label() string { return fmt.Sprintf("P%d", r.ID) }

// AwardKeyFor returns the ledger idempotency key of report id.
func AwardKeyFor(id uint64) string { return fmt.Sprintf("report:%d", id) }

// Move changes the report's status if the lifecycle allows it and records
// the step.
func (r *Report) Move(to ReportStatus, actor, note string, at time.Time) error {
	for _, ok := range transitions[r.Status] {
		if ok == to {
			r.Steps = append(r.Steps, Step{At: at, Actor: actor, From: r.Status, To: to, Note: note})
			r.Status = to
			return nil
		}
	}
	return fmt.Errorf("%w: %s → %s", ErrBadTransition, r.Status, to)
}

// Open reports whether the report still counts as an open problem
// (Open311 "open").
func (r Report) Open() bool {
	return r.Status == ReportValid || r.Status == ReportDispatched || r.Status == ReportPendingReview
}
