package chat

import (
	"errors"
	"strconv"
	"time"

	"gridbot/catalog"
	"gridbot/grid"
	"gridbot/photo"
	"gridbot/store"
)

// State spaces (store.Tx GetState/PutState).
const (
	// spaceConv holds one convState per openid.
	spaceConv = "conv"
	// spaceHeld holds one verdict per report id whose settlement waits:
	// for the sender to register (or be approved), or for a location.
	spaceHeld = "held"
)

// convState is everything the conversation remembers about one user
// between messages. It is read and written in the intake transaction.
type convState struct {
	// Category was chosen before the photos (menu button or word); it
	// applies to photos received until CategoryUntil.
	Category      string    `json:"category,omitempty"`
	CategoryUntil time.Time `json:"category_until,omitzero"`
	// Awaiting lists reports that were asked for a category (1/2/3);
	// an answer until AwaitUntil applies to all of them.
	Awaiting   []uint64  `json:"awaiting,omitempty"`
	AwaitUntil time.Time `json:"await_until,omitzero"`
	// Redeem is a reward chosen with 兑换 N, waiting for 确认.
	Redeem *pendingRedeem `json:"redeem,omitempty"`
	// Last is the last known position (location message or LOCATION event).
	Last *grid.Location `json:"last,omitempty"`
	// AskedLocation is when the rider was last asked for a location.
	AskedLocation time.Time `json:"asked_location,omitzero"`
	// Rate holds the rate-limit counters.
	Rate rate `json:"rate"`
}

// pendingRedeem is a reward waiting for 确认 until Until.
type pendingRedeem struct {
	Reward string    `json:"reward"` // config reward code
	Until  time.Time `json:"until"`
}

func loadState(tx *store.Tx, openid string) (*convState, error) {
	s := new(convState)
	err := tx.GetState(spaceConv, openid, s)
	if errors.Is(err, store.ErrNotFound) {
		return s, nil
	}
	return s, err
}

func saveState(tx *store.Tx, openid string, s *convState) error {
	return tx.PutState(spaceConv, openid, s)
}

// category returns the category chosen beforehand, if still valid at now.
func (s *convState) category(now time.Time) string {
	if s.Category != "" && !now.After(s.CategoryUntil) {
		return s.Category
	}
	return ""
}

func (s *convState) chooseCategory(code string, until time.Time) {
	s.Category, s.CategoryUntil = code, until
}

// awaiting returns the reports still waiting for a category answer.
func (s *convState) awaiting(now time.Time) []uint64 {
	if now.After(s.AwaitUntil) {
		return nil
	}
	return s.Awaiting
}

// verdict is the outcome of vetting a photo, applied by settle. It is kept
// in spaceHeld while its settlement waits.
type verdict struct {
	To grid.ReportStatus `json:"to"` // valid, invalid or duplicate
	// Note is recorded on the report's step.
	Note string `json:"note,omitempty"`
	// Reason is the first photo reason (invalid, duplicate or burst).
	Reason photo.Reason `json:"reason,omitempty"`
	Retake bool         `json:"retake,omitempty"`
	// Download marks a photo that could not be fetched.
	Download bool `json:"download,omitempty"`
	// Of and OfAt name the earlier photo of a duplicate or burst.
	Of   uint64    `json:"of,omitempty"`
	OfAt time.Time `json:"of_at,omitzero"`
	// Quiet settles without an outcome message (over photos_per_day).
	Quiet bool `json:"quiet,omitempty"`
	// AskedLocation records that OutcomeNeedsLocation was sent.
	AskedLocation bool `json:"asked_location,omitempty"`
}

func heldID(report uint64) string { return strconv.FormatUint(report, 10) }

// heldVerdict returns the verdict held for report, if any.
func heldVerdict(tx *store.Tx, report uint64) (verdict, bool, error) {
	var v verdict
	err := tx.GetState(spaceHeld, heldID(report), &v)
	if errors.Is(err, store.ErrNotFound) {
		return v, false, nil
	}
	return v, err == nil, err
}

// statusText returns how a report status reads to a rider.
func statusText(s grid.ReportStatus) string {
	id := map[grid.ReportStatus]catalog.ID{
		grid.ReportReceived:      catalog.ReportStatusReceived,
		grid.ReportPendingReview: catalog.ReportStatusReview,
		grid.ReportValid:         catalog.ReportStatusValid,
		grid.ReportInvalid:       catalog.ReportStatusInvalid,
		grid.ReportDuplicate:     catalog.ReportStatusDuplicate,
		grid.ReportDispatched:    catalog.ReportStatusSent,
		grid.ReportResolved:      catalog.ReportStatusResolved,
	}[s]
	if id == "" {
		id = catalog.ReportStatusReceived
	}
	return catalog.Text(id)
}
