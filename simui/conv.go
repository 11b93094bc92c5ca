package simui

import (
	"sync"
	"time"
)

// MaxEntries is how many entries the log keeps per openid; older ones are
// dropped.
const MaxEntries = 500

// Who wrote an entry.
const (
	FromUser   = "user"   // the simulated person
	FromBot    = "bot"    // gridbot: a passive reply or a customer-service message
	FromSystem = "system" // the simulator itself (delivery failures, demo grants)
)

// Kinds of entry.
const (
	KindText  = "text"
	KindImage = "image"
)

// Entry is one bubble of a conversation.
type Entry struct {
	ID    int64     `json:"id"`
	At    time.Time `json:"at"`
	From  string    `json:"from"`
	Kind  string    `json:"kind"`
	Text  string    `json:"text,omitempty"`
	Image string    `json:"image,omitempty"` // a /sim/media/ link
}

// convLog holds every openid's conversation, in memory.
type convLog struct {
	max    int
	mu     sync.Mutex
	next   int64
	byID   map[string][]Entry
	signal chan struct{} // closed and replaced on every add
}

func newConvLog(max int) *convLog {
	return &convLog{max: max, byID: map[string][]Entry{}, signal: make(chan struct{})}
}

// add appends e to openid's conversation and returns it with its id.
func (l *convLog) add(openid string, at time.Time, e Entry) Entry {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.next++
	e.ID, e.At = l.next, at
	es := append(l.byID[openid], e)
	if len(es) > l.max {
		es = append(es[:0:0], es[len(es)-l.max:]...)
	}
	l.byID[openid] = es
	close(l.signal)
	l.signal = make(chan struct{})
	return e
}

// since returns openid's entries with an id above after, and a channel
// that is closed at the next add.
func (l *convLog) since(openid string, after int64) ([]Entry, <-chan struct{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []Entry
	for _, e := range l.byID[openid] {
		if e.ID > after {
			out = append(out, e)
		}
	}
	return out, l.signal
}
