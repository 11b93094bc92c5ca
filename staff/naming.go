package staff

import (
	"strings"

	"gridbot/catalog"
	"gridbot/grid"
)

// How stored actors, step notes and reason codes read to people. The store
// keeps what the code wrote ("vet", "exact_duplicate", a rider's openid);
// pages and exports show catalog text instead. This file is the one place
// that translation happens: package web and the exports both call it, and
// the JSON API shows the stored values unchanged.

// Actors that are not people.
const (
	// VetActor is the actor package chat records on steps its automatic
	// vetting takes.
	VetActor = "vet"
	// apiActorPrefix starts the actor of a JSON API call: "api:<token name>".
	apiActorPrefix = "api:"
)

// RiderLookup returns the rider with openid, and false if there is none.
type RiderLookup func(openid string) (grid.Rider, bool)

// ActorName returns how actor reads in an 操作人 column: 「系统自动审核」
// for VetActor, 「系统」 for SweepActor, 接口「name」 for an API token, a configured staff member's name
// for their openid, and 骑手 name (U3) for a rider's openid found with
// riders (nil looks nobody up). Anything else, such as a dashboard user's
// name, is returned as stored.
func (d *Desk) ActorName(actor string, riders RiderLookup) string {
	switch {
	case actor == VetActor:
		return catalog.Text(catalog.NameActorVet)
	case actor == SweepActor:
		return catalog.Text(catalog.NameActorSystem)
	case strings.HasPrefix(actor, apiActorPrefix):
		return catalog.Render(catalog.NameActorAPI, catalog.Args{"Name": strings.TrimPrefix(actor, apiActorPrefix)})
	}
	for _, s := range d.cfg.Staff {
		if s.OpenID == actor && actor != "" {
			if s.Name != "" {
				return s.Name
			}
			return catalog.Text(catalog.NameActorStaff)
		}
	}
	if riders != nil && actor != "" {
		if r, ok := riders(actor); ok {
			return RiderName(r)
		}
	}
	return actor
}

// RiderName names a rider to staff in an 操作人 column: 骑手 张三（U3）.
func RiderName(r grid.Rider) string {
	return catalog.Render(catalog.NameActorRider, catalog.Args{"Name": r.Name, "Label": Ref{KindRegistration, r.Seq}.String()})
}

// notes maps the fixed notes and reasons code records (step notes, ledger
// and redemption reasons) to catalog entries. Photo reason codes
// (photo.Reason) are looked up as "reason.<code>" instead.
var notes = map[string]catalog.ID{
	"exact_duplicate":                  catalog.NameNoteExactDuplicate,
	"near_duplicate":                   catalog.NameNoteNearDuplicate,
	"burst":                            catalog.NameNoteBurst,
	"photo check":                      catalog.NameNotePhotoCheck,
	"download failed":                  catalog.NameNoteDownloadFailed,
	"rider cancelled":                  catalog.NameNoteRiderCancelled,
	"expired":                          catalog.NameNoteExpired,
	"points.review: staff":             catalog.NameNoteStaffReview,
	"over limits.photos_per_day":       catalog.NameNoteOverDailyPhotos,
	"sender is not an active rider":    catalog.NameNoteNotActive,
	"sent too long before registering": catalog.NameNoteTooEarly,
}

// NoteText returns how a stored note or reason reads to staff: catalog
// text for the codes the programme writes itself (duplicate kinds, vetting
// outcomes, "rider cancelled", photo reason codes), and the text as stored
// for anything a person typed.
func NoteText(note string) string {
	if id, ok := notes[note]; ok {
		return catalog.Text(id)
	}
	if note != "" && !strings.ContainsAny(note, " .:") {
		if id := catalog.ID("reason." + note); catalog.Has(id) {
			return catalog.Text(id)
		}
	}
	return note
}

// KeyLabel shows a ledger entry's idempotency key as the item it paid
// for: an award key (grid.AwardKeyFor) as its report, report:12 → P12.
// Other keys are returned as stored.
func KeyLabel(key string) string {
	if id, ok := strings.CutPrefix(key, "report:"); ok {
		return "P" + id
	}
	return key
}
