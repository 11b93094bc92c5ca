package wx

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
	"time"

	"github.com/silenceper/wechat/v2/officialaccount/message"
)

// Success is the body that tells WeChat "delivered, no passive reply". It
// is written as is in every mode: sealing it, as silenceper's Send does
// with a nil reply, makes WeChat show an error to the user.
const Success = "success"

// Reply is a passive reply: a text or an image sent back in the HTTP
// response to a callback.
type Reply struct {
	ToUserName   string
	FromUserName string
	CreateTime   int64
	MsgType      message.MsgType // MsgTypeText or MsgTypeImage
	Content      string          // text replies
	MediaID      string          // image replies
}

// NewTextReply returns a text reply to the sender of m.
func NewTextReply(m *Message, content string, now time.Time) *Reply {
	return &Reply{
		ToUserName: string(m.FromUserName), FromUserName: string(m.ToUserName),
		CreateTime: now.Unix(), MsgType: message.MsgTypeText, Content: content,
	}
}

// NewImageReply returns an image reply to the sender of m; mediaID comes
// from Client.UploadMedia.
func NewImageReply(m *Message, mediaID string, now time.Time) *Reply {
	return &Reply{
		ToUserName: string(m.FromUserName), FromUserName: string(m.ToUserName),
		CreateTime: now.Unix(), MsgType: message.MsgTypeImage, MediaID: mediaID,
	}
}

// XML returns the plaintext reply document, using the SDK's Text and Image
// types. It returns ErrInvalidArgument for another MsgType.
func (r *Reply) XML() ([]byte, error) {
	common := message.CommonToken{
		ToUserName:   message.CDATA(r.ToUserName),
		FromUserName: message.CDATA(r.FromUserName),
		CreateTime:   r.CreateTime,
		MsgType:      r.MsgType,
	}
	var v any
	switch r.MsgType {
	case message.MsgTypeText:
		v = &message.Text{CommonToken: common, Content: message.CDATA(r.Content)}
	case message.MsgTypeImage:
		img := &message.Image{CommonToken: common}
		img.Image.MediaID = r.MediaID
		v = img
	default:
		return nil, fmt.Errorf("wx: reply type %q: %w", r.MsgType, ErrInvalidArgument)
	}
	b, err := xml.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("wx: encode reply: %w", err)
	}
	return b, nil
}

// EncodeReply returns the HTTP body answering a callback: Success when r is
// nil; r's XML when encrypted is false; otherwise the sealed envelope
// <xml><Encrypt/><MsgSignature/><TimeStamp/><Nonce/></xml> with
// TimeStamp from now and a random nonce when nonce is empty.
func (c *Codec) EncodeReply(r *Reply, encrypted bool, now time.Time, nonce string) ([]byte, error) {
	if r == nil {
		return []byte(Success), nil
	}
	doc, err := r.XML()
	if err != nil || !encrypted {
		return doc, err
	}
	enc, err := c.encrypt(doc, nil)
	if err != nil {
		return nil, fmt.Errorf("wx: seal reply: %w", err)
	}
	if nonce == "" {
		nonce = randomNonce()
	}
	ts := now.Unix()
	b, err := xml.Marshal(message.ResponseEncryptedXMLMsg{
		EncryptedMsg: enc,
		MsgSignature: Signature(c.token, strconv.FormatInt(ts, 10), nonce, enc),
		Timestamp:    ts,
		Nonce:        nonce,
	})
	if err != nil {
		return nil, fmt.Errorf("wx: seal reply: %w", err)
	}
	return b, nil
}

// replyDoc decodes both reply kinds and the sealed envelope.
type replyDoc struct {
	XMLName      xml.Name `xml:"xml"`
	ToUserName   string   `xml:"ToUserName"`
	FromUserName string   `xml:"FromUserName"`
	CreateTime   int64    `xml:"CreateTime"`
	MsgType      string   `xml:"MsgType"`
	Content      string   `xml:"Content"`
	MediaID      string   `xml:"Image>MediaId"`
	Encrypt      string   `xml:"Encrypt"`
	MsgSignature string   `xml:"MsgSignature"`
	TimeStamp    string   `xml:"TimeStamp"`
	Nonce        string   `xml:"Nonce"`
}

// DecodeReply is the platform side of EncodeReply, for the simulator and
// tests. It returns (nil, false, nil) for Success or an empty body, the
// reply and whether it was sealed otherwise. A sealed reply must carry a
// valid MsgSignature (ErrBadSignature) and decrypt for this account.
// Anything else gives ErrMalformed.
func (c *Codec) DecodeReply(body []byte) (*Reply, bool, error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || string(body) == Success {
		return nil, false, nil
	}
	d, err := decodeReplyDoc(body)
	if err != nil {
		return nil, false, err
	}
	sealed := d.Encrypt != ""
	if sealed {
		if !VerifySignature(d.MsgSignature, c.token, d.TimeStamp, d.Nonce, d.Encrypt) {
			return nil, true, fmt.Errorf("wx: decode reply: %w", ErrBadSignature)
		}
		plain, err := c.decrypt(d.Encrypt)
		if err != nil {
			return nil, true, err
		}
		if d, err = decodeReplyDoc(plain); err != nil {
			return nil, true, err
		}
	}
	r := &Reply{
		ToUserName: d.ToUserName, FromUserName: d.FromUserName, CreateTime: d.CreateTime,
		MsgType: message.MsgType(d.MsgType), Content: d.Content, MediaID: d.MediaID,
	}
	if r.MsgType != message.MsgTypeText && r.MsgType != message.MsgTypeImage {
		return nil, sealed, fmt.Errorf("wx: decode reply: MsgType %q: %w", d.MsgType, ErrMalformed)
	}
	return r, sealed, nil
}

func decodeReplyDoc(b []byte) (*replyDoc, error) {
	if err := checkXMLDepth(b, MaxDepth); err != nil {
		return nil, err
	}
	var d replyDoc
	if err := xml.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("wx: decode reply: %w", ErrMalformed)
	}
	return &d, nil
}
