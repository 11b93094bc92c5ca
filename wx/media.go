package wx

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
)

// MaxUploadBytes is the platform's limit for a temporary image (10 MB).
const MaxUploadBytes = 10 << 20

// DownloadMedia fetches a temporary media file (GET /cgi-bin/media/get),
// reading at most maxBytes. If the platform reports the media id expired
// or invalid (ErrMediaExpired) and picURL is set, it fetches picURL once
// instead (a plain GET, same cap). It returns ErrTooLarge beyond maxBytes,
// *APIError for a JSON error (even with HTTP 200), ErrUnexpectedResponse
// for another status, or a transport error. When the fallback fails too,
// the error matches both failures. ErrInvalidArgument is returned for
// maxBytes ≤ 0 or neither a media id nor a PicUrl.
func (c *Client) DownloadMedia(ctx context.Context, mediaID, picURL string, maxBytes int64) ([]byte, error) {
	const op = "media get"
	if (mediaID == "" && picURL == "") || maxBytes <= 0 {
		return nil, fmt.Errorf("wx: %s: no media id or cap: %w", op, ErrInvalidArgument)
	}
	var data []byte
	var err error
	if mediaID != "" {
		err = c.withToken(ctx, func(token string) error {
			u := c.url("/cgi-bin/media/get", url.Values{"access_token": {token}, "media_id": {mediaID}})
			var gerr error
			data, gerr = c.getLimited(ctx, op, u, maxBytes)
			return gerr
		})
		if err == nil || picURL == "" || !errors.Is(err, ErrMediaExpired) {
			return data, err
		}
	}
	data, ferr := c.fetchPicURL(ctx, picURL, maxBytes)
	if ferr != nil && err != nil {
		return nil, fmt.Errorf("%w; PicUrl fallback: %w", err, ferr)
	}
	return data, ferr
}

// fetchPicURL downloads a message's PicUrl as given (it is a CDN link, not
// an API URL). Only http and https are allowed.
func (c *Client) fetchPicURL(ctx context.Context, picURL string, maxBytes int64) ([]byte, error) {
	const op = "PicUrl get"
	u, err := url.Parse(picURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("wx: %s: not an http(s) URL: %w", op, ErrInvalidArgument)
	}
	return c.getLimited(ctx, op, picURL, maxBytes)
}

// getLimited GETs u and returns its body, at most maxBytes. A body that is
// JSON (by Content-Type, or text/plain or untyped starting with '{') is
// an error answer: *APIError, or ErrUnexpectedResponse if errcode is 0.
func (c *Client) getLimited(ctx context.Context, op, u string, maxBytes int64) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("wx: %s: %w", op, redact(err))
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("wx: %s: %w", op, redact(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("wx: %s: HTTP status %d: %w", op, resp.StatusCode, ErrUnexpectedResponse)
	}
	if resp.ContentLength > maxBytes {
		return nil, fmt.Errorf("wx: %s: %d bytes, limit %d: %w", op, resp.ContentLength, maxBytes, ErrTooLarge)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("wx: %s: read: %w", op, redact(err))
	}
	if isJSONAnswer(resp.Header.Get("Content-Type"), data) {
		if err := decodeAnswer(op, data, nil); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("wx: %s: JSON instead of media: %w", op, ErrUnexpectedResponse)
	}
	if int64(len(data)) > maxBytes {
		return nil, fmt.Errorf("wx: %s: over %d bytes: %w", op, maxBytes, ErrTooLarge)
	}
	return data, nil
}

// isJSONAnswer reports whether a media response is a JSON answer rather
// than the file.
func isJSONAnswer(contentType string, data []byte) bool {
	mt, _, _ := mime.ParseMediaType(contentType)
	switch mt {
	case "application/json":
		return true
	case "text/plain", "":
		return isJSON(data)
	}
	return false
}

// UploadMedia uploads data as a temporary media file of kind ("image",
// "voice", "video" or "thumb") via POST /cgi-bin/media/upload and returns
// its media id, valid for three days. It returns ErrTooLarge above
// MaxUploadBytes, ErrInvalidArgument for an empty kind or data, and
// *APIError for the platform's refusals.
func (c *Client) UploadMedia(ctx context.Context, kind, filename string, data []byte) (string, error) {
	const op = "media upload"
	if kind == "" || len(data) == 0 {
		return "", fmt.Errorf("wx: %s: empty kind or data: %w", op, ErrInvalidArgument)
	}
	if len(data) > MaxUploadBytes {
		return "", fmt.Errorf("wx: %s: %d bytes: %w", op, len(data), ErrTooLarge)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("media", filename)
	if err == nil {
		_, err = fw.Write(data)
	}
	if err == nil {
		err = mw.Close()
	}
	if err != nil {
		return "", fmt.Errorf("wx: %s: %w", op, err)
	}
	var out struct {
		MediaID string `json:"media_id"`
	}
	err = c.withToken(ctx, func(token string) error {
		u := c.url("/cgi-bin/media/upload", url.Values{"access_token": {token}, "type": {kind}})
		return doJSON(ctx, c.hc, op, http.MethodPost, u, mw.FormDataContentType(), body.Bytes(), &out)
	})
	if err != nil {
		return "", err
	}
	if out.MediaID == "" {
		return "", fmt.Errorf("wx: %s: no media_id in answer: %w", op, ErrUnexpectedResponse)
	}
	return out.MediaID, nil
}
