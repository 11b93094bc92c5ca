package staff

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"gridbot/bot"
	"gridbot/catalog"
	"gridbot/config"
	"gridbot/grid"
	"gridbot/points"
	"gridbot/store"
)

// Store is what the desk needs from the database (store.DB). Everything
// else it reads and writes through the *store.Tx it is handed.
type Store interface {
	Do(ctx context.Context, fn func(*store.Tx) error) error
	View(fn func(*store.Tx) error) error
}

var _ Store = (*store.DB)(nil)

// Orphans settles the photos a rider sent before their registration was
// approved (chat.Conversation.ReleaseHeld). It returns how many photos were
// attached.
type Orphans interface {
	ReleaseHeld(tx *store.Tx, openid string) (int, error)
}

// OrphansFunc adapts a function to Orphans. The app uses it to break the
// wiring cycle: the conversation needs the desk (staff commands) and the
// desk needs the conversation (held photos).
type OrphansFunc func(tx *store.Tx, openid string) (int, error)

// ReleaseHeld calls f.
func (f OrphansFunc) ReleaseHeld(tx *store.Tx, openid string) (int, error) { return f(tx, openid) }

// Deps are the desk's collaborators.
type Deps struct {
	// Config supplies the staff list, the daily cap, categories and
	// rewards, and the time zone. Required.
	Config *config.Config
	// Store is the database. Required.
	Store Store
	// Outbox sends riders their notifications, as jobs enqueued in the
	// action's transaction. Required.
	Outbox *bot.Outbox
	// Staff notifies staff (reminders). Required.
	Staff *bot.Staff
	// Orphans, if set, settles a rider's held photos when staff approve
	// their registration.
	Orphans Orphans
	// Now is the clock for work outside transactions (sweeps, exports);
	// inside one, the transaction's clock (tx.Now) is used. Nil means
	// time.Now.
	Now func() time.Time
	// Logger receives refused commands and actions. Nil discards.
	Logger *slog.Logger
}

// Desk carries out every staff action. Each action has a Tx form, which
// runs inside a caller's transaction (the intake transaction of a staff
// chat command), and a context form, which runs its own transaction (the
// dashboard and the JSON API). A Desk is safe for concurrent use.
type Desk struct {
	cfg     *config.Config
	st      Store
	out     *bot.Outbox
	staff   *bot.Staff
	orphans Orphans
	now     func() time.Time
	log     *slog.Logger
	loc     *time.Location
}

// New returns the desk for deps. Config, Store, Outbox and Staff must be set.
func New(d Deps) *Desk {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	return &Desk{
		cfg: d.Config, st: d.Store, out: d.Outbox, staff: d.Staff, orphans: d.Orphans,
		now: d.Now, log: d.Logger, loc: d.Config.Location(),
	}
}

// Outcome is what an action did, for the staff member who did it.
type Outcome struct {
	// Ref is the item acted on.
	Ref Ref `json:"ref"`
	// Status is the item's status code after the action
	// (grid.RiderStatus, points.RedemptionStatus or grid.ReportStatus).
	Status string `json:"status"`
	// Rider is the openid of the rider concerned, who was told.
	Rider string `json:"rider"`
	// Voucher is the code issued by approving a redemption.
	Voucher string `json:"voucher,omitempty"`
	// Points is the change to the rider's points: +1 for an approved
	// report, -1 for a revoked one, the delta of an adjustment.
	Points int64 `json:"points,omitempty"`
	// Result says what happened, in Chinese, for the staff member.
	Result string `json:"result"`
}

// Action names, used in errors and logs.
const (
	opParse      = "parse"
	opApprove    = "approve"
	opReject     = "reject"
	opFulfil     = "fulfil"
	opRevoke     = "revoke"
	opDispatch   = "dispatch"
	opResolve    = "resolve"
	opMerge      = "merge"
	opClassify   = "classify"
	opAdjust     = "adjust"
	opDeactivate = "deactivate"
	opVoucher    = "voucher"
	opExport     = "export"
)

// do runs fn in its own transaction for a context-form action. A refusal
// commits nothing and is returned as is; every Tx action refuses before
// its first write.
func (d *Desk) do(ctx context.Context, fn func(*store.Tx) error) error {
	return d.st.Do(ctx, func(tx *store.Tx) error {
		if err := fn(tx); err != nil {
			if IsRefusal(err) {
				return store.Reject(err)
			}
			return err
		}
		return nil
	})
}

