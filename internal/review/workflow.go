package review

import (
	"slices"
	"strings"
)

// Stage is where a submission is in the workflow (OJS's stages).
type Stage string

// Status is where a submission is within its stage.
type Status string

const (
	StageSubmission  Stage = "submission"
	StageReview      Stage = "review"
	StageCopyediting Stage = "copyediting"
	StageProduction  Stage = "production"
	StagePublished   Stage = "published"
	StageDeclined    Stage = "declined"

	StatusSubmitted          Status = "submitted"
	StatusInReview           Status = "in_review"
	StatusRevisionsRequested Status = "revisions_requested"
	StatusResubmitted        Status = "resubmitted"
	StatusDone               Status = "done"
	// Closed abstracts of an event's call: a duplicate of another
	// submission, or merged into one (both in the declined stage).
	StatusDuplicate Status = "duplicate"
	StatusMerged    Status = "merged"
)

// Stages lists the stages in workflow order; the pages show them so.
var Stages = []Stage{StageSubmission, StageReview, StageCopyediting, StageProduction, StagePublished, StageDeclined}

// Rule is an editor decision: the states it applies to and where it leads.
// The engine's decisions are rules in a table, so a pillar that reuses the
// engine (events: change track, mark as duplicate, merge) adds its own with
// Service.AddRule rather than new code paths.
type Rule struct {
	Name       string
	From       []Stage
	FromStatus []Status // empty: any status of those stages
	To         Stage
	Status     Status
	NewRound   bool // start a new review round (resubmit for review)
	Publish    bool // hand the work to the Publisher
	// NeedsFiles: the move needs at least one file (sending to review).
	NeedsFiles bool
	// Targets are the call targets (key prefixes, "events:event:") the
	// rule is for; empty: every call.
	Targets []string
	// Keep: the decision leaves stage and status as they are.
	Keep bool
	// Effect is what else the decision does with its parameter (the
	// decision's param): EffectTrack, EffectDuplicate, EffectMerge.
	Effect string
}

// Effects a rule may have beyond its move.
const (
	// EffectTrack sets the submission's track (the param).
	EffectTrack = "track"
	// EffectDuplicate records the submission of the same call (the param,
	// its id) that this one duplicates.
	EffectDuplicate = "duplicate"
	// EffectMerge adds the submission's authors to another of the same
	// call (the param, its id) and records it as merged into that one.
	EffectMerge = "merge"
)

// Applies reports whether the rule may be taken on a submission in stage
// and status.
func (r Rule) Applies(stage Stage, status Status) bool {
	return slices.Contains(r.From, stage) && (len(r.FromStatus) == 0 || slices.Contains(r.FromStatus, status))
}

// For reports whether the rule is offered for a call feeding target.
func (r Rule) For(target string) bool {
	if len(r.Targets) == 0 {
		return true
	}
	for _, p := range r.Targets {
		if strings.HasPrefix(target, p) {
			return true
		}
	}
	return false
}

// DefaultRules are the publishing workflow's decisions. The four of the
// fixed API are accept, decline, revisions (same round) and new_round
// (revisions, then a new round of review). Calls for abstracts add
// change_track, mark_duplicate and merge, which take a param.
func DefaultRules() []Rule {
	reviewing := []Status{StatusInReview, StatusResubmitted}
	open := []Stage{StageSubmission, StageReview, StageCopyediting, StageProduction}
	undecided := []Stage{StageSubmission, StageReview}
	abstracts := []string{"events:event:"}
	return []Rule{
		{Name: "send_to_review", From: []Stage{StageSubmission}, To: StageReview, Status: StatusInReview, NeedsFiles: true},
		{Name: "desk_reject", From: []Stage{StageSubmission}, To: StageDeclined, Status: StatusDone},
		{Name: "accept", From: []Stage{StageReview}, FromStatus: reviewing, To: StageCopyediting, Status: StatusInReview},
		{Name: "decline", From: []Stage{StageReview}, FromStatus: reviewing, To: StageDeclined, Status: StatusDone},
		{Name: "revisions", From: []Stage{StageReview}, FromStatus: reviewing, To: StageReview, Status: StatusRevisionsRequested},
		{Name: "new_round", From: []Stage{StageReview}, FromStatus: reviewing, To: StageReview, Status: StatusRevisionsRequested, NewRound: true},
		{Name: "send_to_production", From: []Stage{StageCopyediting}, To: StageProduction, Status: StatusInReview},
		{Name: "publish", From: []Stage{StageProduction}, To: StagePublished, Status: StatusDone, Publish: true},
		// Calls for abstracts (an event's call): put an abstract in another
		// track before it joins the timetable, close it as a duplicate of
		// another, or merge it (its authors) into another.
		{Name: "change_track", From: open, Keep: true, Effect: EffectTrack, Targets: abstracts},
		{Name: "mark_duplicate", From: undecided, To: StageDeclined, Status: StatusDuplicate, Effect: EffectDuplicate, Targets: abstracts},
		{Name: "merge", From: undecided, To: StageDeclined, Status: StatusMerged, Effect: EffectMerge, Targets: abstracts},
	}
}
