package chat

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/silenceper/wechat/v2/officialaccount/message"

	"gridbot/bot"
	"gridbot/catalog"
	"gridbot/config"
	"gridbot/grid"
	"gridbot/photo"
	"gridbot/store"
	"gridbot/wx"
)

// JobPhoto is the job kind of a photo to download, vet and settle; its
// handler is Conversation.RunPhoto.
const JobPhoto = "photo"

// Store is what the conversation needs from the database (store.DB).
// Everything else it reads through the *store.Tx it is handed.
type Store interface {
	Do(ctx context.Context, fn func(*store.Tx) error) error
	View(fn func(*store.Tx) error) error
	ForEachFingerprint(fn func(store.Fingerprint) error) error
}

var _ Store = (*store.DB)(nil)

// Media downloads a photo a rider sent (wx.Client).
type Media interface {
	DownloadMedia(ctx context.Context, mediaID, picURL string, maxBytes int64) ([]byte, error)
}

var _ Media = (*wx.Client)(nil)

// StaffCommands is the staff desk (package staff). HandleStaff returns
// handled=false for text that is not a staff command it takes; it refuses
// (and logs) senders who are not staff itself. CommandWords lists the
// words that start staff commands. FlagNearby marks a report that lies
// near another of the same category (for staff to decide); it does not
// store the report.
type StaffCommands interface {
	HandleStaff(tx *store.Tx, openid, text string) (reply string, handled bool, err error)
	CommandWords() []string
	FlagNearby(tx *store.Tx, r grid.Report) (grid.Report, error)
}

// Photos are the photo vetting parts.
type Photos struct {
	Checker *photo.Checker
	// Index is the in-memory near-duplicate index; LoadIndex fills it at
	// start.
	Index *photo.Index
	// Files keeps originals and thumbnails; nil keeps no files.
	Files *photo.Files
}

// Deps are the conversation's collaborators.
type Deps struct {
	Config *config.Config
	Store  Store
	Outbox *bot.Outbox
	Staff  *bot.Staff
	Photos Photos
	Media  Media
	// Now is the clock for work outside transactions; inside one the
	// transaction's clock (tx.Now) is used. Nil means time.Now.
	Now    func() time.Time
	Logger *slog.Logger
	// StaffCommands may be nil (no staff commands).
	StaffCommands StaffCommands
}

// Conversation is the rider conversation. It implements bot.Conversation
// and, with RunPhoto, the photo job. It keeps no conversation state in
// memory: see the package doc.
type Conversation struct {
	cfg       *config.Config
	st        Store
	out       *bot.Outbox
	staff     *bot.Staff
	photos    Photos
	policy    photo.Policy
	media     Media
	now       func() time.Time
	log       *slog.Logger
	staffCmds StaffCommands
	loc       *time.Location

	// vetMu serialises classify → commit → index add, so two copies of a
	// photo vetted at once are not both new.
	vetMu sync.Mutex
}

var _ bot.Conversation = (*Conversation)(nil)

// New returns the conversation for deps. Config, Store, Outbox, Staff and
// Photos.Checker and Photos.Index must be set.
func New(d Deps) *Conversation {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	return &Conversation{
		cfg: d.Config, st: d.Store, out: d.Outbox, staff: d.Staff,
		photos: d.Photos, policy: photo.PolicyFrom(d.Config.Photo), media: d.Media,
		now: d.Now, log: d.Logger, staffCmds: d.StaffCommands, loc: d.Config.Location(),
	}
}

