package chat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"gridbot/bot"
	"gridbot/catalog"
	"gridbot/grid"
	"gridbot/jobs"
	"gridbot/photo"
	"gridbot/store"
	"gridbot/wx"
)

// hashAlgo is the HashAlgo recorded on reports: "<algo>-v<version>".
var hashAlgo = fmt.Sprintf("%s-v%d", photo.HashAlgo, photo.HashVersion)

// RunPhoto is the handler of JobPhoto: it downloads the photo, vets it,
// stores the original and thumbnail, classifies it against the index and,
// in one transaction, records the result, moves the report, awards the
// point (idempotently, keyed by the report) and enqueues the outcome
// message. Running it again for a settled report does nothing. A photo
// that cannot be downloaded for good (expired media, or the last attempt)
// settles invalid and the rider is asked to resend it.
func (c *Conversation) RunPhoto(ctx context.Context, job store.Job) error {
	var p photoJob
	if err := json.Unmarshal(job.Payload, &p); err != nil || p.Report == 0 {
		return fmt.Errorf("chat: photo job %d: %w: bad payload", job.ID, jobs.ErrPermanent)
	}
	var r grid.Report
	var held bool
	err := c.st.View(func(tx *store.Tx) error {
		var err error
		if r, err = tx.Report(p.Report); err != nil {
			return err
		}
		_, held, err = heldVerdict(tx, p.Report)
		return err
	})
	if store.IsNotFound(err) {
		return fmt.Errorf("chat: photo job %d: P%d: %w: %w", job.ID, p.Report, jobs.ErrPermanent, err)
	}
	if err != nil {
		return fmt.Errorf("chat: photo P%d: %w", p.Report, err)
	}
	if r.Status != grid.ReportReceived || held {
		return nil // settled by an earlier attempt
	}
	log := c.log.With(slog.String("report", r.Label()), slog.String("openid", r.Rider))

	data, err := c.media.DownloadMedia(ctx, r.MediaID, r.PicURL, c.cfg.Photo.MaxBytes)
	var res photo.Result
	switch {
	case err == nil:
		res = c.photos.Checker.CheckBytes(data)
	case errors.Is(err, wx.ErrTooLarge):
		res = photo.Result{Reasons: []photo.Reason{photo.ReasonTooLarge}}
	case errors.Is(err, wx.ErrMediaExpired), errors.Is(err, wx.ErrInvalidArgument),
		job.Attempts+1 >= c.cfg.Jobs.MaxAttempts:
		log.Warn("photo could not be downloaded; asking for a resend", slog.Any("err", err))
		return c.finish(ctx, r.ID, nil, verdict{To: grid.ReportInvalid, Note: "download failed", Download: true})
	default:
		return fmt.Errorf("chat: photo %s: download: %w", r.Label(), err)
	}
	if c.photos.Files != nil && res.Format != "" {
		if _, _, err := c.photos.Files.Put(data); err != nil {
			return fmt.Errorf("chat: photo %s: keep original: %w", r.Label(), err)
		}
		if res.Thumb != nil {
			if err := c.photos.Files.PutThumb(res.SHA256, res.Thumb); err != nil {
				return fmt.Errorf("chat: photo %s: keep thumbnail: %w", r.Label(), err)
			}
		}
	}

	c.vetMu.Lock()
	defer c.vetMu.Unlock()
	v, entry := c.judge(r, res)
	if p.NoPoints && v.To == grid.ReportValid {
		v = verdict{To: grid.ReportInvalid, Note: "over limits.photos_per_day", Quiet: true}
	}
	committed, err := c.finishResult(ctx, r.ID, &res, v)
	if err != nil {
		return err
	}
	if committed && entry != nil {
		c.photos.Index.Add(*entry)
	}
	log.Info("photo vetted", slog.String("verdict", string(v.To)), slog.Any("reasons", res.Reasons))
	return nil
}

// judge turns a vetting result and the index's classification into a
// verdict, and returns the index entry to add once it commits (nil for a
// photo that failed a quality check: a retake of the same scene must not
// count as a burst of an unusable shot).
func (c *Conversation) judge(r grid.Report, res photo.Result) (verdict, *photo.Entry) {
	if !res.OK {
		v := verdict{To: grid.ReportInvalid, Note: "photo check", Retake: res.Retake}
		if len(res.Reasons) > 0 {
			v.Reason = res.Reasons[0]
		}
		return v, nil
	}
	self := strconv.FormatUint(r.ID, 10)
	entry := &photo.Entry{ID: self, SHA256: res.SHA256, Hash: res.Hash.Value, Owner: r.Rider, At: r.At}
	cls := photo.Classify(c.photos.Index, res.SHA256, res.Hash.Value, r.Rider, r.At, c.policy)
	if cls.Kind == photo.KindNew || cls.Of.ID == self {
		return verdict{To: grid.ReportValid}, entry
	}
	of, _ := strconv.ParseUint(cls.Of.ID, 10, 64)
	return verdict{To: grid.ReportDuplicate, Note: string(cls.Kind), Reason: cls.Reason(), Of: of, OfAt: cls.Of.At}, entry
}

