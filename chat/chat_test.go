package chat_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/officialaccount/message"

	"gridbot/catalog"
	"gridbot/config"
	"gridbot/grid"
	"gridbot/points"
	"gridbot/store"
	"gridbot/wx"
)

const (
	alice = "o_alice"
	bob   = "o_bob"
	carol = "o_carol"
)

func choices() string {
	return "1 安全隐患\n2 占道经营\n3 环境卫生"
}

// TestRegistration covers the newcomer's path: the welcome, the guide for
// anything else, a bad phone number, a masked phone number, and a second
// registration.
func TestRegistration(t *testing.T) {
	h := newHarness(t, options{})
	h.tick()
	want(t, h.send(h.sim.NewSubscribe(alice)), catalog.Welcome, catalog.Args{"Guide": catalog.Text(catalog.RegisterGuide)})
	want(t, h.text(alice, "你好"), catalog.RegisterGuide, nil)
	want(t, h.text(alice, "积分"), catalog.RegisterGuide, nil)
	want(t, h.text(alice, "注册"), catalog.RegisterUsage, nil)
	want(t, h.text(alice, "注册 张三 12345"), catalog.RegisterBadPhone, nil)
	got := h.text(alice, "报名 张三 13812340000")
	want(t, got, catalog.RegisterActive, catalog.Args{"Name": "张三", "Phone": "138****0000", "Seq": 1})
	if strings.Contains(got, "13812340000") {
		t.Errorf("reply %q shows the whole phone number", got)
	}
	want(t, h.text(alice, "注册 张三 13812340000"), catalog.RegisterAlready, catalog.Args{"Name": "张三", "Phone": "138****0000"})
	r, err := h.db.Rider(alice)
	if err != nil || r.Status != grid.RiderActive || r.Phone != "13812340000" {
		t.Errorf("rider = %+v, %v; want active with the phone number", r, err)
	}
	want(t, h.text(alice, "帮助"), catalog.Help, nil)
	want(t, h.text(alice, "今天天气不错"), catalog.Help, nil)

	h.tick()
	voice := h.sim.NewText(alice, "")
	voice.MsgType = message.MsgTypeVoice
	voice.MediaID = "voice-media"
	want(t, h.send(voice), catalog.UnknownMessageType, nil)
}

// TestRegistrationStaffApproval: with riders.approval: staff the rider
// waits and staff are told, with the phone number masked.
func TestRegistrationStaffApproval(t *testing.T) {
	h := newHarness(t, options{Edit: func(c *config.Config) { c.Riders.Approval = "staff" }})
	want(t, h.text(alice, "注册 李四 13900001111"), catalog.RegisterPending,
		catalog.Args{"Name": "李四", "Phone": "139****1111", "Seq": 1})
	want(t, h.text(alice, "积分"), catalog.RegisterStillPending, nil)
	want(t, h.photo(alice, mustRead(t, "baboon.jpg")), catalog.PhotoKeptPending, catalog.Args{"Label": "P1"})
	msgs := h.sent(staffID, 1)
	want(t, msgs[0], catalog.StaffNewRider, catalog.Args{"Label": "U1", "Name": "李四", "Phone": "139****1111"})
	r := h.vetted(1)
	if r.Status != grid.ReportReceived || h.balance(alice).Balance != 0 {
		t.Errorf("a pending rider's photo: status %s, balance %d; want it held without points", r.Status, h.balance(alice).Balance)
	}
}

// TestPhotoThenCategory runs in plain and in safe (encrypted) mode.
func TestPhotoThenCategory(t *testing.T) {
	for _, safe := range []bool{false, true} {
		t.Run(fmt.Sprintf("safe=%v", safe), func(t *testing.T) {
			h := newHarness(t, options{Safe: safe})
			h.register(alice, "张三", "13800000000")
			got := h.photo(alice, mustRead(t, "baboon.jpg"))
			wantJoined(t, got,
				catalog.Render(catalog.PhotoAskCategory, catalog.Args{"Label": "P1", "Choices": choices()}),
				catalog.Text(catalog.LocationAsk))
			want(t, h.text(alice, "2"), catalog.CategoryApplied, catalog.Args{"Labels": "P1", "Category": "占道经营"})
			want(t, h.sent(alice, 1)[0], catalog.OutcomeValid, catalog.Args{"Label": "P1", "Balance": 1, "Today": 1, "Cap": 20})
			r := h.settled(1)
			if r.Category != "vending" || r.Status != grid.ReportValid || r.Points != 1 || r.AwardKey != grid.AwardKeyFor(1) {
				t.Errorf("P1 = %+v; want valid, vending, 1 point", r)
			}
			if r.SHA256 == "" || r.PHash == "" || r.HashAlgo == "" || r.Width != 512 {
				t.Errorf("P1 vetting not recorded: %+v", r)
			}
			if b := h.balance(alice); b.Balance != 1 {
				t.Errorf("balance %d, want 1", b.Balance)
			}
			want(t, h.text(alice, "3"), catalog.CategoryNoPhoto, nil)
		})
	}
}

