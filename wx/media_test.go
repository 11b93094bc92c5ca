package wx

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"
)

var jpegBytes = append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, bytes.Repeat([]byte("jpeg"), 100)...)

func TestDownloadMedia(t *testing.T) {
	big := bytes.Repeat([]byte{0xAB}, 2048)
	tests := []struct {
		name     string
		mediaGet func(w http.ResponseWriter, r *http.Request)
		picURL   string
		maxBytes int64
		want     []byte
		wantErrs []error
		wantReqs []string // requests after the token fetch
	}{
		{
			name: "image",
			mediaGet: func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Query().Get("media_id") != "MEDIA_1" {
					http.Error(w, "wrong media id", http.StatusBadRequest)
					return
				}
				w.Header().Set("Content-Type", "image/jpeg")
				w.Write(jpegBytes)
			},
			maxBytes: 1 << 20,
			want:     jpegBytes,
			wantReqs: []string{"GET /cgi-bin/media/get"},
		},
		{
			name:     "expired falls back to PicUrl",
			mediaGet: jsonAnswer(`{"errcode":40007,"errmsg":"invalid media_id"}`),
			picURL:   "/pic/1.jpg",
			maxBytes: 1 << 20,
			want:     jpegBytes,
			wantReqs: []string{"GET /cgi-bin/media/get", "GET /pic/1.jpg"},
		},
		{
			name:     "expired without PicUrl",
			mediaGet: jsonAnswer(`{"errcode":40007,"errmsg":"invalid media_id"}`),
			maxBytes: 1 << 20,
			wantErrs: []error{ErrMediaExpired},
		},
		{
			name:     "expired and PicUrl gone",
			mediaGet: jsonAnswer(`{"errcode":40007,"errmsg":"invalid media_id"}`),
			picURL:   "/pic/missing.jpg",
			maxBytes: 1 << 20,
			wantErrs: []error{ErrMediaExpired, ErrUnexpectedResponse},
			wantReqs: []string{"GET /cgi-bin/media/get", "GET /pic/missing.jpg"},
		},
		{
			name:     "JSON error as text/plain with HTTP 200",
			mediaGet: textAnswer(` {"errcode":40164,"errmsg":"invalid ip 1.2.3.4, not in whitelist"}`),
			picURL:   "/pic/1.jpg", // not a media error: no fallback
			maxBytes: 1 << 20,
			wantErrs: []error{ErrIPNotAllowed},
			wantReqs: []string{"GET /cgi-bin/media/get"},
		},
		{
			name:     "JSON without errcode",
			mediaGet: jsonAnswer(`{"video_url":"http://x"}`),
			maxBytes: 1 << 20,
			wantErrs: []error{ErrUnexpectedResponse},
		},
		{
			name: "oversized with Content-Length",
			mediaGet: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "image/jpeg")
				w.Header().Set("Content-Length", strconv.Itoa(len(big)))
				w.Write(big)
			},
			maxBytes: 1024,
			wantErrs: []error{ErrTooLarge},
		},
		{
			name: "oversized streamed",
			mediaGet: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "image/jpeg")
				for range 4 {
					w.Write(big[:512])
					w.(http.Flusher).Flush()
				}
				w.Write([]byte{1})
			},
			maxBytes: 2048,
			wantErrs: []error{ErrTooLarge},
		},
		{
			name: "exactly the cap",
			mediaGet: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "image/jpeg")
				w.(http.Flusher).Flush() // no Content-Length
				w.Write(big)
			},
			maxBytes: 2048,
			want:     big,
		},
		{
			name:     "server error",
			mediaGet: func(w http.ResponseWriter, r *http.Request) { http.Error(w, "oops", http.StatusBadGateway) },
			maxBytes: 1 << 20,
			wantErrs: []error{ErrUnexpectedResponse},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeWeChat(t)
			f.mediaGet = tt.mediaGet
			f.pic = func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/pic/1.jpg" {
					http.NotFound(w, r)
					return
				}
				w.Header().Set("Content-Type", "image/jpeg")
				w.Write(jpegBytes)
			}
			c, _ := testClient(t, f, nil, nil)
			picURL := tt.picURL
			if picURL != "" {
				picURL = f.srv.URL + picURL
			}
			got, err := c.DownloadMedia(ctxTimeout(t, 5*time.Second), "MEDIA_1", picURL, tt.maxBytes)
			for _, want := range tt.wantErrs {
				if !errors.Is(err, want) {
					t.Errorf("DownloadMedia error = %v, want %v", err, want)
				}
			}
			if len(tt.wantErrs) == 0 && err != nil {
				t.Fatalf("DownloadMedia: %v", err)
			}
			if !bytes.Equal(got, tt.want) {
				t.Errorf("got %d bytes, want %d", len(got), len(tt.want))
			}
			if tt.wantReqs != nil {
				f.mu.Lock()
				reqs := f.requests[1:] // after stable_token
				f.mu.Unlock()
				if !slices.Equal(reqs, tt.wantReqs) {
					t.Errorf("requests = %q, want %q", reqs, tt.wantReqs)
				}
			}
		})
	}
}

