package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"gridbot/catalog"
	"gridbot/grid"
	"gridbot/points"
	"gridbot/staff"
)

// view is what every page template gets.
type view struct {
	Page  string // template name, for the navigation
	User  string // signed-in user, "" on the login page
	CSRF  string // the session's form token
	Flash string // one-time outcome of the last action
	Back  string // this page's path and query, for forms to return to
	Data  map[string]any
}

// parseTemplates parses layout.html with each page once.
func (h *Handler) parseTemplates() (map[string]*template.Template, error) {
	base, err := template.New("layout.html").Funcs(h.funcs()).ParseFS(templateFS, "templates/layout.html")
	if err != nil {
		return nil, err
	}
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFS, f)
		if err != nil {
			return nil, err
		}
		pages[name] = t
	}
	return pages, nil
}

// funcs are the template helpers. Text comes from the catalog only.
func (h *Handler) funcs() template.FuncMap {
	return template.FuncMap{
		"t": func(id string) string { return catalog.Text(catalog.ID(id)) },
		"tr": func(id string, kv ...any) string {
			args := catalog.Args{}
			for i := 0; i+1 < len(kv); i += 2 {
				args[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return catalog.Render(catalog.ID(id), args)
		},
		"reportStatus":     func(s grid.ReportStatus) string { return staff.StatusName(staff.KindReport, string(s)) },
		"riderStatus":      func(s grid.RiderStatus) string { return staff.StatusName(staff.KindRegistration, string(s)) },
		"redemptionStatus": func(s any) string { return staff.StatusName(staff.KindRedemption, fmt.Sprint(s)) },
		"category":         h.categoryName,
		"when":             h.when,
		"day":              func(t time.Time) string { return t.In(h.loc).Format("2006-01-02") },
		"mask":             grid.MaskPhone,
		"thumb":            func(sha string) string { return "/admin/photos/" + sha + "/thumb" },
		"photo":            func(sha string) string { return "/admin/photos/" + sha },
		"signed":           func(n int64) string { return fmt.Sprintf("%+d", n) },
		"f1":               func(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) },
		"coord":            func(f float64) string { return strconv.FormatFloat(f, 'f', 5, 64) },
		"ymd":              func(t time.Time) string { return t.In(h.loc).Format("2006-01-02") },
		"reasonText":       staff.NoteText,
		"note":             staff.NoteText,
		"actor":            h.actorName,
		"keyLabel":         staff.KeyLabel,
		"entrySign":        entrySign,
		"entryAvailable":   entryAvailable,
		"entryKind":        func(k points.Kind) string { return catalog.Text(catalog.ID("dash.kind." + string(k))) },
		"exportName":       func(t staff.Table) string { return catalog.Text(catalog.ID("dash.table." + string(t))) },
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
	}
}

// actorName returns how a stored actor reads to staff (staff.Desk.ActorName):
// a rider's openid becomes their name and U number, "vet" 系统自动审核.
func (h *Handler) actorName(actor string) string {
	return h.desk.ActorName(actor, func(openid string) (grid.Rider, bool) {
		r, err := h.st.Rider(openid)
		return r, err == nil
	})
}

// categoryName returns the display name of a category code, or 未分类.
func (h *Handler) categoryName(code string) string {
	for _, c := range h.cfg.Categories {
		if c.Code == code {
			return c.Name
		}
	}
	return catalog.Text(catalog.CategoryNone)
}

// when formats a time for staff, in the programme's time zone.
func (h *Handler) when(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(h.loc).Format("2006-01-02 15:04")
}

// render executes page with data and writes it with status. It renders
// into a buffer first, so a template error becomes a clean 500.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, page string, s *session, data map[string]any) {
	t, ok := h.pages[page]
	if !ok {
		h.log.Error("web: no such template", slog.String("page", page))
		http.Error(w, catalog.Text(catalog.TryAgainLater), http.StatusInternalServerError)
		return
	}
	v := view{Page: page, Back: r.URL.RequestURI(), Data: data}
	if s != nil {
		v.User, v.CSRF = s.user, s.csrf
	}
	if r.Method == http.MethodGet {
		v.Flash = h.takeFlash(w, r)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", v); err != nil {
		h.log.Error("web: render failed", slog.String("page", page), slog.Any("err", err))
		http.Error(w, catalog.Text(catalog.TryAgainLater), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}