// Handle decides what message m does, inside the intake transaction tx,
// and returns the passive reply (empty for none). It does no network or
// image work and keeps nothing outside tx. It returns an error only when
// the store fails; the webhook then answers 503 and WeChat retries. Riders
// never see an error: domain refusals become catalog replies.
func (c *Conversation) Handle(tx *store.Tx, m *wx.Message) (bot.Answer, error) {
	openid := m.OpenID()
	if openid == "" {
		return bot.Answer{}, nil
	}
	s, err := loadState(tx, openid)
	if err != nil {
		return bot.Answer{}, fmt.Errorf("chat: state of %s: %w", openid, err)
	}
	in := &turn{tx: tx, m: m, openid: openid, now: tx.Now(), s: s}
	if in.rider, err = tx.Rider(openid); err == nil {
		in.registered = true
	} else if !errors.Is(err, store.ErrNotFound) {
		return bot.Answer{}, fmt.Errorf("chat: rider %s: %w", openid, err)
	}
	text, err := c.route(in)
	if err != nil {
		return bot.Answer{}, fmt.Errorf("chat: %s from %s: %w", m.MsgType, openid, err)
	}
	if err := saveState(tx, openid, in.s); err != nil {
		return bot.Answer{}, fmt.Errorf("chat: save state of %s: %w", openid, err)
	}
	return bot.Answer{Text: text}, nil
}

// turn is one message being handled.
type turn struct {
	tx         *store.Tx
	m          *wx.Message
	openid     string
	now        time.Time
	s          *convState
	rider      grid.Rider
	registered bool
}

// active reports whether the sender is a rider who may earn points.
func (in *turn) active() bool { return in.registered && in.rider.Status == grid.RiderActive }

// route dispatches by message type.
func (c *Conversation) route(in *turn) (string, error) {
	m := in.m
	switch {
	case m.IsEvent():
		return c.event(in)
	case m.MsgType == message.MsgTypeImage:
		return c.photo(in)
	}
	if m.MsgType == message.MsgTypeText && c.staffCmds != nil {
		// Staff commands come first, before any rider rule or limit; the
		// staff package refuses (and logs) senders who are not staff.
		if t := normalize(m.Content); hasAnyPrefix(t, c.staffCmds.CommandWords()) {
			reply, handled, err := c.staffCmds.HandleStaff(in.tx, in.openid, t)
			if err != nil {
				return "", fmt.Errorf("staff command: %w", err)
			}
			if handled {
				return reply, nil
			}
		}
	}
	if c.overMessageLimit(in) {
		return in.s.Rate.warn(), nil
	}
	switch m.MsgType {
	case message.MsgTypeText:
		return c.text(in)
	case message.MsgTypeLocation:
		return c.location(in)
	}
	if !in.registered {
		return c.guide(in), nil
	}
	return catalog.Text(catalog.UnknownMessageType), nil
}

// event handles subscribe, LOCATION, menu clicks and menu photo buttons.
func (c *Conversation) event(in *turn) (string, error) {
	m := in.m
	switch m.Event {
	case message.EventSubscribe:
		if c.cfg.IsStaff(in.openid) {
			return catalog.Render(catalog.StaffWelcome, catalog.Args{"Guide": c.staffHelp(in)}), nil
		}
		guide := catalog.Text(catalog.RegisterGuide)
		if in.registered {
			guide = catalog.Text(catalog.Help)
		}
		return catalog.Render(catalog.Welcome, catalog.Args{"Guide": guide}), nil
	case message.EventLocation:
		c.lastPosition(in)
		return "", nil
	case message.EventClick:
		if c.overMessageLimit(in) {
			return in.s.Rate.warn(), nil
		}
		switch m.EventKey {
		case wx.MenuKeyMyPoints:
			return c.member(in, c.balance)
		case wx.MenuKeyRewards:
			return c.member(in, c.rewards)
		}
		return c.member(in, func(*turn) (string, error) { return catalog.Text(catalog.Help), nil })
	case message.EventPicPhotoOrAlbum, message.EventPicSysphoto, message.EventPicWeixin:
		cat, ok := c.categoryByMenuKey(m.EventKey)
		if !ok {
			return "", nil
		}
		in.s.chooseCategory(cat.Code, in.now.Add(c.cfg.Reports.CategoryWindow))
		if !in.registered {
			return catalog.Text(catalog.RegisterGuide), nil
		}
		return c.categorySetReply(cat), nil
	}
	return "", nil
}