// wantJoined checks a reply made of several catalog entries, one a line.
func wantJoined(t *testing.T, got string, parts ...string) {
	t.Helper()
	if w := strings.Join(parts, "\n"); got != w {
		t.Errorf("got reply %q,\nwant %q", got, w)
	}
}

func TestCategoryThenThreePhotos(t *testing.T) {
	h := newHarness(t, options{})
	h.register(alice, "张三", "13800000000")
	want(t, h.text(alice, "垃圾"), catalog.CategorySet, catalog.Args{"Category": "环境卫生", "Minutes": 5})
	for i, name := range []string{"baboon.jpg", "fruits.jpg", "messi5.jpg"} {
		got := h.photo(alice, mustRead(t, name))
		parts := []string{catalog.Render(catalog.PhotoReceived, catalog.Args{"Label": fmt.Sprintf("P%d", i+1), "Category": "环境卫生"})}
		if i == 0 {
			parts = append(parts, catalog.Text(catalog.LocationAsk))
		}
		wantJoined(t, got, parts...)
	}
	var wanted []string
	for i := 1; i <= 3; i++ {
		r := h.settled(uint64(i))
		if r.Category != "sanitation" || r.Status != grid.ReportValid {
			t.Errorf("P%d = %s %s; want valid sanitation", i, r.Status, r.Category)
		}
	}
	msgs := h.sent(alice, 3)
	// Balance and today's count depend on the order the jobs finished.
	for i := 1; i <= 3; i++ {
		for n := 1; n <= 3; n++ {
			w := catalog.Render(catalog.OutcomeValid, catalog.Args{"Label": fmt.Sprintf("P%d", i), "Balance": n, "Today": n, "Cap": 20})
			for _, m := range msgs {
				if m == w {
					wanted = append(wanted, w)
				}
			}
		}
	}
	wantSet(t, msgs, wanted...)
	if len(wanted) != 3 {
		t.Errorf("outcomes %q are not three valid reports", msgs)
	}
	if b := h.balance(alice); b.Balance != 3 {
		t.Errorf("balance %d, want 3", b.Balance)
	}
	// After the window, photos are asked for a category again (and not
	// again for a location: that was asked less than 10 minutes ago).
	h.clock.Advance(6 * time.Minute)
	got := h.photo(alice, mustRead(t, "board.jpg"))
	want(t, got, catalog.PhotoAskCategory, catalog.Args{"Label": "P4", "Choices": choices()})
}

func TestMenuPhotoEvent(t *testing.T) {
	h := newHarness(t, options{})
	h.register(alice, "张三", "13800000000")
	h.tick()
	ev, imgs := h.sim.NewPicPhotoOrAlbum(alice, "report_safety", mustRead(t, "butterfly.jpg"))
	want(t, h.send(ev), catalog.CategorySet, catalog.Args{"Category": "安全隐患", "Minutes": 5})
	wantJoined(t, h.send(imgs[0]),
		catalog.Render(catalog.PhotoReceived, catalog.Args{"Label": "P1", "Category": "安全隐患"}),
		catalog.Text(catalog.LocationAsk))
	want(t, h.sent(alice, 1)[0], catalog.OutcomeValid, catalog.Args{"Label": "P1", "Balance": 1, "Today": 1, "Cap": 20})
	if r := h.settled(1); r.Category != "safety" {
		t.Errorf("P1 category %q, want safety", r.Category)
	}
	h.tick()
	want(t, h.send(h.sim.NewClick(alice, wx.MenuKeyMyPoints)), catalog.Balance, catalog.Args{
		"Balance": 1, "Available": 1, "Held": "", "Month": 1, "Rank": 1,
	})
}

