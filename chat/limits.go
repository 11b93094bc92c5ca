package chat

import (
	"time"

	"gridbot/catalog"
)

// rate holds one user's rate-limit counters: fixed one-minute windows and
// a calendar day in the configured time zone.
type rate struct {
	Minute    time.Time `json:"minute,omitzero"` // start of the current minute
	Messages  int       `json:"messages,omitempty"`
	Photos    int       `json:"photos,omitempty"`
	Warned    bool      `json:"warned,omitempty"` // TooManyMessages sent this minute
	Day       string    `json:"day,omitempty"`
	DayPhotos int       `json:"day_photos,omitempty"`
}

// roll starts new windows when now has left the current ones.
func (r *rate) roll(now time.Time, loc *time.Location) {
	if m := now.Truncate(time.Minute); !m.Equal(r.Minute) {
		r.Minute, r.Messages, r.Photos, r.Warned = m, 0, 0, false
	}
	if d := now.In(loc).Format(time.DateOnly); d != r.Day {
		r.Day, r.DayPhotos = d, 0
	}
}

// warn returns the polite answer to a message over the limit: the first
// time in a minute TooManyMessages, then nothing (the webhook answers
// "success"), so that a flood is not answered with a flood.
func (r *rate) warn() string {
	if r.Warned {
		return ""
	}
	r.Warned = true
	return catalog.Text(catalog.TooManyMessages)
}

// overMessageLimit counts a non-photo message and reports whether it is
// over limits.messages_per_minute (0: no limit).
func (c *Conversation) overMessageLimit(in *turn) bool {
	r := &in.s.Rate
	r.roll(in.now, c.loc)
	r.Messages++
	n := c.cfg.Limits.MessagesPerMinute
	return n > 0 && r.Messages > n
}

// photoLimit is what the limits say about a photo.
type photoLimit int

const (
	photoOK      photoLimit = iota
	photoTooFast            // over photos_per_minute: vetted after the minute
	photoTooMany            // over photos_per_day: recorded, never earns
)

// countPhoto counts a photo against limits.photos_per_minute and
// limits.photos_per_day. A photo over a limit is still kept: over the
// minute limit its vetting waits for the next minute window; over the
// day limit it is vetted and recorded, but settles invalid without a point
// or an outcome message.
func (c *Conversation) countPhoto(in *turn) photoLimit {
	r := &in.s.Rate
	r.roll(in.now, c.loc)
	r.Photos++
	r.DayPhotos++
	if n := c.cfg.Limits.PhotosPerDay; n > 0 && r.DayPhotos > n {
		return photoTooMany
	}
	if n := c.cfg.Limits.PhotosPerMinute; n > 0 && r.Photos > n {
		return photoTooFast
	}
	return photoOK
}