// finish settles report id with v and no vetting result.
func (c *Conversation) finish(ctx context.Context, id uint64, res *photo.Result, v verdict) error {
	_, err := c.finishResult(ctx, id, res, v)
	return err
}

// finishResult records res on report id and settles it with v, in one
// transaction, unless an earlier attempt did. It reports whether it did.
func (c *Conversation) finishResult(ctx context.Context, id uint64, res *photo.Result, v verdict) (bool, error) {
	var done bool
	err := c.st.Do(ctx, func(tx *store.Tx) error {
		done = false
		r, err := tx.Report(id)
		if err != nil {
			return store.Reject(err)
		}
		_, held, err := heldVerdict(tx, id)
		if err != nil {
			return err
		}
		if r.Status != grid.ReportReceived || held {
			return nil
		}
		if res != nil {
			record(&r, res, v)
		}
		done = true
		return c.settle(tx, r, v, time.Time{})
	})
	if err != nil {
		return false, fmt.Errorf("chat: settle P%d: %w", id, err)
	}
	return done, nil
}

// record copies the vetting metrics and fingerprint onto r.
func record(r *grid.Report, res *photo.Result, v verdict) {
	r.SHA256, r.Width, r.Height = res.SHA256, res.Width, res.Height
	r.Blur, r.Brightness = res.Blur, res.Brightness
	if res.Hash.Algo != "" {
		r.PHash, r.HashAlgo = res.Hash.Hex(), fmt.Sprintf("%s-v%d", res.Hash.Algo, res.Hash.Version)
	}
	r.Reasons = r.Reasons[:0]
	for _, reason := range res.Reasons {
		r.Reasons = append(r.Reasons, string(reason))
	}
	if v.To == grid.ReportDuplicate {
		r.DuplicateOf = v.Of
		r.Reasons = append(r.Reasons, string(v.Reason))
	}
}

// settle applies verdict v to report r (not yet stored) in tx: it moves
// the report, awards the point and enqueues the outcome message, or, when
// the settlement must wait, stores v in spaceHeld and r as received. It
// waits while the sender is not an active rider (unregistered or
// pending), and, with reports.require_location, while a valid report has
// no location. The rider's messages are sent no earlier than at (zero:
// as soon as tx commits); see replyFirst.
func (c *Conversation) settle(tx *store.Tx, r grid.Report, v verdict, at time.Time) error {
	hold := func() error {
		if err := tx.PutState(spaceHeld, heldID(r.ID), v); err != nil {
			return err
		}
		return tx.PutReport(r)
	}
	rider, err := tx.Rider(r.Rider)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return hold()
	case err != nil:
		return err
	case rider.Status == grid.RiderPending:
		return hold()
	case rider.Status != grid.RiderActive:
		v = verdict{To: grid.ReportInvalid, Note: "sender is not an active rider", Quiet: true}
	case r.At.Before(rider.RegisteredAt.Add(-c.cfg.Riders.OrphanPhotoWindow)):
		v = verdict{To: grid.ReportInvalid, Note: "sent too long before registering", Quiet: true}
	case v.To == grid.ReportValid && c.cfg.Reports.RequireLocation && r.Location == nil:
		if !v.AskedLocation {
			v.AskedLocation = true
			if err := c.tell(tx, r.Rider, catalog.OutcomeNeedsLocation, catalog.Args{"Label": r.Label()}, at); err != nil {
				return err
			}
		}
		return hold()
	}
	if err := tx.DeleteState(spaceHeld, heldID(r.ID)); err != nil {
		return err
	}
	now := tx.Now()
	switch v.To {
	case grid.ReportDuplicate:
		if err := r.Move(grid.ReportDuplicate, "vet", v.Note, now); err != nil {
			return err
		}
		r.DuplicateOf = v.Of
		if err := tx.PutReport(r); err != nil {
			return err
		}
		orig := fmt.Sprintf("P%d", v.Of)
		if v.Reason == photo.ReasonBurst {
			return c.tell(tx, r.Rider, catalog.OutcomeBurst, catalog.Args{"Label": r.Label(), "Original": orig}, at)
		}
		return c.tell(tx, r.Rider, catalog.OutcomeDuplicate, catalog.Args{"When": c.clock(v.OfAt), "Original": orig}, at)
	case grid.ReportValid:
		if c.cfg.Points.Review == "staff" {
			return c.toReview(tx, r, rider, at)
		}
		return c.award(tx, r, "vet", at)
	}
	if err := r.Move(grid.ReportInvalid, "vet", v.Note, now); err != nil {
		return err
	}
	if err := tx.PutReport(r); err != nil {
		return err
	}
	switch {
	case v.Quiet:
		return nil
	case v.Download:
		return c.tell(tx, r.Rider, catalog.OutcomeDownloadFail, catalog.Args{"Label": r.Label()}, at)
	case v.Retake:
		return c.tell(tx, r.Rider, catalog.OutcomeRetake, catalog.Args{"Label": r.Label()}, at)
	}
	return c.tell(tx, r.Rider, catalog.OutcomeUnusable, catalog.Args{
		"Label": r.Label(), "Reason": reasonText(v.Reason), "Tip": catalog.Text(catalog.RetakeTip),
	}, at)
}

