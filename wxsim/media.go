package wxsim

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// MediaLifetime is how long a temporary media id can be downloaded.
const MediaLifetime = 72 * time.Hour

// Upload limits per media type, as WeChat documents them.
var uploadLimits = map[string]int{
	"image": 10 << 20,
	"voice": 2 << 20,
	"video": 10 << 20,
	"thumb": 64 << 10,
}

// mediaFile is one stored file. Its bytes are never modified.
type mediaFile struct {
	id          string // media id
	pic         string // PicUrl file name
	kind        string
	contentType string
	data        []byte
	created     time.Time
}

// AddMedia stores data as a temporary image, as WeChat does when a user
// sends a photo, and returns its media id and its PicUrl, an absolute link
// on BaseURL that keeps working after the media id expires. An empty
// contentType is sniffed from data. The bytes are copied.
func (p *Platform) AddMedia(data []byte, contentType string) (mediaID, picURL string) {
	f := p.storeMedia("image", data, contentType)
	return f.id, p.picURL(f)
}

// storeMedia records a new media file.
func (p *Platform) storeMedia(kind string, data []byte, contentType string) *mediaFile {
	if contentType == "" {
		contentType = http.DetectContentType(data)
	}
	f := &mediaFile{
		id:          randomID(48),
		kind:        kind,
		contentType: contentType,
		data:        slices.Clone(data),
		created:     p.now(),
	}
	f.pic = randomID(24) + extension(contentType)
	p.mu.Lock()
	p.media[f.id] = f
	p.pics[f.pic] = f
	p.mu.Unlock()
	return f
}

// picURL returns f's CDN link.
func (p *Platform) picURL(f *mediaFile) string {
	p.mu.Lock()
	base := p.baseURL
	p.mu.Unlock()
	return base + "/mmbiz/" + f.pic
}

// extension returns the file extension WeChat uses for a content type.
func extension(contentType string) string {
	mt, _, _ := mime.ParseMediaType(contentType)
	switch mt {
	case "image/jpeg":
		return ".jpg"
	case "image/png":
		return ".png"
	case "image/gif":
		return ".gif"
	case "image/bmp":
		return ".bmp"
	case "audio/amr":
		return ".amr"
	case "audio/mpeg":
		return ".mp3"
	case "video/mp4":
		return ".mp4"
	}
	return ".bin"
}

// lookupMedia returns the media id's file if it has not expired.
func (p *Platform) lookupMedia(id string) (*mediaFile, bool) {
	p.mu.Lock()
	f, ok := p.media[id]
	p.mu.Unlock()
	if !ok || !p.now().Before(f.created.Add(MediaLifetime)) {
		return nil, false
	}
	return f, true
}

// mediaGet serves GET /cgi-bin/media/get. Errors are JSON with HTTP 200
// and, as WeChat sends them for this API, Content-Type text/plain.
func (p *Platform) mediaGet(w http.ResponseWriter, r *http.Request) {
	f, ok := p.lookupMedia(r.URL.Query().Get("media_id"))
	if !ok {
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprintf(w, `{"errcode":%d,"errmsg":"%s rid: %s"}`, codeInvalidMediaID, errMessage(codeInvalidMediaID), ridString())
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+f.id+extension(f.contentType)+`"`)
	serveFile(w, f)
}

// picGet serves a PicUrl: a plain GET that outlives the media id.
func (p *Platform) picGet(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	f, ok := p.pics[r.PathValue("file")]
	p.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "max-age=2592000")
	serveFile(w, f)
}

func serveFile(w http.ResponseWriter, f *mediaFile) {
	w.Header().Set("Content-Type", f.contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(f.data)))
	w.Write(f.data)
}

// mediaUpload serves POST /cgi-bin/media/upload?type=… with the file in
// the multipart field "media".
func (p *Platform) mediaUpload(w http.ResponseWriter, r *http.Request) {
	kind := r.URL.Query().Get("type")
	limit, ok := uploadLimits[kind]
	if !ok {
		writeError(w, codeInvalidMediaType)
		return
	}
	file, _, err := r.FormFile("media")
	if err != nil {
		writeError(w, codeMediaMissing)
		return
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, int64(limit)+1))
	switch {
	case err != nil || len(data) == 0:
		writeError(w, codeMediaMissing)
		return
	case len(data) > limit && kind == "image":
		writeError(w, codeInvalidImageSize)
		return
	case len(data) > limit:
		writeError(w, codeInvalidParameter)
		return
	}
	ct := http.DetectContentType(data)
	if kind == "image" || kind == "thumb" {
		if !isUploadImage(ct) {
			writeError(w, codeInvalidFileType)
			return
		}
	}
	f := p.storeMedia(kind, data, ct)
	writeJSON(w, struct {
		Type      string `json:"type"`
		MediaID   string `json:"media_id"`
		CreatedAt int64  `json:"created_at"`
	}{kind, f.id, f.created.Unix()})
}

// isUploadImage reports whether ct is a format WeChat takes for images:
// JPEG, PNG, GIF or BMP.
func isUploadImage(ct string) bool {
	switch ct {
	case "image/jpeg", "image/png", "image/gif", "image/bmp":
		return true
	}
	return false
}

// mediaPicURL returns the PicUrl of a live media id.
func (p *Platform) mediaPicURL(id string) (string, bool) {
	f, ok := p.lookupMedia(id)
	if !ok {
		return "", false
	}
	return p.picURL(f), true
}
