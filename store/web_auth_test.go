package store

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"gridbot/internal/testkit"
)

// TestChangeWebPassword checks that a password change replaces the hash,
// keeps the asking session and ends the user's other sessions only.
func TestChangeWebPassword(t *testing.T) {
	clock := testkit.NewClock(time.Date(2025, 5, 6, 10, 0, 0, 0, time.UTC))
	db := mustOpenStore(t, Options{Now: clock.Now})
	ctx := t.Context()
	if err := db.PutWebUser(ctx, WebUser{Name: "alice", Hash: []byte("old")}); err != nil {
		t.Fatal(err)
	}
	later := clock.Now().Add(time.Hour)
	for _, s := range []WebSession{{Key: "here", User: "alice"}, {Key: "phone", User: "alice"}, {Key: "bob", User: "bob"}} {
		s.ExpiresAt = later
		if err := db.PutWebSession(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	clock.Advance(time.Minute)
	if err := db.ChangeWebPassword(ctx, "alice", []byte("new"), "here"); err != nil {
		t.Fatalf("ChangeWebPassword: %v", err)
	}
	u, err := db.WebUser("alice")
	if err != nil || !bytes.Equal(u.Hash, []byte("new")) || !u.UpdatedAt.Equal(clock.Now()) || u.CreatedAt.Equal(u.UpdatedAt) {
		t.Fatalf("user = %+v, %v; want the new hash, updated now, created before", u, err)
	}
	for key, want := range map[string]bool{"here": true, "phone": false, "bob": true} {
		_, err := db.WebSession(key)
		if got := err == nil; got != want {
			t.Errorf("session %s kept = %v (err %v), want %v", key, got, err, want)
		}
	}
	if err := db.ChangeWebPassword(ctx, "nobody", []byte("x"), ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown user: got %v, want ErrNotFound", err)
	}
	mustCheck(t, db)
}
