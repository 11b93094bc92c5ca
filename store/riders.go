package store

import (
	"errors"
	"fmt"
	"sort"

	bolt "go.etcd.io/bbolt"

	"gridbot/grid"
)

// Rider returns the rider with openid. Errors: ErrNotFound.
func (t *Tx) Rider(openid string) (grid.Rider, error) {
	var r grid.Rider
	err := getJSON(t.tx.Bucket(bucketRiders), []byte(openid), &r)
	return r, err
}

// PutRider stores r, giving it a registration number on first store.
func (t *Tx) PutRider(r grid.Rider) (grid.Rider, error) {
	if r.OpenID == "" {
		return r, errors.New("store: put rider: empty openid")
	}
	if r.Seq == 0 {
		seq, err := t.tx.Bucket(bucketRiderSeq).NextSequence()
		if err != nil {
			return r, err
		}
		r.Seq = seq
		if err := t.tx.Bucket(bucketRiderSeq).Put(u64(seq), []byte(r.OpenID)); err != nil {
			return r, err
		}
	}
	return r, putJSON(t.tx.Bucket(bucketRiders), []byte(r.OpenID), r)
}

// RiderBySeq returns the rider with registration number seq (U<seq>).
func (t *Tx) RiderBySeq(seq uint64) (grid.Rider, error) {
	openid := t.tx.Bucket(bucketRiderSeq).Get(u64(seq))
	if openid == nil {
		return grid.Rider{}, ErrNotFound
	}
	return t.Rider(string(openid))
}

// Rider returns the rider with openid. Errors: ErrNotFound.
func (db *DB) Rider(openid string) (r grid.Rider, err error) {
	err = db.View(func(t *Tx) error {
		r, err = t.Rider(openid)
		return err
	})
	return r, err
}

// Riders returns every rider, by registration number.
func (db *DB) Riders() ([]grid.Rider, error) {
	var out []grid.Rider
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketRiders)
		return b.ForEach(func(k, _ []byte) error {
			var r grid.Rider
			if err := getJSON(b, k, &r); err != nil {
				return err
			}
			out = append(out, r)
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	if err != nil {
		return nil, fmt.Errorf("store: riders: %w", err)
	}
	return out, nil
}
