package chat

import (
	"fmt"
	"strings"
	"time"

	"gridbot/catalog"
)

// historyLen is how many reports 记录 shows.
const historyLen = 10

// history answers 记录: the rider's last reports with category, time,
// status and points.
func (c *Conversation) history(in *turn) (string, error) {
	reports, err := in.tx.RiderReports(in.openid, time.Time{}, historyLen, nil)
	if err != nil {
		return "", fmt.Errorf("history: %w", err)
	}
	if len(reports) == 0 {
		return catalog.Text(catalog.HistoryEmpty), nil
	}
	lines := []string{catalog.Text(catalog.HistoryHeader)}
	for _, r := range reports {
		pts := ""
		if r.Points > 0 {
			pts = catalog.Render(catalog.HistoryPoints, catalog.Args{"Points": r.Points})
		}
		lines = append(lines, strings.TrimSpace(catalog.Render(catalog.HistoryLine, catalog.Args{
			"Label": r.Label(), "Time": c.clock(r.At), "Category": c.categoryName(r.Category),
			"Status": statusText(r.Status), "Points": pts,
		})))
	}
	return strings.Join(lines, "\n"), nil
}
