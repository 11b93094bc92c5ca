package web

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"

	"gridbot/grid"
)

// leaderRow is one rider's place in a month.
type leaderRow struct {
	Rank   int
	Rider  grid.Rider
	Points int64
}

// leaderboard ranks riders by the points they earned in a month
// (?month=2006-01, default this month). Equal points share a rank.
func (h *Handler) leaderboard(w http.ResponseWriter, r *http.Request, s *session) error {
	month, err := h.parseMonth(r.URL.Query().Get("month"))
	if err != nil {
		return err
	}
	earned, err := h.st.MonthEarnings(month)
	if err != nil {
		return fmt.Errorf("web: leaderboard: %w", err)
	}
	rows := make([]leaderRow, 0, len(earned))
	for openid, n := range earned {
		if n <= 0 {
			continue
		}
		rd, err := h.st.Rider(openid)
		if err != nil && !isNotFound(err) {
			return fmt.Errorf("web: leaderboard: %w", err)
		}
		if err != nil {
			rd = grid.Rider{OpenID: openid}
		}
		rows = append(rows, leaderRow{Rider: rd, Points: n})
	}
	slices.SortFunc(rows, func(a, b leaderRow) int {
		if c := cmp.Compare(b.Points, a.Points); c != 0 {
			return c
		}
		return cmp.Compare(a.Rider.Seq, b.Rider.Seq)
	})
	for i := range rows {
		rows[i].Rank = i + 1
		if i > 0 && rows[i].Points == rows[i-1].Points {
			rows[i].Rank = rows[i-1].Rank
		}
	}
	h.render(w, r, http.StatusOK, "leaderboard", s, map[string]any{"Rows": rows, "Month": string(month)})
	return nil
}
