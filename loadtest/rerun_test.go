package loadtest_test

import (
	"bytes"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gridbot/loadtest"
)

// TestRepeatedSeedFails: a second run with the same -seed against the
// same data re-sends the same photos, which the target answers as
// duplicates; the report says so and is not OK. Without a seed every run
// is new.
func TestRepeatedSeedFails(t *testing.T) {
	if testing.Short() {
		t.Skip("load run skipped in -short mode")
	}
	api := freeAddr(t)
	a, cfg := startTarget(t, api)
	run := func(seed uint64) *loadtest.Report {
		t.Helper()
		lc := loadtest.Config{Riders: 1, Photos: 2, Drain: 30 * time.Second, Seed: seed}
		lc.FromConfig(cfg)
		lc.Target = a.URL() + cfg.WeChat.WebhookPath
		rep, err := loadtest.Run(t.Context(), lc)
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	if rep := run(11); !rep.OK || rep.Photos.Credited != 2 || !rep.SeedGiven {
		t.Fatalf("first run: got ok=%v, credited %d, problem %q; want OK, 2", rep.OK, rep.Photos.Credited, rep.Problem)
	}
	rep := run(11)
	var table bytes.Buffer
	rep.WriteTable(&table)
	if rep.OK || rep.Photos.EarlierRun != 2 || rep.Photos.Credited != 0 {
		t.Errorf("second run with the same seed: got ok=%v, earlier-run duplicates %d, credited %d; want not OK, 2, 0",
			rep.OK, rep.Photos.EarlierRun, rep.Photos.Credited)
	}
	if want := "FAIL: 2 photos were duplicates of an earlier run: use a fresh data dir or another -seed"; !strings.Contains(table.String(), want) {
		t.Errorf("report:\n%s\nwant the line %q", table.String(), want)
	}
	for range 2 {
		if rep := run(0); !rep.OK || rep.Photos.Credited != 2 || rep.SeedGiven {
			t.Errorf("run without a seed: got ok=%v, credited %d, problem %q; want OK, 2", rep.OK, rep.Photos.Credited, rep.Problem)
		}
	}
}

// TestPhotosDirPrevetted: real photos are pre-vetted; one the target will
// find unusable is sent but not expected to earn.
func TestPhotosDirPrevetted(t *testing.T) {
	if testing.Short() {
		t.Skip("load run skipped in -short mode")
	}
	dir := t.TempDir()
	for i, data := range [][]byte{loadtest.GeneratePhoto(101), loadtest.GeneratePhoto(202), darkPhoto(t)} {
		if err := os.WriteFile(filepath.Join(dir, string(rune('a'+i))+".jpg"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	api := freeAddr(t)
	a, cfg := startTarget(t, api)
	lc := loadtest.Config{Riders: 1, Photos: 3, Drain: 30 * time.Second, PhotosDir: dir}
	lc.FromConfig(cfg)
	lc.Target = a.URL() + cfg.WeChat.WebhookPath
	rep, err := loadtest.Run(t.Context(), lc)
	if err != nil {
		t.Fatal(err)
	}
	p := rep.Photos
	if !rep.OK || p.Expected != 2 || p.Credited != 2 || p.Unusable != 1 || p.Outcomes["unusable"] != 1 {
		t.Errorf("got ok=%v, credited %d / expected %d, %d predicted unusable, outcomes %v; want OK, 2 / 2, 1, one unusable",
			rep.OK, p.Credited, p.Expected, p.Unusable, p.Outcomes)
	}
}

// darkPhoto is a lens-cap shot: it fails the target's photo checks.
func darkPhoto(t *testing.T) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 800, 600))
	for i := range img.Pix {
		img.Pix[i] = 3
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
