package simui

import (
	"context"
	"log/slog"

	"gridbot/catalog"
)

// followStaff makes the staff persona follow the Official Account, once
// per Handler: it delivers a subscribe event, as the staff member's phone
// would have long ago, so that gridbot may send them customer-service
// messages (staff notifications such as 新兑换申请) before they have said
// anything; WeChat refuses messages to an openid that never interacted
// (errcode 40003). It runs on the first page load or POST, when gridbot
// is surely listening, inside that request; a failed delivery is logged
// and tried again on the next one. The staff conversation shows a
// simulator note and gridbot's welcome. Riders follow only when the
// person taps 关注公众号.
func (h *Handler) followStaff(ctx context.Context) {
	p := h.d.Staff
	if p.OpenID == "" || h.followed.Load() {
		return
	}
	h.followMu.Lock()
	defer h.followMu.Unlock()
	if h.followed.Load() {
		return
	}
	d, err := h.d.Platform.Deliver(ctx, h.d.Platform.NewSubscribe(p.OpenID))
	if err != nil {
		h.log.Warn("simulator: staff follow not delivered; trying again on the next request",
			slog.String("openid", p.OpenID), slog.Any("err", err))
		return
	}
	h.followed.Store(true)
	h.conv.add(p.OpenID, h.now(), Entry{From: FromSystem, Kind: KindText, Text: catalog.Text(catalog.SimStaffFollowed)})
	h.showReply(p.OpenID, d)
}