func TestLocation(t *testing.T) {
	h := newHarness(t, options{})
	h.register(alice, "张三", "13800000000")
	h.text(alice, "占道")
	h.photo(alice, mustRead(t, "baboon.jpg"))
	h.photo(alice, mustRead(t, "fruits.jpg"))
	h.tick()
	got := h.send(h.sim.NewLocation(alice, 31.2304, 121.4737, 15, "南京东路 100 号"))
	want(t, got, catalog.LocationAttached, catalog.Args{"Label": "南京东路 100 号", "Reports": "P1、P2"})
	for _, id := range []uint64{1, 2} {
		r := h.settled(id)
		if r.Location == nil || r.Location.Lat != 31.2304 || r.Location.Lng != 121.4737 || r.Location.Label != "南京东路 100 号" {
			t.Errorf("P%d location = %+v", id, r.Location)
		}
	}
	// Past the window the location attaches to nothing.
	h.clock.Advance(11 * time.Minute)
	h.tick()
	want(t, h.send(h.sim.NewLocation(alice, 31.1, 121.1, 15, "")), catalog.LocationNoReport, nil)

	// A LOCATION event is answered "success" and becomes the position of
	// the next photo, which is then not asked for one.
	h.clock.Advance(11 * time.Minute)
	h.tick()
	if got := h.send(h.sim.NewLocationEvent(alice, 30.5, 120.5, 20)); got != "" {
		t.Errorf("LOCATION event answered %q, want no reply", got)
	}
	h.text(alice, "卫生")
	want(t, h.photo(alice, mustRead(t, "messi5.jpg")), catalog.PhotoReceived, catalog.Args{"Label": "P3", "Category": "环境卫生"})
	if r := h.settled(3); r.Location == nil || r.Location.Lat != 30.5 || r.Location.Lng != 120.5 {
		t.Errorf("P3 location = %+v, want the LOCATION event's", r.Location)
	}
}

// TestRequireLocation: a usable photo earns only once a location arrives.
func TestRequireLocation(t *testing.T) {
	h := newHarness(t, options{Edit: func(c *config.Config) { c.Reports.RequireLocation = true }})
	h.register(alice, "张三", "13800000000")
	h.text(alice, "安全")
	h.photo(alice, mustRead(t, "orange.jpg"))
	want(t, h.sent(alice, 1)[0], catalog.OutcomeNeedsLocation, catalog.Args{"Label": "P1"})
	if b := h.balance(alice); b.Balance != 0 {
		t.Fatalf("balance %d before the location, want 0", b.Balance)
	}
	h.tick()
	want(t, h.send(h.sim.NewLocation(alice, 31, 121, 15, "路口")), catalog.LocationAttached, catalog.Args{"Label": "路口", "Reports": "P1"})
	h.clock.Advance(3 * time.Second) // the outcome follows the reply
	want(t, h.sent(alice, 2)[1], catalog.OutcomeValid, catalog.Args{"Label": "P1", "Balance": 1, "Today": 1, "Cap": 20})
}

