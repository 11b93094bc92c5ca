package staff

import (
	"errors"
	"log/slog"
	"regexp"
	"strings"
	"unicode/utf8"

	"gridbot/catalog"
	"gridbot/store"
)

// Command words. Texts starting with one of the verbs are staff commands
// only when the verb stands alone or is followed by a space, a colon or an
// id (通过R12), so that a rider writing 通过了吗 is not taken for one.
const (
	wordTodo    = "待办"
	wordApprove = "通过"
	wordReject  = "拒绝"
	wordFulfil  = "核销"
	wordRevoke  = "撤销"
)

// helpWords ask for the staff help card.
var helpWords = []string{"工作人员帮助", "工作人员", "员工帮助"}

// todoWords list what is pending.
var todoWords = []string{wordTodo, "待办事项"}

// CommandWords returns Words, for the conversation's routing.
func (d *Desk) CommandWords() []string { return Words() }

// Words returns every word a staff command starts with, for the
// conversation's routing (chat sends texts starting with one of them to
// HandleStaff).
func Words() []string {
	return []string{wordTodo, wordApprove, wordReject, wordFulfil, wordRevoke, helpWords[1], helpWords[2]}
}

// command is a parsed staff command.
type command struct {
	word string // the command word as typed
	arg  string // the rest, trimmed
}

// parseCommand recognises a staff command in text.
func parseCommand(text string) (command, bool) {
	t := strings.TrimSpace(halfWidth(text))
	for _, w := range append(append([]string(nil), helpWords...), todoWords...) {
		if t == w {
			return command{word: w}, true
		}
	}
	for _, w := range []string{wordApprove, wordReject, wordFulfil, wordRevoke} {
		rest, ok := strings.CutPrefix(t, w)
		if !ok {
			continue
		}
		if rest != "" {
			r, _ := utf8.DecodeRuneInString(rest)
			if !(r == ' ' || r == ':' || r == '：' || r == ',' || r == '，' || r < utf8.RuneSelf && isAlnum(byte(r))) {
				return command{}, false
			}
		}
		return command{word: w, arg: strings.TrimSpace(strings.TrimLeft(rest, " :：,，"))}, true
	}
	return command{}, false
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// refArg matches an id at the start of a command's argument: R12, r 12.
var refArg = regexp.MustCompile(`^([A-Za-z])\s*([0-9]+)`)

// splitRef splits "R12 原因" into the ref and the rest.
func splitRef(arg string) (Ref, string, error) {
	m := refArg.FindStringSubmatchIndex(arg)
	if m == nil {
		return Ref{}, "", badRef(arg)
	}
	ref, err := ParseRef(arg[:m[1]])
	if err != nil {
		return Ref{}, "", err
	}
	return ref, strings.TrimSpace(strings.TrimLeft(arg[m[1]:], " :：,，")), nil
}

// HandleStaff runs a staff chat command inside the intake transaction tx
// and returns the passive reply. It returns handled=false for text that is
// not a staff command (the conversation then handles it). A sender who is
// not staff is refused with catalog.StaffOnly, and the attempt is logged
// (openid and command word only). Refusals (wrong state, unknown id,
// missing reason…) become catalog replies; err is returned only for a
// store failure, which aborts the transaction.
//
// It does no network work and is deterministic: it may run twice for one
// commit (group commit), and every run sees only tx.
//
//	待办                  list what is pending
//	通过 U3|R12|P40       approve
//	拒绝 U3|R12|P40 原因   reject (a reason is required for P)
//	核销 券码              redeem a voucher
//	撤销 P40 原因          revoke a valid report's point
//	工作人员帮助            the staff help card
func (d *Desk) HandleStaff(tx *store.Tx, openid, text string) (reply string, handled bool, err error) {
	cmd, ok := parseCommand(text)
	if !ok {
		return "", false, nil
	}
	log := d.log.With(slog.String("openid", openid), slog.String("command", cmd.word))
	if !d.cfg.IsStaff(openid) {
		log.Warn("staff: command refused: sender is not staff")
		msg, _ := Message(&Error{Err: ErrNotStaff, Op: cmd.word})
		return msg, true, nil
	}
	actor := openid // stored as the openid; pages and exports show the name (ActorName)
	var out Outcome
	switch cmd.word {
	case wordApprove, wordReject, wordRevoke:
		var ref Ref
		var rest string
		if ref, rest, err = splitRef(cmd.arg); err != nil {
			break
		}
		switch cmd.word {
		case wordApprove:
			out, err = d.ApproveTx(tx, ref, actor)
		case wordReject:
			out, err = d.RejectTx(tx, ref, actor, rest)
		case wordRevoke:
			if ref.Kind != KindReport {
				err = refusal(ErrBadRef, opRevoke, ref, errors.New("only reports can be revoked"))
				break
			}
			out, err = d.RevokeTx(tx, ref.ID, actor, rest)
		}
	case wordFulfil:
		if cmd.arg == "" {
			return catalog.Text(catalog.StaffVoucherUsage), true, nil
		}
		r, ferr := d.FulfilTx(tx, cmd.arg, actor)
		if err = ferr; err == nil {
			log.Info("staff: voucher fulfilled", slog.String("redemption", r.Label()))
			return catalog.Render(catalog.StaffVoucherOK, catalog.Args{
				"Voucher": r.Voucher, "Name": r.RewardName, "Rider": riderLabelOf(tx, r.Rider),
			}), true, nil
		}
	default:
		if cmd.word == wordTodo || cmd.word == todoWords[1] {
			l, err := d.PendingTx(tx)
			if err != nil {
				return "", true, err
			}
			return todoText(l), true, nil
		}
		return catalog.Text(catalog.StaffHelp), true, nil
	}
	if err != nil {
		if msg, ok := Message(err); ok {
			log.Info("staff: command refused", slog.Any("err", err))
			return msg, true, nil
		}
		return "", true, err
	}
	log.Info("staff: action done", slog.String("ref", out.Ref.String()), slog.String("status", out.Status))
	return catalog.Render(catalog.StaffDone, catalog.Args{"Label": out.Ref.String(), "Result": out.Result}), true, nil
}
