package reliability

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"gridbot/app"
	"gridbot/cli"
	"gridbot/store"
	"gridbot/wx"
)

// TestBackupUnderLoad takes GET /admin/backup while riders send photos and
// texts, restores it to a file, runs `gridbot check -db` on it (exit 0)
// and finds in it every report acknowledged before the download started,
// under the message key it was acknowledged for.
func TestBackupUnderLoad(t *testing.T) {
	p, api := newPlatform(t, nil)
	cfg := testConfig(t, api)
	a := startGridbot(t, cfg, p, app.Options{})
	c := login(t, a)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	photos := newPhotoSource(ctx, 60, uint64(time.Now().UnixNano()), cfg.Photo)

	type ack struct {
		key string
		at  time.Time
	}
	var (
		mu    sync.Mutex
		acked []ack
	)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := range 4 {
		openid := fmt.Sprintf("o_backup_rider_%d", i+1)
		wg.Go(func() {
			if _, err := p.Deliver(ctx, p.NewText(openid, fmt.Sprintf("注册 骑手%d 135%08d", i+1, i+1))); err != nil {
				t.Error(err)
				return
			}
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				var m *wx.Message
				if data := photos.next(); data != nil && n%2 == 0 {
					m = p.NewImage(openid, data)
				} else {
					m = p.NewText(openid, "积分")
				}
				if _, err := p.Deliver(ctx, m); err == nil && m.MediaID != "" {
					mu.Lock()
					acked = append(acked, ack{wx.DedupKey(m), time.Now()})
					mu.Unlock()
				}
			}
		})
	}
	// Photos are generated as the test goes (slowly under -race): wait
	// for a few to be acknowledged before the backup.
	for deadline := time.Now().Add(90 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 8 || time.Now().After(deadline) {
			break
		}
	}

	started := time.Now()
	resp, err := c.Get(a.URL() + "/admin/backup")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "restored.db")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(f, resp.Body)
	resp.Body.Close()
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	took := time.Since(started)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("backup: got %d after %d bytes, %v", resp.StatusCode, n, err)
	}
	time.Sleep(time.Second) // traffic continues after the backup too
	close(stop)
	wg.Wait()

	var stdout, stderr bytes.Buffer
	if code := cli.Main(ctx, &cli.Env{Args: []string{"check", "-db", path}, Stdout: &stdout, Stderr: &stderr}); code != 0 {
		t.Fatalf("gridbot check on the restored backup: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	reports, err := db.Reports(store.ReportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, r := range reports {
		have[r.MsgKey] = true
	}
	before, after := 0, 0
	for _, ak := range acked {
		if !ak.at.Before(started) {
			after++
			continue
		}
		before++
		if !have[ak.key] {
			t.Errorf("photo %s acknowledged before the backup is missing from it", ak.key)
		}
	}
	t.Logf("backup of %d KB in %s under load: all %d photos acknowledged before it present (%d more acknowledged during and after); %d reports in the copy",
		n>>10, took.Round(time.Millisecond), before, after, len(reports))
	if before < 5 {
		t.Errorf("only %d photos acknowledged before the backup; too few to prove anything", before)
	}
}