func TestDownloadMediaRefreshesToken(t *testing.T) {
	f := newFakeWeChat(t)
	f.mediaGet = func(w http.ResponseWriter, r *http.Request) { w.Write(jpegBytes) }
	store := &memTokens{token: "REVOKED", expires: time.Now().Add(time.Hour)}
	c, _ := testClient(t, f, store, nil)
	got, err := c.DownloadMedia(ctxTimeout(t, 5*time.Second), "MEDIA_1", "", 1<<20)
	if err != nil || !bytes.Equal(got, jpegBytes) {
		t.Fatalf("DownloadMedia = %d bytes, %v, want the image", len(got), err)
	}
	if stable, forced := f.counts(); stable != 1 || forced != 1 {
		t.Errorf("stable_token calls = %d (forced %d), want 1 (1)", stable, forced)
	}
}

func TestDownloadMediaRejectsOddPicURL(t *testing.T) {
	f := newFakeWeChat(t)
	f.mediaGet = jsonAnswer(`{"errcode":40007,"errmsg":"invalid media_id"}`)
	c, _ := testClient(t, f, nil, nil)
	_, err := c.DownloadMedia(ctxTimeout(t, 5*time.Second), "MEDIA_1", "file:///etc/passwd", 1<<20)
	if !errors.Is(err, ErrMediaExpired) || !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("DownloadMedia error = %v, want ErrMediaExpired and ErrInvalidArgument", err)
	}
}

func TestUploadMedia(t *testing.T) {
	f := newFakeWeChat(t)
	f.mediaUp = func(w http.ResponseWriter, r *http.Request) {
		file, hdr, err := r.FormFile("media")
		if err != nil || r.URL.Query().Get("type") != "image" || hdr.Filename != "reply.jpg" {
			writeJSON(w, `{"errcode":40004,"errmsg":"invalid media type"}`)
			return
		}
		data, _ := io.ReadAll(file)
		if !bytes.Equal(data, jpegBytes) {
			writeJSON(w, `{"errcode":40005,"errmsg":"invalid file type"}`)
			return
		}
		writeJSON(w, `{"type":"image","media_id":"UPLOADED_1","created_at":1714037059}`)
	}
	c, _ := testClient(t, f, nil, nil)
	ctx := ctxTimeout(t, 5*time.Second)
	id, err := c.UploadMedia(ctx, "image", "reply.jpg", jpegBytes)
	if err != nil || id != "UPLOADED_1" {
		t.Errorf("UploadMedia = %q, %v, want UPLOADED_1, nil", id, err)
	}
	var ae *APIError
	if _, err := c.UploadMedia(ctx, "image", "other.jpg", jpegBytes); !errors.As(err, &ae) || ae.Code != 40004 {
		t.Errorf("UploadMedia(other name) error = %v, want APIError 40004", err)
	}
	if _, err := c.UploadMedia(ctx, "image", "x.jpg", make([]byte, MaxUploadBytes+1)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("UploadMedia(oversized) error = %v, want ErrTooLarge", err)
	}
}

func jsonAnswer(s string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) { writeJSON(w, s) }
}

func textAnswer(s string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, s)
	}
}