func TestDuplicatesAndUnusable(t *testing.T) {
	h := newHarness(t, options{})
	h.register(alice, "张三", "13800000000")
	h.register(bob, "李四", "13900000000")
	h.register(carol, "王五", "13700000000")
	baboon := mustRead(t, "baboon.jpg")
	h.text(alice, "安全")
	h.photo(alice, baboon)
	want(t, h.sent(alice, 1)[0], catalog.OutcomeValid, catalog.Args{"Label": "P1", "Balance": 1, "Today": 1, "Cap": 20})
	p1 := h.settled(1)

	h.text(bob, "安全")
	h.photo(bob, baboon) // the same bytes
	want(t, h.sent(bob, 1)[0], catalog.OutcomeDuplicate, catalog.Args{"When": p1.At.In(h.cfg.Location()).Format("01-02 15:04"), "Original": "P1"})
	if r := h.settled(2); r.Status != grid.ReportDuplicate || r.DuplicateOf != 1 {
		t.Errorf("P2 = %s of %d, want duplicate of P1", r.Status, r.DuplicateOf)
	}

	h.text(carol, "安全")
	h.photo(carol, editedCopy(t, baboon))
	want(t, h.sent(carol, 1)[0], catalog.OutcomeDuplicate, catalog.Args{"When": p1.At.In(h.cfg.Location()).Format("01-02 15:04"), "Original": "P1"})
	if r := h.settled(3); r.Status != grid.ReportDuplicate || r.DuplicateOf != 1 {
		t.Errorf("P3 = %s of %d, want duplicate of P1", r.Status, r.DuplicateOf)
	}

	h.photo(carol, blackFrame(t))
	want(t, h.sent(carol, 2)[1], catalog.OutcomeUnusable, catalog.Args{
		"Label": "P4", "Reason": catalog.Text(catalog.ReasonTooDark), "Tip": catalog.Text(catalog.RetakeTip),
	})
	if r := h.settled(4); r.Status != grid.ReportInvalid || len(r.Reasons) == 0 || r.Reasons[0] != "too_dark" {
		t.Errorf("P4 = %s %v, want invalid too_dark", r.Status, r.Reasons)
	}
	for _, who := range []string{bob, carol} {
		if b := h.balance(who); b.Balance != 0 {
			t.Errorf("%s balance %d, want 0", who, b.Balance)
		}
	}

	// After a restart the index is rebuilt from the store: a resend is
	// still a duplicate.
	h.restart()
	h.photo(bob, baboon)
	want(t, h.sent(bob, 2)[1], catalog.OutcomeDuplicate, catalog.Args{"When": p1.At.In(h.cfg.Location()).Format("01-02 15:04"), "Original": "P1"})
}

func TestDailyCap(t *testing.T) {
	h := newHarness(t, options{Edit: func(c *config.Config) { c.Points.DailyCap = 2 }})
	h.register(alice, "张三", "13800000000")
	h.text(alice, "卫生")
	for i, name := range []string{"baboon.jpg", "fruits.jpg", "messi5.jpg"} {
		h.photo(alice, mustRead(t, name))
		h.settled(uint64(i + 1)) // one at a time, so the cap falls on P3
	}
	msgs := h.sent(alice, 3)
	wantSet(t, msgs,
		catalog.Render(catalog.OutcomeValid, catalog.Args{"Label": "P1", "Balance": 1, "Today": 1, "Cap": 2}),
		catalog.Render(catalog.OutcomeValid, catalog.Args{"Label": "P2", "Balance": 2, "Today": 2, "Cap": 2}),
		catalog.Render(catalog.OutcomeOverCap, catalog.Args{"Label": "P3", "Cap": 2}))
	if r, _ := h.db.Report(3); r.Status != grid.ReportValid || !r.OverCap || r.Points != 0 {
		t.Errorf("P3 = %s overcap=%v points=%d; want valid over the cap with no point", r.Status, r.OverCap, r.Points)
	}
	if b := h.balance(alice); b.Balance != 2 {
		t.Errorf("balance %d, want 2", b.Balance)
	}
}

// earn gives openid n points by sending n distinct photos.
func earn(t *testing.T, h *harness, openid string, photos ...string) {
	t.Helper()
	h.text(openid, "卫生")
	before := len(h.sim.Messages(openid))
	for _, name := range photos {
		h.photo(openid, mustRead(t, name))
	}
	h.sent(openid, before+len(photos))
}

func rewardConfig(c *config.Config) {
	c.Rewards = []config.Reward{
		{Code: "haircut", Name: "免费理发", Cost: 2, Partner: "社区理发店", Note: "凭券码到店使用"},
		{Code: "wash", Name: "免费洗车", Cost: 1, Partner: "车行", Note: "", Stock: 1},
		{Code: "tea", Name: "凉茶", Cost: 1, Partner: "茶铺", Note: "每月一次", MonthlyLimit: 1},
	}
}

