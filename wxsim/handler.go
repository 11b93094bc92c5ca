package wxsim

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"time"
)

// maxRequestBytes caps request bodies (a 10 MB upload plus multipart
// framing); maxLoggedBody caps what Requests keeps of each.
const (
	maxRequestBytes = 11 << 20
	maxLoggedBody   = 16 << 10
)

// Request is one request the Handler received, for inspection.
type Request struct {
	At     time.Time // platform clock when it arrived
	Method string
	Path   string
	Query  url.Values // as sent, access_token and key included
	// Body is the request body, at most 16 KB of it; Truncated says
	// whether more was sent.
	Body      []byte
	Truncated bool
	Status    int       // HTTP status answered; 0 when the connection was reset
	ErrCode   int       // errcode of a JSON answer, 0 for success or non-JSON
	Fault     FaultKind // the fault injected, or ""
}

// routes registers every path the platform serves, in one place.
func (p *Platform) routes() http.Handler {
	mux := http.NewServeMux()
	// Official Account API (api.weixin.qq.com).
	mux.HandleFunc("POST /cgi-bin/stable_token", p.stableToken)
	mux.HandleFunc("GET /cgi-bin/token", p.token)
	mux.HandleFunc("GET /cgi-bin/media/get", p.withToken(p.mediaGet))
	mux.HandleFunc("POST /cgi-bin/media/upload", p.withToken(p.mediaUpload))
	mux.HandleFunc("POST /cgi-bin/message/custom/send", p.withToken(p.customSend))
	mux.HandleFunc("POST /cgi-bin/menu/create", p.withToken(p.menuCreate))
	// WeCom group robot (qyapi.weixin.qq.com).
	mux.HandleFunc("POST /cgi-bin/webhook/send", p.robotSend)
	// Media CDN (mmbiz.qpic.cn): PicUrl links.
	mux.HandleFunc("GET /mmbiz/{file}", p.picGet)
	// WeChat answers a GET to a POST API with errcode 43002.
	for _, path := range []string{
		"/cgi-bin/stable_token", "/cgi-bin/media/upload", "/cgi-bin/message/custom/send",
		"/cgi-bin/menu/create", "/cgi-bin/webhook/send",
	} {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) { writeError(w, codeRequirePOST) })
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { p.serve(mux, w, r) })
}

// serve reads and records the request, injects a fault if one is due,
// and otherwise lets next answer.
func (p *Platform) serve(next http.Handler, w http.ResponseWriter, r *http.Request) {
	rec := Request{At: p.now(), Method: r.Method, Path: r.URL.Path, Query: r.URL.Query()}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBytes))
	if err != nil {
		rec.Status = http.StatusRequestEntityTooLarge
		p.record(rec)
		http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
		return
	}
	rec.Body = slices.Clone(body[:min(len(body), maxLoggedBody)])
	rec.Truncated = len(body) > maxLoggedBody
	r.Body = io.NopCloser(bytes.NewReader(body))

	cw := &captureWriter{ResponseWriter: w}
	if f, ok := p.pickFault(r.URL.Path); ok {
		rec.Fault = f.Kind
		p.log.Debug("wxsim: injecting fault", slog.String("kind", string(f.Kind)), slog.String("path", r.URL.Path))
		if !p.inject(f, next, cw, r) {
			p.record(rec)
			return
		}
	} else {
		next.ServeHTTP(cw, r)
	}
	rec.Status = cw.status
	if rec.Status == 0 && cw.wrote {
		rec.Status = http.StatusOK
	}
	rec.ErrCode = errCodeOf(cw.head.Bytes())
	p.record(rec)
}

// record appends rec to the request log, dropping the oldest beyond
// MaxRequests.
func (p *Platform) record(rec Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.requests) >= p.cfg.MaxRequests {
		n := copy(p.requests, p.requests[len(p.requests)-p.cfg.MaxRequests+1:])
		p.requests = p.requests[:n]
	}
	p.requests = append(p.requests, rec)
}

// Requests returns a copy of the request log, oldest first: every request
// the Handler finished answering (or resetting), at most MaxRequests.
func (p *Platform) Requests() []Request {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]Request, len(p.requests))
	for i, r := range p.requests {
		r.Query = cloneValues(r.Query)
		r.Body = slices.Clone(r.Body)
		out[i] = r
	}
	return out
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}

// captureWriter remembers the status and the first bytes of the body, to
// log the errcode.
type captureWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
	head   bytes.Buffer
}

func (c *captureWriter) WriteHeader(code int) {
	if c.status == 0 {
		c.status = code
	}
	c.ResponseWriter.WriteHeader(code)
}

func (c *captureWriter) Write(b []byte) (int, error) {
	c.wrote = true
	if n := 512 - c.head.Len(); n > 0 {
		c.head.Write(b[:min(n, len(b))])
	}
	return c.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (c *captureWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }

// errCodeOf returns the errcode at the start of a JSON answer, or 0.
func errCodeOf(head []byte) int {
	var st struct {
		ErrCode int `json:"errcode"`
	}
	d := json.NewDecoder(bytes.NewReader(head))
	if len(bytes.TrimSpace(head)) == 0 || bytes.TrimSpace(head)[0] != '{' {
		return 0
	}
	d.Decode(&st) // a truncated head still yields errcode when it comes first
	return st.ErrCode
}

// writeJSON answers v as WeChat does: HTTP 200, application/json.
func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; encoding=utf-8")
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// apiError is the body of every WeChat error answer.
type apiError struct {
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

// writeError answers errcode code with HTTP 200 and WeChat's errmsg,
// followed by a request id as WeChat appends one.
func writeError(w http.ResponseWriter, code int) {
	writeJSON(w, apiError{ErrCode: code, ErrMsg: errMessage(code) + " rid: " + ridString()})
}

// writeOK answers {"errcode":0,"errmsg":"ok"}.
func writeOK(w http.ResponseWriter) {
	writeJSON(w, apiError{ErrCode: 0, ErrMsg: "ok"})
}

// ridString returns a request id like WeChat's "6627d0d3-1b2e5c7a-4f0a9e21".
func ridString() string {
	h := randomHex(12)
	return h[:8] + "-" + h[8:16] + "-" + h[16:]
}
