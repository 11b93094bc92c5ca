package chat

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"gridbot/bot"
	"gridbot/catalog"
	"gridbot/grid"
	"gridbot/store"
)

// register handles 注册/报名 姓名 手机号.
func (c *Conversation) register(in *turn, arg string) (string, error) {
	if in.registered {
		r := in.rider
		switch r.Status {
		case grid.RiderActive:
			return catalog.Render(catalog.RegisterAlready, catalog.Args{"Name": r.Name, "Phone": grid.MaskPhone(r.Phone)}), nil
		case grid.RiderPending:
			return catalog.Text(catalog.RegisterStillPending), nil
		case grid.RiderRejected:
			return catalog.Text(catalog.RegisterRejected), nil
		}
		return catalog.Text(catalog.RiderInactive), nil
	}
	name, phone, ok := splitRegistration(arg)
	if !ok {
		return catalog.Text(catalog.RegisterUsage), nil
	}
	phone, err := grid.NormalizePhone(phone)
	if err == nil {
		err = grid.ValidName(name)
	}
	if err != nil {
		if id, ok := replyFor(err); ok {
			return catalog.Text(id), nil
		}
		return "", err
	}
	status := grid.RiderActive
	if c.cfg.Riders.Approval == "staff" {
		status = grid.RiderPending
	}
	r, err := in.tx.PutRider(grid.Rider{OpenID: in.openid, Name: name, Phone: phone, Status: status, RegisteredAt: in.now})
	if err != nil {
		return "", fmt.Errorf("register: %w", err)
	}
	in.rider, in.registered = r, true
	args := catalog.Args{"Name": r.Name, "Phone": grid.MaskPhone(r.Phone), "Seq": r.Seq}
	if status == grid.RiderPending {
		label := fmt.Sprintf("U%d", r.Seq)
		if err := c.staff.NotifyAbout(in.tx, label, catalog.Render(catalog.StaffNewRider, catalog.Args{
			"Label": label, "Name": r.Name, "Phone": grid.MaskPhone(r.Phone),
		})); err != nil {
			return "", fmt.Errorf("register: notify staff: %w", err)
		}
		return catalog.Render(catalog.RegisterPending, args), nil
	}
	reply := catalog.Render(catalog.RegisterActive, args)
	n, ask, err := c.releaseHeld(in.tx, in.openid)
	if err != nil {
		return "", fmt.Errorf("register: release held photos: %w", err)
	}
	if n > 0 {
		reply += "\n" + catalog.Render(catalog.OrphanPhotosAttached, catalog.Args{"Count": n})
	}
	if len(ask) > 0 {
		reply += "\n" + c.awaitCategory(in.s, in.now, ask)
	}
	return reply, nil
}

// awaitCategory adds the reports ask to those waiting in s for a category
// answer (until reports.category_window from now), as a photo sent
// without a category is, and returns the question to ask.
func (c *Conversation) awaitCategory(s *convState, now time.Time, ask []grid.Report) string {
	labels := make([]string, len(ask))
	s.Awaiting = s.awaiting(now)
	for i, r := range ask {
		labels[i] = r.Label()
		s.Awaiting = append(s.Awaiting, r.ID)
	}
	s.AwaitUntil = now.Add(c.cfg.Reports.CategoryWindow)
	return catalog.Render(catalog.OrphanAskCategory, catalog.Args{"Labels": joinLabels(labels), "Choices": c.choices()})
}

// splitRegistration splits "姓名 手机号" (in either order, or with no space
// between them) into a name and a phone number.
func splitRegistration(arg string) (name, phone string, ok bool) {
	fields := strings.FieldsFunc(arg, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",，、;；:：", r)
	})
	switch len(fields) {
	case 0:
		return "", "", false
	case 1:
		// 张三13800000000: split where the digits start.
		f := fields[0]
		i := strings.IndexFunc(f, func(r rune) bool { return r == '+' || unicode.IsDigit(r) })
		if i <= 0 {
			return "", "", false
		}
		return f[:i], f[i:], true
	}
	last := fields[len(fields)-1]
	if looksLikePhone(fields[0]) && !looksLikePhone(last) {
		return strings.Join(fields[1:], " "), fields[0], true
	}
	return strings.Join(fields[:len(fields)-1], " "), last, true
}

func looksLikePhone(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool { return !unicode.IsDigit(r) && r != '+' && r != '-' }) < 0
}

// ReleaseHeld settles the photos openid sent before they could earn
// (before registering, or while their registration was pending), now that
// they may. Photos received more than riders.orphan_photo_window before
// the registration settle invalid, silently. It returns how many photos
// were attached: those within the window, including any still being
// vetted (their job settles them). The staff package calls it after
// approving a registration, and may then send OrphanPhotosAttached.
//
// Outcome messages wait replyFirst, so that the registration's own answer
// comes first. Attached photos without a category become the photos
// waiting for a 1/2/3 answer (state conv/<openid>), and the rider is
// asked (OrphanAskCategory) by a customer-service message sent before
// the outcomes.
func (c *Conversation) ReleaseHeld(tx *store.Tx, openid string) (int, error) {
	n, ask, err := c.releaseHeld(tx, openid)
	if err != nil || len(ask) == 0 {
		return n, err
	}
	s, err := loadState(tx, openid)
	if err != nil {
		return 0, fmt.Errorf("chat: release held of %s: state: %w", openid, err)
	}
	now := tx.Now()
	question := c.awaitCategory(s, now, ask)
	if err := saveState(tx, openid, s); err != nil {
		return 0, fmt.Errorf("chat: release held of %s: state: %w", openid, err)
	}
	if err := c.out.SendAt(tx, bot.Outgoing{OpenID: openid, Text: question}, now.Add(replyFirst/2)); err != nil {
		return 0, fmt.Errorf("chat: release held of %s: %w", openid, err)
	}
	return n, nil
}

// releaseHeld is ReleaseHeld without the conversation state: it also
// returns the attached reports that have no category, oldest first, for
// the caller to ask about.
func (c *Conversation) releaseHeld(tx *store.Tx, openid string) (int, []grid.Report, error) {
	rider, err := tx.Rider(openid)
	if err != nil {
		return 0, nil, fmt.Errorf("chat: release held of %s: %w", openid, err)
	}
	if rider.Status != grid.RiderActive {
		return 0, nil, nil
	}
	cutoff := rider.RegisteredAt.Add(-c.cfg.Riders.OrphanPhotoWindow)
	reports, err := tx.RiderReports(openid, time.Time{}, 0, func(r grid.Report) bool { return r.Status == grid.ReportReceived })
	if err != nil {
		return 0, nil, fmt.Errorf("chat: release held of %s: %w", openid, err)
	}
	n := 0
	var ask []grid.Report
	at := tx.Now().Add(replyFirst)
	for i := len(reports) - 1; i >= 0; i-- { // oldest first
		r := reports[i]
		if !r.At.Before(cutoff) {
			n++
			if r.Category == "" {
				ask = append(ask, r)
			}
		}
		v, ok, err := heldVerdict(tx, r.ID)
		if err != nil {
			return 0, nil, err
		}
		if ok {
			if err := c.settle(tx, r, v, at); err != nil {
				return 0, nil, err
			}
		}
	}
	return n, ask, nil
}
