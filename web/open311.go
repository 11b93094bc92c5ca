package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"gridbot/grid"
	"gridbot/store"
)

// Open311 GeoReport v2, read side (https://wiki.open311.org/GeoReport_v2).
// Only valid, dispatched and resolved reports are public; riders are
// never identified.

// open311Func handles a public Open311 request.
type open311Func func(w http.ResponseWriter, r *http.Request) error

// open311MaxResults caps requests.json, as the specification suggests.
const open311MaxResults = 1000

// open311 wraps an Open311 route: public, errors in the GeoReport shape
// [{"code": 404, "description": "…"}].
func (h *Handler) open311(fn open311Func) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		if err := fn(w, r); err != nil {
			p := classify(err)
			h.logProblem(r, p, err)
			writeJSON(w, p.status, []open311Error{{Code: p.status, Description: p.message}})
		}
	})
}

// open311NotFound answers /open311/v2/ paths that match no route (such as
// services.xml: only the JSON format is served) in the GeoReport error
// shape.
func (h *Handler) open311NotFound(w http.ResponseWriter, r *http.Request) error {
	return fmt.Errorf("web: open311 %s %s: %w", r.Method, r.URL.Path, errNotFound)
}

type open311Error struct {
	Code        int    `json:"code"`
	Description string `json:"description"`
}

// open311Service is one entry of services.json.
type open311Service struct {
	ServiceCode string `json:"service_code"`
	ServiceName string `json:"service_name"`
	Description string `json:"description"`
	Metadata    bool   `json:"metadata"`
	Type        string `json:"type"`
	Keywords    string `json:"keywords"`
	Group       string `json:"group"`
}

// open311Request is one entry of requests.json.
type open311Request struct {
	ServiceRequestID  string   `json:"service_request_id"`
	Status            string   `json:"status"`
	StatusNotes       string   `json:"status_notes"`
	ServiceName       string   `json:"service_name"`
	ServiceCode       string   `json:"service_code"`
	Description       string   `json:"description"`
	AgencyResponsible string   `json:"agency_responsible"`
	ServiceNotice     string   `json:"service_notice"`
	RequestedDatetime string   `json:"requested_datetime"`
	UpdatedDatetime   string   `json:"updated_datetime"`
	ExpectedDatetime  string   `json:"expected_datetime"`
	Address           string   `json:"address"`
	AddressID         string   `json:"address_id"`
	Zipcode           string   `json:"zipcode"`
	Lat               *float64 `json:"lat"`
	Long              *float64 `json:"long"`
	MediaURL          string   `json:"media_url"`
}

