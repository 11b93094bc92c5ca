package wxsim

import (
	"bytes"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gridbot/wx"
)

func TestMediaUploadAndGet(t *testing.T) {
	e := mustPlatform(t, nil)
	c := e.client(t, 2*time.Second)
	photo := testJPEG(t)
	id, err := c.UploadMedia(ctxTimeout(t, 2*time.Second), "image", "photo.jpg", photo)
	if err != nil {
		t.Fatalf("UploadMedia: %v", err)
	}
	got, err := c.DownloadMedia(ctxTimeout(t, 2*time.Second), id, "", 1<<20)
	if err != nil || !bytes.Equal(got, photo) {
		t.Fatalf("DownloadMedia = %d bytes, %v; want the %d uploaded", len(got), err, len(photo))
	}

	// The raw answer looks like WeChat's.
	tok := e.token(t, false)
	q := url.Values{"access_token": {tok}, "media_id": {id}}
	resp, err := http.Get(e.srv.URL + "/cgi-bin/media/get?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if ct, cd := resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"); ct != "image/jpeg" || !strings.Contains(cd, `filename="`+id+`.jpg"`) {
		t.Errorf("Content-Type %q, Content-Disposition %q", ct, cd)
	}

	// Three days later the id is gone: 40007 with HTTP 200.
	e.clock.Advance(MediaLifetime)
	status, out, h := e.call(t, "GET", "/cgi-bin/media/get?"+url.Values{"access_token": {e.token(t, false)}, "media_id": {id}}.Encode(), "")
	if status != 200 || errcode(out) != 40007 || !strings.HasPrefix(h.Get("Content-Type"), "text/plain") {
		t.Errorf("expired media: HTTP %d %v %q, want 200 errcode 40007 text/plain", status, out, h.Get("Content-Type"))
	}
	if _, err := c.DownloadMedia(ctxTimeout(t, 2*time.Second), id, "", 1<<20); !errors.Is(err, wx.ErrMediaExpired) {
		t.Errorf("DownloadMedia of expired id: %v, want ErrMediaExpired", err)
	}
}

func TestPicURLOutlivesMediaID(t *testing.T) {
	e := mustPlatform(t, nil)
	c := e.client(t, 2*time.Second)
	photo := testJPEG(t)
	id, picURL := e.p.AddMedia(photo, "")
	if !strings.HasPrefix(picURL, e.srv.URL+"/mmbiz/") {
		t.Fatalf("PicUrl %q is not on the platform", picURL)
	}
	e.clock.Advance(MediaLifetime + time.Hour)
	got, err := c.DownloadMedia(ctxTimeout(t, 2*time.Second), id, picURL, 1<<20)
	if err != nil || !bytes.Equal(got, photo) {
		t.Fatalf("DownloadMedia with PicUrl fallback = %d bytes, %v", len(got), err)
	}
	resp, err := http.Get(picURL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/jpeg" || !bytes.Equal(body, photo) {
		t.Errorf("PicUrl GET: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	resp, err = http.Get(e.srv.URL + "/mmbiz/nothing.jpg")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("unknown PicUrl: %d, want 404", resp.StatusCode)
	}
}

func TestMediaUploadRefusals(t *testing.T) {
	e := mustPlatform(t, nil)
	tok := e.token(t, false)
	upload := func(kind, field string, data []byte) int {
		t.Helper()
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		fw, _ := mw.CreateFormFile(field, "f")
		fw.Write(data)
		mw.Close()
		q := url.Values{"access_token": {tok}, "type": {kind}}
		resp, err := http.Post(e.srv.URL+"/cgi-bin/media/upload?"+q.Encode(), mw.FormDataContentType(), &b)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		data, _ = io.ReadAll(resp.Body)
		return errCodeOf(data)
	}
	tests := []struct {
		name, kind, field string
		data              []byte
		code              int
	}{
		{"ok", "image", "media", testJPEG(t), 0},
		{"not an image", "image", "media", []byte("hello, world"), 40005},
		{"unknown type", "pdf", "media", testJPEG(t), 40004},
		{"wrong field", "image", "file", testJPEG(t), 41005},
		{"too large", "image", "media", append(testJPEG(t), make([]byte, 10<<20)...), 40009},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code := upload(tt.kind, tt.field, tt.data); code != tt.code {
				t.Errorf("errcode %d, want %d", code, tt.code)
			}
		})
	}
}
