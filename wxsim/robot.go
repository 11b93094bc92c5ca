package wxsim

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"
)

// WeCom group robot limits.
const (
	RobotPerMinute   = 20      // messages per key in any minute
	maxRobotText     = 2048    // bytes
	maxRobotMarkdown = 4096    // bytes
	maxRobotImage    = 2 << 20 // bytes before base64
)

// RobotMessage is a message a WeCom group robot accepted.
type RobotMessage struct {
	Key     string
	At      time.Time // platform clock
	MsgType string    // text, markdown or image
	Content string    // text and markdown
	Image   []byte    // image, decoded
}

// RobotMessages returns a copy of the robot messages accepted, oldest
// first.
func (p *Platform) RobotMessages() []RobotMessage {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := slices.Clone(p.robotMsgs)
	for i := range out {
		out[i].Image = slices.Clone(out[i].Image)
	}
	return out
}

// robotSend serves POST /cgi-bin/webhook/send?key=… for text, markdown and
// image messages, at most RobotPerMinute per key in any sliding minute.
func (p *Platform) robotSend(w http.ResponseWriter, r *http.Request) {
	key := r.URL.Query().Get("key")
	if key == "" || (p.robots != nil && !p.robots[key]) {
		writeError(w, codeBadWebhookKey)
		return
	}
	var req struct {
		MsgType string `json:"msgtype"`
		Text    struct {
			Content string `json:"content"`
		} `json:"text"`
		Markdown struct {
			Content string `json:"content"`
		} `json:"markdown"`
		Image struct {
			Base64 string `json:"base64"`
			MD5    string `json:"md5"`
		} `json:"image"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeError(w, codeDataFormat)
		return
	}
	m := RobotMessage{Key: key, MsgType: req.MsgType}
	if code := checkRobot(&m, req.Text.Content, req.Markdown.Content, req.Image.Base64, req.Image.MD5); code != 0 {
		writeError(w, code)
		return
	}
	now := p.now()
	m.At = now
	p.mu.Lock()
	recent := p.robotTimes[key]
	cut := now.Add(-time.Minute)
	for len(recent) > 0 && !recent[0].After(cut) {
		recent = recent[1:]
	}
	ok := len(recent) < RobotPerMinute
	if ok {
		recent = append(recent, now)
		p.robotMsgs = append(p.robotMsgs, m)
	}
	p.robotTimes[key] = recent
	p.mu.Unlock()
	if !ok {
		writeError(w, codeFreqLimit)
		return
	}
	writeOK(w)
}

// checkRobot validates one robot message, filling m, and returns 0 or the
// errcode WeCom gives.
func checkRobot(m *RobotMessage, text, markdown, b64, sum string) int {
	switch m.MsgType {
	case "text", "markdown":
		content, limit := text, maxRobotText
		if m.MsgType == "markdown" {
			content, limit = markdown, maxRobotMarkdown
		}
		if strings.TrimSpace(content) == "" {
			return codeEmptyContent
		}
		if len(content) > limit {
			return codeInvalidParameter
		}
		m.Content = content
	case "image":
		data, err := base64.StdEncoding.DecodeString(b64)
		if err != nil || len(data) == 0 {
			return codeInvalidParameter
		}
		if len(data) > maxRobotImage {
			return codeInvalidImageSize
		}
		got := md5.Sum(data)
		if !strings.EqualFold(hex.EncodeToString(got[:]), sum) {
			return codeMD5Mismatch
		}
		if !bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}) && !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
			return codeInvalidFileType
		}
		m.Image = data
	default:
		return codeInvalidMsgType
	}
	return 0
}
