package store

import (
	"bytes"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Small per-user state kept as JSON documents: conversation state, queued
// messages. Keys are namespaced: "<space>\x00<id>".

// GetState decodes the document space/id into v. Errors: ErrNotFound.
func (t *Tx) GetState(space, id string, v any) error {
	return getJSON(t.tx.Bucket(bucketState), compositeKey([]byte(space), []byte(id)), v)
}

// PutState stores v as the document space/id.
func (t *Tx) PutState(space, id string, v any) error {
	return putJSON(t.tx.Bucket(bucketState), compositeKey([]byte(space), []byte(id)), v)
}

// DeleteState removes the document space/id.
func (t *Tx) DeleteState(space, id string) error {
	return t.tx.Bucket(bucketState).Delete(compositeKey([]byte(space), []byte(id)))
}

// GetMeta decodes a process-wide value (for example the cached access
// token) into v. Errors: ErrNotFound.
func (db *DB) GetMeta(name string, v any) error {
	return db.view(func(tx *bolt.Tx) error {
		return getJSON(tx.Bucket(bucketMeta), []byte("kv:"+name), v)
	})
}

// PutMeta stores a process-wide value.
func (db *DB) PutMeta(name string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("store: put meta %s: %w", name, err)
	}
	return db.bolt.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put([]byte("kv:"+name), data)
	})
}

// AppendQueue appends v to the per-id queue space/id.
func (t *Tx) AppendQueue(space, id string, v any) error {
	b := t.tx.Bucket(bucketQueues)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	return putJSON(b, compositeKey([]byte(space), []byte(id), u64(seq)), v)
}

// PeekQueue returns (as raw JSON, oldest first) every item in the queue
// space/id without removing them. It works in read transactions.
func (t *Tx) PeekQueue(space, id string) ([]json.RawMessage, error) {
	prefix := compositeKey([]byte(space), []byte(id), nil)
	var out []json.RawMessage
	c := t.tx.Bucket(bucketQueues).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		out = append(out, append(json.RawMessage(nil), v...))
	}
	return out, nil
}

// TakeQueue removes and returns (as raw JSON, oldest first) every item in
// the queue space/id.
func (t *Tx) TakeQueue(space, id string) ([]json.RawMessage, error) {
	b := t.tx.Bucket(bucketQueues)
	prefix := compositeKey([]byte(space), []byte(id), nil)
	var out []json.RawMessage
	var keys [][]byte
	c := b.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		out = append(out, append(json.RawMessage(nil), v...))
		keys = append(keys, append([]byte(nil), k...))
	}
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return nil, err
		}
	}
	return out, nil
}
