package wx

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/silenceper/wechat/v2/officialaccount/message"
)

// EncodeMessage returns m as WeChat sends it in XML: the common fields,
// then only the fields that are set, with strings in CDATA sections. It is
// the inverse of DecodeMessage for the message and event kinds gridbot
// handles (text, image, voice, location, link, subscribe, CLICK, LOCATION,
// pic_* and location_select).
func EncodeMessage(m *Message) []byte {
	return encodeXML(m, "")
}

// encodeXML writes m, adding an Encrypt element when encrypt is not empty
// (compatible mode).
func encodeXML(m *Message, encrypt string) []byte {
	var b bytes.Buffer
	b.WriteString("<xml>")
	cdata(&b, "ToUserName", string(m.ToUserName))
	cdata(&b, "FromUserName", string(m.FromUserName))
	elem(&b, "CreateTime", strconv.FormatInt(m.CreateTime, 10))
	cdata(&b, "MsgType", string(m.MsgType))
	optCDATA(&b, "Content", m.Content)
	optCDATA(&b, "PicUrl", m.PicURL)
	optCDATA(&b, "MediaId", m.MediaID)
	optCDATA(&b, "Format", m.Format)
	optCDATA(&b, "Recognition", m.Recognition)
	optCDATA(&b, "ThumbMediaId", m.ThumbMediaID)
	if m.MsgType == message.MsgTypeLocation {
		elem(&b, "Location_X", formatFloat(m.LocationX))
		elem(&b, "Location_Y", formatFloat(m.LocationY))
		elem(&b, "Scale", formatFloat(m.Scale))
		cdata(&b, "Label", m.Label)
	}
	optCDATA(&b, "Title", m.Title)
	optCDATA(&b, "Description", m.Description)
	optCDATA(&b, "Url", m.URL)
	optCDATA(&b, "Event", string(m.Event))
	if m.IsEvent() {
		cdata(&b, "EventKey", m.EventKey)
	}
	optCDATA(&b, "Ticket", m.Ticket)
	if m.Latitude != "" || m.Longitude != "" {
		elem(&b, "Latitude", m.Latitude)
		elem(&b, "Longitude", m.Longitude)
		elem(&b, "Precision", m.Precision)
	}
	if info := m.SendPicsInfo; info.Count > 0 || len(info.PicList) > 0 {
		b.WriteString("<SendPicsInfo>")
		elem(&b, "Count", strconv.Itoa(int(info.Count)))
		b.WriteString("<PicList>")
		for _, p := range info.PicList {
			b.WriteString("<item>")
			cdata(&b, "PicMd5Sum", p.PicMd5Sum)
			b.WriteString("</item>")
		}
		b.WriteString("</PicList></SendPicsInfo>")
	}
	if l := m.SendLocationInfo; m.Event == message.EventLocationSelect {
		b.WriteString("<SendLocationInfo>")
		elem(&b, "Location_X", formatFloat(l.LocationX))
		elem(&b, "Location_Y", formatFloat(l.LocationY))
		elem(&b, "Scale", formatFloat(l.Scale))
		cdata(&b, "Label", l.Label)
		cdata(&b, "Poiname", l.Poiname)
		b.WriteString("</SendLocationInfo>")
	}
	if id := msgIDText(m); id != "" {
		elem(&b, "MsgId", id)
	}
	if encrypt != "" {
		cdata(&b, "Encrypt", encrypt)
	}
	b.WriteString("</xml>")
	return b.Bytes()
}

// cdataEscaper splits "]]>" across two CDATA sections.
var cdataEscaper = strings.NewReplacer("]]>", "]]]]><![CDATA[>")

func cdata(b *bytes.Buffer, name, s string) {
	b.WriteString("<" + name + "><![CDATA[")
	cdataEscaper.WriteString(b, s)
	b.WriteString("]]></" + name + ">")
}

func optCDATA(b *bytes.Buffer, name, s string) {
	if s != "" {
		cdata(b, name, s)
	}
}

