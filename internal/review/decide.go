package review

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/errs"
)

// Decide takes an editor decision on a submission. The move is one
// conditional update on the state the decision was checked against, in
// one transaction with its record, audit entry and e-mail, so a decision
// sent twice (two tabs, a retried request) is refused with a conflict the
// second time and nothing is half-changed. expectRound, when not 0, must
// be the submission's current round.
func (s *Service) Decide(ctx context.Context, actor Actor, subID int64, decision, note string, expectRound int64) (*Submission, error) {
	return s.DecideWith(ctx, actor, subID, decision, note, "", expectRound)
}

// DecideWith is Decide for the decisions that take a value, param: the
// track of change_track, the other submission's id of mark_duplicate and
// merge (Rule.Effect).
func (s *Service) DecideWith(ctx context.Context, actor Actor, subID int64, decision, note, param string, expectRound int64) (*Submission, error) {
	if !actor.Editor {
		return nil, errs.New(errs.Forbidden, "review.error.editors_only")
	}
	var rule *Rule
	for i := range s.cfg.Rules {
		if s.cfg.Rules[i].Name == decision {
			rule = &s.cfg.Rules[i]
		}
	}
	if rule == nil {
		return nil, invalid(errs.Fields{"decision": "review.error.decision"})
	}
	if len(note) > 20000 {
		return nil, invalid(errs.Fields{"note": "review.error.too_long"})
	}
	if rule.Publish && s.cfg.Publisher == nil {
		return nil, errs.New(errs.Conflict, "review.error.no_publisher")
	}
	param = strings.TrimSpace(param)
	switch {
	case rule.Effect == "" && param != "":
		return nil, invalid(errs.Fields{"param": "review.error.param_unused"})
	case rule.Effect != "" && param == "":
		return nil, invalid(errs.Fields{"param": "review.error.param_required"})
	case rule.Effect == EffectTrack && utf8.RuneCountInString(param) > 100:
		return nil, invalid(errs.Fields{"param": "review.error.too_long"})
	}
	status := rule.Status
	if rule.Publish {
		status = "publishing" // claimed: a second publish is refused while the first runs
	}
	var sub *Submission
	err := s.DB.InTx(ctx, func(tx db.Tx) error {
		var err error
		if sub, err = getSubmission(ctx, tx, subID); err != nil {
			return err
		}
		if expectRound != 0 && expectRound != sub.Round {
			return errs.New(errs.Conflict, "review.error.stale_round")
		}
		call, err := getCall(ctx, tx, sub.CallID)
		if err != nil {
			return err
		}
		if !rule.For(call.Target) {
			return invalid(errs.Fields{"decision": "review.error.decision"})
		}
		if !rule.Applies(sub.Stage, sub.Status) {
			return errs.New(errs.Conflict, "review.error.decision_not_now")
		}
		to, track, joined, detail := rule.To, sub.Track, sub.JoinedTo, param
		if rule.Keep {
			to, status = sub.Stage, sub.Status
		}
		var other *Submission
		switch rule.Effect {
		case EffectTrack:
			track = param
		case EffectDuplicate, EffectMerge:
			if other, err = s.otherSubmission(ctx, tx, sub, param); err != nil {
				return err
			}
			joined, detail = other.ID, other.Title
		}
		if rule.NeedsFiles {
			files, err := listFiles(ctx, tx, subID)
			if err != nil {
				return err
			}
			if len(files) == 0 {
				return invalid(errs.Fields{"decision": "review.error.no_files"})
			}
		}
		round := sub.Round
		if rule.NewRound {
			round++
		}
		revision := 0
		if rule.Status == StatusRevisionsRequested {
			revision = 1
		}
		res, err := tx.ExecContext(ctx, `UPDATE review_submissions SET stage = $1, status = $2, round = $3, revision = revision + $4, updated_at = $5, track = $10, joined_to = $11
			WHERE id = $6 AND stage = $7 AND status = $8 AND round = $9`,
			string(to), string(status), round, revision, db.Now(), subID, string(sub.Stage), string(sub.Status), sub.Round, track, joined)
		if err != nil {
			return fmt.Errorf("review: decide %s: %w", decision, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.New(errs.Conflict, "review.error.changed_meanwhile")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO review_decisions (submission_id, round, decision, note, editor_id, created_at, param) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			subID, sub.Round, decision, note, nullID(actor.UserID), db.Now(), param); err != nil {
			return fmt.Errorf("review: decide %s: %w", decision, err)
		}
		if rule.Effect == EffectMerge {
			if err := mergeAuthors(ctx, tx, sub, other); err != nil {
				return fmt.Errorf("review: merge %d into %d: %w", subID, other.ID, err)
			}
		}
		// Open invitations of a closed round end with it.
		if (to != StageReview || rule.NewRound) && !rule.Keep {
			if _, err := tx.ExecContext(ctx, `UPDATE review_assignments SET status = 'cancelled' WHERE submission_id = $1 AND round = $2 AND status IN ('invited', 'accepted')`,
				subID, sub.Round); err != nil {
				return fmt.Errorf("review: decide %s: %w", decision, err)
			}
		}
		before := map[string]any{"stage": sub.Stage, "status": sub.Status, "round": sub.Round, "track": sub.Track, "joined_to": sub.JoinedTo}
		sub.Stage, sub.Status, sub.Round, sub.Track, sub.JoinedTo = to, status, round, track, joined
		if !rule.Publish {
			if err := s.mailAuthorsAbout(ctx, tx, sub, "decision_"+decision, note, detail); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, "review.decision."+decision, "review_submission", subID, before, map[string]any{"stage": sub.Stage, "status": sub.Status, "round": round, "note": note,
			"track": track, "joined_to": joined})
	})
	if err != nil || !rule.Publish {
		return sub, err
	}
	return s.publish(ctx, sub)
}

// publish hands a claimed submission to the Publisher outside the claim's
// transaction (the publisher writes with its own), then records the
// result; a failure puts the submission back in production.
func (s *Service) publish(ctx context.Context, sub *Submission) (*Submission, error) {
	call, err := getCall(ctx, s.DB, sub.CallID)
	if err != nil {
		return nil, err
	}
	files, err := listFiles(ctx, s.DB, sub.ID)
	if err != nil {
		return nil, err
	}
	w := AcceptedWork{SubmissionID: sub.ID, Target: call.Target, Title: sub.Title, Abstract: sub.Abstract, Language: sub.Language,
		Authors: sub.Authors, Keywords: sub.Keywords, Track: sub.Track}
	// The latest version of the work: the files of the last revision.
	latest := int64(-1)
	for _, f := range files {
		latest = max(latest, f.Revision)
	}
	for _, f := range files {
		if f.Revision == latest {
			w.Files = append(w.Files, AcceptedFile{BlobKey: f.BlobKey, Name: f.Name, ContentType: f.ContentType})
		}
	}
	key, url, perr := s.cfg.Publisher.PublishAccepted(ctx, w)
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		if perr != nil {
			if _, err := tx.ExecContext(ctx, `UPDATE review_submissions SET stage = 'production', status = 'in_review', updated_at = $1 WHERE id = $2 AND status = 'publishing'`,
				db.Now(), sub.ID); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `DELETE FROM review_decisions WHERE id = (SELECT MAX(id) FROM review_decisions WHERE submission_id = $1 AND decision = 'publish')`, sub.ID)
			if err != nil {
				return err
			}
			return audit.Record(ctx, tx, "review.decision.publish_failed", "review_submission", sub.ID, nil, map[string]string{"error": perr.Error()})
		}
		if _, err := tx.ExecContext(ctx, `UPDATE review_submissions SET status = 'done', published_key = $1, published_url = $2, updated_at = $3 WHERE id = $4`,
			key, url, db.Now(), sub.ID); err != nil {
			return err
		}
		sub.Status, sub.PublishedKey, sub.PublishedURL = StatusDone, key, url
		if err := s.mailAuthors(ctx, tx, sub, "decision_publish", url); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "review.submission.published", "review_submission", sub.ID, nil, map[string]string{"key": key, "url": url})
	})
	if err != nil {
		return nil, fmt.Errorf("review: publish %d: %w", sub.ID, err)
	}
	if perr != nil {
		return nil, &errs.Error{Kind: errs.Conflict, Message: "review.error.publish_failed", Err: perr}
	}
	return sub, nil
}

