package app

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"gridbot/config"
	"gridbot/store"
	"gridbot/wxsim"
)

// mountTmpfs mounts a tmpfs of size bytes at a new directory and unmounts
// it on cleanup. It needs root: in CI (CI=true, run as root) a failure to
// mount fails the test; elsewhere the test is skipped with the reason.
func mountTmpfs(tb testing.TB, size string) string {
	tb.Helper()
	dir := tb.TempDir()
	out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput()
	if err != nil {
		msg := "cannot mount a tmpfs (needs root): " + strings.TrimSpace(string(out))
		if os.Getenv("CI") == "true" {
			tb.Fatal(msg)
		}
		tb.Skip(msg)
	}
	tb.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	return dir
}

// fillDisk writes a file until the file system is full and returns its path.
func fillDisk(tb testing.TB, dir string) string {
	tb.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 64<<10)
	for {
		if _, err := f.Write(buf); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				tb.Fatalf("filling the disk: %v", err)
			}
			break
		}
	}
	// Fill the last partial block too.
	for _, n := range []int{4096, 512, 1} {
		for {
			if _, err := f.Write(buf[:n]); err != nil {
				break
			}
		}
	}
	return path
}

// TestFullDiskThenRecovery fills the data dir's file system while gridbot
// runs: callbacks get 503 (so WeChat retries), /healthz turns 503 naming
// the store, nothing already accepted is lost, and once space returns the
// service is ready again and accepts messages without a restart.
func TestFullDiskThenRecovery(t *testing.T) {
	dir := mountTmpfs(t, "16m")
	a := startAppWith(t, func(c *config.Config) { c.DataDir = dir }, Options{ProbeInterval: 50 * time.Millisecond})
	sim := a.Simulator()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	if _, err := sim.Deliver(ctx, sim.NewText("rider-1", "注册 李四 13900002222")); err != nil {
		t.Fatal(err)
	}
	filler := fillDisk(t, dir)
	var err error

	// The database has some free pages of its own; once they are used,
	// writes fail and callbacks are refused with 503 on every attempt.
	var d wxsim.Delivery
	accepted := 0
	for ; accepted < 2000; accepted++ {
		if d, err = sim.Deliver(ctx, sim.NewText("rider-x", "帮助")); err != nil {
			break
		}
	}
	if err == nil {
		t.Fatalf("%d callbacks accepted on a full disk, want writes to fail", accepted)
	}
	t.Logf("%d callbacks fitted in the database's free pages before writes failed", accepted)
	for _, at := range d.Attempts {
		if at.Status != 503 {
			t.Errorf("attempt %d: got status %d, want 503", at.Try, at.Status)
		}
	}
	if code, body := get(t, a.URL()+"/healthz"); code != 503 || !strings.Contains(string(body), "store") {
		t.Errorf("healthz on a full disk: got %d %s, want 503 naming the store", code, body)
	}

	// Space returns: readiness comes back without traffic, and the
	// retried registration goes through.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		code, _ := get(t, a.URL()+"/healthz")
		if code == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("healthz still %d after space returned", code)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if _, err := sim.Deliver(ctx, sim.NewText("rider-2", "注册 王五 13900003333")); err != nil {
		t.Fatalf("after recovery: %v", err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(store.Path(dir), store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if rep, err := db.Check(); err != nil || !rep.OK() {
		t.Fatalf("check after a full disk: %v %v", err, rep.Problems)
	}
	for _, id := range []string{"rider-1", "rider-2"} {
		if _, err := db.Rider(id); err != nil {
			t.Errorf("rider %s: %v, want registered", id, err)
		}
	}
}

// TestReadOnlyDataDir starts gridbot on a data dir whose file system is
// read-only: start-up fails with a clear error, and the data is intact.
func TestReadOnlyDataDir(t *testing.T) {
	dir := mountTmpfs(t, "16m")
	a := startAppWith(t, func(c *config.Config) { c.DataDir = dir }, Options{})
	if _, _, err := a.Store().Award(context.Background(), "k", "rider-1", 2); err != nil {
		t.Fatal(err)
	}
	cfg := *a.cfg
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-o", "remount,ro", dir).CombinedOutput(); err != nil {
		t.Fatalf("remount ro: %v %s", err, out)
	}
	_, err := New(&cfg, Options{})
	if err == nil || !strings.Contains(err.Error(), "read-only file system") {
		t.Fatalf("got %v, want an error naming the read-only file system", err)
	}
	db, err := store.Open(store.Path(dir), store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if b, _ := db.Balance("rider-1"); b.Balance != 2 {
		t.Errorf("got balance %d, want 2", b.Balance)
	}
}