func TestRedemption(t *testing.T) {
	h := newHarness(t, options{Edit: rewardConfig})
	h.register(alice, "张三", "13800000000")
	wantJoined(t, h.text(alice, "兑换"),
		catalog.Render(catalog.RewardsHeader, catalog.Args{"Available": 0}),
		catalog.Render(catalog.RewardsLine, catalog.Args{"N": 1, "Name": "免费理发", "Cost": 2, "Partner": "社区理发店", "Note": "凭券码到店使用"}),
		catalog.Render(catalog.RewardsLine, catalog.Args{"N": 2, "Name": "免费洗车", "Cost": 1, "Partner": "车行", "Note": ""}),
		catalog.Render(catalog.RewardsLine, catalog.Args{"N": 3, "Name": "凉茶", "Cost": 1, "Partner": "茶铺", "Note": "每月一次"}),
		catalog.Text(catalog.RewardsFooter))
	want(t, h.text(alice, "兑换 1"), catalog.RedeemShort, catalog.Args{"Name": "免费理发", "Cost": 2, "Available": 0, "Missing": 2})
	want(t, h.text(alice, "兑换 9"), catalog.RewardUnknown, nil)
	want(t, h.text(alice, "确认"), catalog.RedeemNothingToOK, nil)

	earn(t, h, alice, "baboon.jpg", "fruits.jpg")
	want(t, h.text(alice, "兑换 1"), catalog.RedeemConfirm, catalog.Args{"Name": "免费理发", "Cost": 2, "Remaining": 0})

	// Two 确认 at once: one redemption, one hold.
	h.tick()
	m1, m2 := h.sim.NewText(alice, "确认"), h.sim.NewText(alice, "确认")
	var wg sync.WaitGroup
	replies := make([]string, 2)
	for i, m := range []*wx.Message{m1, m2} {
		wg.Go(func() { replies[i] = h.send(m) })
	}
	wg.Wait()
	wantSet(t, replies,
		catalog.Render(catalog.RedeemCreated, catalog.Args{"Label": "R1", "Name": "免费理发", "Cost": 2}),
		catalog.Text(catalog.RedeemNothingToOK))
	if b := h.balance(alice); b.Held != 2 || b.Available != 0 || b.Balance != 2 {
		t.Errorf("balance %+v, want 2 held, 0 available", b)
	}
	reds, err := h.db.Redemptions("")
	if err != nil || len(reds) != 1 || reds[0].Status != points.RedemptionPending {
		t.Fatalf("redemptions = %+v, %v; want one pending", reds, err)
	}
	staffMsgs := h.sent(staffID, 1)
	want(t, staffMsgs[len(staffMsgs)-1], catalog.StaffNewRedemption, catalog.Args{"Label": "R1", "Rider": "张三 U1", "Name": "免费理发", "Cost": 2})

	h.tick()
	want(t, h.send(h.sim.NewClick(alice, wx.MenuKeyMyPoints)), catalog.Balance, catalog.Args{
		"Balance": 2, "Available": 0, "Held": catalog.Render(catalog.BalanceHeld, catalog.Args{"Held": 2}), "Month": 2, "Rank": 1,
	})
	want(t, h.text(alice, "取消 R7"), catalog.RedeemCancelUnknown, catalog.Args{"Label": "R7"})
	want(t, h.text(bob, "取消 R1"), catalog.RegisterGuide, nil)
	want(t, h.text(alice, "取消 R1"), catalog.RedeemCancelled, catalog.Args{"Label": "R1", "Cost": 2})
	want(t, h.text(alice, "取消 R1"), catalog.RedeemCancelUnknown, catalog.Args{"Label": "R1"})
	if b := h.balance(alice); b.Held != 0 || b.Available != 2 {
		t.Errorf("balance after cancel %+v, want 2 available", b)
	}
	if r, _ := h.db.Redemption(1); r.Status != points.RedemptionCancelled {
		t.Errorf("R1 status %s, want cancelled", r.Status)
	}

	// Stock: the one car wash goes to the first rider.
	want(t, h.text(alice, "兑换 2"), catalog.RedeemConfirm, catalog.Args{"Name": "免费洗车", "Cost": 1, "Remaining": 1})
	want(t, h.text(alice, "确认"), catalog.RedeemCreated, catalog.Args{"Label": "R2", "Name": "免费洗车", "Cost": 1})
	want(t, h.text(alice, "兑换 2"), catalog.RedeemOutOfStock, catalog.Args{"Name": "免费洗车"})

	// Monthly limit: one tea per rider per month.
	want(t, h.text(alice, "兑换 3"), catalog.RedeemConfirm, catalog.Args{"Name": "凉茶", "Cost": 1, "Remaining": 0})
	want(t, h.text(alice, "确认"), catalog.RedeemCreated, catalog.Args{"Label": "R3", "Name": "凉茶", "Cost": 1})
	want(t, h.text(alice, "兑换 3"), catalog.RedeemMonthlyLimit, catalog.Args{"Name": "凉茶", "Limit": 1})
}