// open311Services answers services.json: one service per category.
func (h *Handler) open311Services(w http.ResponseWriter, r *http.Request) error {
	out := make([]open311Service, 0, len(h.cfg.Categories))
	for _, c := range h.cfg.Categories {
		out = append(out, open311Service{ServiceCode: c.Code, ServiceName: c.Name, Description: c.Name,
			Metadata: false, Type: "batch", Keywords: strings.Join(c.Words, ","), Group: ""})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// open311Requests answers requests.json with the filters service_code,
// start_date, end_date (RFC 3339 / W3C) and status (open, closed, or
// both, comma-separated). Without dates it returns the last 90 days.
func (h *Handler) open311Requests(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var from, to time.Time
	var err error
	if s := q.Get("start_date"); s != "" {
		if from, err = time.Parse(time.RFC3339, s); err != nil {
			return fmt.Errorf("web: open311 start_date: %w", errBadRequest)
		}
	}
	if s := q.Get("end_date"); s != "" {
		if to, err = time.Parse(time.RFC3339, s); err != nil {
			return fmt.Errorf("web: open311 end_date: %w", errBadRequest)
		}
	}
	if from.IsZero() && to.IsZero() {
		from = h.now().AddDate(0, 0, -90)
	}
	wantOpen, wantClosed := true, true
	if s := q.Get("status"); s != "" {
		wantOpen, wantClosed = false, false
		for _, v := range strings.Split(s, ",") {
			switch strings.TrimSpace(v) {
			case "open":
				wantOpen = true
			case "closed":
				wantClosed = true
			default:
				return fmt.Errorf("web: open311 status %q: %w", v, errBadRequest)
			}
		}
	}
	codes := map[string]bool{}
	for _, c := range strings.Split(q.Get("service_code"), ",") {
		if c = strings.TrimSpace(c); c != "" {
			codes[c] = true
		}
	}
	base := h.baseURL(r)
	out := []open311Request{}
	err = h.st.View(func(tx *store.Tx) error {
		out = out[:0]
		return tx.ScanReports(func(rep grid.Report) (bool, error) {
			if !from.IsZero() && rep.At.Before(from.Add(-time.Hour)) {
				return false, nil
			}
			if !public(rep) || !from.IsZero() && rep.At.Before(from) || !to.IsZero() && rep.At.After(to) ||
				len(codes) > 0 && !codes[rep.Category] {
				return true, nil
			}
			if open := open311Status(rep) == "open"; open && !wantOpen || !open && !wantClosed {
				return true, nil
			}
			out = append(out, h.toOpen311(rep, base))
			return len(out) < open311MaxResults, nil
		})
	})
	if err != nil {
		return fmt.Errorf("web: open311 requests: %w", err)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// open311Request answers requests/{id}.json: a one-element array.
func (h *Handler) open311Request(w http.ResponseWriter, r *http.Request) error {
	name, ok := strings.CutSuffix(r.PathValue("file"), ".json")
	if !ok {
		return fmt.Errorf("web: open311 request: %w", errNotFound)
	}
	id, err := parseID(name)
	if err != nil {
		return err
	}
	rep, err := h.st.Report(id)
	if err != nil {
		return fmt.Errorf("web: open311 request %d: %w", id, err)
	}
	if !public(rep) {
		return fmt.Errorf("web: open311 request %d is not public: %w", id, errNotFound)
	}
	writeJSON(w, http.StatusOK, []open311Request{h.toOpen311(rep, h.baseURL(r))})
	return nil
}

// open311Media serves the thumbnail of a public report: media/{id}.jpg.
func (h *Handler) open311Media(w http.ResponseWriter, r *http.Request) error {
	name, ok := strings.CutSuffix(r.PathValue("file"), ".jpg")
	if !ok {
		return fmt.Errorf("web: open311 media: %w", errNotFound)
	}
	id, err := parseID(name)
	if err != nil {
		return err
	}
	rep, err := h.st.Report(id)
	if err != nil {
		return fmt.Errorf("web: open311 media %d: %w", id, err)
	}
	if !public(rep) || rep.SHA256 == "" {
		return fmt.Errorf("web: open311 media %d: %w", id, errNotFound)
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	return h.servePhoto(w, r, rep.SHA256, true)
}

// public reports whether a report is shown on Open311.
func public(rep grid.Report) bool {
	switch rep.Status {
	case grid.ReportValid, grid.ReportDispatched, grid.ReportResolved:
		return true
	}
	return false
}

// open311Status maps a report's status: resolved is closed, the other
// public statuses are open.
func open311Status(rep grid.Report) string {
	if rep.Status == grid.ReportResolved {
		return "closed"
	}
	return "open"
}

// toOpen311 converts a public report.
func (h *Handler) toOpen311(rep grid.Report, base string) open311Request {
	updated := rep.At
	note := ""
	for _, s := range rep.Steps {
		if s.At.After(updated) {
			updated = s.At
		}
		if s.Note != "" && s.To == rep.Status {
			note = s.Note
		}
	}
	name := h.categoryName(rep.Category)
	out := open311Request{
		ServiceRequestID:  strconv.FormatUint(rep.ID, 10),
		Status:            open311Status(rep),
		StatusNotes:       note,
		ServiceName:       name,
		ServiceCode:       rep.Category,
		Description:       name,
		AgencyResponsible: rep.DispatchedTo,
		RequestedDatetime: rep.At.In(h.loc).Format(time.RFC3339),
		UpdatedDatetime:   updated.In(h.loc).Format(time.RFC3339),
	}
	if l := rep.Location; l != nil {
		lat, lng := l.Lat, l.Lng
		out.Lat, out.Long, out.Address = &lat, &lng, l.Label
	}
	if rep.SHA256 != "" && h.photos != nil {
		out.MediaURL = base + "/open311/v2/media/" + out.ServiceRequestID + ".jpg"
	}
	return out
}

// baseURL is the site's public URL (public_url), or the one the request
// came in on when none is configured.
func (h *Handler) baseURL(r *http.Request) string {
	if h.cfg.PublicURL != "" {
		return strings.TrimRight(h.cfg.PublicURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
