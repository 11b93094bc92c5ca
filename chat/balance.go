package chat

import (
	"sort"
	"time"

	"gridbot/catalog"
	"gridbot/points"
	"gridbot/store"
)

// balance answers 积分 / 余额 / the 我的积分 menu: the balance, what is
// available (and held by pending redemptions), points this month and the
// rank this month.
func (c *Conversation) balance(in *turn) (string, error) {
	bal := in.tx.Balance(in.openid)
	board := c.monthBoard(in.tx, in.now)
	held := ""
	if bal.Held > 0 {
		held = catalog.Render(catalog.BalanceHeld, catalog.Args{"Held": bal.Held})
	}
	var rank any = catalog.Text(catalog.RankNone)
	var month int64
	if p, ok := board.find(in.openid); ok {
		rank, month = p.Rank, p.Points
	}
	return catalog.Render(catalog.Balance, catalog.Args{
		"Balance": bal.Balance, "Available": bal.Available, "Held": held, "Month": month, "Rank": rank,
	}), nil
}

// place is one rider's line on the month's leaderboard.
type place struct {
	Rider  string
	Points int64
	Rank   int // competition ranking: equal points share a rank
}

type board []place

// monthBoard ranks every rider with points earned in now's month, most
// first; ties are ordered by openid so that the board is deterministic.
func (c *Conversation) monthBoard(tx *store.Tx, now time.Time) board {
	earned := tx.MonthEarnings(points.MonthOf(now, c.loc))
	b := make(board, 0, len(earned))
	for rider, n := range earned {
		if n > 0 {
			b = append(b, place{Rider: rider, Points: n})
		}
	}
	sort.Slice(b, func(i, j int) bool {
		if b[i].Points != b[j].Points {
			return b[i].Points > b[j].Points
		}
		return b[i].Rider < b[j].Rider
	})
	for i := range b {
		b[i].Rank = i + 1
		if i > 0 && b[i].Points == b[i-1].Points {
			b[i].Rank = b[i-1].Rank
		}
	}
	return b
}

func (b board) find(rider string) (place, bool) {
	for _, p := range b {
		if p.Rider == rider {
			return p, true
		}
	}
	return place{}, false
}