// TestRestartMidRedemption: the choice waiting for 确认 is in bbolt, so a
// restart between 兑换 1 and 确认 loses nothing.
func TestRestartMidRedemption(t *testing.T) {
	h := newHarness(t, options{Edit: rewardConfig})
	h.register(alice, "张三", "13800000000")
	earn(t, h, alice, "baboon.jpg", "fruits.jpg")
	want(t, h.text(alice, "兑换 1"), catalog.RedeemConfirm, catalog.Args{"Name": "免费理发", "Cost": 2, "Remaining": 0})
	h.restart()
	want(t, h.text(alice, "确认"), catalog.RedeemCreated, catalog.Args{"Label": "R1", "Name": "免费理发", "Cost": 2})
	if b := h.balance(alice); b.Held != 2 {
		t.Errorf("held %d, want 2", b.Held)
	}
	// A photo waiting for its category survives a restart too.
	h.clock.Advance(6 * time.Minute)
	got := h.photo(alice, mustRead(t, "messi5.jpg"))
	if !strings.HasPrefix(got, catalog.Render(catalog.PhotoAskCategory, catalog.Args{"Label": "P3", "Choices": choices()})) {
		t.Errorf("photo reply %q", got)
	}
	h.restart()
	want(t, h.text(alice, "1"), catalog.CategoryApplied, catalog.Args{"Labels": "P3", "Category": "安全隐患"})
}

func TestBalanceHistoryLeaderboard(t *testing.T) {
	h := newHarness(t, options{})
	h.register(alice, "张三", "13800000000")
	h.register(bob, "欧阳娜娜", "13900000000")
	want(t, h.text(alice, "记录"), catalog.HistoryEmpty, nil)
	want(t, h.text(alice, "排行"), catalog.LeaderboardEmpty, nil)
	want(t, h.text(alice, "积分"), catalog.Balance, catalog.Args{"Balance": 0, "Available": 0, "Held": "", "Month": 0, "Rank": catalog.Text(catalog.RankNone)})
	earn(t, h, bob, "baboon.jpg", "fruits.jpg")
	earn(t, h, alice, "messi5.jpg")
	h.photo(alice, blackFrame(t))
	h.settled(4)

	want(t, h.text(alice, "余额"), catalog.Balance, catalog.Args{"Balance": 1, "Available": 1, "Held": "", "Month": 1, "Rank": 2})
	wantJoined(t, h.text(alice, "排行"),
		catalog.Render(catalog.LeaderboardHead, catalog.Args{"Month": catalog.Render(catalog.MonthLabel, catalog.Args{"Year": 2025, "Month": 5})}),
		catalog.Render(catalog.LeaderboardLine, catalog.Args{"Rank": 1, "Name": "欧***", "Points": 2}),
		catalog.Render(catalog.LeaderboardLine, catalog.Args{"Rank": 2, "Name": "张*", "Points": 1}),
		catalog.Render(catalog.LeaderboardMine, catalog.Args{"Points": 1, "Rank": 2}))

	line := func(id uint64, status catalog.ID, pts string) string {
		r, _ := h.db.Report(id)
		return strings.TrimSpace(catalog.Render(catalog.HistoryLine, catalog.Args{
			"Label": r.Label(), "Time": r.At.In(h.cfg.Location()).Format("01-02 15:04"), "Category": "环境卫生",
			"Status": catalog.Text(status), "Points": pts,
		}))
	}
	wantJoined(t, h.text(alice, "记录"),
		catalog.Text(catalog.HistoryHeader),
		line(4, catalog.ReportStatusInvalid, ""),
		line(3, catalog.ReportStatusValid, catalog.Render(catalog.HistoryPoints, catalog.Args{"Points": 1})))
}