// toReview moves a usable report to pending_review and tells staff and
// the rider (not before at).
func (c *Conversation) toReview(tx *store.Tx, r grid.Report, rider grid.Rider, at time.Time) error {
	if err := r.Move(grid.ReportPendingReview, "vet", "points.review: staff", tx.Now()); err != nil {
		return err
	}
	if err := tx.PutReport(r); err != nil {
		return err
	}
	if err := c.staff.NotifyAbout(tx, r.Label(), catalog.Render(catalog.StaffNewReport, catalog.Args{
		"Label": r.Label(), "Rider": riderLabel(rider), "Category": c.categoryName(r.Category),
	})); err != nil {
		return err
	}
	return c.tell(tx, r.Rider, catalog.OutcomeUnderReview, catalog.Args{"Label": r.Label()}, at)
}

// award moves a usable report to valid and credits its point, within the
// daily cap, idempotently by grid.AwardKeyFor(r.ID); then tells the rider
// (not before at).
func (c *Conversation) award(tx *store.Tx, r grid.Report, actor string, at time.Time) error {
	if err := r.Move(grid.ReportValid, actor, "", tx.Now()); err != nil {
		return err
	}
	capN := c.cfg.Points.DailyCap
	key := grid.AwardKeyFor(r.ID)
	a, err := tx.AwardReport(key, r.Rider, actor, capN, c.loc)
	if err != nil {
		return err
	}
	if a.OverCap {
		r.OverCap = true
		if err := tx.PutReport(r); err != nil {
			return err
		}
		return c.tell(tx, r.Rider, catalog.OutcomeOverCap, catalog.Args{"Label": r.Label(), "Cap": capN}, at)
	}
	r.Points, r.AwardKey = a.Entry.Amount, key
	if err := tx.PutReport(r); err != nil {
		return err
	}
	return c.tell(tx, r.Rider, catalog.OutcomeValid, catalog.Args{
		"Label": r.Label(), "Balance": tx.Balance(r.Rider).Balance, "Today": a.Today, "Cap": capN,
	}, at)
}

// replyFirst is how long the outcome messages of photos settled inside
// the intake transaction (released by registering or approval, or by a
// location) wait, so that the passive reply, which travels back in the
// HTTP response, reaches the rider first: a send job enqueued for "now"
// runs right after commit and can overtake it.
const replyFirst = 3 * time.Second

// tell enqueues a catalog message to openid as a customer-service
// message, sent once tx commits and not before at (zero or past: at once).
func (c *Conversation) tell(tx *store.Tx, openid string, id catalog.ID, args catalog.Args, at time.Time) error {
	if at.Before(tx.Now()) {
		at = tx.Now()
	}
	return c.out.SendAt(tx, bot.Outgoing{OpenID: openid, Text: catalog.Render(id, args)}, at)
}

// clock formats a time for riders: 05-03 14:20.
func (c *Conversation) clock(t time.Time) string { return t.In(c.loc).Format("01-02 15:04") }

// reasonText returns the rider's words for a photo reason.
func reasonText(r photo.Reason) string {
	id := catalog.ID("reason." + string(r))
	if r == "" || !catalog.Has(id) {
		return catalog.Text(catalog.ReasonCorrupt)
	}
	return catalog.Text(id)
}

// riderLabel names a rider to staff: name and registration number.
func riderLabel(r grid.Rider) string { return fmt.Sprintf("%s U%d", r.Name, r.Seq) }

// LoadIndex rebuilds the near-duplicate index from the stored
// fingerprints: every photo of the current hash algorithm that passed the
// quality checks (duplicates and bursts included), as RunPhoto adds them.
// Call it once at start, before the job runner.
func (c *Conversation) LoadIndex() error {
	var fps []store.Fingerprint
	if err := c.st.ForEachFingerprint(func(f store.Fingerprint) error {
		if f.Algo == hashAlgo && f.PHash != "" {
			fps = append(fps, f)
		}
		return nil
	}); err != nil {
		return fmt.Errorf("chat: load index: %w", err)
	}
	entries := make([]photo.Entry, 0, len(fps))
	err := c.st.View(func(tx *store.Tx) error {
		for _, f := range fps {
			r, err := tx.Report(f.Report)
			if err != nil {
				return err
			}
			if !passedQuality(r.Reasons) {
				continue
			}
			h, err := photo.ParseHash(f.PHash)
			if err != nil {
				continue
			}
			entries = append(entries, photo.Entry{ID: strconv.FormatUint(f.Report, 10), SHA256: f.SHA256, Hash: h, Owner: f.Rider, At: f.At})
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("chat: load index: %w", err)
	}
	c.photos.Index.AddAll(entries)
	c.log.Info("photo index loaded", slog.Int("photos", len(entries)))
	return nil
}

// passedQuality reports whether a report's reasons are only about its
// history (duplicate, burst), not its pixels.
func passedQuality(reasons []string) bool {
	for _, r := range reasons {
		if r != string(photo.ReasonDuplicate) && r != string(photo.ReasonBurst) {
			return false
		}
	}
	return true
}
