package chat

import (
	"strings"

	"gridbot/catalog"
	"gridbot/grid"
	"gridbot/store"
)

// leaderboardLen is how many riders 排行 shows.
const leaderboardLen = 10

// leaderboard answers 排行: this month's top riders with masked names, and
// the rider's own rank.
func (c *Conversation) leaderboard(in *turn) (string, error) {
	b := c.monthBoard(in.tx, in.now)
	if len(b) == 0 {
		return catalog.Text(catalog.LeaderboardEmpty), nil
	}
	local := in.now.In(c.loc)
	lines := []string{catalog.Render(catalog.LeaderboardHead, catalog.Args{
		"Month": catalog.Render(catalog.MonthLabel, catalog.Args{"Year": local.Year(), "Month": int(local.Month())}),
	})}
	for _, p := range b[:min(len(b), leaderboardLen)] {
		name := "*"
		if r, err := in.tx.Rider(p.Rider); err == nil {
			name = grid.MaskName(r.Name)
		} else if !store.IsNotFound(err) {
			return "", err
		}
		lines = append(lines, catalog.Render(catalog.LeaderboardLine, catalog.Args{"Rank": p.Rank, "Name": name, "Points": p.Points}))
	}
	if p, ok := b.find(in.openid); ok {
		lines = append(lines, catalog.Render(catalog.LeaderboardMine, catalog.Args{"Points": p.Points, "Rank": p.Rank}))
	} else {
		lines = append(lines, catalog.Text(catalog.LeaderboardNone))
	}
	return strings.Join(lines, "\n"), nil
}
