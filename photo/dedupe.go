package photo

import (
	"time"

	"gridbot/config"
)

// Policy is how Classify treats a photo similar to earlier ones.
type Policy struct {
	// DuplicateDistance is the largest distance of an edited copy.
	DuplicateDistance int
	// DuplicateWindow limits near-duplicate matches to earlier photos this
	// recent; 0 means all. Exact (SHA-256) matches ignore it.
	DuplicateWindow time.Duration
	// BurstDistance is the largest distance between burst shots.
	BurstDistance int
	// BurstWindow is how close in time burst shots by one rider are; 0
	// turns burst grouping off.
	BurstWindow time.Duration
}

// PolicyFrom returns the policy configured in cfg.
func PolicyFrom(cfg config.PhotoConfig) Policy {
	return Policy{
		DuplicateDistance: cfg.DuplicateDistance,
		DuplicateWindow:   cfg.DuplicateWindow,
		BurstDistance:     cfg.BurstDistance,
		BurstWindow:       cfg.BurstWindow,
	}
}

// Kind is Classify's answer.
type Kind string

// Kinds of verdict.
const (
	// KindNew: no earlier photo matches; the photo can earn a point.
	KindNew Kind = "new"
	// KindExact: the same bytes (SHA-256) were sent before, by anyone.
	KindExact Kind = "exact_duplicate"
	// KindNear: an edited copy (resized, recompressed, cropped…) of an
	// earlier photo by anyone, within DuplicateDistance.
	KindNear Kind = "near_duplicate"
	// KindBurst: the same rider sent a shot of the same scene within
	// BurstWindow and BurstDistance; the burst counts once.
	KindBurst Kind = "burst"
)

// Verdict is Classify's answer: the kind and, unless new, the earlier
// photo it matched and its distance (0 for an exact match).
type Verdict struct {
	Kind     Kind
	Of       Entry
	Distance int
}

// Reason returns ReasonDuplicate or ReasonBurst, or "" for a new photo.
func (v Verdict) Reason() Reason {
	switch v.Kind {
	case KindExact, KindNear:
		return ReasonDuplicate
	case KindBurst:
		return ReasonBurst
	}
	return ""
}

// Classify decides whether a photo with the given SHA-256 and hash, sent
// by owner at at, is new, a duplicate or a burst shot, against the photos
// already in idx. The rules, in order:
//
//  1. Same SHA-256 as any earlier photo: KindExact, naming the first.
//  2. Same owner, within BurstWindow and BurstDistance of an earlier photo:
//     KindBurst, naming the earliest such shot. This comes before rule 3
//     so that a rider's own second shot is told "already counted" rather
//     than accused of copying.
//  3. Within DuplicateDistance of any earlier photo (within
//     DuplicateWindow, if set): KindNear, naming the earliest, i.e. the
//     original.
//  4. Otherwise KindNew.
//
// The caller should add every vetted photo to idx afterwards, duplicates
// and bursts included, so that chains of copies and long bursts are
// followed.
func Classify(idx *Index, sha string, hash uint64, owner string, at time.Time, p Policy) Verdict {
	if e, ok := idx.Exact(sha); ok {
		return Verdict{Kind: KindExact, Of: e}
	}
	var burst, near *Match
	if p.BurstWindow > 0 {
		for _, m := range idx.QueryOwner(hash, p.BurstDistance, owner, at.Add(-p.BurstWindow)) {
			if m.At.After(at.Add(p.BurstWindow)) {
				continue
			}
			if burst == nil || m.At.Before(burst.At) {
				burst = &m
			}
		}
	}
	var since time.Time
	if p.DuplicateWindow > 0 {
		since = at.Add(-p.DuplicateWindow)
	}
	if burst == nil {
		for _, m := range idx.QuerySince(hash, p.DuplicateDistance, since) {
			if near == nil || m.At.Before(near.At) {
				near = &m
			}
		}
	}
	switch {
	case burst != nil:
		return Verdict{Kind: KindBurst, Of: burst.Entry, Distance: burst.Distance}
	case near != nil:
		return Verdict{Kind: KindNear, Of: near.Entry, Distance: near.Distance}
	}
	return Verdict{Kind: KindNew}
}
