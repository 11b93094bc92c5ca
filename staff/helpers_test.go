package staff_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"gridbot/bot"
	"gridbot/catalog"
	"gridbot/config"
	"gridbot/grid"
	"gridbot/internal/testkit"
	"gridbot/internal/testkit/storekit"
	"gridbot/points"
	"gridbot/staff"
	"gridbot/store"
)

const (
	staffID   = "o_staff_1"
	staffName = "王主任"
	riderID   = "o_rider_1"
	riderB    = "o_rider_2"
)

// orphans is a hand-written fake of staff.Orphans.
type orphans struct {
	calls []string
	n     int
}

func (o *orphans) ReleaseHeld(_ *store.Tx, openid string) (int, error) {
	o.calls = append(o.calls, openid)
	return o.n, nil
}

// env is a desk over a real bbolt file in a temporary directory.
type env struct {
	t       *testing.T
	cfg     *config.Config
	clock   *testkit.Clock // shared by the store and the desk
	db      *store.DB
	desk    *staff.Desk
	log     *testkit.LogBuffer
	orphans *orphans
	seen    uint64 // last job id returned by sent
}

// newEnv builds an env; edit adjusts the configuration first. On cleanup
// it checks the store's consistency (ledger audit included) and closes it.
func newEnv(t *testing.T, edit func(*config.Config)) *env {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.Staff = []config.StaffMember{{OpenID: staffID, Name: staffName}}
	if edit != nil {
		edit(cfg)
	}
	loc := cfg.Location()
	e := &env{t: t, cfg: cfg, clock: testkit.NewClock(time.Date(2025, 5, 6, 10, 0, 0, 0, loc)), log: &testkit.LogBuffer{}, orphans: &orphans{}}
	db := storekit.Open(t, filepath.Join(cfg.DataDir, store.FileName), store.Options{Now: e.clock.Now, Location: loc})
	e.db = db
	outbox := &bot.Outbox{Store: db, Log: slog.New(slog.DiscardHandler)}
	e.desk = staff.New(staff.Deps{
		Config: cfg, Store: db, Outbox: outbox,
		Staff:   &bot.Staff{OpenIDs: []string{staffID}, Outbox: outbox},
		Orphans: e.orphans, Now: e.clock.Now,
		Logger: slog.New(slog.NewTextHandler(e.log, nil)),
	})
	return e
}

// do runs fn in a write transaction and fails the test on error.
func (e *env) do(fn func(tx *store.Tx) error) {
	e.t.Helper()
	storekit.Do(e.t, e.db, fn)
}

// rider registers openid with status, now.
func (e *env) rider(openid, name, phone string, status grid.RiderStatus) grid.Rider {
	e.t.Helper()
	return storekit.PutRider(e.t, e.db, grid.Rider{OpenID: openid, Name: name, Phone: phone, Status: status})
}

// report stores r as a new report.
func (e *env) report(r grid.Report) grid.Report {
	e.t.Helper()
	return storekit.CreateReport(e.t, e.db, r)
}

// validReport stores a valid report of rider that earned its point.
func (e *env) validReport(rider, category string) grid.Report {
	e.t.Helper()
	r := e.report(grid.Report{Rider: rider, Category: category, Status: grid.ReportValid})
	e.do(func(tx *store.Tx) error {
		key := grid.AwardKeyFor(r.ID)
		if _, _, err := tx.Award(key, rider, 1); err != nil {
			return err
		}
		r.Points, r.AwardKey = 1, key
		return tx.PutReport(r)
	})
	return r
}

// award credits rider n points under a unique key.
func (e *env) award(rider string, n int64) {
	e.t.Helper()
	if _, _, err := e.db.Award(context.Background(), "test:"+rider+":"+e.clock.Now().String(), rider, n); err != nil {
		e.t.Fatalf("Award: %v", err)
	}
}

// redemption creates a pending redemption of the configured reward.
func (e *env) redemption(rider string) points.Redemption {
	e.t.Helper()
	return storekit.CreateRedemption(e.t, e.db, e.cfg, rider)
}

// redemptionWithPoints credits rider 300 points and creates a pending
// redemption of the configured reward (200 points by default).
func (e *env) redemptionWithPoints(rider string) points.Redemption {
	e.t.Helper()
	e.award(rider, 300)
	r := e.redemption(rider)
	e.sent() // forget the set-up
	return r
}

// command runs a chat command as openid inside a transaction, as the
// intake does.
func (e *env) command(openid, text string) (string, bool) {
	e.t.Helper()
	var reply string
	var handled bool
	e.do(func(tx *store.Tx) (err error) {
		reply, handled, err = e.desk.HandleStaff(tx, openid, text)
		return err
	})
	return reply, handled
}

// sent returns the messages enqueued since the last call.
func (e *env) sent() []bot.Outgoing {
	e.t.Helper()
	jobs, err := e.db.Jobs()
	if err != nil {
		e.t.Fatalf("Jobs: %v", err)
	}
	var out []bot.Outgoing
	for _, j := range jobs {
		if j.ID <= e.seen {
			continue
		}
		e.seen = j.ID
		if j.Kind != bot.JobSend {
			continue
		}
		var m bot.Outgoing
		if err := json.Unmarshal(j.Payload, &m); err != nil {
			e.t.Fatalf("job %d: %v", j.ID, err)
		}
		out = append(out, m)
	}
	return out
}

// expectSent checks that exactly the messages want were enqueued since
// the last call, in order.
func (e *env) expectSent(want ...bot.Outgoing) {
	e.t.Helper()
	got := e.sent()
	if len(got) != len(want) {
		e.t.Fatalf("sent %d messages %q, want %d %q", len(got), got, len(want), want)
	}
	for i := range want {
		if got[i] != want[i] {
			e.t.Errorf("message %d = %q, want %q", i, got[i], want[i])
		}
	}
}

// msg is the message text of catalog entry id with args, to openid.
func msg(openid string, id catalog.ID, args catalog.Args) bot.Outgoing {
	return bot.Outgoing{OpenID: openid, Text: catalog.Render(id, args)}
}

func (e *env) balance(rider string) points.RiderBalance {
	e.t.Helper()
	b, err := e.db.Balance(rider)
	if err != nil {
		e.t.Fatalf("Balance: %v", err)
	}
	return b
}

func (e *env) getReport(id uint64) grid.Report {
	e.t.Helper()
	r, err := e.db.Report(id)
	if err != nil {
		e.t.Fatalf("Report(%d): %v", id, err)
	}
	return r
}

func wantReply(t *testing.T, got string, id catalog.ID, args catalog.Args) {
	t.Helper()
	if want := catalog.Render(id, args); got != want {
		t.Errorf("reply = %q, want %q", got, want)
	}
}