// TestOrphanPhoto: a photo sent before registering is kept and credited
// once the sender registers within riders.orphan_photo_window.
func TestOrphanPhoto(t *testing.T) {
	h := newHarness(t, options{})
	want(t, h.photo(alice, mustRead(t, "apple.jpg")), catalog.PhotoKeptUnregistered, nil)
	if r := h.vetted(1); r.Status != grid.ReportReceived {
		t.Fatalf("orphan P1 status %s, want received (held)", r.Status)
	}
	if b := h.balance(alice); b.Balance != 0 {
		t.Fatalf("balance %d before registering", b.Balance)
	}
	h.restart() // the held verdict is in bbolt
	h.clock.Advance(time.Hour)
	wantJoined(t, h.text(alice, "注册 张三 13800000000"),
		catalog.Render(catalog.RegisterActive, catalog.Args{"Name": "张三", "Phone": "138****0000", "Seq": 1}),
		catalog.Render(catalog.OrphanPhotosAttached, catalog.Args{"Count": 1}),
		catalog.Render(catalog.OrphanAskCategory, catalog.Args{"Labels": "P1", "Choices": choices()}))
	// The outcome waits, so that the registration reply comes first.
	time.Sleep(300 * time.Millisecond)
	if got := h.sim.Messages(alice); len(got) != 0 {
		t.Errorf("got %d messages right after registering (%q), want the outcome to wait", len(got), got[0].Text)
	}
	h.clock.Advance(3 * time.Second)
	want(t, h.sent(alice, 1)[0], catalog.OutcomeValid, catalog.Args{"Label": "P1", "Balance": 1, "Today": 1, "Cap": 20})
	// The released photo is the one waiting for a category.
	want(t, h.text(alice, "1"), catalog.CategoryApplied, catalog.Args{"Labels": "P1", "Category": "安全隐患"})
	if r := h.settled(1); r.Category != "safety" || r.Status != grid.ReportValid {
		t.Errorf("P1 = %s, category %q; want valid, safety", r.Status, r.Category)
	}

	// Outside the window a held photo is not credited.
	h.photo(bob, mustRead(t, "orange.jpg"))
	h.vetted(2)
	h.clock.Advance(25 * time.Hour)
	want(t, h.text(bob, "注册 李四 13900000000"), catalog.RegisterActive, catalog.Args{"Name": "李四", "Phone": "139****0000", "Seq": 2})
	if r := h.settled(2); r.Status != grid.ReportInvalid || h.balance(bob).Balance != 0 {
		t.Errorf("stale orphan P2 = %s, balance %d; want invalid, 0", r.Status, h.balance(bob).Balance)
	}
}

func TestDownloadFailure(t *testing.T) {
	h := newHarness(t, options{})
	h.register(alice, "张三", "13800000000")
	h.tick()
	m := h.sim.NewImage(alice, mustRead(t, "baboon.jpg"))
	m.MediaID, m.PicURL = "expired-media-id", ""
	wantJoined(t, h.send(m), catalog.Render(catalog.PhotoAskCategory, catalog.Args{"Label": "P1", "Choices": choices()}), catalog.Text(catalog.LocationAsk))
	want(t, h.sent(alice, 1)[0], catalog.OutcomeDownloadFail, catalog.Args{"Label": "P1"})
	if r := h.settled(1); r.Status != grid.ReportInvalid {
		t.Errorf("P1 status %s, want invalid", r.Status)
	}
}