// inTx runs a tx-level action in its own transaction (the ctx-taking
// forms of every action). fn may run more than once; its last result wins.
func inTx[T any](ctx context.Context, d *Desk, fn func(*store.Tx) (T, error)) (T, error) {
	var out T
	err := d.do(ctx, func(tx *store.Tx) error {
		var err error
		out, err = fn(tx)
		return err
	})
	return out, err
}

// reportRef loads report id for action op and checks the actor, as
// riderRef does for riders.
func reportRef(tx *store.Tx, op string, id uint64, actor string) (grid.Report, Ref, error) {
	ref := Ref{Kind: KindReport, ID: id}
	if err := needActor(op, ref, actor); err != nil {
		return grid.Report{}, ref, err
	}
	r, err := tx.Report(id)
	if err != nil {
		return r, ref, translate(op, ref, err)
	}
	return r, ref, nil
}

// tell enqueues catalog entry id to the rider openid, in tx.
func (d *Desk) tell(tx *store.Tx, openid string, id catalog.ID, args catalog.Args) error {
	if err := d.out.SendText(tx, openid, catalog.Render(id, args)); err != nil {
		return fmt.Errorf("staff: tell %s: %w", openid, err)
	}
	return nil
}

// needActor refuses an action without an actor: every step and ledger
// entry records who did it.
func needActor(op string, ref Ref, actor string) error {
	if actor == "" {
		return refusal(ErrInvalid, op, ref, fmt.Errorf("no actor"))
	}
	return nil
}

// categoryName returns the display name of a category code, or 未分类.
func (d *Desk) categoryName(code string) string {
	for _, c := range d.cfg.Categories {
		if c.Code == code {
			return c.Name
		}
	}
	return catalog.Text(catalog.CategoryNone)
}

// reward returns the configured reward with code.
func (d *Desk) reward(code string) (config.Reward, bool) {
	for _, r := range d.cfg.Rewards {
		if r.Code == code {
			return r, true
		}
	}
	return config.Reward{}, false
}

// riderLabel names a rider to staff: name and registration number, as chat
// does in its notifications.
func riderLabel(r grid.Rider) string { return fmt.Sprintf("%s U%d", r.Name, r.Seq) }

// riderLabelOf names openid's rider to staff, or the openid if unknown.
func riderLabelOf(tx *store.Tx, openid string) string {
	r, err := tx.Rider(openid)
	if err != nil {
		return openid
	}
	return riderLabel(r)
}

// clock formats a time for people: 05-03 14:20 (in t's location).
func clock(t time.Time) string { return t.Format("01-02 15:04") }

// statusName returns how a status code reads to people.
func statusName(k Kind, status string) string {
	ids := map[Kind]map[string]catalog.ID{
		KindRegistration: {
			string(grid.RiderPending):  catalog.RiderStatusPending,
			string(grid.RiderActive):   catalog.RiderStatusActive,
			string(grid.RiderRejected): catalog.RiderStatusRejected,
			string(grid.RiderInactive): catalog.RiderStatusInactive,
		},
		KindRedemption: {
			string(points.RedemptionPending):   catalog.RedemptionStatusPending,
			string(points.RedemptionApproved):  catalog.RedemptionStatusApproved,
			string(points.RedemptionFulfilled): catalog.RedemptionStatusFulfilled,
			string(points.RedemptionRejected):  catalog.RedemptionStatusRejected,
			string(points.RedemptionCancelled): catalog.RedemptionStatusCancelled,
			string(points.RedemptionExpired):   catalog.RedemptionStatusExpired,
		},
		KindReport: {
			string(grid.ReportReceived):      catalog.ReportStatusReceived,
			string(grid.ReportPendingReview): catalog.ReportStatusReview,
			string(grid.ReportValid):         catalog.ReportStatusValid,
			string(grid.ReportInvalid):       catalog.ReportStatusInvalid,
			string(grid.ReportDuplicate):     catalog.ReportStatusDuplicate,
			string(grid.ReportDispatched):    catalog.ReportStatusSent,
			string(grid.ReportResolved):      catalog.ReportStatusResolved,
		},
	}
	if k == 0 {
		k = KindRedemption
	}
	if id, ok := ids[k][status]; ok {
		return catalog.Text(id)
	}
	return catalog.Text(catalog.StatusUnknown)
}

// StatusName returns how the status code of an item of kind k reads to
// people (待审核, 已通过, 已转交…), for the dashboard.
func StatusName(k Kind, status string) string { return statusName(k, status) }
