package wx

import (
	"strconv"
	"strings"
)

// DedupKey returns the key under which a callback is deduplicated, so that
// WeChat's retries (up to three deliveries) are processed once:
//   - a user message: "m|" + MsgId + "|" + FromUserName (two users have
//     been seen sharing a MsgId);
//   - an event, or a message without MsgId: "e|" + FromUserName + "|" +
//     CreateTime + "|" + MsgType + "|" + Event + "|" + EventKey (events in
//     the same second differ by Event and EventKey).
func DedupKey(m *Message) string {
	from := string(m.FromUserName)
	if id := msgIDText(m); id != "" && !m.IsEvent() {
		return "m|" + id + "|" + from
	}
	return strings.Join([]string{
		"e", from, strconv.FormatInt(m.CreateTime, 10), string(m.MsgType), string(m.Event), m.EventKey,
	}, "|")
}
