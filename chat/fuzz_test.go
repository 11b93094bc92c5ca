package chat

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/silenceper/wechat/v2/officialaccount/message"

	"gridbot/bot"
	"gridbot/catalog"
	"gridbot/config"
	"gridbot/grid"
	"gridbot/photo"
	"gridbot/staff"
	"gridbot/store"
	"gridbot/wx"
)

// errRollback undoes a fuzzed turn, so that every input meets the same
// state.
var errRollback = errors.New("fuzz: roll back")

// FuzzCommand feeds arbitrary text through the rider command parser
// (normalize, command, splitRegistration) and then through the whole
// conversation, Handle, as a registered rider with points, an
// unregistered sender and a staff member, inside a transaction that is
// rolled back. Handle must answer every text with catalog text and no
// error (errors are for store failures only), and the parser's helpers
// must keep their contracts.
func FuzzCommand(f *testing.F) {
	for _, s := range []string{
		"注册 张三 13800001111", "报名 13800001111 张三", "注册张三13800001111", "注册", "注册 ，，",
		"积分", "余额", "记录", "排行", "帮助", "？", "兑换", "兑换 1", "兑换１", "兑换：2", "兑换 -1",
		"兑换 99999999999999999999", "确认", "取消", "取消 R1", "取消 r0", "取消 R18446744073709551616",
		"1", "2", "3", "安全", "垃圾", "通过 R1", "通过R1", "拒绝 P1 模糊", "核销 ABCD", "撤销 P1 重复",
		"待办", "工作人员帮助", "\u3000兑换　１ ", "\x00", "\xff\xfe", strings.Repeat("兑换", 500),
	} {
		for sender := range uint8(3) {
			f.Add(s, sender)
		}
	}
	conv, db, senders := fuzzConversation(f)
	f.Fuzz(func(t *testing.T, text string, sender uint8) {
		n := normalize(text)
		if normalize(n) != n {
			t.Fatalf("normalize is not idempotent: %q → %q → %q", text, n, normalize(n))
		}
		if n != strings.TrimSpace(n) {
			t.Fatalf("normalize(%q) = %q keeps outer space", text, n)
		}
		if arg, ok := command(n, "兑换", "取消"); ok && len(arg) >= len(n) {
			t.Fatalf("command(%q) = %q, longer than its input", n, arg)
		}
		if name, phone, ok := splitRegistration(text); ok && (name == "" || phone == "") {
			t.Fatalf("splitRegistration(%q) = %q, %q, ok, want both parts", text, name, phone)
		}

		openid := senders[int(sender)%len(senders)]
		m := &wx.Message{MsgIDText: "1"}
		m.MsgType, m.FromUserName, m.ToUserName = message.MsgTypeText, message.CDATA(openid), "gh_fuzz"
		m.CreateTime, m.MsgID, m.Content = 1746496800, 1, text
		var ans bot.Answer
		var herr error
		err := db.Do(context.Background(), func(tx *store.Tx) error {
			ans, herr = conv.Handle(tx, m)
			return errRollback // a plain error rolls the transaction back
		})
		if !errors.Is(err, errRollback) {
			t.Fatalf("transaction: got %v, want the rollback", err)
		}
		if herr != nil {
			t.Fatalf("Handle(%q from %s): %v, want a reply", text, openid, herr)
		}
		if ans.Text == "" && utf8.ValidString(text) {
			t.Fatalf("Handle(%q from %s): no reply", text, openid)
		}
		// Replies may echo what was typed (a voucher code), so only marks
		// the input does not contain betray a rendering fault.
		for _, bad := range []string{"%!", "<no value>", "{{"} {
			if strings.Contains(ans.Text, bad) && !strings.Contains(text, bad) {
				t.Fatalf("Handle(%q from %s): reply %q contains %q", text, openid, ans.Text, bad)
			}
		}
	})
}

// fuzzConversation builds the conversation over a real store in a
// temporary directory: one active rider with 500 points and one pending
// redemption, one staff member with the real staff desk, and one stranger.
func fuzzConversation(f *testing.F) (*Conversation, *store.DB, []string) {
	f.Helper()
	const rider, staffer, stranger = "o_fuzz_rider", "o_fuzz_staff", "o_fuzz_stranger"
	cfg := config.Default()
	cfg.DataDir = f.TempDir()
	cfg.Staff = []config.StaffMember{{OpenID: staffer, Name: "王主任"}}
	now := func() time.Time { return time.Date(2025, 5, 6, 10, 0, 0, 0, cfg.Location()) }
	// NoSync: every fuzzed turn is rolled back, and the set-up need not
	// survive a power cut.
	db, err := store.Open(filepath.Join(cfg.DataDir, store.FileName), store.Options{Now: now, Location: cfg.Location(), NoSync: true})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	log := slog.New(slog.DiscardHandler)
	outbox := &bot.Outbox{Store: db, Log: log}
	bs := &bot.Staff{OpenIDs: []string{staffer}, Outbox: outbox}
	var conv *Conversation
	desk := staff.New(staff.Deps{Config: cfg, Store: db, Outbox: outbox, Staff: bs, Now: now, Logger: log,
		Orphans: staff.OrphansFunc(func(tx *store.Tx, openid string) (int, error) { return conv.ReleaseHeld(tx, openid) })})
	conv = New(Deps{Config: cfg, Store: db, Outbox: outbox, Staff: bs,
		Photos: Photos{Checker: photo.NewChecker(cfg.Photo), Index: photo.NewIndex()},
		Now:    now, Logger: log, StaffCommands: desk})
	err = db.Do(context.Background(), func(tx *store.Tx) error {
		if _, err := tx.PutRider(grid.Rider{OpenID: rider, Name: "张三", Phone: "13800001111", Status: grid.RiderActive, RegisteredAt: tx.Now()}); err != nil {
			return err
		}
		if _, _, err := tx.Award("fuzz:seed", rider, 500); err != nil {
			return err
		}
		_, err := tx.CreateRedemption(rider, cfg.Rewards[0].Code, cfg.Rewards[0].Name, cfg.Rewards[0].Cost, cfg.Points.HoldTTL)
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	if catalog.Text(catalog.Help) == "" {
		f.Fatal("empty help text")
	}
	return conv, db, []string{rider, stranger, staffer}
}
