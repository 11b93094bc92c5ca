package simui

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"gridbot/catalog"
	"gridbot/wx"
	"gridbot/wxsim"
)

// Input limits.
const (
	maxUpload    = 32 << 20 // one POST, all photos
	maxPhoto     = 10 << 20 // one photo, as WeChat's
	maxPhotos    = 9        // photos in one POST, as WeChat's picker
	maxTextRunes = 2000
	maxKey       = 128
	maxLabel     = 100
)

// deliver shows shown as the person's bubble (unless it is empty), posts m
// to gridbot through the platform, and shows the passive reply. It
// reports whether the message was delivered; when not, it has shown the
// WeChat error bubble and answered 502.
func (h *Handler) deliver(w http.ResponseWriter, r *http.Request, p Persona, m *wx.Message, shown Entry) bool {
	if shown.Kind != "" {
		shown.From = FromUser
		h.conv.add(p.OpenID, h.now(), shown)
	}
	d, err := h.d.Platform.Deliver(r.Context(), m)
	if err != nil {
		h.log.Warn("simulator: delivery failed", slog.String("openid", p.OpenID),
			slog.String("type", string(m.MsgType)), slog.Any("err", err))
		h.conv.add(p.OpenID, h.now(), Entry{From: FromSystem, Kind: KindText, Text: catalog.Text(catalog.SimUndelivered)})
		writeProblem(w, http.StatusBadGateway)
		return false
	}
	h.showReply(p.OpenID, d)
	return true
}

// showReply adds the passive reply of d, if any, to openid's conversation.
func (h *Handler) showReply(openid string, d wxsim.Delivery) {
	if rep := d.Reply; rep != nil {
		e := Entry{From: FromBot, Kind: KindText, Text: rep.Content}
		if rep.MsgType == "image" {
			e.Text = catalog.Text(catalog.SimYouSentPhoto)
		}
		if e.Text != "" {
			h.conv.add(openid, h.now(), e)
		}
	}
}

// sendSubscribe follows the Official Account.
func (h *Handler) sendSubscribe(w http.ResponseWriter, r *http.Request, p Persona) {
	m := h.d.Platform.NewSubscribe(p.OpenID)
	if h.deliver(w, r, p, m, Entry{Kind: KindText, Text: catalog.Text(catalog.SimYouSubscribed)}) {
		w.WriteHeader(http.StatusNoContent)
	}
}

// sendText sends a text message.
func (h *Handler) sendText(w http.ResponseWriter, r *http.Request, p Persona) {
	text := strings.TrimSpace(r.FormValue("text"))
	if text == "" || utf8.RuneCountInString(text) > maxTextRunes {
		writeProblem(w, http.StatusBadRequest)
		return
	}
	m := h.d.Platform.NewText(p.OpenID, text)
	if h.deliver(w, r, p, m, Entry{Kind: KindText, Text: text}) {
		w.WriteHeader(http.StatusNoContent)
	}
}

