package web

import "net/http"

// staticFile serves the embedded stylesheet (and any other asset).
func (h *Handler) staticFile() http.Handler {
	files := http.FileServerFS(h.static)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Cache-Control", "public, max-age=3600")
		r2 := r.Clone(r.Context())
		r2.URL.Path = "/" + r.PathValue("file")
		files.ServeHTTP(w, r2)
	})
}
