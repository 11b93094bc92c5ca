package wxsim

import (
	"crypto/md5"
	"encoding/hex"
	"strconv"

	"github.com/silenceper/wechat/v2/officialaccount/message"

	"gridbot/wx"
)

// newMessage returns a message from openid to the account, created now on
// the platform clock.
func (p *Platform) newMessage(from string, typ message.MsgType) *wx.Message {
	m := &wx.Message{}
	m.ToUserName = message.CDATA(p.cfg.AccountID)
	m.FromUserName = message.CDATA(from)
	m.CreateTime = p.now().Unix()
	m.MsgType = typ
	return m
}

// newUserMessage adds a fresh MsgId; events have none.
func (p *Platform) newUserMessage(from string, typ message.MsgType) *wx.Message {
	m := p.newMessage(from, typ)
	id := p.msgID.Add(1)
	m.MsgIDText = strconv.FormatUint(id, 10)
	m.MsgID = int64(id)
	return m
}

// NewText returns a text message from openid, with a new MsgId.
func (p *Platform) NewText(from, text string) *wx.Message {
	m := p.newUserMessage(from, message.MsgTypeText)
	m.Content = text
	return m
}

// NewImage stores data as media (see AddMedia; contentType is sniffed) and
// returns an image message from openid carrying its MediaId and PicUrl.
func (p *Platform) NewImage(from string, data []byte) *wx.Message {
	m := p.newUserMessage(from, message.MsgTypeImage)
	m.MediaID, m.PicURL = p.AddMedia(data, "")
	return m
}

// NewLocation returns a location message (a place the user picked):
// Location_X is the latitude, Location_Y the longitude, Scale the map zoom.
func (p *Platform) NewLocation(from string, lat, lng, scale float64, label string) *wx.Message {
	m := p.newUserMessage(from, message.MsgTypeLocation)
	m.LocationX, m.LocationY, m.Scale, m.Label = lat, lng, scale, label
	return m
}

// NewEvent returns an event of kind with key as its EventKey (empty for
// most events but CLICK and the pic_* kinds). Events carry no MsgId.
func (p *Platform) NewEvent(from string, kind message.EventType, key string) *wx.Message {
	m := p.newMessage(from, message.MsgTypeEvent)
	m.Event, m.EventKey = kind, key
	return m
}

// NewSubscribe returns a subscribe (follow) event.
func (p *Platform) NewSubscribe(from string) *wx.Message {
	return p.NewEvent(from, message.EventSubscribe, "")
}

// NewUnsubscribe returns an unsubscribe event.
func (p *Platform) NewUnsubscribe(from string) *wx.Message {
	return p.NewEvent(from, message.EventUnsubscribe, "")
}

// NewClick returns the CLICK event of the menu button with key.
func (p *Platform) NewClick(from, key string) *wx.Message {
	return p.NewEvent(from, message.EventClick, key)
}

// NewLocationEvent returns a LOCATION event (the user's position, reported
// on entering the chat).
func (p *Platform) NewLocationEvent(from string, lat, lng, precision float64) *wx.Message {
	m := p.NewEvent(from, message.EventLocation, "")
	m.Latitude = strconv.FormatFloat(lat, 'f', 6, 64)
	m.Longitude = strconv.FormatFloat(lng, 'f', 6, 64)
	m.Precision = strconv.FormatFloat(precision, 'f', 6, 64)
	return m
}

// NewPicPhotoOrAlbum returns what WeChat sends when the user taps the
// pic_photo_or_album button with key and picks photos: the event, whose
// SendPicsInfo lists each photo's MD5, and one image message per photo
// (stored as media), which WeChat delivers separately after the event.
func (p *Platform) NewPicPhotoOrAlbum(from, key string, photos ...[]byte) (event *wx.Message, images []*wx.Message) {
	event = p.NewEvent(from, message.EventPicPhotoOrAlbum, key)
	event.SendPicsInfo.Count = int32(len(photos))
	for _, ph := range photos {
		sum := md5.Sum(ph)
		event.SendPicsInfo.PicList = append(event.SendPicsInfo.PicList, message.EventPic{PicMd5Sum: hex.EncodeToString(sum[:])})
		images = append(images, p.NewImage(from, ph))
	}
	return event, images
}