// sendPhoto sends each uploaded photo as an image message.
func (h *Handler) sendPhoto(w http.ResponseWriter, r *http.Request, p Persona) {
	photos, ok := readPhotos(r)
	if !ok || len(photos) == 0 {
		writeProblem(w, http.StatusBadRequest)
		return
	}
	for _, ph := range photos {
		m := h.d.Platform.NewImage(p.OpenID, ph)
		if !h.deliver(w, r, p, m, Entry{Kind: KindImage, Image: h.mediaLink(m.PicURL)}) {
			return
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

// sendLocation sends a location message.
func (h *Handler) sendLocation(w http.ResponseWriter, r *http.Request, p Persona) {
	lat, err1 := strconv.ParseFloat(r.FormValue("lat"), 64)
	lng, err2 := strconv.ParseFloat(r.FormValue("lng"), 64)
	label := strings.TrimSpace(r.FormValue("label"))
	if err1 != nil || err2 != nil || lat < -90 || lat > 90 || lng < -180 || lng > 180 || utf8.RuneCountInString(label) > maxLabel {
		writeProblem(w, http.StatusBadRequest)
		return
	}
	if label == "" {
		label = strconv.FormatFloat(lat, 'f', 5, 64) + ", " + strconv.FormatFloat(lng, 'f', 5, 64)
	}
	m := h.d.Platform.NewLocation(p.OpenID, lat, lng, 15, label)
	shown := Entry{Kind: KindText, Text: catalog.Render(catalog.SimYouSentLoc, catalog.Args{"Label": label})}
	if h.deliver(w, r, p, m, shown) {
		w.WriteHeader(http.StatusNoContent)
	}
}

// sendClick sends the CLICK event of a menu button.
func (h *Handler) sendClick(w http.ResponseWriter, r *http.Request, p Persona) {
	key, name, ok := menuButton(r)
	if !ok {
		writeProblem(w, http.StatusBadRequest)
		return
	}
	m := h.d.Platform.NewClick(p.OpenID, key)
	shown := Entry{Kind: KindText, Text: catalog.Render(catalog.SimYouClicked, catalog.Args{"Name": name})}
	if h.deliver(w, r, p, m, shown) {
		w.WriteHeader(http.StatusNoContent)
	}
}

// sendMenuPhoto does what WeChat does when a pic_photo_or_album button is
// tapped and photos picked: the event, then one image message per photo.
func (h *Handler) sendMenuPhoto(w http.ResponseWriter, r *http.Request, p Persona) {
	key, _, ok := menuButton(r)
	photos, ok2 := readPhotos(r)
	if !ok || !ok2 || len(photos) == 0 {
		writeProblem(w, http.StatusBadRequest)
		return
	}
	event, images := h.d.Platform.NewPicPhotoOrAlbum(p.OpenID, key, photos...)
	if !h.deliver(w, r, p, event, Entry{}) {
		return
	}
	for _, m := range images {
		if !h.deliver(w, r, p, m, Entry{Kind: KindImage, Image: h.mediaLink(m.PicURL)}) {
			return
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

// menuButton reads a button's key and name.
func menuButton(r *http.Request) (key, name string, ok bool) {
	key, name = r.FormValue("key"), strings.TrimSpace(r.FormValue("name"))
	if name == "" {
		name = key
	}
	return key, name, key != "" && len(key) <= maxKey && utf8.RuneCountInString(name) <= maxLabel
}

// readPhotos returns the uploaded files named photo; ok is false when
// the form is malformed or a photo is too large.
func readPhotos(r *http.Request) ([][]byte, bool) {
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		return nil, false
	}
	files := r.MultipartForm.File["photo"]
	if len(files) > maxPhotos {
		return nil, false
	}
	var out [][]byte
	for _, fh := range files {
		if fh.Size > maxPhoto {
			return nil, false
		}
		f, err := fh.Open()
		if err != nil {
			return nil, false
		}
		data, err := io.ReadAll(io.LimitReader(f, maxPhoto+1))
		f.Close()
		if err != nil || len(data) == 0 || len(data) > maxPhoto {
			return nil, false
		}
		out = append(out, data)
	}
	return out, true
}

// mediaLink turns a PicUrl of the platform into a link under /sim/media/,
// so that the page loads photos from the origin it came from.
func (h *Handler) mediaLink(picURL string) string {
	if picURL == "" {
		return ""
	}
	return "/sim/media/" + path.Base(picURL)
}

// serveMedia serves a photo from the platform's CDN (its /mmbiz/ path).
func (h *Handler) serveMedia(w http.ResponseWriter, r *http.Request) {
	r2 := r.Clone(r.Context())
	r2.URL.Path = "/mmbiz/" + r.PathValue("file")
	r2.URL.RawPath = ""
	w.Header().Set("Cache-Control", "private, max-age=86400")
	h.d.Platform.Handler().ServeHTTP(w, r2)
}

// writeProblem answers an error with the catalog's generic text, as JSON.
func writeProblem(w http.ResponseWriter, status int) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": catalog.Text(catalog.SimBadRequest)})
}