func TestRateLimits(t *testing.T) {
	h := newHarness(t, options{Edit: func(c *config.Config) {
		c.Limits = config.RateLimitsConfig{PhotosPerMinute: 2, PhotosPerDay: 4, MessagesPerMinute: 3}
	}})
	h.register(alice, "张三", "13800000000")
	// A fresh minute for the photos.
	h.clock.Advance(time.Minute - time.Duration(h.clock.Now().Second())*time.Second)
	h.text(alice, "卫生")
	h.photo(alice, mustRead(t, "baboon.jpg"))
	h.photo(alice, mustRead(t, "fruits.jpg"))
	want(t, h.photo(alice, mustRead(t, "messi5.jpg")), catalog.PhotoRateLimited, nil)
	if r, err := h.db.Report(3); err != nil || r.Status != grid.ReportReceived {
		t.Errorf("rate-limited photo P3 = %+v, %v; want it kept", r, err)
	}
	want(t, h.photo(alice, mustRead(t, "board.jpg")), catalog.PhotoRateLimited, nil)

	h.clock.Advance(time.Minute)
	want(t, h.photo(alice, mustRead(t, "apple.jpg")), catalog.PhotoDayLimited, catalog.Args{"Limit": 4})
	if r := h.settled(5); r.Status != grid.ReportInvalid || r.SHA256 == "" {
		t.Errorf("photo over the day limit P5 = %s (sha %q); want recorded, invalid", r.Status, r.SHA256)
	}

	h.clock.Advance(time.Minute - time.Duration(h.clock.Now().Second())*time.Second)
	for i := 0; i < 3; i++ {
		want(t, h.text(alice, "帮助"), catalog.Help, nil)
	}
	want(t, h.text(alice, "帮助"), catalog.TooManyMessages, nil)
	if got := h.text(alice, "帮助"); got != "" {
		t.Errorf("second message over the limit answered %q, want nothing", got)
	}
	h.clock.Advance(time.Minute)
	want(t, h.text(alice, "帮助"), catalog.Help, nil)
}

// TestAwardIdempotent runs the photo job again for a settled report: it
// changes nothing and awards nothing.
func TestAwardIdempotent(t *testing.T) {
	h := newHarness(t, options{})
	h.register(alice, "张三", "13800000000")
	h.text(alice, "安全")
	h.photo(alice, mustRead(t, "baboon.jpg"))
	h.settled(1)
	h.sent(alice, 1)
	payload := []byte(`{"report":1}`)
	for i := 0; i < 3; i++ {
		if err := h.conv.RunPhoto(context.Background(), store.Job{ID: 999, Kind: "photo", Payload: payload}); err != nil {
			t.Fatalf("RunPhoto again: %v", err)
		}
	}
	if b := h.balance(alice); b.Balance != 1 {
		t.Errorf("balance %d after re-running the job, want 1", b.Balance)
	}
	entries, _ := h.db.RiderEntries(alice, 0)
	if len(entries) != 1 {
		t.Errorf("%d ledger entries, want 1", len(entries))
	}
}

// TestStaffCommandsFirst: text starting with a staff command word goes to
// the staff hook first, from anyone; what it does not handle goes on.
func TestStaffCommandsFirst(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	staff := &fakeStaff{HandleFunc: func(tx *store.Tx, openid, text string) (string, bool, error) {
		mu.Lock()
		seen = append(seen, openid+" "+text)
		mu.Unlock()
		if openid != staffID {
			return "", false, nil
		}
		return catalog.Text(catalog.StaffTodoEmpty), true, nil
	}}
	h := newHarness(t, options{Staff: staff})
	h.register(alice, "张三", "13800000000")
	want(t, h.text(staffID, "待办"), catalog.StaffTodoEmpty, nil)
	want(t, h.text(alice, "通过 R1"), catalog.Help, nil)
	want(t, h.text(alice, "积分"), catalog.Balance, catalog.Args{"Balance": 0, "Available": 0, "Held": "", "Month": 0, "Rank": catalog.Text(catalog.RankNone)})
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 2 || seen[0] != staffID+" 待办" || seen[1] != alice+" 通过 R1" {
		t.Errorf("staff hook saw %q, want the two command texts", seen)
	}
}

// TestReviewByStaff: with points.review: staff a usable photo waits for
// staff, who are notified, and the rider is told it is under review.
func TestReviewByStaff(t *testing.T) {
	h := newHarness(t, options{Edit: func(c *config.Config) { c.Points.Review = "staff" }})
	h.register(alice, "张三", "13800000000")
	h.text(alice, "占道")
	h.photo(alice, mustRead(t, "fruits.jpg"))
	want(t, h.sent(alice, 1)[0], catalog.OutcomeUnderReview, catalog.Args{"Label": "P1"})
	staffMsgs := h.sent(staffID, 1)
	want(t, staffMsgs[len(staffMsgs)-1], catalog.StaffNewReport, catalog.Args{"Label": "P1", "Rider": "张三 U1", "Category": "占道经营"})
	if r := h.settled(1); r.Status != grid.ReportPendingReview || h.balance(alice).Balance != 0 {
		t.Errorf("P1 = %s, balance %d; want pending_review, 0", r.Status, h.balance(alice).Balance)
	}
}
