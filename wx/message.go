package wx

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strconv"

	"github.com/silenceper/wechat/v2/officialaccount/message"
)

// MaxBodyBytes is the largest callback body ParseCallback accepts. Real
// callbacks are a few kilobytes; the webhook should cap its reader here.
const MaxBodyBytes = 64 << 10

// MaxDepth is the deepest element nesting a callback document may have.
// WeChat's documents are at most four levels deep.
const MaxDepth = 32

// Message is one decoded callback document: a user message or an event.
// The fields are those of the SDK's MixMessage; MsgIDText keeps MsgId as
// sent, because a 64-bit id may not fit in MixMessage.MsgID (an int64,
// which is set only when it does).
type Message struct {
	message.MixMessage
	MsgIDText string `xml:"MsgId" json:"-"`
}

// OpenID returns the sender's openid (FromUserName).
func (m *Message) OpenID() string { return string(m.FromUserName) }

// IsEvent reports whether m is an event rather than a user message.
func (m *Message) IsEvent() bool { return m.MsgType == message.MsgTypeEvent }

// DecodeMessage decodes a plaintext callback document, XML or JSON (chosen
// by its first non-space byte being '{'). It returns ErrMalformed for
// syntax errors, nesting deeper than MaxDepth, or a document without
// MsgType or FromUserName.
func DecodeMessage(doc []byte) (*Message, error) {
	var m Message
	if isJSON(doc) {
		if err := checkJSONDepth(doc, MaxDepth); err != nil {
			return nil, err
		}
		if err := decodeJSONMessage(doc, &m); err != nil {
			return nil, err
		}
	} else {
		if err := checkXMLDepth(doc, MaxDepth); err != nil {
			return nil, err
		}
		if err := xml.Unmarshal(doc, &m); err != nil {
			return nil, fmt.Errorf("wx: decode xml: %w", ErrMalformed)
		}
	}
	if m.MsgType == "" || m.FromUserName == "" {
		return nil, fmt.Errorf("wx: decode: no MsgType or FromUserName: %w", ErrMalformed)
	}
	if m.MsgIDText != "" {
		m.MsgID, _ = strconv.ParseInt(m.MsgIDText, 10, 64)
	}
	return &m, nil
}

// isJSON reports whether doc's first non-space byte is '{'.
func isJSON(doc []byte) bool {
	doc = bytes.TrimLeft(doc, " \t\r\n")
	return len(doc) > 0 && doc[0] == '{'
}

// jsonMessage maps the JSON keys whose spelling MixMessage's field names do
// not match, even case-insensitively.
type jsonMessage struct {
	*message.MixMessage
	MsgID     flexString `json:"MsgId"`
	LocationX flexString `json:"Location_X"`
	LocationY flexString `json:"Location_Y"`
	Scale     flexString `json:"Scale"`
}

func decodeJSONMessage(doc []byte, m *Message) error {
	aux := jsonMessage{MixMessage: &m.MixMessage}
	if err := json.Unmarshal(doc, &aux); err != nil {
		return fmt.Errorf("wx: decode json: %w", ErrMalformed)
	}
	m.MsgIDText = string(aux.MsgID)
	for _, f := range []struct {
		s   flexString
		dst *float64
	}{{aux.LocationX, &m.LocationX}, {aux.LocationY, &m.LocationY}, {aux.Scale, &m.Scale}} {
		if f.s == "" {
			continue
		}
		v, err := strconv.ParseFloat(string(f.s), 64)
		if err != nil {
			return fmt.Errorf("wx: decode json: bad number %q: %w", f.s, ErrMalformed)
		}
		*f.dst = v
	}
	return nil
}

// flexString accepts a JSON string or number and keeps its text.
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*f = flexString(n)
	return nil
}
