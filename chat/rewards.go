package chat

import (
	"strings"

	"gridbot/catalog"
	"gridbot/config"
	"gridbot/points"
)

// rewards answers 兑换 / the 兑换服务 menu: the reward catalog next to the
// rider's available points.
func (c *Conversation) rewards(in *turn) (string, error) {
	if len(c.cfg.Rewards) == 0 {
		return catalog.Text(catalog.RewardsNone), nil
	}
	lines := []string{catalog.Render(catalog.RewardsHeader, catalog.Args{"Available": in.tx.Balance(in.openid).Available})}
	for i, rw := range c.cfg.Rewards {
		lines = append(lines, catalog.Render(catalog.RewardsLine, catalog.Args{
			"N": i + 1, "Name": rw.Name, "Cost": rw.Cost, "Partner": rw.Partner, "Note": rw.Note,
		}))
	}
	lines = append(lines, catalog.Text(catalog.RewardsFooter))
	return strings.Join(lines, "\n"), nil
}

// reward returns the reward with config code.
func (c *Conversation) reward(code string) (config.Reward, bool) {
	for _, rw := range c.cfg.Rewards {
		if rw.Code == code {
			return rw, true
		}
	}
	return config.Reward{}, false
}

// checkRewardLimits returns errMonthlyLimit or errOutOfStock when rider
// may not redeem rw now. Redemptions that were rejected, cancelled or
// expired do not count.
func (c *Conversation) checkRewardLimits(in *turn, rw config.Reward) error {
	if rw.MonthlyLimit <= 0 && rw.Stock <= 0 {
		return nil
	}
	month := points.MonthOf(in.now, c.loc)
	var mine, all int
	err := in.tx.ForEachRedemption(func(r points.Redemption) error {
		if r.Reward != rw.Code {
			return nil
		}
		switch r.Status {
		case points.RedemptionPending, points.RedemptionApproved, points.RedemptionFulfilled:
		default:
			return nil
		}
		all++
		if r.Rider == in.openid && points.MonthOf(r.CreatedAt, c.loc) == month {
			mine++
		}
		return nil
	})
	switch {
	case err != nil:
		return err
	case rw.Stock > 0 && all >= rw.Stock:
		return errOutOfStock
	case rw.MonthlyLimit > 0 && mine >= rw.MonthlyLimit:
		return errMonthlyLimit
	}
	return nil
}
