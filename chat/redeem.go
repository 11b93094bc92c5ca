package chat

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gridbot/catalog"
	"gridbot/config"
	"gridbot/points"
)

// confirmWindow is how long a reward chosen with 兑换 N waits for 确认.
const confirmWindow = 10 * time.Minute

// chooseReward handles 兑换 N: it checks the limits and the points and
// asks for a confirmation naming the cost and what would remain.
func (c *Conversation) chooseReward(in *turn, arg string) (string, error) {
	n, err := strconv.Atoi(strings.TrimSpace(arg))
	if err != nil || n < 1 || n > len(c.cfg.Rewards) {
		return catalog.Text(catalog.RewardUnknown), nil
	}
	rw := c.cfg.Rewards[n-1]
	if reply, refused, err := c.refuseReward(in, rw); refused || err != nil {
		return reply, err
	}
	avail := in.tx.Balance(in.openid).Available
	in.s.Redeem = &pendingRedeem{Reward: rw.Code, Until: in.now.Add(confirmWindow)}
	return catalog.Render(catalog.RedeemConfirm, catalog.Args{"Name": rw.Name, "Cost": rw.Cost, "Remaining": avail - rw.Cost}), nil
}

// refuseReward returns the reply refusing rw (limits, points), if any.
func (c *Conversation) refuseReward(in *turn, rw config.Reward) (string, bool, error) {
	err := c.checkRewardLimits(in, rw)
	if err == nil {
		if avail := in.tx.Balance(in.openid).Available; avail < rw.Cost {
			err = &points.ShortError{Need: rw.Cost, Have: avail}
		}
	}
	if err == nil {
		return "", false, nil
	}
	return c.refusal(err, rw)
}

// refusal renders the reply for a domain error about reward rw.
func (c *Conversation) refusal(err error, rw config.Reward) (string, bool, error) {
	id, ok := replyFor(err)
	if !ok {
		return "", false, err
	}
	args := catalog.Args{"Name": rw.Name, "Cost": rw.Cost, "Limit": rw.MonthlyLimit}
	var short *points.ShortError
	if errors.As(err, &short) {
		args["Available"], args["Missing"] = short.Have, short.Missing()
	}
	return catalog.Render(id, args), true, nil
}

// confirmRedeem handles 确认: it creates the redemption with a ledger hold
// and tells staff. The choice is cleared in the same transaction, so a
// second 确认 finds nothing to confirm and no second hold is made.
func (c *Conversation) confirmRedeem(in *turn) (string, error) {
	p := in.s.Redeem
	in.s.Redeem = nil
	if p == nil || in.now.After(p.Until) {
		id, _ := replyFor(errNothingToConfirm)
		return catalog.Text(id), nil
	}
	rw, ok := c.reward(p.Reward)
	if !ok { // the catalog changed meanwhile
		return catalog.Text(catalog.RewardUnknown), nil
	}
	if reply, refused, err := c.refuseReward(in, rw); refused || err != nil {
		return reply, err
	}
	red, err := in.tx.CreateRedemption(in.openid, rw.Code, rw.Name, rw.Cost, c.cfg.Points.HoldTTL)
	if err != nil {
		reply, refused, err := c.refusal(err, rw)
		if refused {
			return reply, nil
		}
		return "", fmt.Errorf("redeem %s: %w", rw.Code, err)
	}
	if err := c.staff.NotifyAbout(in.tx, red.Label(), catalog.Render(catalog.StaffNewRedemption, catalog.Args{
		"Label": red.Label(), "Rider": riderLabel(in.rider), "Name": rw.Name, "Cost": rw.Cost,
	})); err != nil {
		return "", fmt.Errorf("redeem %s: notify staff: %w", red.Label(), err)
	}
	return catalog.Render(catalog.RedeemCreated, catalog.Args{"Label": red.Label(), "Name": rw.Name, "Cost": rw.Cost}), nil
}

// cancelRedeem handles 取消 R12: it cancels the rider's pending redemption
// and releases its hold. 取消 alone drops a choice waiting for 确认.
func (c *Conversation) cancelRedeem(in *turn, arg string) (string, error) {
	if arg == "" {
		if in.s.Redeem != nil {
			in.s.Redeem = nil
			return catalog.Text(catalog.RedeemDropped), nil
		}
		return catalog.Text(catalog.RedeemCancelUsage), nil
	}
	label := strings.ToUpper(strings.TrimSpace(arg))
	id, err := strconv.ParseUint(strings.TrimPrefix(label, "R"), 10, 64)
	if err != nil || id == 0 {
		return catalog.Text(catalog.RedeemCancelUsage), nil
	}
	label = fmt.Sprintf("R%d", id)
	red, err := in.tx.Redemption(id)
	if err == nil && red.Rider != in.openid {
		err = points.ErrRedemptionState // never reveal another rider's redemption
	}
	if err == nil {
		red, err = in.tx.EndRedemption(id, points.RedemptionCancelled, in.openid, "rider cancelled")
	}
	if err != nil {
		if rid, ok := replyFor(err); ok {
			return catalog.Render(rid, catalog.Args{"Label": label}), nil
		}
		return "", fmt.Errorf("cancel %s: %w", label, err)
	}
	return catalog.Render(catalog.RedeemCancelled, catalog.Args{"Label": red.Label(), "Cost": red.Cost}), nil
}