// Resubmit answers a revision request (the submitter): the editors then
// read the revised files and decide again.
func (s *Service) Resubmit(ctx context.Context, actor Actor, subID int64, note string) (*Submission, error) {
	if len(note) > 20000 {
		return nil, invalid(errs.Fields{"note": "review.error.too_long"})
	}
	var sub *Submission
	err := s.DB.InTx(ctx, func(tx db.Tx) error {
		var err error
		if sub, err = getSubmission(ctx, tx, subID); err != nil {
			return err
		}
		if sub.SubmitterID != actor.UserID {
			return errs.New(errs.NotFound, "review.error.no_submission")
		}
		if sub.Status != StatusRevisionsRequested {
			return errs.New(errs.Conflict, "review.error.no_revisions_requested")
		}
		res, err := tx.ExecContext(ctx, `UPDATE review_submissions SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4`,
			string(StatusResubmitted), db.Now(), subID, string(StatusRevisionsRequested))
		if err != nil {
			return fmt.Errorf("review: resubmit: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.New(errs.Conflict, "review.error.changed_meanwhile")
		}
		if note != "" {
			if err := insertMessage(ctx, tx, subID, sub.Stage, "authors", 0, actor.UserID, "author", note); err != nil {
				return err
			}
		}
		sub.Status = StatusResubmitted
		return audit.Record(ctx, tx, "review.submission.resubmit", "review_submission", subID, nil, map[string]any{"round": sub.Round})
	})
	return sub, err
}

// otherSubmission is the submission a duplicate or merge decision points
// to: another of the same call, still open.
func (s *Service) otherSubmission(ctx context.Context, q db.Querier, sub *Submission, param string) (*Submission, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(param, "#"), 10, 64)
	if err != nil || id <= 0 || id == sub.ID {
		return nil, invalid(errs.Fields{"param": "review.error.param_submission"})
	}
	other, err := getSubmission(ctx, q, id)
	if errs.KindOf(err) == errs.NotFound {
		return nil, invalid(errs.Fields{"param": "review.error.param_submission"})
	}
	if err != nil {
		return nil, err
	}
	if other.CallID != sub.CallID || other.Stage == StageDeclined {
		return nil, invalid(errs.Fields{"param": "review.error.param_submission"})
	}
	return other, nil
}

