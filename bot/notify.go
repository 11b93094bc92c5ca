package bot

import (
	"context"
	"encoding/json"
	"fmt"

	"gridbot/jobs"
	"gridbot/store"
)

// Robot posts to a WeCom group robot (wx.Robot).
type Robot interface {
	Markdown(ctx context.Context, content string) error
}

// Staff notifies community staff over customer-service messages and, when
// configured, the WeCom group robot.
type Staff struct {
	OpenIDs []string
	Outbox  *Outbox
	Robot   Robot // nil when no robot key is configured
}

type robotPayload struct {
	Markdown string `json:"markdown"`
}

// Notify enqueues text for every staff member, and for the robot, in tx.
// Each recipient gets its own job, so one failing recipient does not make
// the others receive the message twice.
func (s *Staff) Notify(tx *store.Tx, text string) error { return s.NotifyAbout(tx, "", text) }

// NotifyAbout is Notify for a notice about one pending item (about, e.g.
// "R12"): if WeChat refuses it now and it is kept for a staff member's next
// message, it is dropped then if the item no longer waits for staff, rather
// than delivered stale.
func (s *Staff) NotifyAbout(tx *store.Tx, about, text string) error {
	for _, id := range s.OpenIDs {
		if err := s.Outbox.Send(tx, Outgoing{OpenID: id, Text: text, About: about}); err != nil {
			return err
		}
	}
	if s.Robot == nil {
		return nil
	}
	_, err := tx.Enqueue(JobRobot, robotPayload{Markdown: text}, tx.Now())
	return err
}

// RunRobot is the handler of JobRobot.
func (s *Staff) RunRobot(ctx context.Context, job store.Job) error {
	var p robotPayload
	if err := json.Unmarshal(job.Payload, &p); err != nil {
		return fmt.Errorf("robot job %d: %w: %w", job.ID, jobs.ErrPermanent, err)
	}
	if s.Robot == nil {
		return fmt.Errorf("robot job %d: %w: no robot configured", job.ID, jobs.ErrPermanent)
	}
	return s.Robot.Markdown(ctx, p.Markdown)
}