// member runs fn for an active rider and answers everyone else with where
// they stand.
func (c *Conversation) member(in *turn, fn func(*turn) (string, error)) (string, error) {
	if !in.registered {
		return catalog.Text(catalog.RegisterGuide), nil
	}
	switch in.rider.Status {
	case grid.RiderActive:
		return fn(in)
	case grid.RiderPending:
		return catalog.Text(catalog.RegisterStillPending), nil
	case grid.RiderRejected:
		return catalog.Text(catalog.RegisterRejected), nil
	}
	return catalog.Text(catalog.RiderInactive), nil
}

// flagNearby returns r with its possible-duplicate flags brought up to
// date, when a staff desk is wired.
func (c *Conversation) flagNearby(tx *store.Tx, r grid.Report) (grid.Report, error) {
	if c.staffCmds == nil {
		return r, nil
	}
	return c.staffCmds.FlagNearby(tx, r)
}

// text routes a text message by its command word.
func (c *Conversation) text(in *turn) (string, error) {
	t := normalize(in.m.Content)
	if arg, ok := command(t, "注册", "报名"); ok {
		return c.register(in, arg)
	}
	if isHelpWord(t) && c.cfg.IsStaff(in.openid) {
		return c.staffHelp(in), nil
	}
	if !in.registered {
		return c.guide(in), nil
	}
	return c.member(in, func(in *turn) (string, error) { return c.riderText(in, t) })
}

// guide is the answer to something not understood from someone who has
// not registered: the staff help card for staff, the registration guide
// for everyone else.
func (c *Conversation) guide(in *turn) string {
	if c.cfg.IsStaff(in.openid) {
		return catalog.Text(catalog.StaffHelp)
	}
	return catalog.Text(catalog.RegisterGuide)
}

// staffHelp is the help a staff member gets (帮助, or the staff welcome):
// the staff help card, after the rider help card when the staff member is
// also an active rider.
func (c *Conversation) staffHelp(in *turn) string {
	if in.active() {
		return catalog.Text(catalog.Help) + "\n\n" + catalog.Text(catalog.StaffHelp)
	}
	return catalog.Text(catalog.StaffHelp)
}

// helpWords ask for help.
var helpWords = []string{"帮助", "help", "?", "？", "菜单", "说明"}

func isHelpWord(t string) bool { return slices.Contains(helpWords, t) }

// riderText handles an active rider's text.
func (c *Conversation) riderText(in *turn, t string) (string, error) {
	switch t {
	case "积分", "余额", "我的积分", "查积分":
		return c.balance(in)
	case "记录", "我的记录", "上报记录":
		return c.history(in)
	case "排行", "排行榜", "排名":
		return c.leaderboard(in)
	case "确认", "确定":
		return c.confirmRedeem(in)
	}
	if arg, ok := command(t, "兑换"); ok {
		if arg == "" {
			return c.rewards(in)
		}
		return c.chooseReward(in, arg)
	}
	if arg, ok := command(t, "取消"); ok {
		return c.cancelRedeem(in, arg)
	}
	if cat, ok := c.categoryByAnswer(t); ok {
		return c.categoryAnswer(in, cat)
	}
	if cat, ok := c.categoryByWord(t); ok {
		return c.categoryWord(in, cat)
	}
	// Help words and anything not understood.
	return catalog.Text(catalog.Help), nil
}

// normalize trims a text message and turns full-width spaces and digits
// into ASCII ones.
func normalize(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\u3000':
			return ' '
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == 'Ｒ' || r == 'ｒ':
			return 'R'
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// command reports whether t starts with one of words and returns the rest,
// trimmed.
func command(t string, words ...string) (string, bool) {
	for _, w := range words {
		if rest, ok := strings.CutPrefix(t, w); ok {
			return strings.TrimLeft(strings.TrimSpace(rest), ":：,，"), true
		}
	}
	return "", false
}

func hasAnyPrefix(t string, words []string) bool {
	for _, w := range words {
		if strings.HasPrefix(t, w) {
			return true
		}
	}
	return false
}