// elem writes a numeric element; s never needs escaping.
func elem(b *bytes.Buffer, name, s string) {
	b.WriteString("<" + name + ">" + s + "</" + name + ">")
}

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func msgIDText(m *Message) string {
	if m.MsgIDText != "" {
		return m.MsgIDText
	}
	if m.MsgID != 0 {
		return strconv.FormatInt(m.MsgID, 10)
	}
	return ""
}

// jsonOut is the JSON form of a callback document, in WeChat's key order.
type jsonOut struct {
	ToUserName   string          `json:"ToUserName"`
	FromUserName string          `json:"FromUserName"`
	CreateTime   int64           `json:"CreateTime"`
	MsgType      string          `json:"MsgType"`
	Content      string          `json:"Content,omitempty"`
	PicURL       string          `json:"PicUrl,omitempty"`
	MediaID      string          `json:"MediaId,omitempty"`
	Format       string          `json:"Format,omitempty"`
	Recognition  string          `json:"Recognition,omitempty"`
	ThumbMediaID string          `json:"ThumbMediaId,omitempty"`
	LocationX    *float64        `json:"Location_X,omitempty"`
	LocationY    *float64        `json:"Location_Y,omitempty"`
	Scale        *float64        `json:"Scale,omitempty"`
	Label        string          `json:"Label,omitempty"`
	Title        string          `json:"Title,omitempty"`
	Description  string          `json:"Description,omitempty"`
	URL          string          `json:"Url,omitempty"`
	Event        string          `json:"Event,omitempty"`
	EventKey     *string         `json:"EventKey,omitempty"`
	Ticket       string          `json:"Ticket,omitempty"`
	Latitude     string          `json:"Latitude,omitempty"`
	Longitude    string          `json:"Longitude,omitempty"`
	Precision    string          `json:"Precision,omitempty"`
	SendPicsInfo *jsonPicsInfo   `json:"SendPicsInfo,omitempty"`
	MsgID        json.RawMessage `json:"MsgId,omitempty"`
	Encrypt      string          `json:"Encrypt,omitempty"`
}

type jsonPicsInfo struct {
	Count   int32              `json:"Count"`
	PicList []message.EventPic `json:"PicList"`
}

// EncodeMessageJSON returns m as WeChat sends it when the account is set
// to JSON: the same fields as EncodeMessage, with MsgId as a number.
func EncodeMessageJSON(m *Message) []byte {
	return encodeJSON(m, "")
}

func encodeJSON(m *Message, encrypt string) []byte {
	o := jsonOut{
		ToUserName: string(m.ToUserName), FromUserName: string(m.FromUserName),
		CreateTime: m.CreateTime, MsgType: string(m.MsgType),
		Content: m.Content, PicURL: m.PicURL, MediaID: m.MediaID, Format: m.Format,
		Recognition: m.Recognition, ThumbMediaID: m.ThumbMediaID,
		Title: m.Title, Description: m.Description, URL: m.URL,
		Event: string(m.Event), Ticket: m.Ticket,
		Latitude: m.Latitude, Longitude: m.Longitude, Precision: m.Precision,
		Encrypt: encrypt,
	}
	if m.MsgType == message.MsgTypeLocation {
		o.LocationX, o.LocationY, o.Scale, o.Label = &m.LocationX, &m.LocationY, &m.Scale, m.Label
	}
	if m.IsEvent() {
		o.EventKey = &m.EventKey
	}
	if info := m.SendPicsInfo; info.Count > 0 || len(info.PicList) > 0 {
		o.SendPicsInfo = &jsonPicsInfo{Count: info.Count, PicList: info.PicList}
	}
	if id := msgIDText(m); id != "" {
		if _, err := strconv.ParseUint(id, 10, 64); err == nil {
			o.MsgID = json.RawMessage(id)
		} else {
			o.MsgID, _ = json.Marshal(id)
		}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(o) // cannot fail: only strings, numbers and raw numbers
	return bytes.TrimRight(b.Bytes(), "\n")
}
