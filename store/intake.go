package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// ErrReplay is returned by Intake when a nonce seen inside the replay window
// arrives again with a different body.
var ErrReplay = errors.New("nonce replayed with a different body")

// intakeRecord is what the deduplication bucket keeps for each message.
type intakeRecord struct {
	At    time.Time `json:"at"`
	Reply []byte    `json:"reply,omitempty"`
}

type nonceRecord struct {
	At   time.Time `json:"at"`
	Body []byte    `json:"body"` // SHA-256 of the request body
}

// Delivery describes one inbound callback for Intake.
type Delivery struct {
	// Key is the deduplication key (see wx.DedupKey).
	Key string
	// Nonce and BodySum (SHA-256 of the raw body) detect replays; an empty
	// Nonce skips the check.
	Nonce   string
	BodySum []byte
	// ReplayWindow is how long a nonce is remembered.
	ReplayWindow time.Duration
}

// Intake records an inbound message exactly once. In one group-committed
// transaction it checks the nonce, looks the key up, and, for a new key,
// runs handle (which may change state and enqueue jobs through the Tx) and
// stores its reply under the key. A retry of a known key returns the stored
// reply with dup=true and runs nothing. Errors: ErrReplay, or what handle
// returned (nothing is then recorded, so WeChat's retry runs it again).
func (db *DB) Intake(ctx context.Context, d Delivery, handle func(*Tx) ([]byte, error)) (reply []byte, dup bool, err error) {
	err = db.Do(ctx, func(t *Tx) error {
		reply, dup = nil, false
		nonces := t.tx.Bucket(bucketNonces)
		if d.Nonce != "" {
			var nr nonceRecord
			if err := getJSON(nonces, []byte(d.Nonce), &nr); err == nil &&
				t.now.Sub(nr.At) < d.ReplayWindow && !bytes.Equal(nr.Body, d.BodySum) {
				return reject(ErrReplay)
			}
		}
		dedup := t.tx.Bucket(bucketDedup)
		var rec intakeRecord
		switch err := getJSON(dedup, []byte(d.Key), &rec); {
		case err == nil:
			reply, dup = rec.Reply, true
			return nil
		case !errors.Is(err, ErrNotFound):
			return err
		}
		r, err := handle(t)
		if err != nil {
			return err
		}
		reply = r
		if err := putJSON(dedup, []byte(d.Key), intakeRecord{At: t.now, Reply: r}); err != nil {
			return err
		}
		if err := t.tx.Bucket(bucketDedupTime).Put(compositeKey(i64(t.now.UnixNano()), []byte(d.Key)), nil); err != nil {
			return err
		}
		if d.Nonce == "" {
			return nil
		}
		if err := t.tx.Bucket(bucketNonceTime).Put(compositeKey(i64(t.now.UnixNano()), []byte(d.Nonce)), nil); err != nil {
			return err
		}
		return putJSON(nonces, []byte(d.Nonce), nonceRecord{At: t.now, Body: d.BodySum})
	})
	if err != nil {
		return nil, false, fmt.Errorf("store: intake %s: %w", d.Key, err)
	}
	return reply, dup, nil
}

// PruneIntake deletes deduplication records older than keep and nonces
// older than nonceWindow, at most limit of each per call, and returns how
// many it deleted.
func (db *DB) PruneIntake(ctx context.Context, keep, nonceWindow time.Duration, limit int) (int, error) {
	n := 0
	err := db.update(func(tx *bolt.Tx) error {
		a, err := pruneByTime(tx.Bucket(bucketDedupTime), tx.Bucket(bucketDedup), db.now().Add(-keep), limit)
		if err != nil {
			return err
		}
		b, err := pruneByTime(tx.Bucket(bucketNonceTime), tx.Bucket(bucketNonces), db.now().Add(-nonceWindow), limit)
		n = a + b
		return err
	})
	if err != nil {
		return n, fmt.Errorf("store: prune intake: %w", err)
	}
	return n, ctx.Err()
}

// pruneByTime walks index (keys: unix nanos \x00 key) from the oldest and
// deletes entries older than cutoff from index and their keys from data.
func pruneByTime(index, data *bolt.Bucket, cutoff time.Time, limit int) (int, error) {
	n := 0
	lim := i64(cutoff.UnixNano())
	c := index.Cursor()
	for k, _ := c.First(); k != nil && n < limit && bytes.Compare(k[:8], lim) < 0; k, _ = c.First() {
		if err := data.Delete(k[9:]); err != nil {
			return n, err
		}
		if err := c.Delete(); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// DedupKnown reports whether a message key has been recorded.
func (db *DB) DedupKnown(key string) (bool, error) {
	var ok bool
	err := db.view(func(tx *bolt.Tx) error {
		ok = tx.Bucket(bucketDedup).Get([]byte(key)) != nil
		return nil
	})
	return ok, err
}
