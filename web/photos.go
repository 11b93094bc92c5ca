package web

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"

	"gridbot/photo"
)

// photoThumb serves a report's thumbnail.
func (h *Handler) photoThumb(w http.ResponseWriter, r *http.Request, _ *session) error {
	return h.servePhoto(w, r, r.PathValue("sha"), true)
}

// photoOriginal serves a report's full photo (while it is kept).
func (h *Handler) photoOriginal(w http.ResponseWriter, r *http.Request, _ *session) error {
	return h.servePhoto(w, r, r.PathValue("sha"), false)
}

// servePhoto streams the thumbnail or original of photo sha. Photos are
// content-addressed, so they may be cached privately for long.
func (h *Handler) servePhoto(w http.ResponseWriter, r *http.Request, sha string, thumb bool) error {
	if h.photos == nil {
		return fmt.Errorf("web: photo: %w", errUnavailable)
	}
	var (
		f   *os.File
		err error
	)
	if thumb {
		var p string
		if p, err = h.photos.ThumbPath(sha); err == nil {
			f, err = os.Open(p)
		}
	} else {
		f, err = h.photos.Open(sha)
	}
	switch {
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, photo.ErrBadID):
		return fmt.Errorf("web: photo %q: %w", sha, errNotFound)
	case err != nil:
		return fmt.Errorf("web: photo %s: %w", sha, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("web: photo %s: %w", sha, err)
	}
	w.Header().Set("Cache-Control", "private, max-age=86400, immutable")
	http.ServeContent(w, r, "", fi.ModTime(), f)
	return nil
}
