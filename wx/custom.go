package wx

import (
	"context"
	"fmt"

	"github.com/silenceper/wechat/v2/officialaccount/message"
)

// SendText sends a customer-service text message to openid (POST
// /cgi-bin/message/custom/send). Outside the 48-hour window it returns an
// error matching ErrOutOfWindow, beyond the per-interaction quota one
// matching ErrQuota; the caller should keep the message for the user's
// next interaction.
func (c *Client) SendText(ctx context.Context, openid, text string) error {
	if openid == "" || text == "" {
		return fmt.Errorf("wx: custom send: empty openid or text: %w", ErrInvalidArgument)
	}
	return c.sendCustom(ctx, message.NewCustomerTextMessage(openid, text))
}

// SendImage sends a customer-service image message to openid; mediaID
// comes from UploadMedia. Errors are those of SendText.
func (c *Client) SendImage(ctx context.Context, openid, mediaID string) error {
	if openid == "" || mediaID == "" {
		return fmt.Errorf("wx: custom send: empty openid or media id: %w", ErrInvalidArgument)
	}
	return c.sendCustom(ctx, message.NewCustomerImgMessage(openid, mediaID))
}

func (c *Client) sendCustom(ctx context.Context, m *message.CustomerMessage) error {
	return c.postJSON(ctx, "custom send", "/cgi-bin/message/custom/send", m, nil)
}