// mergeAuthors adds to into's authors those of from it does not have
// (same e-mail, or same name when an e-mail is missing), in order, and
// audits the change on into.
func mergeAuthors(ctx context.Context, tx db.Tx, from, into *Submission) error {
	same := func(a, b Author) bool {
		if a.Email != "" && b.Email != "" {
			return strings.EqualFold(a.Email, b.Email)
		}
		return strings.EqualFold(strings.TrimSpace(a.Name), strings.TrimSpace(b.Name))
	}
	before := slices.Clone(into.Authors)
	for _, a := range from.Authors {
		if slices.ContainsFunc(into.Authors, func(b Author) bool { return same(a, b) }) {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO review_authors (submission_id, position, name, email, orcid, affiliation) VALUES ($1, $2, $3, $4, $5, $6)`,
			into.ID, len(into.Authors), a.Name, a.Email, a.ORCID, a.Affiliation); err != nil {
			return err
		}
		into.Authors = append(into.Authors, a)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE review_submissions SET updated_at = $1 WHERE id = $2`, db.Now(), into.ID); err != nil {
		return err
	}
	return audit.Record(ctx, tx, "review.submission.merged", "review_submission", into.ID, map[string]any{"authors": before},
		map[string]any{"authors": into.Authors, "merged_from": from.ID})
}
