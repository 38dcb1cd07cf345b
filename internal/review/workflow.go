package review

import "slices"

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
}

// Applies reports whether the rule may be taken on a submission in stage
// and status.
func (r Rule) Applies(stage Stage, status Status) bool {
	return slices.Contains(r.From, stage) && (len(r.FromStatus) == 0 || slices.Contains(r.FromStatus, status))
}

// DefaultRules are the publishing workflow's decisions. The four of the
// fixed API are accept, decline, revisions (same round) and new_round
// (revisions, then a new round of review).
func DefaultRules() []Rule {
	reviewing := []Status{StatusInReview, StatusResubmitted}
	return []Rule{
		{Name: "send_to_review", From: []Stage{StageSubmission}, To: StageReview, Status: StatusInReview, NeedsFiles: true},
		{Name: "desk_reject", From: []Stage{StageSubmission}, To: StageDeclined, Status: StatusDone},
		{Name: "accept", From: []Stage{StageReview}, FromStatus: reviewing, To: StageCopyediting, Status: StatusInReview},
		{Name: "decline", From: []Stage{StageReview}, FromStatus: reviewing, To: StageDeclined, Status: StatusDone},
		{Name: "revisions", From: []Stage{StageReview}, FromStatus: reviewing, To: StageReview, Status: StatusRevisionsRequested},
		{Name: "new_round", From: []Stage{StageReview}, FromStatus: reviewing, To: StageReview, Status: StatusRevisionsRequested, NewRound: true},
		{Name: "send_to_production", From: []Stage{StageCopyediting}, To: StageProduction, Status: StatusInReview},
		{Name: "publish", From: []Stage{StageProduction}, To: StagePublished, Status: StatusDone, Publish: true},
	}
}
